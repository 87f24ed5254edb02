// Encoding of model outputs into MetricData.
#include "checks/stats/metric_data.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <unordered_set>

namespace mlgate::stats {

LabelSet::LabelSet(std::vector<std::string> labels) : labels_(std::move(labels)) {
  std::sort(labels_.begin(), labels_.end());
  labels_.erase(std::unique(labels_.begin(), labels_.end()), labels_.end());
}

int32_t LabelSet::Code(std::string_view label) const {
  auto it = std::lower_bound(labels_.begin(), labels_.end(), label,
                             [](const std::string& a, std::string_view b) { return a < b; });
  if (it == labels_.end() || *it != label) return -1;
  return static_cast<int32_t>(it - labels_.begin());
}

std::span<const double> MetricData::BinaryScore() const {
  if (!score.empty()) return score;
  if (positive >= 0 && static_cast<size_t>(positive) < class_scores.size()) {
    return class_scores[static_cast<size_t>(positive)];
  }
  return {};
}

std::span<const uint32_t> MetricData::BinaryScoreOrder() const {
  if (!score.empty()) return score_order;
  if (positive >= 0 && static_cast<size_t>(positive) < class_score_order.size()) {
    return class_score_order[static_cast<size_t>(positive)];
  }
  return {};
}

std::vector<uint32_t> DescendingOrder(std::span<const double> values) {
  std::vector<uint32_t> order(values.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return values[a] > values[b]; });
  return order;
}

double TotalWeight(RowWeights weights, size_t rows) {
  if (weights.empty()) return static_cast<double>(rows);
  uint64_t total = 0;
  for (uint32_t w : weights) total += w;
  return static_cast<double>(total);
}

namespace {

Status CheckFinite(std::span<const double> values, const std::string& what) {
  for (size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      return DataError(what + " is not finite in row " + std::to_string(i + 1));
    }
  }
  return Status::Ok();
}

StatusOr<std::vector<int32_t>> Encode(const std::vector<std::string_view>& values,
                                      const LabelSet& classes, const std::string& what) {
  std::vector<int32_t> codes(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    codes[i] = classes.Code(values[i]);
    if (codes[i] < 0) {
      return DataError(what + " '" + std::string(values[i]) + "' in row " + std::to_string(i + 1) +
                       " is not one of the known classes");
    }
  }
  return codes;
}

}  // namespace

StatusOr<MetricData> MakeClassifierData(const ClassifierColumns& columns, const LabelSet* classes) {
  const size_t n = columns.truth.size();
  if (n == 0) return DataError("no rows to compute a metric on");
  if (n > UINT32_MAX) return DataError("too many rows for one metric computation");
  if (!columns.predicted.empty() && columns.predicted.size() != n) {
    return DataError("predictions and labels have different lengths");
  }
  if (!columns.score.empty() && columns.score.size() != n) {
    return DataError("scores and labels have different lengths");
  }
  if (columns.score_columns.size() != columns.score_classes.size()) {
    return DataError("score columns and their classes differ in number");
  }
  for (const auto& column : columns.score_columns) {
    if (column.size() != n) return DataError("a score column and the labels differ in length");
  }

  MetricData data;
  data.task = MetricTask::kClassification;
  if (classes != nullptr) {
    data.classes = *classes;
  } else {
    // Distinct values first: copying and sorting every row's text would dominate large inputs.
    std::unordered_set<std::string_view> seen(columns.truth.begin(), columns.truth.end());
    seen.insert(columns.predicted.begin(), columns.predicted.end());
    seen.insert(columns.score_classes.begin(), columns.score_classes.end());
    std::vector<std::string> all(seen.begin(), seen.end());
    data.classes = LabelSet(std::move(all));
  }

  auto truth = Encode(columns.truth, data.classes, "label");
  if (!truth.ok()) return truth.status();
  data.truth = std::move(*truth);
  if (!columns.predicted.empty()) {
    auto predicted = Encode(columns.predicted, data.classes, "prediction");
    if (!predicted.ok()) return predicted.status();
    data.predicted = std::move(*predicted);
  }
  data.positive_label = columns.positive_label;
  data.positive = columns.positive_label.empty() ? -1 : data.classes.Code(columns.positive_label);

  if (!columns.score.empty()) {
    MLGATE_RETURN_IF_ERROR(CheckFinite(columns.score, "score"));
    data.score = columns.score;
    data.score_order = DescendingOrder(data.score);
  }
  if (!columns.score_classes.empty()) {
    data.class_scores.resize(static_cast<size_t>(data.classes.size()));
    data.class_score_order.resize(data.class_scores.size());
    for (size_t j = 0; j < columns.score_classes.size(); ++j) {
      const std::string& name = columns.score_classes[j];
      int32_t code = data.classes.Code(name);
      if (code < 0) return DataError("score column class '" + name + "' is not a known class");
      auto& slot = data.class_scores[static_cast<size_t>(code)];
      if (!slot.empty()) return DataError("two score columns for class '" + name + "'");
      MLGATE_RETURN_IF_ERROR(
          CheckFinite(columns.score_columns[j], "score of class '" + name + "'"));
      slot = columns.score_columns[j];
      data.class_score_order[static_cast<size_t>(code)] = DescendingOrder(slot);
    }
  }
  return data;
}

StatusOr<MetricData> MakeRegressorData(std::vector<double> target, std::vector<double> estimate) {
  if (target.empty()) return DataError("no rows to compute a metric on");
  if (target.size() > UINT32_MAX) return DataError("too many rows for one metric computation");
  if (target.size() != estimate.size()) {
    return DataError("predictions and labels have different lengths");
  }
  MLGATE_RETURN_IF_ERROR(CheckFinite(target, "label"));
  MLGATE_RETURN_IF_ERROR(CheckFinite(estimate, "prediction"));
  MetricData data;
  data.task = MetricTask::kRegression;
  data.target = std::move(target);
  data.estimate = std::move(estimate);
  std::vector<double> abs_error(data.target.size());
  for (size_t i = 0; i < abs_error.size(); ++i) {
    abs_error[i] = std::fabs(data.target[i] - data.estimate[i]);
  }
  data.abs_error_order.resize(abs_error.size());
  std::iota(data.abs_error_order.begin(), data.abs_error_order.end(), 0u);
  std::sort(data.abs_error_order.begin(), data.abs_error_order.end(),
            [&](uint32_t a, uint32_t b) { return abs_error[a] < abs_error[b]; });
  return data;
}

}  // namespace mlgate::stats
