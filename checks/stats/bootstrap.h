// Paired bootstrap of a metric difference: challenger and champion scored on the same rows,
// rows resampled with replacement, the metric difference computed per replicate, and the
// percentile interval of those differences returned. Replicates are drawn from pcg64 streams
// derived from the user's seed, so a run reproduces bit for bit whatever the thread count.
#pragma once

#include <cstdint>
#include <span>

#include "checks/stats/metric_data.h"
#include "checks/stats/metric_registry.h"
#include "checks/status.h"

namespace mlgate::stats {

struct BootstrapOptions {
  int64_t resamples = 2000;
  double confidence = 0.95;  // in (0, 1)
  uint64_t seed = 0;
  int threads = 0;  // 0: one per hardware thread (at most 8)
  // A replicate where the metric is undefined for either model (say, a class that the resample
  // happened to leave out) is skipped; more skipped than this share of resamples is an error,
  // because the remaining replicates no longer describe the sampling distribution.
  double max_skipped_fraction = 0.1;
};

struct BootstrapInterval {
  double challenger = 0;  // the metric on all rows
  double champion = 0;
  double difference = 0;  // challenger - champion
  double lower = 0;       // percentile interval of the replicate differences
  double upper = 0;
  int64_t replicates = 0;  // replicates the interval is made of
  int64_t skipped = 0;     // replicates where the metric was undefined
};

// Requires both data sets to describe the same rows in the same order (same row count, and
// codes from the same LabelSet for classifiers). Errors: the metric is not computable on all rows
// for either model (its reason), options out of range or unequal row counts (kInvalidArgument),
// too many skipped replicates, or a metric or replicate difference that is not finite (kDataError).
StatusOr<BootstrapInterval> PairedBootstrap(const MetricInfo& metric, const MetricData& challenger,
                                            const MetricData& champion,
                                            const BootstrapOptions& options);

// numpy.percentile(values, 100 * q) with linear interpolation, on values sorted ascending.
// Requires a non-empty span and q in [0, 1].
double PercentileOfSorted(std::span<const double> sorted, double q);

// The row multiplicities of replicate `replicate` of a bootstrap over `rows` rows with `seed`:
// `rows` draws, uniform and with replacement, from pcg64 stream `replicate`. `weights` must hold
// `rows` entries; it is overwritten.
void DrawReplicate(uint64_t seed, uint64_t replicate, std::span<uint32_t> weights);

}  // namespace mlgate::stats
