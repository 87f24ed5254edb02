// Streaming count, mean, variance, min and max: Welford one value at a time, or a batch by the
// corrected two-pass algorithm; mergeable across chunks (Chan et al.).
#pragma once

#include <cstdint>
#include <limits>
#include <span>

namespace mlgate::stats {

class Moments {
 public:
  void Add(double x);
  // Adds a batch of values, as Add would one by one up to rounding: a two-pass mean and sum of
  // squared deviations over the batch (compensated, so at least as accurate as Add), merged in.
  // No division per value, so the profiler hands over each block's values this way.
  void AddAll(std::span<const double> values);
  // Combines with moments of a disjoint sample (Chan et al.); merging in a fixed order gives
  // the same bits whatever the thread count.
  void Merge(const Moments& other);

  int64_t count() const { return count_; }
  double mean() const { return count_ ? mean_ : std::numeric_limits<double>::quiet_NaN(); }
  // Sample variance (ddof = 1); NaN below two values, as pandas.
  double variance() const;
  double std_dev() const;
  double min() const { return count_ ? min_ : std::numeric_limits<double>::quiet_NaN(); }
  double max() const { return count_ ? max_ : std::numeric_limits<double>::quiet_NaN(); }
  double m2() const { return m2_; }
  static Moments FromParts(int64_t count, double mean, double m2, double min, double max);

 private:
  int64_t count_ = 0;
  double mean_ = 0;
  double m2_ = 0;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
};

}  // namespace mlgate::stats
