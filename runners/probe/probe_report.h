// What `mlgate probe` prints: a readable table for people and the JSON document of `--json`.
#pragma once

#include <string>

#include "checks/serving/load.h"

namespace mlgate {

// The `--json` document (DESIGN §11): {"url", "model", "requests", "errors", "error_rate",
// "throughput_rps", "latency_ms": {"p50", "p90", "p95", "p99", "p999", "max", "mean"}}, plus
// "samples", "elapsed_s", "warmup", "connections", "late_sends" and "error_kinds". Numbers that
// cannot be computed (no successful request) are null. Ends with a newline.
std::string RenderProbeJson(const LatencyReport& report);

// A table for a terminal: the load applied, counts, throughput, the latency percentiles in ms,
// and errors by kind. `load` describes what was asked for.
std::string RenderProbeTable(const LatencyReport& report, const LoadSpec& load);

}  // namespace mlgate
