list(APPEND MLGATE_CHECKS_SOURCES
  data/drift.cpp
  data/distribution.cpp
  data/correlation.cpp
  data/column_util.cpp
)
