# Reporter tests. They link only mlgate_gates: reporters are pure functions of a Verdict and
# need neither the runners nor the mlgate executable.
function(mlgate_report_test name)
  add_executable(${name} ${ARGN})
  target_link_libraries(${name} PRIVATE mlgate_gates GTest::gtest GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE MLGATE_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  gtest_discover_tests(${name} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    PROPERTIES ENVIRONMENT "MLGATE_SOURCE_DIR=${PROJECT_SOURCE_DIR}" DISCOVERY_TIMEOUT 60)
endfunction()

mlgate_report_test(report_test
  ${CMAKE_CURRENT_LIST_DIR}/gates/report_escape_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gates/report_json_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gates/report_junit_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gates/report_markdown_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gates/report_text_test.cpp
)
# Runs xmllint, python3-junitparser and ajv (npm) on rendered reports.
mlgate_report_test(report_consumers_test ${CMAKE_CURRENT_LIST_DIR}/gates/report_consumers_test.cpp)
