// Pairwise-complete co-moments of k columns: row-by-row Welford updates, block updates through
// matrix products, and Chan's merge of two sets of co-moments.
#include "checks/stats/comoments.h"

#include <Eigen/Dense>
#include <cassert>
#include <cmath>
#include <limits>

namespace mlgate::stats {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

}  // namespace

CoMoments::CoMoments(int columns) : k_(columns < 0 ? 0 : columns) {
  origin_ = Eigen::ArrayXd::Zero(k_);
  count_ = mean_ = m2_ = cross_ = Matrix::Zero(k_, k_);
  lo_ = Matrix::Constant(k_, k_, kInf);
  hi_ = Matrix::Constant(k_, k_, -kInf);
}

void CoMoments::SetOriginIfUnseen(int c, double value) {
  // Every statistic involving an unseen column is zero, so its origin is free to choose.
  if (count_(c, c) == 0) origin_[c] = value;
}

void CoMoments::AddRow(std::span<const double> row) {
  assert(static_cast<int>(row.size()) == k_);
  if (static_cast<int>(row.size()) != k_) return;
  // Columns present in this row, ascending.
  thread_local std::vector<int> present;
  present.clear();
  thread_local std::vector<double> shifted;
  shifted.assign(k_, 0.0);
  for (int i = 0; i < k_; ++i) {
    if (!std::isfinite(row[i])) continue;
    present.push_back(i);
    SetOriginIfUnseen(i, row[i]);
    shifted[i] = row[i] - origin_[i];
  }
  for (size_t pa = 0; pa < present.size(); ++pa) {
    for (size_t pb = pa; pb < present.size(); ++pb) {
      // pandas pairs (x, y) with x the later column; the update below follows its nancorr.
      const int x = present[pb];
      const int y = present[pa];
      const double vx = shifted[x];
      const double vy = shifted[y];
      const double n = count_(x, y) + 1;
      const double dx = vx - mean_(x, y);
      const double dy = vy - mean_(y, x);
      if (x == y) {
        mean_(x, x) += 1. / n * dx;
        const double term = (vx - mean_(x, x)) * dx;
        m2_(x, x) += term;
        cross_(x, x) += term;
        count_(x, x) = n;
      } else {
        mean_(x, y) += 1. / n * dx;
        mean_(y, x) += 1. / n * dy;
        m2_(x, y) += (vx - mean_(x, y)) * dx;
        m2_(y, x) += (vy - mean_(y, x)) * dy;
        cross_(x, y) += (vx - mean_(x, y)) * dy;
        cross_(y, x) = cross_(x, y);
        count_(x, y) = count_(y, x) = n;
      }
      lo_(x, y) = std::min(lo_(x, y), row[x]);
      hi_(x, y) = std::max(hi_(x, y), row[x]);
      lo_(y, x) = std::min(lo_(y, x), row[y]);
      hi_(y, x) = std::max(hi_(y, x), row[y]);
    }
  }
}

