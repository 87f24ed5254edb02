// Kolmogorov-Smirnov distributions. The method selection and each method follow the
// references scipy 1.10 uses (scipy/stats/_ksstats.py, scipy/special/cephes/kolmogorov.c):
//   Durbin (1968) with Marsaglia, Tsang & Wang (2003): matrix power, small n*x^2;
//   Pomeranz (1974): recursion, moderate n*x^2 and n <= 140;
//   Pelz & Good (1976): asymptotic series, large n and small x;
//   Birnbaum & Tingey (1951): the one-sided exact sum ("smirnov"), doubled for the upper tail;
//   Simard & L'Ecuyer (2011): which of them to use where.
// Intermediate values that would under- or overflow are rescaled by 2^128 with the exponent
// kept aside, as scipy does, so the results agree to rounding.
#include "checks/stats/kolmogorov.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include "checks/stats/value.h"

namespace mlgate::stats {
namespace {

constexpr int kScaleExponent = 128;
const double kScaleUp = std::ldexp(1.0, kScaleExponent);
const double kScaleDown = std::ldexp(1.0, -kScaleExponent);
constexpr double kPi = std::numbers::pi;
const double kSqrt2Pi = std::sqrt(2.0 * kPi);
const double kLog2Pi = std::log(2.0 * kPi);

double Clip01(double p) { return std::clamp(p, 0.0, 1.0); }

// Returns the CDF or the survival function from a pair, clipped to [0, 1].
double Select(double cdf_value, double sf_value, bool cdf) {
  return Clip01(cdf ? cdf_value : sf_value);
}

// log(n! / n^n) by Stirling's series with n*log(n) removed analytically (no cancellation).
double LogFactorialOverPower(int64_t n) {
  static constexpr double kStirling[] = {-2.955065359477124183e-2,  6.4102564102564102564e-3,
                                         -1.9175269175269175269e-3, 8.4175084175084175084e-4,
                                         -5.952380952380952381e-4,  7.9365079365079365079e-4,
                                         -2.7777777777777777778e-3, 8.3333333333333333333e-2};
  const double nd = static_cast<double>(n);
  const double rn = 1.0 / nd;
  const double z = rn / nd;
  double poly = 0.0;
  for (double c : kStirling) poly = poly * z + c;
  return std::log(nd) / 2 - nd + kLog2Pi / 2 + rn * poly;
}

// P(D_n <= d) by Durbin's matrix: the (k, k) entry of H^n times n!/n^n, where d = (k - h)/n.
// The matrix has order 2k - 1, so this is for small n*d.
double DurbinCdf(int64_t n, double d) {
  if (d >= 1.0) return 1.0;
  const double nd = static_cast<double>(n) * d;
  if (nd <= 0.5) return 0.0;
  const int k = static_cast<int>(std::ceil(nd));
  const double h = k - nd;
  const int m = 2 * k - 1;

  // First column v[j] = (1 - h^(j+1)) / (j+1)!, last row its reverse; w[j] = 1/j! fills the
  // band above the diagonal.
  Eigen::VectorXd v(m), w(m);
  double fac = 1.0;
  for (int j = 1; j <= m; ++j) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1.0 - std::pow(h, j)) * fac;
  }
  const double tt = std::pow(std::max(2 * h - 1.0, 0.0), m) - 2 * std::pow(h, m);
  v[m - 1] = (1.0 + tt) * fac;

  Eigen::MatrixXd H = Eigen::MatrixXd::Zero(m, m);
  for (int i = 1; i < m; ++i) {
    for (int r = i - 1; r < m; ++r) H(r, i) = w[r - (i - 1)];
  }
  H.col(0) = v;
  H.row(m - 1) = v.reverse().transpose();

