// The two-sample Kolmogorov-Smirnov test, two-sided, as scipy.stats.ks_2samp(a, b,
// method="auto") in scipy 1.10: D is the largest gap between the two empirical CDFs; the p-value
// is exact (lattice-path counting) when both samples have at most 10000 values, and from the
// distribution of the one-sample statistic at n = round(n1 n2 / (n1 + n2)) otherwise. Also an
// approximate version from two quantile sketches, with a bound on its error.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "checks/stats/kll.h"
#include "checks/stats/value.h"

namespace mlgate::stats {

enum class KsMethod { kExact, kAsymptotic };

struct KsResult {
  double statistic = kNaN;  // D
  double p_value = kNaN;
  KsMethod method = KsMethod::kExact;
  double location = kNaN;  // the value at which D is attained (scipy's statistic_location)
  int sign = 0;            // +1 when the reference's CDF is above the current's there, else -1
  int64_t n_reference = 0;
  int64_t n_current = 0;
  std::string why_undefined;  // non-empty (and the numbers NaN) when a sample is empty
  bool defined() const { return why_undefined.empty(); }
};

// Sample sizes at or below which the exact p-value is used (scipy's MAX_AUTO_N).
inline constexpr int64_t kKsExactMaxSize = 10000;

// ks_2samp(reference, current). Both inputs ascending. Undefined when either sample is empty
// (scipy raises) or contains NaN (scipy's answer would be meaningless). In the exact method D is
// reported as h / lcm(n1, n2), the lattice value scipy snaps it to.
KsResult KsTwoSample(std::span<const double> sorted_reference,
                     std::span<const double> sorted_current);

// The exact two-sided p-value P(D >= d) for sample sizes n1, n2 (scipy's
// _attempt_exact_2kssamp): nullopt when the computation does not give a probability in [0, 1]
// (then scipy, and KsTwoSample, fall back to the asymptotic method). Requires n1, n2 >= 1.
std::optional<double> KsExactPValue(int64_t n1, int64_t n2, double d);

// The asymptotic two-sided p-value scipy uses for large samples: kstwo.sf(d, round(en)),
// en = n1 n2 / (n1 + n2).
double KsAsymptoticPValue(int64_t n1, int64_t n2, double d);

// KS from two sketches. When both are exact() this is KsTwoSample on the retained values
// (bound 0). Otherwise D is the largest gap between the sketches' CDFs, within
// statistic_error_bound = eps_ref + eps_cur of the true D (99% confidence per sketch), and
// p_value is the asymptotic p-value of that D with the counts as sample sizes;
// [p_value_low, p_value_high] are the p-values at D + bound and D - bound.
struct SketchKsResult {
  double statistic = kNaN;
  double p_value = kNaN;
  double statistic_error_bound = kNaN;
  double p_value_low = kNaN;
  double p_value_high = kNaN;
  int64_t n_reference = 0;
  int64_t n_current = 0;
  std::string why_undefined;
  bool defined() const { return why_undefined.empty(); }
};
SketchKsResult KsFromSketches(const KllSketch& reference, const KllSketch& current);

}  // namespace mlgate::stats
