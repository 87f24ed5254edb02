// The metrics a gate may name (DESIGN §8), each with what it reads, whether higher is better,
// and how to compute it from MetricData, so checks look metrics up by name.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "checks/stats/metric_data.h"
#include "checks/status.h"

namespace mlgate::stats {

// What a metric reads besides the labels.
enum class MetricInputs {
  kPredictions,  // the predicted label or value
  kBinaryScore,  // the positive-class score (`score`, or the positive class's score column)
  kClassScores,  // one score column per class (`score_prefix`)
  kAnyScores,    // class score columns when present, else the positive-class score
};

struct MetricInfo {
  std::string_view name;
  MetricTask task;
  MetricInputs inputs;
  bool higher_is_better;
  bool binary;  // scores one positive class (needs MetricData::positive_label)
  std::string_view summary;
  // Requires data of `task` that has the inputs (see Supports). Errors (kInvalidArgument,
  // kDataError) say why the data cannot support the metric, e.g. one class present for roc_auc.
  StatusOr<double> (*compute)(const MetricData& data, RowWeights weights);
};

// Every metric, in documentation order.
std::span<const MetricInfo> AllMetrics();
// The metric called `name`, or null.
const MetricInfo* FindMetric(std::string_view name);
// As FindMetric; an unknown name is an error (kInvalidArgument) listing the known names.
StatusOr<const MetricInfo*> LookupMetric(std::string_view name);

// Whether `data` has what `metric` reads; the error (kInvalidArgument) names what is missing,
// e.g. "roc_auc needs the positive-class score: the model declares no `score`".
Status Supports(const MetricInfo& metric, const MetricData& data);

// Supports, then compute. `weights` as in RowWeights.
StatusOr<double> ComputeMetric(const MetricInfo& metric, const MetricData& data,
                               RowWeights weights = {});

}  // namespace mlgate::stats
