// Distances between a reference and a current distribution: PSI, Jensen-Shannon, L-infinity
// over bin or category counts, and Wasserstein-1 over samples or sketches. Each returns NaN
// with the reason when the inputs do not define it (an empty side, mismatched bins).
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "checks/stats/kll.h"
#include "checks/stats/value.h"

namespace mlgate::stats {

// Population stability index over aligned bins: sum (c - r) * ln(c / r), with each proportion
// r = ref/total_ref, c = cur/total_cur first raised to at least 1e-4 (so empty bins count, but
// finitely). Undefined when the two count vectors differ in length or either side is empty.
Value Psi(std::span<const int64_t> reference, std::span<const int64_t> current);
// The same from proportions that already sum to 1 (e.g. a sketch's bin proportions).
Value PsiFromProportions(std::span<const double> reference, std::span<const double> current);

// scipy.spatial.distance.jensenshannon(r, c, base=2): the square root of the Jensen-Shannon
// divergence in bits, in [0, 1], with no flooring. Rounding can make the divergence a tiny
// negative number where scipy then returns NaN; it is clamped to 0 here. Undefined as Psi.
Value JensenShannon(std::span<const int64_t> reference, std::span<const int64_t> current);
Value JensenShannonFromProportions(std::span<const double> reference,
                                   std::span<const double> current);

// max |r - c| over aligned categories (TFDV's L-infinity comparator). Undefined as Psi.
Value LInfinity(std::span<const int64_t> reference, std::span<const int64_t> current);

// scipy.stats.wasserstein_distance(ref, cur): the area between the two empirical CDFs.
// Inputs ascending. Undefined when either sample is empty or holds NaN or an infinity.
Value Wasserstein(std::span<const double> sorted_reference, std::span<const double> sorted_current);

// Wasserstein divided by max(std(ref, ddof=1), 0.001). Undefined as Wasserstein, and when the
// reference has fewer than two values (its standard deviation is undefined).
Value WassersteinNormed(std::span<const double> sorted_reference,
                        std::span<const double> sorted_current);

// numpy.std(values, ddof=1) by two passes. Undefined below two values.
Value SampleStdDev(std::span<const double> values);

// A distance estimated from sketches: |value - true value| <= error_bound whenever both
// sketches are within their rank bounds (99% confidence each).
struct SketchEstimate {
  double value = kNaN;
  double error_bound = kNaN;
  std::string why_undefined;
  bool defined() const { return why_undefined.empty(); }
};

// Wasserstein-1 between the sketches' CDFs. The bound is (eps_ref + eps_cur) times the span of
// the two samples' values (the CDFs are each off by at most eps over that span). Exact (bound 0)
// when both sketches are. Undefined when either is empty.
SketchEstimate WassersteinFromSketches(const KllSketch& reference, const KllSketch& current);
// The same divided by max(reference_std, 0.001); reference_std is the reference's ddof=1
// standard deviation from its moments. Undefined also when reference_std is NaN.
SketchEstimate WassersteinNormedFromSketches(const KllSketch& reference, const KllSketch& current,
                                             double reference_std);

}  // namespace mlgate::stats