  Eigen::MatrixXd power = Eigen::MatrixXd::Identity(m, m);
  int64_t remaining = n;
  int64_t power_exponent = 0;  // power holds the true value times 2^-power_exponent
  int64_t h_exponent = 0;
  while (remaining > 0) {
    if (remaining % 2) {
      power = power * H;
      power_exponent += h_exponent;
    }
    H = H * H;
    h_exponent *= 2;
    if (std::abs(H(k - 1, k - 1)) > kScaleUp) {
      H *= kScaleDown;
      h_exponent += kScaleExponent;
    }
    remaining /= 2;
  }

  double p = power(k - 1, k - 1);
  const double n_double = static_cast<double>(n);
  for (int64_t i = 1; i <= n; ++i) {
    p = static_cast<double>(i) * p / n_double;
    if (std::abs(p) < kScaleDown) {
      p *= kScaleUp;
      power_exponent -= kScaleExponent;
    }
  }
  if (power_exponent != 0) p = std::ldexp(p, static_cast<int>(power_exponent));
  return Clip01(p);
}

// The interval of non-zero entries of row i in Pomeranz's recursion.
void PomeranzBounds(int64_t i, int64_t n, int64_t ll, int ceilf, int roundf, int64_t* j1,
                    int64_t* j2) {
  int64_t a, b;
  if (i == 0) {
    a = -ll - ceilf - 1;
    b = ll + ceilf - 1;
  } else {
    const int64_t half = (i + 1) / 2;
    if ((i + 1) % 2 == 0) {  // i odd
      if (half == n + 1) {
        a = n - ll - ceilf - 1;
        b = n + ll + ceilf - 1;
      } else {
        a = half - 1 - ll - roundf - 1;
        b = half + ll - 1 + ceilf - 1;
      }
    } else {
      a = half - 1 - ll - 1;
      b = half + ll + roundf - 1;
    }
  }
  *j1 = std::max<int64_t>(a + 2, 0);
  *j2 = std::min<int64_t>(b, n);
}

// P(D_n <= x) by Pomeranz's recursion: 2n + 1 convolutions of a short row with (almost)
// Poisson probabilities; n! times the last entry.
double PomeranzCdf(int64_t n, double x) {
  const double t = static_cast<double>(n) * x;
  const int64_t ll = static_cast<int64_t>(std::floor(t));
  const double f = t - static_cast<double>(ll);
  const double g = std::min(f, 1.0 - f);
  const int ceilf = f > 0 ? 1 : 0;
  const int roundf = f > 0.5 ? 1 : 0;
  const int64_t npwrs = 2 * (ll + 1);
  std::vector<double> gpower(npwrs), twogpower(npwrs), onem2gpower(npwrs);
  gpower[0] = twogpower[0] = onem2gpower[0] = 1.0;
  const double nd = static_cast<double>(n);
  const double g_over_n = g / nd, two_g_over_n = 2 * g / nd, one_minus_two_g = (1 - 2 * g) / nd;
  for (int64_t m = 1; m < npwrs; ++m) {
    gpower[m] = gpower[m - 1] * g_over_n / static_cast<double>(m);
    twogpower[m] = twogpower[m - 1] * two_g_over_n / static_cast<double>(m);
    onem2gpower[m] = onem2gpower[m - 1] * one_minus_two_g / static_cast<double>(m);
  }

  std::vector<double> row0(npwrs, 0.0), row1(npwrs, 0.0);
  row1[0] = 1.0;
  int64_t start0 = 0, start1 = 0;  // the column index each row's first entry stands for
  int64_t exponent = 0;
  int64_t j1, j2;
  PomeranzBounds(0, n, ll, ceilf, roundf, &j1, &j2);
  for (int64_t i = 1; i < 2 * n + 2; ++i) {
    const int64_t k1 = j1;
    std::swap(row0, row1);
    std::swap(start0, start1);
    std::fill(row1.begin(), row1.end(), 0.0);
    PomeranzBounds(i, n, ll, ceilf, roundf, &j1, &j2);
    const std::vector<double>& pwrs =
        (i == 1 || i == 2 * n + 1) ? gpower : (i % 2 ? twogpower : onem2gpower);
    const int64_t ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      // Entries of row0 from column k1 on, convolved with pwrs[0, ln2); only the outputs
      // j1 - k1 .. j2 - k1 are kept. Entries past row0's end are zero.
      const int64_t offset = k1 - start0;
      auto a = [&](int64_t s) {
        const int64_t idx = offset + s;
        return (s < ln2 && idx >= 0 && idx < npwrs) ? row0[idx] : 0.0;
      };
      const int64_t conv_start = j1 - k1;
      const int64_t conv_len = j2 - j1 + 1;
      double max_value = 0.0;
      for (int64_t out = 0; out < conv_len; ++out) {
        const int64_t tpos = conv_start + out;
        double sum = 0.0;
        for (int64_t s = std::max<int64_t>(0, tpos - (ln2 - 1)); s <= std::min(tpos, ln2 - 1);
             ++s) {
          sum += a(s) * pwrs[tpos - s];
        }
        row1[out] = sum;
        max_value = std::max(max_value, sum);
      }
      if (max_value > 0 && max_value < kScaleDown) {
        for (double& value : row1) value *= kScaleUp;
        exponent -= kScaleExponent;
      }
      start1 = start0 + j1 - k1;
    }
  }

  double ans = row1[n - start1];
  for (int64_t m = 1; m <= n; ++m) {
    if (std::abs(ans) > kScaleUp) {
      ans *= kScaleDown;
      exponent += kScaleExponent;
    }
    ans *= static_cast<double>(m);
  }
  if (exponent != 0) ans = std::ldexp(ans, static_cast<int>(exponent));
  return Clip01(ans);
}

