// Distributions of Kolmogorov-Smirnov statistics, used for KS p-values. Boost.Math has none of
// them, so they follow scipy 1.10's algorithms (Simard & L'Ecuyer's selection among exact and
// approximate methods) to agree with scipy.stats.kstwo / kstwobign and scipy.special.smirnov.
#pragma once

#include <cstdint>

namespace mlgate::stats {

// P(D_n >= x) for the two-sided one-sample statistic D_n = sup |F_n - F| of n observations:
// scipy.stats.kstwo.sf(x, n). Durbin's matrix method, Pomeranz's recursion, Pelz-Good's
// approximation or 2 * smirnov, chosen by n and n*x^2 exactly as scipy chooses.
// Requires n >= 1 (returns NaN otherwise); x outside (0, 1) gives 1 or 0.
double KsTwoSidedSf(int64_t n, double x);

// The CDF P(D_n <= x) of the same distribution (scipy.stats.kstwo.cdf(x, n)).
double KsTwoSidedCdf(int64_t n, double x);

// P(sqrt(n) D_n >= x) in the limit n -> infinity: scipy.stats.kstwobign.sf(x), which is
// scipy.special.kolmogorov(x). 1 for x <= 0.
double KolmogorovSf(double x);

// P(D+_n >= x) for the one-sided statistic D+_n = sup (F_n - F): scipy.special.smirnov(n, x),
// from the Birnbaum-Tingey sum. NaN when n < 1 or x is not in [0, 1].
double SmirnovSf(int64_t n, double x);

}  // namespace mlgate::stats
