// numpy.quantile(method="linear") on an already sorted sample.
#include "checks/stats/quantile.h"

#include <cmath>
#include <cstddef>

namespace mlgate::stats {

Value QuantileSorted(std::span<const double> sorted, double q) {
  if (sorted.empty()) return Value::Undefined("the sample is empty");
  if (!(q >= 0.0 && q <= 1.0)) return Value::Undefined("the quantile level is not in [0, 1]");
  const double n = static_cast<double>(sorted.size());
  // numpy: virtual index (n - 1) * q; at or past the last index both neighbours are the last
  // value, and gamma is then computed against the index -1 (harmless: the two values are equal).
  const double virtual_index = (n - 1.0) * q;
  double previous_index = std::floor(virtual_index);
  size_t lo = static_cast<size_t>(previous_index);
  size_t hi = lo + 1;
  if (virtual_index >= n - 1.0) {
    lo = hi = sorted.size() - 1;
    previous_index = -1.0;
  }
  const double a = sorted[lo];
  const double b = sorted[hi];
  const double t = virtual_index - previous_index;
  // numpy's _lerp: interpolate from the nearer end so that t = 1 returns b exactly.
  const double diff = b - a;
  const double result = t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
  return Value::Of(result);
}

std::vector<Value> QuantilesSorted(std::span<const double> sorted, std::span<const double> qs) {
  std::vector<Value> out;
  out.reserve(qs.size());
  for (double q : qs) out.push_back(QuantileSorted(sorted, q));
  return out;
}

}  // namespace mlgate::stats
