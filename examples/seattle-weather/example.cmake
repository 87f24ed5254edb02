# The seattle-weather example's model server (cpp-httplib, as Debian builds it: a shared library).
if(NOT TARGET PkgConfig::HTTPLIB)
  pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
endif()

add_library(mlgate_example_weather_model STATIC
  ${CMAKE_CURRENT_LIST_DIR}/serve/model.cpp
)
target_link_libraries(mlgate_example_weather_model PUBLIC nlohmann_json::nlohmann_json)

add_executable(mlgate-example-serve ${CMAKE_CURRENT_LIST_DIR}/serve/main.cpp)
target_link_libraries(mlgate-example-serve PRIVATE mlgate_example_weather_model CLI11::CLI11
  PkgConfig::HTTPLIB Threads::Threads)
include(${CMAKE_CURRENT_LIST_DIR}/train/train.cmake)
