// Paired bootstrap: replicates as row multiplicities, metrics computed on weighted rows.
#include "checks/stats/bootstrap.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <pcg_random.hpp>
#include <string>
#include <thread>
#include <vector>

#include "checks/stats/usable_cores.h"

namespace mlgate::stats {
namespace {

// Lemire's nearly divisionless bounded integer: unbiased, and one multiplication per draw in all
// but a vanishing share of cases (pcg's own bounded draw divides every time).
uint64_t Below(pcg64& rng, uint64_t bound) {
  unsigned __int128 m = static_cast<unsigned __int128>(rng()) * bound;
  uint64_t low = static_cast<uint64_t>(m);
  if (low < bound) {
    const uint64_t threshold = (0 - bound) % bound;
    while (low < threshold) {
      m = static_cast<unsigned __int128>(rng()) * bound;
      low = static_cast<uint64_t>(m);
    }
  }
  return static_cast<uint64_t>(m >> 64);
}

}  // namespace

void DrawReplicate(uint64_t seed, uint64_t replicate, std::span<uint32_t> weights) {
  std::fill(weights.begin(), weights.end(), 0u);
  pcg64 rng(seed, replicate);
  const uint64_t n = weights.size();
  for (uint64_t i = 0; i < n; ++i) ++weights[Below(rng, n)];
}

double PercentileOfSorted(std::span<const double> sorted, double q) {
  const double index = q * static_cast<double>(sorted.size() - 1);
  const size_t below = static_cast<size_t>(std::floor(index));
  if (below + 1 >= sorted.size()) return sorted.back();
  const double t = index - static_cast<double>(below);
  const double a = sorted[below], b = sorted[below + 1];
  // numpy's _lerp: interpolates from whichever end is nearer, so the result is monotone in t.
  const double diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

StatusOr<BootstrapInterval> PairedBootstrap(const MetricInfo& metric, const MetricData& challenger,
                                            const MetricData& champion,
                                            const BootstrapOptions& options) {
  if (options.resamples < 1) return InvalidArgument("bootstrap needs at least one resample");
  if (!(options.confidence > 0 && options.confidence < 1)) {
    return InvalidArgument("bootstrap confidence must lie strictly between 0 and 1");
  }
  if (challenger.rows() != champion.rows()) {
    return InvalidArgument("challenger and champion must be scored on the same rows (" +
                           std::to_string(challenger.rows()) + " vs " +
                           std::to_string(champion.rows()) + ")");
  }
  BootstrapInterval out;
  auto a = ComputeMetric(metric, challenger);
  if (!a.ok()) return a.status().WithPrefix("challenger");
  auto b = ComputeMetric(metric, champion);
  if (!b.ok()) return b.status().WithPrefix("champion");
  if (!std::isfinite(*a) || !std::isfinite(*b)) {
    return DataError(std::string(metric.name) + " of the " +
                     (std::isfinite(*a) ? "champion" : "challenger") +
                     " is not finite on all rows: a sum over the rows overflows double precision");
  }
  out.challenger = *a;
  out.champion = *b;
  out.difference = *a - *b;

  const size_t n = challenger.rows();
  const int64_t resamples = options.resamples;
  std::vector<double> differences(static_cast<size_t>(resamples));
  enum : char { kUndefined, kDefined, kNotFinite };
  std::vector<char> defined(static_cast<size_t>(resamples), kUndefined);
  std::atomic<int64_t> next{0};
  auto work = [&] {
    std::vector<uint32_t> weights(n);
    for (int64_t r = next++; r < resamples; r = next++) {
      DrawReplicate(options.seed, static_cast<uint64_t>(r), weights);
      auto x = metric.compute(challenger, weights);
      if (!x.ok()) continue;
      auto y = metric.compute(champion, weights);
      if (!y.ok()) continue;
      differences[static_cast<size_t>(r)] = *x - *y;
      defined[static_cast<size_t>(r)] = std::isfinite(*x - *y) ? kDefined : kNotFinite;
    }
  };
  int threads = options.threads > 0 ? options.threads : std::min(UsableCores(), 8);
  threads = static_cast<int>(std::min<int64_t>(threads, resamples));
  if (threads <= 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(work);
    for (auto& thread : pool) thread.join();
  }

  std::vector<double> kept;
  kept.reserve(differences.size());
  int64_t not_finite = 0;
  for (size_t r = 0; r < differences.size(); ++r) {
    if (defined[r] == kDefined) kept.push_back(differences[r]);
    not_finite += defined[r] == kNotFinite;
  }
  // An overflowing replicate is not undefined: one model did astronomically badly on it. Skipping
  // it would bias the interval toward that model, and it cannot be ranked, so nothing is judged.
  if (not_finite > 0) {
    return DataError(std::string(metric.name) + " difference is not finite in " +
                     std::to_string(not_finite) + " of " + std::to_string(resamples) +
                     " bootstrap resamples (a sum over the resampled rows overflows double "
                     "precision); no interval can be formed");
  }
  out.replicates = static_cast<int64_t>(kept.size());
  out.skipped = resamples - out.replicates;
  if (kept.empty() || static_cast<double>(out.skipped) >
                          options.max_skipped_fraction * static_cast<double>(resamples)) {
    return DataError(std::string(metric.name) + " was undefined in " + std::to_string(out.skipped) +
                     " of " + std::to_string(resamples) +
                     " bootstrap resamples (e.g. a class missing from the resample); too few rows "
                     "for a paired bootstrap of this metric");
  }
  std::sort(kept.begin(), kept.end());
  const double tail = (1 - options.confidence) / 2;
  out.lower = PercentileOfSorted(kept, tail);
  out.upper = PercentileOfSorted(kept, 1 - tail);
  return out;
}

}  // namespace mlgate::stats
