# The seattle-weather example's model server (cpp-httplib, as Debian builds it: a shared library).
if(NOT TARGET PkgConfig::HTTPLIB)
  pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
endif()

# It serves the trainer's model (train/), so the trainer's library comes first.
include(${CMAKE_CURRENT_LIST_DIR}/train/train.cmake)

add_library(mlgate_example_serve_api STATIC ${CMAKE_CURRENT_LIST_DIR}/serve/api.cpp)
target_link_libraries(mlgate_example_serve_api PUBLIC mlgate_example_train_core
  nlohmann_json::nlohmann_json)

add_executable(mlgate-example-serve ${CMAKE_CURRENT_LIST_DIR}/serve/main.cpp)
target_link_libraries(mlgate-example-serve PRIVATE mlgate_example_serve_api CLI11::CLI11
  fmt::fmt PkgConfig::HTTPLIB Threads::Threads)
