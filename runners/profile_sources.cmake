list(APPEND MLGATE_RUNNERS_SOURCES
  profile_io.cpp
)
