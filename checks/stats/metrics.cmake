# Model metrics (scikit-learn semantics), paired bootstrap, McNemar's test, trivial baseline.
list(APPEND MLGATE_STATS_SOURCES
  metric_data.cpp
  classification_metrics.cpp
  ranking_metrics.cpp
  probability_metrics.cpp
  regression_metrics.cpp
  metric_registry.cpp
  bootstrap.cpp
  mcnemar.cpp
  baseline.cpp
)
