# Model metrics, paired bootstrap and McNemar's test against scikit-learn / scipy oracles.
mlgate_test(stats_metrics_test
  ${CMAKE_CURRENT_LIST_DIR}/checks/stats/metrics_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/checks/stats/bootstrap_test.cpp
)
