# Helpers shared by the reporters (included by gates/CMakeLists.txt).
list(APPEND MLGATE_GATES_SOURCES
  report/escape.cpp
  report/format.cpp
)
