// Exact quantiles of a sorted sample, computed as numpy.quantile(a, q) with the default
// method="linear" (Hyndman & Fan type 7), bit for bit: the same index arithmetic and the same
// two-sided interpolation numpy 1.24 uses.
#pragma once

#include <span>
#include <vector>

#include "checks/stats/value.h"

namespace mlgate::stats {

// The q-quantile of `sorted` (ascending, finite values). Undefined when the sample is empty or
// q is not in [0, 1] (numpy raises in both cases).
Value QuantileSorted(std::span<const double> sorted, double q);

// Quantiles at each of `qs`, in order. Undefined entries follow QuantileSorted's rules.
std::vector<Value> QuantilesSorted(std::span<const double> sorted, std::span<const double> qs);

}  // namespace mlgate::stats
