// One gate run: plan what every check needs, measure (read each dataset once, load predictions,
// probe endpoints on demand), judge, decide. Reports are written by the caller.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "checks/status.h"
#include "gates/gate.h"
#include "gates/verdict.h"

namespace mlgate {

struct RunOptions {
  std::vector<std::string> only;  // check ids to run (empty: all)
  bool strict = false;            // warnings ask for their check's action
  int threads = 0;                // 0: all cores
  size_t memory_budget = 0;       // bytes; 0: default
  size_t block_bytes = 0;         // profiler block size; 0: default (tests use small blocks)
  bool progress = false;          // progress lines on stderr (terminals only)
};

// Judges `gate`. Never fails as a whole for bad data: a check that cannot be judged yields
// `error` results. Returns an error Status only for a bad run option (an unknown --only id).
StatusOr<Verdict> RunGate(Gate& gate, const RunOptions& options);

// Now as RFC 3339 UTC with seconds ("2026-11-23T08:26:41Z").
std::string NowRfc3339();

}  // namespace mlgate