// Pelz-Good: Li-Chien/Korolyuk's expansion K0 + K1/sqrt(n) + K2/n + K3/n^1.5 in z = x*sqrt(n),
// each term rewritten with Jacobi theta identities into a series that converges for small z.
double PelzGoodCdf(int64_t n, double x) {
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  const double nd = static_cast<double>(n);
  const double z = std::sqrt(nd) * x;
  const double z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
  const double pi2 = kPi * kPi, pi4 = pi2 * pi2, pi6 = pi4 * pi2;

  const double qlog = -pi2 / 8 / z2;
  if (qlog < -708) return 0.0;
  double q = std::exp(qlog);

  const double k1a = -z2;
  const double k1b = pi2 / 4;
  const double k2a = 6 * z6 + 2 * z4;
  const double k2b = (2 * z4 - 5 * z2) * pi2 / 4;
  const double k2c = pi4 * (1 - 2 * z2) / 16;
  const double k3d = pi6 * (5 - 30 * z2) / 64;
  const double k3c = pi4 * (-60 * z2 + 212 * z4) / 16;
  const double k3b = pi2 * (135 * z4 - 96 * z6) / 4;
  const double k3a = -30 * z6 - 90 * std::pow(z, 8);

  // Horner scheme over odd m = 2k - 1 of c_i(m) q^(m^2).
  double terms[4] = {0, 0, 0, 0};
  const int64_t maxk = static_cast<int64_t>(std::ceil(16 * z / kPi));
  for (int64_t k = maxk; k > 0; --k) {
    const double m = static_cast<double>(2 * k - 1);
    const double m2 = m * m, m4 = m2 * m2, m6 = m4 * m2;
    const double qpower = std::pow(q, static_cast<double>(8 * k));
    const double coeffs[4] = {1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4,
                              k3a + k3b * m2 + k3c * m4 + k3d * m6};
    for (int i = 0; i < 4; ++i) terms[i] = terms[i] * qpower + coeffs[i];
  }
  const double divisors[4] = {z, 6 * z4, 72 * std::pow(z, 7), 6480 * std::pow(z, 10)};
  for (int i = 0; i < 4; ++i) terms[i] = terms[i] * q * kSqrt2Pi / divisors[i];

  // The remaining sums of K2 and K3 run over all integers k with q^(k^2).
  q = std::exp(-pi2 / 2 / z2);
  const double sqrt3z = std::sqrt(3.0) * z;
  double k2extra = 0.0, k3extra = 0.0;
  for (int64_t k = maxk; k > 0; --k) {
    const double kd = static_cast<double>(k);
    const double k2 = kd * kd;
    const double qk = std::pow(q, k2);
    const double kpi = kPi * kd;
    k2extra += k2 * qk;
    k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qk;
  }
  terms[2] += k2extra * pi2 * kSqrt2Pi / (-36 * z3);
  terms[3] += k3extra * pi2 * kSqrt2Pi / (216 * z6);
  double sum = 0.0;
  for (int i = 0; i < 4; ++i) sum += terms[i] / std::pow(nd, i / 2.0);
  return sum;
}

