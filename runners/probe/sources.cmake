# The HTTP probe (libcurl multi): the engine behind the `latency` check and `mlgate probe`.
list(APPEND MLGATE_RUNNERS_SOURCES
  probe/probe.cpp
  probe/probe_report.cpp
)
