// Average ranks and Spearman correlation over pairwise-complete rows.
#include "checks/stats/rank_correlation.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mlgate::stats {
namespace {

// pandas' Spearman step: Pearson of two rank vectors whose mean is (n + 1) / 2 exactly.
Value RankPearson(std::span<const double> rx, std::span<const double> ry) {
  const size_t n = rx.size();
  if (n == 0) return Value::Undefined("no row has both values");
  const double mean = (static_cast<double>(n) + 1) / 2.;
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < n; ++i) {
    const double vx = rx[i] - mean;
    const double vy = ry[i] - mean;
    sxy += vx * vy;
    sxx += vx * vx;
    syy += vy * vy;
  }
  const double divisor = std::sqrt(sxx * syy);
  if (divisor == 0) {
    return Value::Undefined("a column is constant over the rows where both are present");
  }
  return Value::Of(sxy / divisor);
}

}  // namespace

std::vector<double> AverageRanks(std::span<const double> values) {
  const size_t n = values.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(n);
  for (size_t start = 0; start < n;) {
    size_t end = start + 1;
    while (end < n && values[order[end]] == values[order[start]]) ++end;
    // Positions start+1 .. end share their mean rank.
    const double rank = (static_cast<double>(start + 1) + static_cast<double>(end)) / 2.0;
    for (size_t t = start; t < end; ++t) ranks[order[t]] = rank;
    start = end;
  }
  return ranks;
}

Value Spearman(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size()) return Value::Undefined("the two columns differ in length");
  std::vector<double> px, py;
  for (size_t i = 0; i < x.size(); ++i) {
    if (std::isfinite(x[i]) && std::isfinite(y[i])) {
      px.push_back(x[i]);
      py.push_back(y[i]);
    }
  }
  return RankPearson(AverageRanks(px), AverageRanks(py));
}

Eigen::MatrixXd SpearmanMatrix(const Eigen::Ref<const Eigen::MatrixXd>& rows) {
  const Eigen::Index n = rows.rows();
  const Eigen::Index k = rows.cols();
  // Each column's ranks over its own present values, NaN where missing.
  Eigen::MatrixXd ranked = Eigen::MatrixXd::Constant(n, k, kNaN);
  for (Eigen::Index c = 0; c < k; ++c) {
    std::vector<double> values;
    std::vector<Eigen::Index> where;
    for (Eigen::Index i = 0; i < n; ++i) {
      if (std::isfinite(rows(i, c))) {
        values.push_back(rows(i, c));
        where.push_back(i);
      }
    }
    const std::vector<double> ranks = AverageRanks(values);
    for (size_t t = 0; t < where.size(); ++t) ranked(where[t], c) = ranks[t];
  }
  Eigen::MatrixXd out(k, k);
  std::vector<double> rx, ry, vx, vy;
  for (Eigen::Index a = 0; a < k; ++a) {
    for (Eigen::Index b = 0; b <= a; ++b) {
      rx.clear();
      ry.clear();
      vx.clear();
      vy.clear();
      bool same_rows = true;
      for (Eigen::Index i = 0; i < n; ++i) {
        const bool has_a = std::isfinite(rows(i, a));
        const bool has_b = std::isfinite(rows(i, b));
        same_rows = same_rows && (has_a == has_b);
        if (has_a && has_b) {
          rx.push_back(ranked(i, a));
          ry.push_back(ranked(i, b));
          vx.push_back(rows(i, a));
          vy.push_back(rows(i, b));
        }
      }
      if (!same_rows) {
        rx = AverageRanks(vx);
        ry = AverageRanks(vy);
      }
      out(a, b) = out(b, a) = RankPearson(rx, ry).value;
    }
  }
  return out;
}

Value PearsonPairwise(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size()) return Value::Undefined("the two columns differ in length");
  double n = 0, mean_x = 0, mean_y = 0, ssx = 0, ssy = 0, cov = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) continue;
    n += 1;
    const double dx = x[i] - mean_x;
    const double dy = y[i] - mean_y;
    mean_x += 1. / n * dx;
    mean_y += 1. / n * dy;
    ssx += (x[i] - mean_x) * dx;
    ssy += (y[i] - mean_y) * dy;
    cov += (x[i] - mean_x) * dy;
  }
  if (n == 0) return Value::Undefined("no row has both values");
  const double divisor = std::sqrt(ssx * ssy);
  if (divisor == 0) {
    return Value::Undefined("a column is constant over the rows where both are present");
  }
  return Value::Of(cov / divisor);
}

}  // namespace mlgate::stats
