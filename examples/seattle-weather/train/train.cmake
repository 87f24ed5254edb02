# The seattle-weather example's trainer: its model code as a library (the tests link it) and the
# mlgate-example-train program that writes the example's predictions and model.json.
add_library(mlgate_example_train_core STATIC ${CMAKE_CURRENT_LIST_DIR}/weather_model.cpp)
target_link_libraries(mlgate_example_train_core PUBLIC mlgate_runners Eigen3::Eigen fmt::fmt
  nlohmann_json::nlohmann_json)

add_executable(mlgate-example-train ${CMAKE_CURRENT_LIST_DIR}/main.cpp)
target_link_libraries(mlgate-example-train PRIVATE mlgate_example_train_core CLI11::CLI11)