void CoMoments::AddRows(const Eigen::Ref<const Eigen::MatrixXd>& rows) {
  assert(rows.cols() == k_);
  if (rows.cols() != k_ || rows.rows() == 0 || k_ == 0) return;
  const Eigen::Index r = rows.rows();
  const Eigen::MatrixXd mask = rows.array().isFinite().cast<double>().matrix();
  const Eigen::MatrixXd zeroed = (rows.array().isFinite()).select(rows, 0.0);

  // Work on values less each column's origin (exact for values near it), then center each
  // column on its block mean (on its value when constant, so constant columns give exactly zero
  // deviations) to keep the sums of squares free of cancellation.
  Eigen::RowVectorXd shift(k_);
  for (int c = 0; c < k_; ++c) {
    double lo = kInf, hi = -kInf, sum = 0, n = 0;
    for (Eigen::Index i = 0; i < r; ++i) {
      if (mask(i, c) == 0) continue;
      if (n == 0) SetOriginIfUnseen(c, zeroed(i, c));
      lo = std::min(lo, zeroed(i, c));
      hi = std::max(hi, zeroed(i, c));
      sum += zeroed(i, c) - origin_[c];
      n += 1;
    }
    shift[c] = n == 0 ? 0.0 : (lo == hi ? lo - origin_[c] : sum / n);
  }
  const Eigen::RowVectorXd origin = origin_.matrix().transpose();
  const Eigen::MatrixXd centered =
      (((zeroed.rowwise() - origin).rowwise() - shift).array() * mask.array()).matrix();

  const Matrix n = (mask.transpose() * mask).array();
  const Matrix sx = (centered.transpose() * mask).array();  // (i, j): sum of column i over pair
  const Matrix sxx = (centered.array().square().matrix().transpose() * mask).array();
  const Matrix sxy = (centered.transpose() * centered).array();
  const Matrix safe_n = (n > 0).select(n, 1.0);

  Matrix lo(k_, k_), hi(k_, k_);
  for (int j = 0; j < k_; ++j) {
    const auto both = (mask.array().colwise() * mask.col(j).array()) > 0;
    lo.col(j) = both.select(rows.array(), kInf).colwise().minCoeff().transpose();
    hi.col(j) = both.select(rows.array(), -kInf).colwise().maxCoeff().transpose();
  }

  Matrix mean = (n > 0).select(sx / safe_n + shift.transpose().replicate(1, k_).array(), 0.0);
  Matrix m2 = (n > 0).select((sxx - sx.square() / safe_n).max(0.0), 0.0);
  Matrix cross = (n > 0).select(sxy - sx * sx.transpose() / safe_n, 0.0);
  for (int i = 0; i < k_; ++i) {
    // The matrix product need not round (i, j) and (j, i) alike; the cross product is one number.
    for (int j = i + 1; j < k_; ++j) cross(j, i) = cross(i, j);
  }
  for (int i = 0; i < k_; ++i) {
    for (int j = 0; j < k_; ++j) {
      if (n(i, j) > 0 && lo(i, j) == hi(i, j)) {
        mean(i, j) = lo(i, j) - origin_[i];
        m2(i, j) = 0;
        cross(i, j) = cross(j, i) = 0;
      }
    }
  }
  MergeParts(n, mean, m2, cross, lo, hi);
}

void CoMoments::MergeParts(const Matrix& count, const Matrix& mean, const Matrix& m2,
                           const Matrix& cross, const Matrix& lo, const Matrix& hi) {
  const Matrix total = count_ + count;
  const Matrix safe_total = (total > 0).select(total, 1.0);
  const Matrix delta = mean - mean_;
  const Matrix weight = count_ * count / safe_total;
  mean_ = mean_ + delta * (count / safe_total);
  m2_ = m2_ + m2 + delta.square() * weight;
  cross_ = cross_ + cross + delta * delta.transpose() * weight;
  count_ = total;
  lo_ = lo_.min(lo);
  hi_ = hi_.max(hi);
}

void CoMoments::Merge(const CoMoments& other) {
  assert(other.k_ == k_);
  if (other.k_ != k_) return;
  // Re-express the other side's means relative to this side's origins.
  for (int c = 0; c < k_; ++c) {
    if (other.count_(c, c) > 0) SetOriginIfUnseen(c, other.origin_[c]);
  }
  const Eigen::ArrayXd offset = other.origin_ - origin_;
  const Matrix mean =
      (other.count_ > 0).select(other.mean_ + offset.replicate(1, k_), Matrix::Zero(k_, k_));
  MergeParts(other.count_, mean, other.m2_, other.cross_, other.lo_, other.hi_);
}

Value CoMoments::Pearson(int i, int j) const {
  if (count_(i, j) == 0) return Value::Undefined("no row has both values");
  if (lo_(i, j) == hi_(i, j) || lo_(j, i) == hi_(j, i)) {
    return Value::Undefined("a column is constant over the rows where both are present");
  }
  const double divisor = std::sqrt(m2_(i, j) * m2_(j, i));
  if (!(divisor > 0)) {
    return Value::Undefined("a column has no variance over the rows where both are present");
  }
  return Value::Of(cross_(i, j) / divisor);
}