// Simard & L'Ecuyer's choice of method for P(D_n <= x) (cdf) or P(D_n > x) (sf).
double Kolmogn(int64_t n, double x, bool cdf) {
  if (n <= 0 || std::isnan(x)) return kNaN;
  if (x >= 1.0) return Select(1.0, 0.0, cdf);
  if (x <= 0.0) return Select(0.0, 1.0, cdf);
  const double nd = static_cast<double>(n);
  const double t = nd * x;
  if (t <= 1.0) {  // Ruben-Gambino: exact for 1/(2n) <= x <= 1/n
    if (t <= 0.5) return Select(0.0, 1.0, cdf);
    double prob;
    if (n <= 140) {
      prob = 1.0;
      for (int64_t i = 1; i <= n; ++i) prob *= static_cast<double>(i) * (1.0 / nd) * (2 * t - 1);
    } else {
      prob = std::exp(LogFactorialOverPower(n) + nd * std::log(2 * t - 1));
    }
    return Select(prob, 1.0 - prob, cdf);
  }
  if (t >= nd - 1) {  // Ruben-Gambino: exact for x >= 1 - 1/n
    const double prob = 2 * std::pow(1.0 - x, nd);
    return Select(1 - prob, prob, cdf);
  }
  if (x >= 0.5) {  // the two one-sided tails cannot both be exceeded
    const double prob = 2 * SmirnovSf(n, x);
    return Select(1.0 - prob, prob, cdf);
  }
  const double nx2 = t * x;
  if (n <= 140) {
    if (nx2 <= 0.754693) {
      const double prob = DurbinCdf(n, x);
      return Select(prob, 1.0 - prob, cdf);
    }
    if (nx2 <= 4) {
      const double prob = PomeranzCdf(n, x);
      return Select(prob, 1.0 - prob, cdf);
    }
    const double prob = 2 * SmirnovSf(n, x);  // Miller's approximation
    return Select(1.0 - prob, prob, cdf);
  }
  if (!cdf) {
    if (nx2 >= 370.0) return 0.0;
    if (nx2 >= 2.2) return Clip01(2 * SmirnovSf(n, x));
  }
  double cdf_prob;
  if (nx2 >= 18.0) {
    cdf_prob = 1.0;
  } else if (n <= 100000 && nd * std::pow(x, 1.5) <= 1.4) {
    cdf_prob = DurbinCdf(n, x);
  } else {
    cdf_prob = PelzGoodCdf(n, x);
  }
  return Select(cdf_prob, 1.0 - cdf_prob, cdf);
}

}  // namespace

double KsTwoSidedSf(int64_t n, double x) { return Kolmogn(n, x, /*cdf=*/false); }

double KsTwoSidedCdf(int64_t n, double x) { return Kolmogn(n, x, /*cdf=*/true); }

