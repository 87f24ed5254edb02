# CLI subcommands kept in their own files.
list(APPEND MLGATE_CLI_SOURCES
  cli/probe_command.cpp
)
