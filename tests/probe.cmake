# The serving side: probe engine, `latency` check, `mlgate probe`, the example model server.
# Their tests start real HTTP servers on loopback (cpp-httplib, port 0) inside the test process.
if(NOT TARGET PkgConfig::HTTPLIB)
  pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
endif()

mlgate_test(probe_test
  runners/probe_test.cpp
  runners/probe_report_test.cpp
)
target_link_libraries(probe_test PRIVATE PkgConfig::HTTPLIB)

mlgate_test(latency_check_test
  checks/serving/latency_test.cpp
)
target_link_libraries(latency_check_test PRIVATE PkgConfig::HTTPLIB)

# Built from the command's own source so it does not wait for the CLI's wiring.
mlgate_test(probe_command_test
  runners/probe_command_test.cpp
  ${PROJECT_SOURCE_DIR}/runners/cli/probe_command.cpp
)
target_link_libraries(probe_command_test PRIVATE PkgConfig::HTTPLIB CLI11::CLI11)

mlgate_test(example_serve_test
  examples/seattle_weather_serve_test.cpp
)
target_link_libraries(example_serve_test PRIVATE mlgate_example_serve_api PkgConfig::HTTPLIB)
target_compile_definitions(example_serve_test PRIVATE
  MLGATE_EXAMPLE_SERVE="$<TARGET_FILE:mlgate-example-serve>")
add_dependencies(example_serve_test mlgate-example-serve)
