// Streaming, mergeable co-moments of k numeric columns over pairwise-complete rows: for every
// pair of columns (i, j), over the rows where both are present, their count, each column's mean
// and sum of squared deviations, the cross product of deviations, and whether each column is
// constant there. From these come Pearson correlations as pandas.DataFrame.corr() computes them
// (it also drops missing values pair by pair), in one pass, merged across chunks and threads.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "checks/stats/value.h"

namespace mlgate::stats {

// The plain state of CoMoments, k x k matrices stored row-major, for storing in a profile.
// Entry (i, j) of `mean`, `m2`, `is_constant`, `constant` describes column i over the rows where
// i and j are both present (`constant` is its value there when `is_constant` is 1, else 0);
// `count` and `cross` are symmetric. Means are stored relative to `origin` (one value per
// column, the first one seen), so means of values far from zero keep the precision of their
// differences.
struct CoMomentsState {
  int columns = 0;
  std::vector<double> origin;
  std::vector<double> count, mean, m2, cross, constant;
  std::vector<uint8_t> is_constant;
};

class CoMoments {
 public:
  // Requires columns >= 0.
  explicit CoMoments(int columns);

  int columns() const { return k_; }

  // Adds one row of `columns()` values; NaN (or an infinity) marks a missing value. Welford's
  // update in pandas' nancorr order of operations, on values less the column's origin. A row of
  // the wrong length is ignored (a bug in the caller; asserted in debug builds).
  void AddRow(std::span<const double> row);

  // Adds a block of rows (rows x columns(), NaN missing) through matrix products: much faster
  // than AddRow for many columns; agrees with it to rounding. A block of the wrong width is
  // ignored (asserted in debug builds).
  void AddRows(const Eigen::Ref<const Eigen::MatrixXd>& rows);

  // Combines with the co-moments of disjoint rows (Chan et al.'s pairwise update). Merging in a
  // fixed order gives the same bits whatever the thread count. Requires equal column counts
  // (otherwise ignored, asserted in debug builds).
  void Merge(const CoMoments& other);

  // Rows where both columns are present.
  int64_t Count(int i, int j) const { return static_cast<int64_t>(count_(i, j)); }

  // Pearson's r over the rows where both columns are present. Undefined when no row has both,
  // or when either column is constant over those rows (pandas gives NaN in both cases).
  Value Pearson(int i, int j) const;

  // Sample covariance (ddof = 1) over the rows where both are present; undefined below 2 rows.
  Value Covariance(int i, int j) const;

  // All Pearson correlations; NaN where undefined. The diagonal is 1 for non-constant columns.
  Eigen::MatrixXd PearsonMatrix() const;

  CoMomentsState ToState() const;
  // nullopt with `why_invalid` set when the matrices are not k x k or hold impossible values
  // (negative counts or sums of squares, asymmetric counts or cross products).
  static std::optional<CoMoments> FromState(const CoMomentsState& state, std::string* why_invalid);

 private:
  using Matrix = Eigen::Array<double, Eigen::Dynamic, Eigen::Dynamic>;
  void MergeParts(const Matrix& count, const Matrix& mean, const Matrix& m2, const Matrix& cross,
                  const Matrix& constant);
  // AddRows over the columns `index` names (rows has one column per entry, in that order).
  void AddColumns(const Eigen::Ref<const Eigen::MatrixXd>& rows, std::span<const int> index);
  // Gives column c the origin `value` if nothing has been seen in it yet.
  void SetOriginIfUnseen(int c, double value);

  int k_;
  Eigen::ArrayXd origin_;  // per column; meaningful once count_(c, c) > 0
  Matrix count_, mean_, m2_, cross_;
  // Column i's value if it is the same on every row where i and j are present, NaN if it
  // varies there (meaningful once count_(i, j) > 0). Exact, so a constant column never passes
  // for one with a tiny variance.
  Matrix constant_;
};

}  // namespace mlgate::stats
