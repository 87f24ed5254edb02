// Regression metrics, as scikit-learn 1.2 computes them: root mean squared error, mean absolute
// error, median absolute error, R² (with force_finite) and mean absolute percentage error.
// Every function requires target and estimate of equal length and weights empty or of that
// length, and returns an error (kDataError) when there are no (drawn) rows.
#pragma once

#include <cstdint>
#include <span>

#include "checks/stats/metric_data.h"
#include "checks/status.h"

namespace mlgate::stats {

// mean_squared_error(squared=False).
StatusOr<double> RootMeanSquaredError(std::span<const double> target,
                                      std::span<const double> estimate, RowWeights weights = {});
// mean_absolute_error.
StatusOr<double> MeanAbsoluteError(std::span<const double> target, std::span<const double> estimate,
                                   RowWeights weights = {});
// median_absolute_error (numpy.median: the mean of the two middle values for an even count).
// `order` is the rows by ascending absolute error (sorted here when empty).
StatusOr<double> MedianAbsoluteError(std::span<const double> target,
                                     std::span<const double> estimate, RowWeights weights = {},
                                     std::span<const uint32_t> order = {});
// r2_score: 1 - SS_res / SS_tot; with a constant target, 1 for a perfect fit and 0 otherwise
// (force_finite=True). Error (kDataError) below two rows, where scikit-learn returns NaN.
StatusOr<double> R2Score(std::span<const double> target, std::span<const double> estimate,
                         RowWeights weights = {});
// mean_absolute_percentage_error: mean of |y - ŷ| / max(|y|, eps), eps = float64 epsilon (so a
// zero target gives a huge but finite term, as scikit-learn).
StatusOr<double> MeanAbsolutePercentageError(std::span<const double> target,
                                             std::span<const double> estimate,
                                             RowWeights weights = {});

}  // namespace mlgate::stats
