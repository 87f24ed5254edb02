// PSI, Jensen-Shannon, L-infinity and Wasserstein distances.
#include "checks/stats/divergence.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "checks/stats/binning.h"
#include "checks/stats/compensated_sum.h"

namespace mlgate::stats {
namespace {

constexpr double kPsiFloor = 1e-4;
constexpr double kMinNormStd = 0.001;

// Checks two count vectors can be compared; returns why not, or "" when they can.
std::string CountsProblem(std::span<const int64_t> reference, std::span<const int64_t> current) {
  if (reference.size() != current.size()) return "the two samples have different bins";
  if (reference.empty()) return "there are no bins";
  int64_t r = 0, c = 0;
  for (size_t i = 0; i < reference.size(); ++i) {
    r += reference[i];
    c += current[i];
  }
  if (r == 0) return "the reference sample is empty";
  if (c == 0) return "the current sample is empty";
  return "";
}

std::string ProportionsProblem(std::span<const double> reference, std::span<const double> current) {
  if (reference.size() != current.size()) return "the two samples have different bins";
  if (reference.empty()) return "there are no bins";
  double r = 0, c = 0;
  for (size_t i = 0; i < reference.size(); ++i) {
    if (!(reference[i] >= 0) || !(current[i] >= 0)) return "a proportion is negative or NaN";
    r += reference[i];
    c += current[i];
  }
  if (r == 0) return "the reference sample is empty";
  if (c == 0) return "the current sample is empty";
  return "";
}

// scipy.special.rel_entr.
double RelativeEntropyTerm(double x, double y) {
  if (x > 0 && y > 0) return x * std::log(x / y);
  if (x == 0 && y >= 0) return 0.0;
  return INFINITY;
}

// The area between two step CDFs given as ascending (value, weight) lists. Between two
// successive distinct values the CDFs are flat at (weight <= value) / total.
double AreaBetweenCdfs(size_t size_a, size_t size_b, auto value_a, auto value_b, auto weight_a,
                       auto weight_b, double total_a, double total_b) {
  CompensatedSum area;
  size_t i = 0, j = 0;
  double below_a = 0, below_b = 0;  // cumulative weight up to the previous value
  bool has_previous = false;
  double previous = 0;
  while (i < size_a || j < size_b) {
    double v;
    if (j == size_b || (i < size_a && value_a(i) <= value_b(j))) {
      v = value_a(i);
    } else {
      v = value_b(j);
    }
    if (has_previous) {
      area.Add(std::abs(below_a / total_a - below_b / total_b) * (v - previous));
    }
    while (i < size_a && value_a(i) == v) below_a += weight_a(i++);
    while (j < size_b && value_b(j) == v) below_b += weight_b(j++);
    previous = v;
    has_previous = true;
  }
  return area.value();
}

}  // namespace

Value PsiFromProportions(std::span<const double> reference, std::span<const double> current) {
  if (std::string why = ProportionsProblem(reference, current); !why.empty()) {
    return Value::Undefined(why);
  }
  double psi = 0.0;
  for (size_t i = 0; i < reference.size(); ++i) {
    const double r = std::max(reference[i], kPsiFloor);
    const double c = std::max(current[i], kPsiFloor);
    psi += (c - r) * std::log(c / r);
  }
  return Value::Of(psi);
}

Value Psi(std::span<const int64_t> reference, std::span<const int64_t> current) {
  if (std::string why = CountsProblem(reference, current); !why.empty()) {
    return Value::Undefined(why);
  }
  return PsiFromProportions(*Proportions(reference), *Proportions(current));
}

Value JensenShannonFromProportions(std::span<const double> reference,
                                   std::span<const double> current) {
  if (std::string why = ProportionsProblem(reference, current); !why.empty()) {
    return Value::Undefined(why);
  }
  // As scipy: renormalize each side, then average the relative entropies to the midpoint.
  double sum_r = 0, sum_c = 0;
  for (size_t i = 0; i < reference.size(); ++i) {
    sum_r += reference[i];
    sum_c += current[i];
  }
  double left = 0, right = 0;
  for (size_t i = 0; i < reference.size(); ++i) {
    const double p = reference[i] / sum_r;
    const double q = current[i] / sum_c;
    const double m = (p + q) / 2.0;
    left += RelativeEntropyTerm(p, m);
    right += RelativeEntropyTerm(q, m);
  }
  const double divergence = (left + right) / std::log(2.0);
  return Value::Of(std::sqrt(std::max(divergence, 0.0) / 2.0));
}

Value JensenShannon(std::span<const int64_t> reference, std::span<const int64_t> current) {
  if (std::string why = CountsProblem(reference, current); !why.empty()) {
    return Value::Undefined(why);
  }
  return JensenShannonFromProportions(*Proportions(reference), *Proportions(current));
}

Value LInfinity(std::span<const int64_t> reference, std::span<const int64_t> current) {
  if (std::string why = CountsProblem(reference, current); !why.empty()) {
    return Value::Undefined(why);
  }
  const std::vector<double> r = *Proportions(reference);
  const std::vector<double> c = *Proportions(current);
  double largest = 0.0;
  for (size_t i = 0; i < r.size(); ++i) largest = std::max(largest, std::abs(r[i] - c[i]));
  return Value::Of(largest);
}

Value Wasserstein(std::span<const double> sorted_reference,
                  std::span<const double> sorted_current) {
  if (sorted_reference.empty()) return Value::Undefined("the reference sample is empty");
  if (sorted_current.empty()) return Value::Undefined("the current sample is empty");
  for (auto sample : {sorted_reference, sorted_current}) {
    for (double v : sample) {
      if (!std::isfinite(v)) return Value::Undefined("a sample contains NaN or an infinity");
    }
  }
  auto value_a = [&](size_t i) { return sorted_reference[i]; };
  auto value_b = [&](size_t i) { return sorted_current[i]; };
  auto one = [](size_t) { return 1.0; };
  return Value::Of(AreaBetweenCdfs(sorted_reference.size(), sorted_current.size(), value_a, value_b,
                                   one, one, static_cast<double>(sorted_reference.size()),
                                   static_cast<double>(sorted_current.size())));
}

Value SampleStdDev(std::span<const double> values) {
  if (values.size() < 2) return Value::Undefined("fewer than two values");
  CompensatedSum sum;
  for (double x : values) sum.Add(x);
  const double mean = sum.value() / static_cast<double>(values.size());
  CompensatedSum squares;
  for (double x : values) squares.Add((x - mean) * (x - mean));
  return Value::Of(std::sqrt(squares.value() / static_cast<double>(values.size() - 1)));
}

Value WassersteinNormed(std::span<const double> sorted_reference,
                        std::span<const double> sorted_current) {
  Value distance = Wasserstein(sorted_reference, sorted_current);
  if (!distance.defined()) return distance;
  Value std_dev = SampleStdDev(sorted_reference);
  if (!std_dev.defined()) {
    return Value::Undefined("the reference needs at least two values to normalize by its spread");
  }
  return Value::Of(distance.value / std::max(std_dev.value, kMinNormStd));
}

SketchEstimate WassersteinFromSketches(const KllSketch& reference, const KllSketch& current) {
  if (reference.empty()) return {kNaN, kNaN, "the reference sample is empty"};
  if (current.empty()) return {kNaN, kNaN, "the current sample is empty"};
  const std::vector<WeightedValue> a = reference.SortedView();
  const std::vector<WeightedValue> b = current.SortedView();
  auto value_a = [&](size_t i) { return a[i].value; };
  auto value_b = [&](size_t i) { return b[i].value; };
  auto weight_a = [&](size_t i) { return static_cast<double>(a[i].weight); };
  auto weight_b = [&](size_t i) { return static_cast<double>(b[i].weight); };
  const double area =
      AreaBetweenCdfs(a.size(), b.size(), value_a, value_b, weight_a, weight_b,
                      static_cast<double>(reference.count()), static_cast<double>(current.count()));
  const double span =
      std::max(reference.max(), current.max()) - std::min(reference.min(), current.min());
  const double bound = (reference.RankErrorBound() + current.RankErrorBound()) * span;
  return {area, bound, ""};
}

SketchEstimate WassersteinNormedFromSketches(const KllSketch& reference, const KllSketch& current,
                                             double reference_std) {
  SketchEstimate estimate = WassersteinFromSketches(reference, current);
  if (!estimate.defined()) return estimate;
  if (std::isnan(reference_std)) {
    return {kNaN, kNaN, "the reference needs at least two values to normalize by its spread"};
  }
  const double norm = std::max(reference_std, kMinNormStd);
  return {estimate.value / norm, estimate.error_bound / norm, ""};
}

}  // namespace mlgate::stats
