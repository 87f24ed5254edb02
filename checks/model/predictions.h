// What the model check kinds share: finding a model's columns in its predictions table,
// resolving its positive class, scanning its outputs for non-finite values (rubric monitor-5),
// and turning chosen rows into metric inputs.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "checks/check.h"
#include "checks/result.h"
#include "checks/stats/metric_data.h"
#include "checks/stats/metric_registry.h"

namespace mlgate {

// One model's predictions table and where each of its declared columns sits in it.
struct ModelTable {
  const ModelSpec* spec = nullptr;
  const Table* table = nullptr;
  int label = -1;
  int prediction = -1;
  int score = -1;                          // -1 when the model declares no `score`
  int id = -1;                             // -1 when the model declares no `id`
  std::vector<std::string> score_classes;  // classes of the `score_prefix` columns
  std::vector<int> score_columns;          // their column indices
  std::string positive;  // the positive class: `positive`, else "1" or "true" when a label is
                         // spelled so (any case for "true"), else ""

  const std::string& name() const { return spec->name; }
  // Rows whose label cell is not missing, in file order; the others are excluded from metrics.
  std::vector<size_t> LabelledRows() const;
};

// Looks the model up and finds its columns. Errors: the model or its table cannot be had
// (their Status, kNotFound when absent), or a declared column is missing from the table
// (kDataError, with a "did you mean" hint).
StatusOr<ModelTable> OpenModelTable(const Inputs& inputs, const std::string& model);

// The dataset to plan with Planner::NeedTable for `model`, or "" when the context does not know.
std::string PredictionsDataset(const CheckContext& context, const std::string& model);

// Outputs the model should never produce: a missing or non-numeric prediction (regression),
// a missing prediction (classification), a score that is missing, not a finite number, or
// outside [0, 1]. All rows are scanned, labelled or not.
struct NonFinite {
  int64_t count = 0;
  int64_t first_line = 0;
  std::string first_column;
  std::string first_value;
  std::string first_reason;  // "not a finite number", "outside [0, 1]", "missing"
};
NonFinite ScanOutputs(const ModelTable& model, stats::MetricTask task);

// The failed result for non-finite outputs: subject = the model's name, statistic
// `non_finite`, rubric monitor-5.
Result NonFiniteResult(const ModelTable& model, const NonFinite& bad);

// Every class name `rows` of the model mention (labels, predictions) and its score classes.
std::vector<std::string> ClassNames(const ModelTable& model, std::span<const size_t> rows);

// Metric inputs for `rows` of the table, in that order. Classification codes come from
// `classes` (which must hold every name ClassNames gives). Errors (kDataError): a regression
// label that is not a number (naming its line); anything MakeClassifierData refuses.
StatusOr<stats::MetricData> BuildMetricData(const ModelTable& model, std::span<const size_t> rows,
                                            stats::MetricTask task, const stats::LabelSet& classes);

// The confusion matrix of `data` over the classes present, for a result's details:
// {"labels": [...], "matrix": [[...]]} (rows are labels, columns predictions).
nlohmann::json ConfusionDetails(const stats::MetricData& data);

// Up to three of `values`, quoted and comma-separated, with ", ..." when there are more: for
// messages that list offending ids.
std::string QuotedExamples(const std::vector<std::string>& values);

// A number as the comparison text shows it: shortest exact form for round numbers, otherwise
// six significant digits; "inf", "-inf" and "nan" (whatever its sign bit) when not finite.
std::string ShowNumber(double value);

}  // namespace mlgate
