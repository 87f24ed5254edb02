// Neumaier's compensated summation: sums of many terms (Wasserstein areas, means) stay
// accurate to a few ulps whatever their count, so results agree with numpy's pairwise sums.
#pragma once

#include <cmath>

namespace mlgate::stats {

class CompensatedSum {
 public:
  void Add(double x) {
    const double t = sum_ + x;
    if (std::abs(sum_) >= std::abs(x)) {
      compensation_ += (sum_ - t) + x;
    } else {
      compensation_ += (x - t) + sum_;
    }
    sum_ = t;
  }
  double value() const { return sum_ + compensation_; }

 private:
  double sum_ = 0.0;
  double compensation_ = 0.0;
};

}  // namespace mlgate::stats
