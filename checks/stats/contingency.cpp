// Chi-square homogeneity and two-proportion z-tests, with p-values from Boost.Math.
#include "checks/stats/contingency.h"

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <utility>
#include <vector>

namespace mlgate::stats {
namespace {

// Report domain, overflow and evaluation problems through errno instead of exceptions, so no
// exception can leave the library; inputs are validated first, so none is expected.
using Policy = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::errno_on_error>,
    boost::math::policies::pole_error<boost::math::policies::errno_on_error>,
    boost::math::policies::overflow_error<boost::math::policies::errno_on_error>,
    boost::math::policies::evaluation_error<boost::math::policies::errno_on_error>,
    boost::math::policies::rounding_error<boost::math::policies::errno_on_error>>;

}  // namespace

ChiSquareResult ChiSquareHomogeneity(std::span<const int64_t> reference,
                                     std::span<const int64_t> current) {
  ChiSquareResult result;
  if (reference.size() != current.size()) {
    result.why_undefined = "the two samples have different categories";
    return result;
  }
  std::vector<int64_t> r, c;
  for (size_t i = 0; i < reference.size(); ++i) {
    if (reference[i] < 0 || current[i] < 0) {
      result.why_undefined = "a count is negative";
      return result;
    }
    if (reference[i] == 0 && current[i] == 0) continue;
    r.push_back(reference[i]);
    c.push_back(current[i]);
  }
  int64_t total_r = 0, total_c = 0;
  for (size_t i = 0; i < r.size(); ++i) {
    total_r += r[i];
    total_c += c[i];
  }
  if (total_r == 0) {
    result.why_undefined = "the reference sample is empty";
    return result;
  }
  if (total_c == 0) {
    result.why_undefined = "the current sample is empty";
    return result;
  }
  result.dof = static_cast<int64_t>(r.size()) - 1;
  if (result.dof == 0) {
    result.statistic = 0.0;
    result.p_value = 1.0;
    return result;
  }
  const double total = static_cast<double>(total_r + total_c);
  double statistic = 0.0;
  // Row-major order over the table, as scipy sums it.
  for (const auto& [row, row_total] : {std::pair{&r, total_r}, std::pair{&c, total_c}}) {
    for (size_t i = 0; i < row->size(); ++i) {
      const double expected =
          static_cast<double>(row_total) * static_cast<double>(r[i] + c[i]) / total;
      const double diff = static_cast<double>((*row)[i]) - expected;
      statistic += diff * diff / expected;
    }
  }
  result.statistic = statistic;
  const boost::math::chi_squared_distribution<double, Policy> distribution(
      static_cast<double>(result.dof));
  result.p_value = boost::math::cdf(boost::math::complement(distribution, statistic));
  return result;
}

TestResult TwoProportionZTest(int64_t x_reference, int64_t n_reference, int64_t x_current,
                              int64_t n_current) {
  if (n_reference <= 0) return TestResult::Undefined("the reference sample is empty");
  if (n_current <= 0) return TestResult::Undefined("the current sample is empty");
  if (x_reference < 0 || x_reference > n_reference || x_current < 0 || x_current > n_current) {
    return TestResult::Undefined("a category count is outside [0, sample size]");
  }
  const double n1 = static_cast<double>(n_reference);
  const double n2 = static_cast<double>(n_current);
  const double p1 = static_cast<double>(x_reference) / n1;
  const double p2 = static_cast<double>(x_current) / n2;
  const double pooled = static_cast<double>(x_reference + x_current) / (n1 + n2);
  const double variance = pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2);
  if (!(variance > 0)) {
    return TestResult::Undefined("both samples hold only one of the two categories");
  }
  const double z = (p1 - p2) / std::sqrt(variance);
  // 2 * (1 - Phi(|z|)) from the upper tail directly, which keeps its precision for large |z|.
  const boost::math::normal_distribution<double, Policy> standard_normal;
  const double p_value =
      2 * boost::math::cdf(boost::math::complement(standard_normal, std::abs(z)));
  return TestResult::Of(z, p_value);
}

}  // namespace mlgate::stats
