// Score-ranking metrics, as scikit-learn 1.2 computes them: binary ROC AUC (trapezoids on the
// ROC curve, tied scores forming one step), multiclass one-vs-rest macro ROC AUC, and average
// precision (the step-function sum over precision_recall_curve).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "checks/stats/metric_data.h"
#include "checks/status.h"

namespace mlgate::stats {

// Scored rows of a binary problem: a row is positive when its truth code equals `positive`.
struct BinaryScores {
  std::span<const int32_t> truth;
  int32_t positive = -1;
  std::span<const double> score;
  std::span<const uint32_t> order;  // rows by descending score; empty: sorted on each call
};

// roc_auc_score. Error (kDataError) when the (weighted) rows hold only positives or only
// negatives: scikit-learn raises "Only one class present in y_true" there.
StatusOr<double> RocAuc(const BinaryScores& rows, RowWeights weights = {});

// average_precision_score. With no positive row, 0 (scikit-learn warns and returns 0).
// Error (kDataError) only when there are no rows.
StatusOr<double> AveragePrecision(const BinaryScores& rows, RowWeights weights = {});

// roc_auc_score(multi_class="ovr", average="macro"): the mean over classes of the binary AUC of
// "this class" against the rest, using that class's score column. `class_scores[c]` is the
// column of class code c (empty when the class has none); `orders[c]` its rows by descending
// score (may be empty). As scikit-learn: an error (kDataError) when a label has no score column,
// a score column's class is absent from the labels, fewer than two classes are present, or the
// columns do not sum to 1 in some row (numpy.allclose tolerances). With exactly two classes the
// result is the mean of the two one-vs-rest AUCs (equal to the binary AUC when the two columns
// sum to 1), where scikit-learn would insist on the binary form. `classes`, when given, names
// the classes in messages.
StatusOr<double> RocAucOvr(std::span<const int32_t> truth,
                           const std::vector<std::vector<double>>& class_scores,
                           const std::vector<std::vector<uint32_t>>& orders,
                           RowWeights weights = {}, const LabelSet* classes = nullptr);

}  // namespace mlgate::stats
