// Two-sample Kolmogorov-Smirnov test. The exact p-values count lattice paths as in Hodges
// (1958), "The significance probability of the Smirnov two-sample test", with the recursion for
// 1 - p of Viehmann (2021, arXiv:2102.08037) that scipy 1.10 uses, in the same order of
// floating-point operations so that the results match scipy's to the last bits.
#include "checks/stats/ks.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "checks/stats/kolmogorov.h"

namespace mlgate::stats {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

int64_t CeilDiv(int64_t a, int64_t b) { return -FloorDiv(-a, b); }

// P(D_{n,n} >= h/n) for equal sample sizes: 2 * (A0 (1 - A1 (1 - A2 (...)))), each A_k a
// ratio of binomial coefficients formed as a product of h simple factors; evaluated inside-out
// (Horner-like) to avoid the cancellation of the alternating sum.
double ProbOutsideSquare(int64_t n, int64_t h) {
  double p = 0.0;
  for (int64_t k = n / h; k >= 0; --k) {
    double factor = 1.0;
    for (int64_t j = 0; j < h; ++j) {
      factor = static_cast<double>(n - k * h - j) * factor / static_cast<double>(n + k * h + j + 1);
    }
    p = factor * (1.0 - p);
  }
  return 2 * p;
}

// The proportion of monotone lattice paths from (0, 0) to (m, n) that leave the band
// |x/m - y/n| < h / lcm(m, n). Column by column, only the band's window of the column is kept;
// each entry holds 1 - (paths inside / all paths) to that point, which stays in [0, 1].
double ProbOutsideBand(int64_t m, int64_t n, int64_t g, int64_t h) {
  if (m < n) std::swap(m, n);
  const int64_t mg = m / g;
  const int64_t ng = n / g;
  int64_t minj = 0;
  int64_t maxj = std::min(CeilDiv(h, mg), n + 1);
  int64_t curlen = maxj - minj;
  const int64_t window = std::min(2 * maxj + 2, n + 1);
  // Sized past the window so a stray index can never leave the buffer.
  std::vector<double> a(static_cast<size_t>(std::max(window, n + 2)), 1.0);
  for (int64_t j = minj; j < maxj; ++j) a[j] = 0.0;
  for (int64_t i = 1; i <= m; ++i) {
    const int64_t lastminj = minj;
    const int64_t lastlen = curlen;
    minj = std::min(std::max(FloorDiv(ng * i - h, mg) + 1, int64_t{0}), n);
    maxj = std::min(CeilDiv(ng * i + h, mg), n + 1);
    if (maxj <= minj) return 1.0;
    double val = minj == 0 ? 0.0 : 1.0;
    const double di = static_cast<double>(i);
    for (int64_t jj = 0; jj < maxj - minj; ++jj) {
      const int64_t j = jj + minj;
      val = (a[jj + minj - lastminj] * di + val * static_cast<double>(j)) /
            static_cast<double>(i + j);
      a[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) {
      const int64_t end = std::min<int64_t>(maxj - minj + (lastlen - curlen), window);
      for (int64_t t = maxj - minj; t < end; ++t) a[t] = 1.0;
    }
  }
  return a[maxj - minj - 1];
}

struct ExactOutcome {
  bool ok;
  double d;  // D snapped to the lattice, h / lcm
  double p;
};

ExactOutcome AttemptExact(int64_t n1, int64_t n2, double d) {
  const int64_t g = std::gcd(n1, n2);
  const int64_t lcm = (n1 / g) * n2;
  const int64_t h = static_cast<int64_t>(std::nearbyint(d * static_cast<double>(lcm)));
  d = static_cast<double>(h) * 1.0 / static_cast<double>(lcm);
  if (h == 0) return {true, d, 1.0};
  const double p = n1 == n2 ? ProbOutsideSquare(n1, h) : ProbOutsideBand(n1, n2, g, h);
  if (!(p >= 0 && p <= 1)) return {false, d, p};
  return {true, d, p};
}

// D and where it is attained, over the merged distinct values (where both CDFs jump).
struct Gap {
  double statistic;
  double location;
  int sign;
};

// Walks two ascending step CDFs given as (value, weight) accessors. To agree with scipy on the
// location when the extreme is attained more than once, candidates are ranked as numpy's argmax
// ranks them over the concatenation [reference..., current...]: the first reference value
// attaining it, else the first current value.
Gap LargestGap(size_t size_a, size_t size_b, auto value_a, auto value_b, auto weight_a,
               auto weight_b, double total_a, double total_b) {
  struct Extreme {
    double diff;
    double where;
    bool seen = false;
  };
  Extreme max_in_a, max_in_b, min_in_a, min_in_b;
  auto consider = [](Extreme& e, double diff, double where, bool larger) {
    if (!e.seen || (larger ? diff > e.diff : diff < e.diff)) e = {diff, where, true};
  };
  size_t i = 0, j = 0;
  double below_a = 0, below_b = 0;
  while (i < size_a || j < size_b) {
    const double v =
        (j == size_b || (i < size_a && value_a(i) <= value_b(j))) ? value_a(i) : value_b(j);
    bool in_a = false, in_b = false;
    while (i < size_a && value_a(i) == v) {
      below_a += weight_a(i++);
      in_a = true;
    }
    while (j < size_b && value_b(j) == v) {
      below_b += weight_b(j++);
      in_b = true;
    }
    const double diff = below_a / total_a - below_b / total_b;
    if (in_a) {
      consider(max_in_a, diff, v, true);
      consider(min_in_a, diff, v, false);
    }
    if (in_b) {
      consider(max_in_b, diff, v, true);
      consider(min_in_b, diff, v, false);
    }
  }
  auto pick = [](const Extreme& a, const Extreme& b, bool larger) {
    if (!b.seen) return a;
    if (!a.seen) return b;
    const double best = larger ? std::max(a.diff, b.diff) : std::min(a.diff, b.diff);
    return a.diff == best ? a : b;
  };
  const Extreme max_gap = pick(max_in_a, max_in_b, true);
  const Extreme min_gap = pick(min_in_a, min_in_b, false);
  const double min_stat = std::clamp(-min_gap.diff, 0.0, 1.0);
  if (min_stat > max_gap.diff) return {min_stat, min_gap.where, -1};
  return {max_gap.diff, max_gap.where, 1};
}

bool ContainsNaN(std::span<const double> values) {
  return std::any_of(values.begin(), values.end(), [](double v) { return std::isnan(v); });
}

}  // namespace

std::optional<double> KsExactPValue(int64_t n1, int64_t n2, double d) {
  if (n1 < 1 || n2 < 1 || std::isnan(d)) return std::nullopt;
  const ExactOutcome outcome = AttemptExact(n1, n2, d);
  if (!outcome.ok) return std::nullopt;
  return outcome.p;
}

double KsAsymptoticPValue(int64_t n1, int64_t n2, double d) {
  const double m = static_cast<double>(std::max(n1, n2));
  const double n = static_cast<double>(std::min(n1, n2));
  const double en = m * n / (m + n);
  return std::clamp(KsTwoSidedSf(static_cast<int64_t>(std::nearbyint(en)), d), 0.0, 1.0);
}

KsResult KsTwoSample(std::span<const double> sorted_reference,
                     std::span<const double> sorted_current) {
  KsResult result;
  result.n_reference = static_cast<int64_t>(sorted_reference.size());
  result.n_current = static_cast<int64_t>(sorted_current.size());
  if (sorted_reference.empty()) {
    result.why_undefined = "the reference sample is empty";
    return result;
  }
  if (sorted_current.empty()) {
    result.why_undefined = "the current sample is empty";
    return result;
  }
  if (ContainsNaN(sorted_reference) || ContainsNaN(sorted_current)) {
    result.why_undefined = "a sample contains NaN";
    return result;
  }
  auto value_a = [&](size_t i) { return sorted_reference[i]; };
  auto value_b = [&](size_t i) { return sorted_current[i]; };
  auto one = [](size_t) { return 1.0; };
  const Gap gap =
      LargestGap(sorted_reference.size(), sorted_current.size(), value_a, value_b, one, one,
                 static_cast<double>(result.n_reference), static_cast<double>(result.n_current));
  result.location = gap.location;
  result.sign = gap.sign;
  double d = gap.statistic;
  const int64_t n1 = result.n_reference, n2 = result.n_current;
  if (std::max(n1, n2) <= kKsExactMaxSize) {
    const ExactOutcome exact = AttemptExact(n1, n2, d);
    d = exact.d;
    if (exact.ok) {
      result.statistic = d;
      result.p_value = std::clamp(exact.p, 0.0, 1.0);
      result.method = KsMethod::kExact;
      return result;
    }
  }
  result.statistic = d;
  result.p_value = KsAsymptoticPValue(n1, n2, d);
  result.method = KsMethod::kAsymptotic;
  return result;
}

SketchKsResult KsFromSketches(const KllSketch& reference, const KllSketch& current) {
  SketchKsResult result;
  result.n_reference = static_cast<int64_t>(reference.count());
  result.n_current = static_cast<int64_t>(current.count());
  if (reference.empty()) {
    result.why_undefined = "the reference sample is empty";
    return result;
  }
  if (current.empty()) {
    result.why_undefined = "the current sample is empty";
    return result;
  }
  const std::vector<WeightedValue> a = reference.SortedView();
  const std::vector<WeightedValue> b = current.SortedView();
  if (reference.exact() && current.exact()) {
    std::vector<double> ra, rb;
    ra.reserve(a.size());
    rb.reserve(b.size());
    for (const auto& item : a) ra.push_back(item.value);
    for (const auto& item : b) rb.push_back(item.value);
    const KsResult exact = KsTwoSample(ra, rb);
    result.statistic = exact.statistic;
    result.p_value = result.p_value_low = result.p_value_high = exact.p_value;
    result.statistic_error_bound = 0.0;
    return result;
  }
  auto value_a = [&](size_t i) { return a[i].value; };
  auto value_b = [&](size_t i) { return b[i].value; };
  auto weight_a = [&](size_t i) { return static_cast<double>(a[i].weight); };
  auto weight_b = [&](size_t i) { return static_cast<double>(b[i].weight); };
  const Gap gap =
      LargestGap(a.size(), b.size(), value_a, value_b, weight_a, weight_b,
                 static_cast<double>(result.n_reference), static_cast<double>(result.n_current));
  const int64_t n1 = result.n_reference, n2 = result.n_current;
  // The p-value scipy would report if D were the estimate (exact method for small samples).
  auto p_of = [&](double d) {
    if (std::max(n1, n2) <= kKsExactMaxSize) {
      if (std::optional<double> p = KsExactPValue(n1, n2, d)) return std::clamp(*p, 0.0, 1.0);
    }
    return KsAsymptoticPValue(n1, n2, d);
  };
  result.statistic = gap.statistic;
  result.statistic_error_bound = reference.RankErrorBound() + current.RankErrorBound();
  result.p_value = p_of(gap.statistic);
  result.p_value_low = p_of(std::min(gap.statistic + result.statistic_error_bound, 1.0));
  result.p_value_high = p_of(std::max(gap.statistic - result.statistic_error_bound, 0.0));
  return result;
}

}  // namespace mlgate::stats