double KolmogorovSf(double x) {
  if (std::isnan(x)) return kNaN;
  // Below ~0.0406 the first term of the small-x series underflows: the CDF is 0.
  if (x <= kPi / std::sqrt(746.0 * 8)) return 1.0;
  double sf;
  if (x <= 0.82) {
    // CDF = sqrt(2 pi)/x * sum_{k>=1} u^((2k-1)^2), u = exp(-pi^2 / (8 x^2)).
    const double log_u8 = -kPi * kPi / (x * x);
    const double u = std::exp(log_u8 / 8);
    const double w = kSqrt2Pi / x;
    double cdf;
    if (u == 0) {
      cdf = std::exp(log_u8 / 8 + std::log(w));
    } else {
      const double u8 = std::exp(log_u8);
      const double u24 = u8 * u8 * u8;
      cdf = w * u * (1 + u8 * (1 + u8 * u8 * (1 + u24)));
    }
    sf = 1 - cdf;
  } else {
    // SF = 2 sum_{k>=1} (-1)^(k-1) v^(k^2), v = exp(-2 x^2); four terms reach full precision.
    const double v = std::exp(-2 * x * x);
    const double v3 = v * v * v;
    double p = 1.0;
    p = 1 - v3 * v3 * v * p;
    p = 1 - v3 * v * v * p;
    p = 1 - v3 * p;
    sf = 2 * v * p;
  }
  return Clip01(sf);
}

double SmirnovSf(int64_t n, double x) {
  if (!(n > 0 && x >= 0.0 && x <= 1.0)) return kNaN;
  if (n == 1) return 1.0 - x;
  if (x == 0.0) return 1.0;
  if (x == 1.0) return 0.0;
  const long double nl = static_cast<long double>(n);
  const long double xl = x;
  const int64_t nx_floor = static_cast<int64_t>(std::floor(nl * xl));
  const bool nx_integral = nl * xl == static_cast<long double>(nx_floor);
  // x <= 1/n: the CDF is x (1 + x)^(n-1) exactly.
  if (nx_floor == 0 || (nx_floor == 1 && nx_integral)) {
    return Clip01(static_cast<double>(1.0L - xl * std::pow(1.0L + xl, nl - 1)));
  }
  // Beyond what a double can hold (scipy's cut-off, log of the smallest subnormal).
  if (-2.0 * static_cast<double>(n) * x * x < -745.13321910194122) return 0.0;
  // x >= 1 - 1/n: only the first term is left.
  if (nx_floor >= n - 1) return Clip01(static_cast<double>(std::pow(1.0L - xl, nl)));
  // Too many terms to sum: scipy's approximation exp(-(6nx + 1)^2 / (18n)).
  if (n > 1000000) {
    const double t = 6.0 * static_cast<double>(n) * x + 1.0;
    return Clip01(std::exp(-t * t / 18.0 / static_cast<double>(n)));
  }
  // Birnbaum-Tingey: x * sum_{v=0}^{n(1-x)} C(n, v) (x + v/n)^(v-1) (1 - x - v/n)^(n-v). Every
  // term is positive, so the sum is stable. Terms are formed from logarithms (a product of
  // powers would underflow long before the term does); the log-binomial is accumulated in long
  // double so its error does not grow with n. A term is then accurate to about n * 1e-16
  // relative: 1e-10 at the largest n summed, and the sum to the same.
  // The last v below n(1 - x); when n(1 - x) is an integer its own term is 0.
  const int64_t last = n - nx_floor - 1;
  const double nd = static_cast<double>(n);
  long double log_binomial = 0.0L;
  long double sum = 0.0L;
  for (int64_t v = 0; v <= last; ++v) {
    const double vd = static_cast<double>(v);
    const double low = x + vd / nd;
    if (low < 1.0) {
      const double log_term = static_cast<double>(log_binomial) + (vd - 1) * std::log(low) +
                              (nd - vd) * std::log1p(-low);
      const double term = std::exp(log_term);
      sum += term;
      // Stop once the remaining terms cannot change the sum (scipy's criterion).
      if (term > 0 && 4.0L * static_cast<long double>(last - v) * term <
                          std::numeric_limits<double>::epsilon() * sum) {
        break;
      }
    }
    log_binomial += std::log((nd - vd) / (vd + 1));
  }
  return Clip01(static_cast<double>(sum * xl));
}

}  // namespace mlgate::stats
