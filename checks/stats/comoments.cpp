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

// Combines "constant value" entries of two disjoint row sets (NaN: varies; empty sides by
// count).
double MergeConstant(double a, double count_a, double b, double count_b) {
  if (count_a == 0) return b;
  if (count_b == 0) return a;
  return a == b ? a : kNaN;  // NaN never equals anything, so "varies" absorbs
}

}  // namespace

CoMoments::CoMoments(int columns) : k_(columns < 0 ? 0 : columns) {
  origin_ = Eigen::ArrayXd::Zero(k_);
  count_ = mean_ = m2_ = cross_ = Matrix::Zero(k_, k_);
  constant_ = Matrix::Constant(k_, k_, kNaN);
}

void CoMoments::SetOriginIfUnseen(int c, double value) {
  // Every statistic involving an unseen column is zero, so its origin is free to choose.
  if (count_(c, c) == 0) origin_[c] = value;
}

void CoMoments::AddRow(std::span<const double> row) {
  assert(static_cast<int>(row.size()) == k_);
  if (static_cast<int>(row.size()) != k_) return;
  // Columns present in this row, ascending, and their values less the column origins.
  thread_local std::vector<int> present;
  thread_local std::vector<double> shifted;
  present.clear();
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
      constant_(x, y) = MergeConstant(constant_(x, y), n - 1, row[x], 1);
      constant_(y, x) = MergeConstant(constant_(y, x), n - 1, row[y], 1);
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
    }
  }
}

void CoMoments::AddRows(const Eigen::Ref<const Eigen::MatrixXd>& rows) {
  assert(rows.cols() == k_);
  if (rows.cols() != k_ || rows.rows() == 0 || k_ == 0) return;
  // A column without a value in the block adds nothing to any pair. Leaving such columns out
  // (the text columns of a correlation over every column, say) makes the products smaller, and
  // lets a block whose other columns are complete take the one-product path.
  std::vector<int> present;
  for (int c = 0; c < k_; ++c) {
    if (rows.col(c).array().isFinite().any()) present.push_back(c);
  }
  if (present.empty()) return;
  if (static_cast<int>(present.size()) == k_) {
    AddColumns(rows, present);
    return;
  }
  Eigen::MatrixXd some(rows.rows(), static_cast<Eigen::Index>(present.size()));
  for (size_t c = 0; c < present.size(); ++c) {
    some.col(static_cast<Eigen::Index>(c)) = rows.col(present[c]);
  }
  AddColumns(some, present);
}

void CoMoments::AddColumns(const Eigen::Ref<const Eigen::MatrixXd>& rows,
                           std::span<const int> index) {
  const int k = static_cast<int>(index.size());
  const Eigen::Index r = rows.rows();
  // A block without missing values (the common case) needs one matrix product instead of four:
  // every pair's rows are all the rows.
  const bool complete = rows.allFinite();

  // Work on values less each column's origin (exact for values near it), then center each
  // column on its block mean to keep the sums of squares free of cancellation.
  Eigen::RowVectorXd shift(k);
  Eigen::RowVectorXd origin(k);
  for (int c = 0; c < k; ++c) {
    double sum = 0, n = 0;
    for (Eigen::Index i = 0; i < r; ++i) {
      const double x = rows(i, c);
      if (!complete && !std::isfinite(x)) continue;
      if (n == 0) SetOriginIfUnseen(index[c], x);
      sum += x - origin_[index[c]];
      n += 1;
    }
    shift[c] = n == 0 ? 0.0 : sum / n;
    origin[c] = origin_[index[c]];
  }

  // (i, j) entries: sums over the rows where both i and j are present.
  Matrix n, sx, sxx, sxy;
  if (complete) {
    const Eigen::MatrixXd centered = (rows.rowwise() - origin).rowwise() - shift;
    const Eigen::ArrayXd sums = centered.colwise().sum().transpose().array();
    const Eigen::ArrayXd squares = centered.array().square().colwise().sum().transpose();
    n = Matrix::Constant(k, k, static_cast<double>(r));
    sx = sums.replicate(1, k);  // of column i
    sxx = squares.replicate(1, k);
    sxy.resize(k, k);
    sxy.matrix().setZero();
    sxy.matrix().selfadjointView<Eigen::Lower>().rankUpdate(centered.transpose());
    sxy.matrix().triangularView<Eigen::StrictlyUpper>() =
        sxy.matrix().triangularView<Eigen::StrictlyLower>().transpose();
  } else {
    const auto finite = rows.array().isFinite();
    const Eigen::MatrixXd mask = finite.cast<double>().matrix();
    const Eigen::MatrixXd zeroed = finite.select(rows, 0.0);
    const Eigen::MatrixXd centered =
        (((zeroed.rowwise() - origin).rowwise() - shift).array() * mask.array()).matrix();
    n = (mask.transpose() * mask).array();
    sx = (centered.transpose() * mask).array();
    sxx = (centered.array().square().matrix().transpose() * mask).array();
    sxy = (centered.transpose() * centered).array();
  }
  const Matrix safe_n = (n > 0).select(n, 1.0);

  Matrix mean = (n > 0).select(sx / safe_n + shift.transpose().replicate(1, k).array(), 0.0);
  Matrix m2 = (n > 0).select((sxx - sx.square() / safe_n).max(0.0), 0.0);
  Matrix cross = (n > 0).select(sxy - sx * sx.transpose() / safe_n, 0.0);
  for (int i = 0; i < k; ++i) {
    // The matrix product need not round (i, j) and (j, i) alike; the cross product is one number.
    for (int j = i + 1; j < k; ++j) cross(j, i) = cross(i, j);
  }

  // Which columns are constant over which pairs' rows, exactly. The sums above carry a rounding
  // error below 2 r eps sxx, far under 1e-6 sxx: a larger m2 proves the column varies there.
  // The few pairs at or under it (constant ones, or nearly so) are settled by a scan.
  Matrix constant = Matrix::Constant(k, k, kNaN);
  for (int i = 0; i < k; ++i) {
    for (int j = 0; j < k; ++j) {
      if (n(i, j) == 0 || m2(i, j) > 1e-6 * sxx(i, j)) continue;
      double value = kNaN;
      bool same = true;
      for (Eigen::Index t = 0; t < r && same; ++t) {
        if (!std::isfinite(rows(t, i)) || !std::isfinite(rows(t, j))) continue;
        if (std::isnan(value)) {
          value = rows(t, i);
        } else {
          same = rows(t, i) == value;
        }
      }
      if (!same) continue;
      constant(i, j) = value;
      mean(i, j) = value - origin[i];
      m2(i, j) = 0;
      cross(i, j) = cross(j, i) = 0;
    }
  }
  if (k == k_) {
    MergeParts(n, mean, m2, cross, constant);
    return;
  }
  // Back in the full matrices; pairs with an absent column have no rows.
  Matrix full_n = Matrix::Zero(k_, k_), full_mean = Matrix::Zero(k_, k_);
  Matrix full_m2 = Matrix::Zero(k_, k_), full_cross = Matrix::Zero(k_, k_);
  Matrix full_constant = Matrix::Constant(k_, k_, kNaN);
  for (int i = 0; i < k; ++i) {
    for (int j = 0; j < k; ++j) {
      full_n(index[i], index[j]) = n(i, j);
      full_mean(index[i], index[j]) = mean(i, j);
      full_m2(index[i], index[j]) = m2(i, j);
      full_cross(index[i], index[j]) = cross(i, j);
      full_constant(index[i], index[j]) = constant(i, j);
    }
  }
  MergeParts(full_n, full_mean, full_m2, full_cross, full_constant);
}

