#include "checks/stats/moments.h"

#include <algorithm>
#include <cmath>

namespace mlgate::stats {

void Moments::Add(double x) {
  ++count_;
  double delta = x - mean_;
  mean_ += delta / static_cast<double>(count_);
  m2_ += delta * (x - mean_);
  min_ = std::min(min_, x);
  max_ = std::max(max_, x);
}

void Moments::AddAll(std::span<const double> values) {
  if (values.empty()) return;
  // Four independent sums per pass, so the additions overlap instead of waiting on each other.
  const size_t n = values.size();
  double sum[4] = {0, 0, 0, 0};
  double low = values[0], high = values[0];
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    for (size_t lane = 0; lane < 4; ++lane) {
      const double x = values[i + lane];
      sum[lane] += x;
      low = std::min(low, x);
      high = std::max(high, x);
    }
  }
  for (; i < n; ++i) {
    sum[0] += values[i];
    low = std::min(low, values[i]);
    high = std::max(high, values[i]);
  }
  const double count = static_cast<double>(n);
  const double mean = ((sum[0] + sum[1]) + (sum[2] + sum[3])) / count;
  double squares[4] = {0, 0, 0, 0}, deviations[4] = {0, 0, 0, 0};
  for (i = 0; i + 4 <= n; i += 4) {
    for (size_t lane = 0; lane < 4; ++lane) {
      const double d = values[i + lane] - mean;
      squares[lane] += d * d;
      deviations[lane] += d;
    }
  }
  for (; i < n; ++i) {
    const double d = values[i] - mean;
    squares[0] += d * d;
    deviations[0] += d;
  }
  // The corrected two-pass algorithm: the deviations' sum is zero but for the mean's rounding,
  // and subtracting its square over n removes that rounding's effect on the squares.
  const double deviation = (deviations[0] + deviations[1]) + (deviations[2] + deviations[3]);
  const double m2 =
      ((squares[0] + squares[1]) + (squares[2] + squares[3])) - deviation * deviation / count;
  Merge(FromParts(static_cast<int64_t>(n), mean, std::max(m2, 0.0), low, high));
}

void Moments::Merge(const Moments& other) {
  if (other.count_ == 0) return;
  if (count_ == 0) {
    *this = other;
    return;
  }
  double n_a = static_cast<double>(count_);
  double n_b = static_cast<double>(other.count_);
  double n = n_a + n_b;
  double delta = other.mean_ - mean_;
  mean_ += delta * n_b / n;
  m2_ += other.m2_ + delta * delta * n_a * n_b / n;
  count_ += other.count_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

double Moments::variance() const {
  if (count_ < 2) return std::numeric_limits<double>::quiet_NaN();
  return m2_ / static_cast<double>(count_ - 1);
}

double Moments::std_dev() const { return std::sqrt(variance()); }

Moments Moments::FromParts(int64_t count, double mean, double m2, double min, double max) {
  Moments m;
  m.count_ = count;
  m.mean_ = mean;
  m.m2_ = m2;
  m.min_ = min;
  m.max_ = max;
  return m;
}

}  // namespace mlgate::stats
