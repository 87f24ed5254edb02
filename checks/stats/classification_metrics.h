// Label-based classification metrics, as scikit-learn 1.2 computes them: confusion matrix,
// accuracy, balanced accuracy, and precision / recall / F1 with binary, macro, micro and weighted
// averaging (zero_division="warn": an undefined ratio counts as 0).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "checks/stats/metric_data.h"
#include "checks/status.h"

namespace mlgate::stats {

// Counts of (true class, predicted class) over the codes 0..k-1 of a LabelSet.
struct ConfusionMatrix {
  int32_t k = 0;
  std::vector<int64_t> counts;  // row-major: counts[true * k + predicted]

  int64_t at(int32_t true_code, int32_t predicted_code) const {
    return counts[static_cast<size_t>(true_code) * static_cast<size_t>(k) +
                  static_cast<size_t>(predicted_code)];
  }
  int64_t Total() const;
  std::vector<int64_t> TrueTotals() const;       // per class: rows whose label is the class
  std::vector<int64_t> PredictedTotals() const;  // per class: rows predicted as the class
  // Classes that occur as a label or a prediction, ascending: scikit-learn's `unique_labels`.
  std::vector<int32_t> PresentCodes() const;
};

// Requires truth and predicted of equal length holding codes in [0, k), and weights empty or of
// that length.
ConfusionMatrix CountConfusion(std::span<const int32_t> truth, std::span<const int32_t> predicted,
                               int32_t k, RowWeights weights = {});

// accuracy_score. Error (kDataError) when there are no rows.
StatusOr<double> Accuracy(const ConfusionMatrix& cm);

// balanced_accuracy_score: mean recall over the classes present as labels (classes that are only
// predicted are left out, as scikit-learn does). Error when there are no rows.
StatusOr<double> BalancedAccuracy(const ConfusionMatrix& cm);

enum class Average { kBinary, kMacro, kMicro, kWeighted };

struct PrecisionRecallF1 {
  double precision = 0;
  double recall = 0;
  double f1 = 0;
};

// precision_recall_fscore_support(average=...) over the present classes. kBinary scores the
// class `positive` (a code, or -1 when the positive label occurs nowhere) and, as scikit-learn,
// is an error (kInvalidArgument) when labels and predictions hold more than two classes, or two
// classes neither of which is the positive one. Error (kDataError) when there are no rows.
StatusOr<PrecisionRecallF1> PrecisionRecallF1Score(const ConfusionMatrix& cm, Average average,
                                                   int32_t positive = -1,
                                                   std::string_view positive_label = "");

}  // namespace mlgate::stats