void CoMoments::MergeParts(const Matrix& count, const Matrix& mean, const Matrix& m2,
                           const Matrix& cross, const Matrix& constant) {
  for (int i = 0; i < k_; ++i) {
    for (int j = 0; j < k_; ++j) {
      constant_(i, j) = MergeConstant(constant_(i, j), count_(i, j), constant(i, j), count(i, j));
    }
  }
  const Matrix total = count_ + count;
  const Matrix safe_total = (total > 0).select(total, 1.0);
  const Matrix delta = mean - mean_;
  const Matrix weight = count_ * count / safe_total;
  mean_ = mean_ + delta * (count / safe_total);
  m2_ = m2_ + m2 + delta.square() * weight;
  cross_ = cross_ + cross + delta * delta.transpose() * weight;
  count_ = total;
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
  MergeParts(other.count_, mean, other.m2_, other.cross_, other.constant_);
}

Value CoMoments::Pearson(int i, int j) const {
  if (count_(i, j) == 0) return Value::Undefined("no row has both values");
  if (!std::isnan(constant_(i, j)) || !std::isnan(constant_(j, i))) {
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
  for (auto* v : {&state.count, &state.mean, &state.m2, &state.cross, &state.constant}) {
    v->reserve(size);
  }
  state.is_constant.reserve(size);
  for (int i = 0; i < k_; ++i) {
    for (int j = 0; j < k_; ++j) {
      const bool is_constant = count_(i, j) > 0 && !std::isnan(constant_(i, j));
      state.count.push_back(count_(i, j));
      state.mean.push_back(mean_(i, j));
      state.m2.push_back(m2_(i, j));
      state.cross.push_back(cross_(i, j));
      // No NaN in the state, so it is plain JSON.
      state.constant.push_back(is_constant ? constant_(i, j) : 0.0);
      state.is_constant.push_back(is_constant ? 1 : 0);
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
  for (const auto* v : {&state.count, &state.mean, &state.m2, &state.cross, &state.constant}) {
    if (v->size() != size) return invalid("a matrix does not have columns x columns entries");
  }
  if (state.is_constant.size() != size) {
    return invalid("a matrix does not have columns x columns entries");
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
      if (!std::isfinite(state.mean[at]) || !(state.m2[at] >= 0) || !std::isfinite(state.m2[at]) ||
          !std::isfinite(state.constant[at]) || state.is_constant[at] > 1) {
        return invalid("means and constants must be finite and sums of squares non-negative");
      }
      out.count_(i, j) = n;
      if (n > 0) {
        out.mean_(i, j) = state.mean[at];
        out.m2_(i, j) = state.m2[at];
        out.cross_(i, j) = state.cross[at];
        out.constant_(i, j) = state.is_constant[at] ? state.constant[at] : kNaN;
      }
    }
  }
  return out;
}

}  // namespace mlgate::stats
