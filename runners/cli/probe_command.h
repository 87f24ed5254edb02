// `mlgate probe URL ...`: the latency check's engine, run ad hoc from the command line.
#pragma once

#include <CLI/CLI.hpp>

namespace mlgate {

// Adds the `probe` subcommand to `app`. When it runs it prints a table on stdout (progress on
// stderr when stderr is a terminal), writes `--json F` atomically, and stores in `*exit_code`:
// 0 measured, 1 the probe could not measure (endpoint unreachable, no successful request, the
// JSON file could not be written), 2 bad arguments. `exit_code` must outlive `app`.
void AddProbeCommand(CLI::App& app, int* exit_code);

}  // namespace mlgate
