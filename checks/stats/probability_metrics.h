// Probability metrics, as scikit-learn 1.2 computes them: log loss (probabilities clipped to
// [eps, 1 - eps] with eps = float64 machine epsilon, then renormalised per row) and the binary
// Brier score.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "checks/stats/metric_data.h"
#include "checks/status.h"

namespace mlgate::stats {

// log_loss(y_true == positive, score, labels=[negative, positive]): `score` is the probability of
// the positive class (code `positive`). Requires equal lengths. Error (kDataError) when empty.
StatusOr<double> LogLossBinary(std::span<const int32_t> truth, int32_t positive,
                               std::span<const double> score, RowWeights weights = {});

// log_loss(y_true, columns, labels=classes with a column): `class_scores[c]` is the probability
// column of class code c, empty when the class has none. Errors (kDataError): fewer than two
// columns, a (drawn) row whose label has no column, no rows.
StatusOr<double> LogLossMulticlass(std::span<const int32_t> truth,
                                   const std::vector<std::vector<double>>& class_scores,
                                   RowWeights weights = {}, const LabelSet* classes = nullptr);

// brier_score_loss(y_true, score, pos_label=positive). Error (kDataError) when a score lies
// outside [0, 1] (scikit-learn raises) or there are no rows.
StatusOr<double> BrierScore(std::span<const int32_t> truth, int32_t positive,
                            std::span<const double> score, RowWeights weights = {});

}  // namespace mlgate::stats
