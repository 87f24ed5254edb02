// One model's per-row outputs in the compact form every metric reads: labels mapped to small
// integer codes, scores and values as doubles, and the sort orders that score and median metrics
// need. Built once per model; bootstrap replicates reuse it through row weights instead of
// copying rows or strings.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "checks/status.h"

namespace mlgate::stats {

// How many times each row is drawn in a bootstrap replicate. Empty means every row exactly once
// (the plain metric); otherwise it has one entry per row. A metric on weighted rows equals the
// metric on the data set where each row is repeated `weight` times.
using RowWeights = std::span<const uint32_t>;

// The classes of a classification problem in scikit-learn's order (sorted; byte order of UTF-8
// text is code point order, which is how numpy sorts strings). Codes are indices into labels().
class LabelSet {
 public:
  LabelSet() = default;
  // Sorts and removes duplicates.
  explicit LabelSet(std::vector<std::string> labels);

  // The code of `label`, or -1 when it is not in the set.
  int32_t Code(std::string_view label) const;
  const std::string& Label(int32_t code) const { return labels_[static_cast<size_t>(code)]; }
  int32_t size() const { return static_cast<int32_t>(labels_.size()); }
  const std::vector<std::string>& labels() const { return labels_; }

 private:
  std::vector<std::string> labels_;
};

enum class MetricTask { kClassification, kRegression };

// Everything a metric may read about one model on one set of rows. Fields a model does not have
// stay empty; a metric that needs them reports so (see metric_registry.h).
struct MetricData {
  MetricTask task = MetricTask::kClassification;

  // Classification. truth and predicted hold codes of `classes`.
  LabelSet classes;
  std::vector<int32_t> truth;
  std::vector<int32_t> predicted;  // empty when the model has no prediction column
  std::string positive_label;      // binary metrics: the positive class
  int32_t positive = -1;           // its code; -1 when the label is not among `classes`
  std::vector<double> score;       // binary: positive-class score per row; may be empty
  // Per class code, that class's score per row (multiclass `score_prefix` columns); a class
  // without a column has an empty vector. Empty altogether when the model has no such columns.
  std::vector<std::vector<double>> class_scores;
  // Rows by descending `score`, and by descending class_scores[c]; filled by the builders.
  std::vector<uint32_t> score_order;
  std::vector<std::vector<uint32_t>> class_score_order;

  // Regression.
  std::vector<double> target;             // y_true
  std::vector<double> estimate;           // y_pred
  std::vector<uint32_t> abs_error_order;  // rows by ascending |target - estimate|

  size_t rows() const { return task == MetricTask::kRegression ? target.size() : truth.size(); }
  bool has_class_scores() const { return !class_scores.empty(); }
  // The positive-class score: `score`, else the positive class's score column; empty if neither.
  std::span<const double> BinaryScore() const;
  std::span<const uint32_t> BinaryScoreOrder() const;
};

// A classifier's columns as text and numbers, before encoding.
struct ClassifierColumns {
  std::vector<std::string_view> truth;
  std::vector<std::string_view> predicted;         // may be empty
  std::string positive_label;                      // may be empty when no binary metric is used
  std::vector<double> score;                       // may be empty
  std::vector<std::string> score_classes;          // the class each score column stands for
  std::vector<std::vector<double>> score_columns;  // parallel to score_classes
};

// Encodes `columns`. `classes` is the label set to use (so that two models share codes); when
// null it is the sorted union of truth, predicted and score_classes. Errors (kDataError): columns
// of unequal length, no rows, a label or score class not in `classes`, a duplicate score class,
// a non-finite score.
StatusOr<MetricData> MakeClassifierData(const ClassifierColumns& columns,
                                        const LabelSet* classes = nullptr);

// Regression data. Errors (kDataError): unequal lengths, no rows, a non-finite value.
StatusOr<MetricData> MakeRegressorData(std::vector<double> target, std::vector<double> estimate);

// Indices of `values` sorted descending (ties in index order).
std::vector<uint32_t> DescendingOrder(std::span<const double> values);

// Sum of the weights (the replicate's row count), or the row count when weights are empty.
double TotalWeight(RowWeights weights, size_t rows);

}  // namespace mlgate::stats
