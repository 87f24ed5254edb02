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
