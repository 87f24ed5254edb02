// The `latency` check kind, and the numbers every latency consumer reads from a LatencyReport:
// exact nearest-rank percentiles, error rate, throughput and a log-spaced histogram.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "checks/registry.h"
#include "checks/serving/load.h"

namespace mlgate {

// Registry entry of the `latency` kind: applies a load to an endpoint (through Inputs::Probe) and
// judges each budget key (p50_ms ... max_ms, max_error_rate, min_throughput_rps) as one result.
KindInfo LatencyCheckKind();

// The nearest-rank percentile of `sorted` (ascending): the smallest value v such that at least
// `percentile`% of the values are <= v, i.e. element ceil(percentile/100 * n) (1-based), which is
// numpy's `percentile(method="inverted_cdf")`. `percentile` must be in (0, 100]; 0 returns the
// minimum. Returns NaN for an empty input.
double NearestRankPercentile(const std::vector<double>& sorted, double percentile);

// What a LatencyReport says, in the units people read.
struct LatencySummary {
  int64_t samples = 0;   // successful measured requests (the latency sample)
  int64_t requests = 0;  // measured requests sent
  int64_t errors = 0;
  double error_rate = 0;      // errors / requests; NaN when nothing was sent
  double throughput_rps = 0;  // successful answers per second of the measured phase
  // Milliseconds over the successful measured requests; NaN when there are none.
  double min_ms = 0, p50_ms = 0, p90_ms = 0, p95_ms = 0, p99_ms = 0, p999_ms = 0, max_ms = 0,
         mean_ms = 0;
};

// Summarizes `report`. Percentiles are exact (every sample is kept), per NearestRankPercentile.
LatencySummary SummarizeLatency(const LatencyReport& report);

// Histogram of `latencies_ms` on log-spaced bins, five per decade: bin edges are 10^(k/5) ms for
// consecutive integers k spanning the data; bin i holds values v with edge[i] <= v < edge[i+1].
// Returns {"edges_ms": [...], "counts": [...]} (counts has one element fewer than edges_ms), or
// empty arrays when there is no positive finite sample. Non-positive samples count in the first
// bin.
nlohmann::json LatencyHistogram(const std::vector<double>& latencies_ms);

}  // namespace mlgate
