list(APPEND MLGATE_CHECKS_SOURCES
  model/metric.cpp
  model/champion.cpp
  model/freshness.cpp
  model/predictions.cpp
)
