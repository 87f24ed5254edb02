// Result types of the numeric core. A statistic that the inputs do not define (an empty sample,
// zero variance ...) is NaN together with a sentence saying why, never a silent number, so a
// check can turn it into an `error` outcome whose message names the cause.
#pragma once

#include <limits>
#include <string>
#include <utility>

namespace mlgate::stats {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A scalar statistic (a distance, a correlation, a quantile), or NaN and the reason.
struct Value {
  double value = kNaN;
  std::string why_undefined;  // empty exactly when `value` is defined

  bool defined() const { return why_undefined.empty(); }
  static Value Of(double v) { return Value{v, {}}; }
  static Value Undefined(std::string why) { return Value{kNaN, std::move(why)}; }
};

// A hypothesis test's statistic and two-sided p-value, or NaN for both and the reason.
struct TestResult {
  double statistic = kNaN;
  double p_value = kNaN;
  std::string why_undefined;  // empty exactly when both numbers are defined

  bool defined() const { return why_undefined.empty(); }
  static TestResult Of(double statistic, double p_value) {
    return TestResult{statistic, p_value, {}};
  }
  static TestResult Undefined(std::string why) { return TestResult{kNaN, kNaN, std::move(why)}; }
};

}  // namespace mlgate::stats