Value CoMoments::Covariance(int i, int j) const {
  if (count_(i, j) < 2) return Value::Undefined("fewer than two rows have both values");
  return Value::Of(cross_(i, j) / (count_(i, j) - 1));
}

Eigen::MatrixXd CoMoments::PearsonMatrix() const {
  Eigen::MatrixXd out(k_, k_);
  for (int i = 0; i < k_; ++i) {
    for (int j = 0; j < k_; ++j) out(i, j) = Pearson(i, j).value;
  }
  return out;
}

CoMomentsState CoMoments::ToState() const {
  CoMomentsState state;
  state.columns = k_;
  state.origin.assign(origin_.data(), origin_.data() + k_);
  const size_t size = static_cast<size_t>(k_) * k_;
  for (auto* v : {&state.count, &state.mean, &state.m2, &state.cross, &state.lo, &state.hi}) {
    v->reserve(size);
  }
  for (int i = 0; i < k_; ++i) {
    for (int j = 0; j < k_; ++j) {
      const bool seen = count_(i, j) > 0;
      state.count.push_back(count_(i, j));
      state.mean.push_back(mean_(i, j));
      state.m2.push_back(m2_(i, j));
      state.cross.push_back(cross_(i, j));
      // Infinite sentinels of empty pairs are stored as 0 so the state is plain JSON.
      state.lo.push_back(seen ? lo_(i, j) : 0.0);
      state.hi.push_back(seen ? hi_(i, j) : 0.0);
    }
  }
  return state;
}

std::optional<CoMoments> CoMoments::FromState(const CoMomentsState& state,
                                              std::string* why_invalid) {
  auto invalid = [&](const char* why) -> std::optional<CoMoments> {
    if (why_invalid != nullptr) *why_invalid = why;
    return std::nullopt;
  };
  if (state.columns < 0) return invalid("the column count is negative");
  const size_t size = static_cast<size_t>(state.columns) * state.columns;
  for (const auto* v : {&state.count, &state.mean, &state.m2, &state.cross, &state.lo, &state.hi}) {
    if (v->size() != size) return invalid("a matrix does not have columns x columns entries");
  }
  if (state.origin.size() != static_cast<size_t>(state.columns)) {
    return invalid("the origin does not have one entry per column");
  }
  CoMoments out(state.columns);
  const int k = state.columns;
  for (int c = 0; c < k; ++c) {
    if (!std::isfinite(state.origin[c])) return invalid("an origin is not finite");
    out.origin_[c] = state.origin[c];
  }
  for (int i = 0; i < k; ++i) {
    for (int j = 0; j < k; ++j) {
      const size_t at = static_cast<size_t>(i) * k + j;
      const size_t mirror = static_cast<size_t>(j) * k + i;
      const double n = state.count[at];
      if (!(n >= 0) || n != std::floor(n) || n != state.count[mirror]) {
        return invalid("counts must be non-negative integers, symmetric");
      }
      if (state.cross[at] != state.cross[mirror] || !std::isfinite(state.cross[at])) {
        return invalid("cross products must be finite and symmetric");
      }
      if (!std::isfinite(state.mean[at]) || !(state.m2[at] >= 0) || !std::isfinite(state.m2[at])) {
        return invalid("means must be finite and sums of squares non-negative");
      }
      if (n > 0 && !(state.lo[at] <= state.hi[at])) return invalid("a range has lo > hi");
      out.count_(i, j) = n;
      if (n > 0) {
        out.mean_(i, j) = state.mean[at];
        out.m2_(i, j) = state.m2[at];
        out.cross_(i, j) = state.cross[at];
        out.lo_(i, j) = state.lo[at];
        out.hi_(i, j) = state.hi[at];
      }
    }
  }
  return out;
}

}  // namespace mlgate::stats
