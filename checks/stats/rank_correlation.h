// Spearman's rank correlation as pandas.DataFrame.corr(method="spearman") computes it: over the
// rows where both columns are present, average ranks (ties share the mean of their positions),
// then Pearson's r of the ranks. Needs the values themselves, not a streaming summary.
#pragma once

#include <Eigen/Core>
#include <span>
#include <vector>

#include "checks/stats/value.h"

namespace mlgate::stats {

// 1-based ranks with ties averaged (scipy.stats.rankdata(method="average")). NaN values are
// not allowed (the caller drops missing values first).
std::vector<double> AverageRanks(std::span<const double> values);

// Spearman's rho of x and y (same length; NaN or infinite marks a missing value) over the rows
// where both are present. Undefined when the lengths differ, no row has both, or either column
// is constant over those rows (pandas gives NaN).
Value Spearman(std::span<const double> x, std::span<const double> y);

// All pairwise Spearman correlations of the columns of `rows` (rows x k, NaN missing); NaN
// where undefined. Ranks are computed once per column and recomputed only for pairs whose
// missing values differ, as pandas does.
Eigen::MatrixXd SpearmanMatrix(const Eigen::Ref<const Eigen::MatrixXd>& rows);

// Pearson's r of x and y over the rows where both are present, by pandas' Welford recursion
// (the reference CoMoments must agree with). Undefined as Spearman.
Value PearsonPairwise(std::span<const double> x, std::span<const double> y);

}  // namespace mlgate::stats
