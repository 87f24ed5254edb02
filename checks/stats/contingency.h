// Tests on category counts: the chi-square test of homogeneity on the 2 x k table of reference
// and current counts, and the pooled two-proportion z-test for two categories.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "checks/stats/value.h"

namespace mlgate::stats {

struct ChiSquareResult {
  double statistic = kNaN;
  double p_value = kNaN;
  int64_t dof = 0;  // categories - 1
  std::string why_undefined;
  bool defined() const { return why_undefined.empty(); }
};

// scipy.stats.chi2_contingency([reference, current], correction=False): Pearson's statistic
// against the expected counts row_total * column_total / total, p-value from chi2(k - 1).
// Columns where both counts are zero are ignored (they are not categories "seen in either").
// A single category gives statistic 0, p-value 1, dof 0 (scipy's degenerate case). Undefined
// when the vectors differ in length, a count is negative, or either sample is empty (scipy
// raises: an expected count would be zero).
ChiSquareResult ChiSquareHomogeneity(std::span<const int64_t> reference,
                                     std::span<const int64_t> current);

// Two-sided two-proportion z-test with pooled variance:
//   z = (p_ref - p_cur) / sqrt(P (1 - P) (1/n_ref + 1/n_cur)),  P = (x_ref + x_cur) / (n_ref +
//   n_cur)
// where p = x / n is the share of one chosen category; p-value = 2 * (1 - Phi(|z|)).
// Undefined when a sample is empty, a count is outside [0, n], or P is 0 or 1 (both samples
// hold only one category, so there is no variance).
TestResult TwoProportionZTest(int64_t x_reference, int64_t n_reference, int64_t x_current,
                              int64_t n_current);

}  // namespace mlgate::stats
