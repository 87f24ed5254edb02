// McNemar's exact test via the binomial distribution of Boost.Math.
#include "checks/stats/mcnemar.h"

#include <algorithm>
#include <boost/math/distributions/binomial.hpp>

namespace mlgate::stats {
namespace {

// Errors become values instead of exceptions; arguments are validated before use anyway.
using NoThrow = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::errno_on_error>,
    boost::math::policies::overflow_error<boost::math::policies::errno_on_error>,
    boost::math::policies::evaluation_error<boost::math::policies::errno_on_error>>;

}  // namespace

double McNemarExactPValue(int64_t b, int64_t c) {
  const int64_t n = b + c;
  if (n <= 0) return 1.0;
  boost::math::binomial_distribution<double, NoThrow> binomial(static_cast<double>(n), 0.5);
  const double tail = boost::math::cdf(binomial, static_cast<double>(std::min(b, c)));
  return std::min(1.0, 2.0 * tail);
}

StatusOr<McNemarResult> McNemarExact(std::span<const int32_t> truth, std::span<const int32_t> first,
                                     std::span<const int32_t> second) {
  if (truth.size() != first.size() || truth.size() != second.size()) {
    return InvalidArgument("McNemar's test needs both models' predictions on the same rows");
  }
  if (truth.empty()) return InvalidArgument("no rows for McNemar's test");
  McNemarResult out;
  for (size_t i = 0; i < truth.size(); ++i) {
    const bool a = first[i] == truth[i];
    const bool b = second[i] == truth[i];
    if (a && b) {
      ++out.both_correct;
    } else if (a) {
      ++out.only_first_correct;
    } else if (b) {
      ++out.only_second_correct;
    } else {
      ++out.both_wrong;
    }
  }
  out.p_value = McNemarExactPValue(out.only_first_correct, out.only_second_correct);
  return out;
}

}  // namespace mlgate::stats
