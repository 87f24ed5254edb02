list(APPEND MLGATE_CHECKS_SOURCES
  serving/latency.cpp
)
