// Regression metrics as weighted sums over rows.
#include "checks/stats/regression_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

namespace mlgate::stats {
namespace {

double WeightOf(RowWeights weights, size_t row) {
  return weights.empty() ? 1.0 : static_cast<double>(weights[row]);
}

// Weighted mean of f(row) over the rows, as numpy.average forms it.
template <typename F>
StatusOr<double> WeightedMean(size_t n, RowWeights weights, const char* metric, F&& f) {
  double sum = 0, total = 0;
  for (size_t i = 0; i < n; ++i) {
    double w = WeightOf(weights, i);
    if (w == 0) continue;
    sum += w * f(i);
    total += w;
  }
  if (total == 0) return DataError(std::string("no rows to compute ") + metric + " on");
  return sum / total;
}

}  // namespace

StatusOr<double> RootMeanSquaredError(std::span<const double> target,
                                      std::span<const double> estimate, RowWeights weights) {
  auto mse = WeightedMean(target.size(), weights, "rmse", [&](size_t i) {
    double d = target[i] - estimate[i];
    return d * d;
  });
  if (!mse.ok()) return mse;
  return std::sqrt(*mse);
}

StatusOr<double> MeanAbsoluteError(std::span<const double> target, std::span<const double> estimate,
                                   RowWeights weights) {
  return WeightedMean(target.size(), weights, "mae",
                      [&](size_t i) { return std::fabs(estimate[i] - target[i]); });
}

StatusOr<double> MedianAbsoluteError(std::span<const double> target,
                                     std::span<const double> estimate, RowWeights weights,
                                     std::span<const uint32_t> order) {
  const size_t n = target.size();
  auto error = [&](size_t i) { return std::fabs(target[i] - estimate[i]); };
  std::vector<uint32_t> local;
  if (order.empty()) {
    local.resize(n);
    std::iota(local.begin(), local.end(), 0u);
    std::sort(local.begin(), local.end(),
              [&](uint32_t a, uint32_t b) { return error(a) < error(b); });
    order = local;
  }
  uint64_t total = 0;
  if (weights.empty()) {
    total = n;
  } else {
    for (uint32_t w : weights) total += w;
  }
  if (total == 0) return DataError("no rows to compute median_ae on");
  // The middle rank(s) of the multiset where row i appears weights[i] times.
  const uint64_t low_rank = (total - 1) / 2, high_rank = total / 2;
  double low = 0, high = 0;
  uint64_t seen = 0;
  for (uint32_t row : order) {
    uint64_t w = weights.empty() ? 1 : weights[row];
    if (w == 0) continue;
    if (seen <= low_rank && low_rank < seen + w) low = error(row);
    if (seen <= high_rank && high_rank < seen + w) {
      high = error(row);
      break;
    }
    seen += w;
  }
  return low_rank == high_rank ? low : (low + high) / 2;
}

StatusOr<double> R2Score(std::span<const double> target, std::span<const double> estimate,
                         RowWeights weights) {
  auto mean = WeightedMean(target.size(), weights, "r2", [&](size_t i) { return target[i]; });
  if (!mean.ok()) return mean;
  if (TotalWeight(weights, target.size()) < 2) {
    return DataError("r2 is not defined with fewer than two rows");
  }
  double numerator = 0, denominator = 0;
  for (size_t i = 0; i < target.size(); ++i) {
    double w = WeightOf(weights, i);
    if (w == 0) continue;
    double residual = target[i] - estimate[i];
    double spread = target[i] - *mean;
    numerator += w * (residual * residual);
    denominator += w * (spread * spread);
  }
  if (numerator == 0) return 1.0;
  if (denominator == 0) return 0.0;
  return 1.0 - numerator / denominator;
}

StatusOr<double> MeanAbsolutePercentageError(std::span<const double> target,
                                             std::span<const double> estimate, RowWeights weights) {
  constexpr double kEps = std::numeric_limits<double>::epsilon();
  return WeightedMean(target.size(), weights, "mape", [&](size_t i) {
    return std::fabs(estimate[i] - target[i]) / std::max(std::fabs(target[i]), kEps);
  });
}

}  // namespace mlgate::stats
