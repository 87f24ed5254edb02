# The metric and champion check kinds, judged on in-memory prediction tables.
mlgate_test(model_checks_test
  ${CMAKE_CURRENT_LIST_DIR}/checks/model/metric_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/checks/model/champion_test.cpp
)
