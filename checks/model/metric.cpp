// The `metric` check kind: bounds on one model metric (scikit-learn semantics, DESIGN §8),
// overall and on each value of slice columns (rubric model-6), and optionally a required
// improvement over a trivial baseline fitted on the labels (rubric model-5). Slice columns come
// from the predictions file or from a declared dataset joined to it by id. Non-finite model
// outputs fail on their own (rubric monitor-5) and are never turned into a NaN metric; a metric
// that is itself not finite is an error, never compared with a bound.
#include "checks/model/metric.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <optional>
#include <unordered_map>

#include "checks/model/predictions.h"
#include "checks/stats/baseline.h"

namespace mlgate {
namespace {

struct MetricOptions {
  std::string model;
  std::string dataset;  // holds the model's predictions ("" when unknown at planning)
  const stats::MetricInfo* metric = nullptr;
  std::optional<double> min, max;
  std::vector<std::string> slices;
  std::string slice_dataset;  // "" when the slice columns are in the predictions file
  std::string slice_id;       // the slice dataset's id column; "" for the model's `id`
  int64_t min_slice_size = 30;
  bool vs_trivial = false;
  double min_improvement = 0;
};

// Where a model's slice columns are read: a table, and for each predictions row the row of that
// table describing the same example.
struct SliceSource {
  const Table* table = nullptr;
  std::vector<size_t> row_of;  // indexed by predictions row; only labelled rows are filled
  nlohmann::json details;      // how the rows were joined, for each slice result
};

class MetricCheck : public Check {
 public:
  explicit MetricCheck(MetricOptions options) : o_(std::move(options)) {}

  void Plan(Planner& planner) override {
    if (!o_.dataset.empty()) planner.NeedTable(o_.dataset);
    if (!o_.slice_dataset.empty()) planner.NeedTable(o_.slice_dataset);
  }

  std::vector<Result> Judge(const Inputs& inputs) const override {
    const std::string name(o_.metric->name);
    auto model = OpenModelTable(inputs, o_.model);
    if (!model.ok()) return {Error(name, model.status().message())};
    NonFinite bad = ScanOutputs(*model, o_.metric->task);
    if (bad.count > 0) {
      return {NonFiniteResult(*model, bad),
              Error(name, fmt::format("not judged: model '{}' has {} unusable outputs (see its "
                                      "non_finite result)",
                                      o_.model, bad.count))};
    }
    std::vector<size_t> rows = model->LabelledRows();
    const int64_t unlabelled = static_cast<int64_t>(model->table->rows.size() - rows.size());
    stats::LabelSet classes(ClassNames(*model, rows));
    auto data = BuildMetricData(*model, rows, o_.metric->task, classes);
    if (!data.ok()) return {Error(name, data.status().message())};
    Status supported = stats::Supports(*o_.metric, *data);
    if (!supported.ok())
      return {Error(name, fmt::format("model '{}': {}", o_.model, supported.message()))};

    std::vector<Result> results;
    auto value = stats::ComputeMetric(*o_.metric, *data);
    if (!value.ok()) {
      results.push_back(Error(name, value.status().message()));
    } else {
      nlohmann::json details = {
          {"model", o_.model}, {"rows", rows.size()}, {"unlabelled_rows", unlabelled}};
      nlohmann::json confusion = ConfusionDetails(*data);
      if (!confusion.is_null()) details["confusion_matrix"] = std::move(confusion);
      if (o_.min || o_.max) results.push_back(Bounds(name, *value, details));
      if (o_.vs_trivial) results.push_back(VersusTrivial(name, *value, *data, details));
    }
    if (o_.slices.empty()) return results;
    auto source = Slices(inputs, *model, rows);
    for (const std::string& column : o_.slices) {
      if (source.ok()) {
        JudgeSlices(*model, rows, classes, column, *source, results);
      } else {
        results.push_back(Error(fmt::format("{}@{}", name, column), source.status().message()));
      }
    }
    return results;
  }

 private:
  static Result Make(const std::string& subject, const std::string& statistic) {
    Result r;
    r.subject = subject;
    r.statistic = statistic;
    return r;
  }

  Result Error(const std::string& subject, const std::string& message) const {
    Result r = ErrorResult(subject, message);
    r.statistic = std::string(o_.metric->name);
    return r;
  }

  std::string BoundsText() const {
    const std::string name(o_.metric->name);
    if (o_.min && o_.max) {
      return fmt::format("{} <= {} <= {}", ShowNumber(*o_.min), name, ShowNumber(*o_.max));
    }
    if (o_.min) return fmt::format("{} >= {}", name, ShowNumber(*o_.min));
    return fmt::format("{} <= {}", name, ShowNumber(*o_.max));
  }

  // NaN compares false with every bound, so without this a NaN metric would pass. With finite
  // inputs only an overflow of double precision gets here (scikit-learn returns the same NaN or
  // infinity, with a RuntimeWarning).
  Result NotFinite(const std::string& subject, const std::string& what, double value,
                   nlohmann::json details) const {
    Result r =
        Error(subject, fmt::format("{} = {} on {} rows is not a finite number (a sum over "
                                   "the rows overflows double precision); it cannot be "
                                   "judged",
                                   what, ShowNumber(value), details.value("rows", size_t{0})));
    r.details = std::move(details);
    return r;
  }

  Result Bounds(const std::string& subject, double value, nlohmann::json details) const {
    if (!std::isfinite(value)) {
      return NotFinite(subject, std::string(o_.metric->name), value, std::move(details));
    }
    Result r = Make(subject, std::string(o_.metric->name));
    r.observed = value;
    r.comparison = BoundsText();
    r.details = std::move(details);
    const bool below = o_.min && value < *o_.min;
    const bool above = o_.max && value > *o_.max;
    r.threshold = below ? *o_.min : above ? *o_.max : o_.min ? *o_.min : *o_.max;
    r.outcome = below || above ? Outcome::kFail : Outcome::kPass;
    const auto rows = r.details.value("rows", size_t{0});
    r.message = below   ? fmt::format("{} = {} on {} rows, below the minimum {}", o_.metric->name,
                                      ShowNumber(value), rows, ShowNumber(*o_.min))
                : above ? fmt::format("{} = {} on {} rows, above the maximum {}", o_.metric->name,
                                      ShowNumber(value), rows, ShowNumber(*o_.max))
                        : fmt::format("{} = {} on {} rows, within {}", o_.metric->name,
                                      ShowNumber(value), rows, r.comparison);
    return r;
  }

  Result VersusTrivial(const std::string& name, double value, const stats::MetricData& data,
                       nlohmann::json details) const {
    const std::string subject = name + " vs trivial";
    if (!std::isfinite(value)) return NotFinite(subject, name, value, std::move(details));
    stats::TrivialModel trivial = stats::FitTrivial(data);
    auto baseline = stats::ComputeMetric(*o_.metric, stats::PredictTrivial(trivial, data));
    if (!baseline.ok()) {
      return Error(subject, fmt::format("the trivial baseline ({}) has no {}: {}",
                                        trivial.description, name, baseline.status().message()));
    }
    if (!std::isfinite(*baseline)) {
      return NotFinite(subject,
                       fmt::format("{} of the trivial baseline ({})", name, trivial.description),
                       *baseline, std::move(details));
    }
    const bool higher = o_.metric->higher_is_better;
    Result r = Make(subject, name);
    r.observed = value;
    r.threshold = higher ? *baseline + o_.min_improvement : *baseline - o_.min_improvement;
    r.comparison = fmt::format(
        "{} {} {} (trivial {} {} {})", name, higher ? ">=" : "<=", ShowNumber(*r.threshold),
        ShowNumber(*baseline), higher ? "+" : "-", ShowNumber(o_.min_improvement));
    const double improvement = higher ? value - *baseline : *baseline - value;
    details["baseline"] = trivial.description;
    details["baseline_value"] = *baseline;
    details["improvement"] = improvement;
    details["min_improvement"] = o_.min_improvement;
    r.details = std::move(details);
    const bool ok = higher ? value >= *r.threshold : value <= *r.threshold;
    r.outcome = ok ? Outcome::kPass : Outcome::kFail;
    r.message = fmt::format(
        "{} = {} against {} for the trivial baseline, {}: improvement {} {} "
        "the required {}",
        name, ShowNumber(value), ShowNumber(*baseline), trivial.description,
        ShowNumber(improvement), ok ? "meets" : "falls short of", ShowNumber(o_.min_improvement));
    return r;
  }

  // The table holding the slice columns. With `slice_dataset`, every labelled predictions row
  // must find exactly one dataset row with its id: an id the dataset lacks, a duplicated id or a
  // row without an id is an error, because dropping such rows would judge slices on fewer
  // examples than the overall metric without saying so.
  StatusOr<SliceSource> Slices(const Inputs& inputs, const ModelTable& model,
                               const std::vector<size_t>& rows) const {
    SliceSource source;
    source.row_of.assign(model.table->rows.size(), 0);
    if (o_.slice_dataset.empty()) {
      source.table = model.table;
      for (size_t row : rows) source.row_of[row] = row;
      return source;
    }
    if (model.id < 0) {
      return InvalidArgument(
          fmt::format("slice_dataset '{}' is joined to the predictions by id, but model '{}' "
                      "declares no 'id'",
                      o_.slice_dataset, o_.model));
    }
    auto table = inputs.DatasetTable(o_.slice_dataset);
    if (!table.ok()) {
      return table.status().WithPrefix(fmt::format("slice_dataset '{}'", o_.slice_dataset));
    }
    const Table& t = **table;
    const std::string id_column = o_.slice_id.empty() ? model.spec->id : o_.slice_id;
    const int id = t.ColumnIndex(id_column);
    if (id < 0) {
      std::string hint = ClosestMatch(id_column, t.columns);
      return DataError(fmt::format("slice_dataset '{}': its id column '{}' is not in {}{}",
                                   o_.slice_dataset, id_column, t.source,
                                   hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
    }
    std::unordered_map<std::string_view, size_t> index;
    std::vector<std::string> duplicates;
    int64_t without_id = 0;
    for (size_t row = 0; row < t.rows.size(); ++row) {
      const std::string& cell = t.rows[row][static_cast<size_t>(id)];
      if (t.IsNull(cell)) {
        ++without_id;
      } else if (!index.emplace(cell, row).second) {
        duplicates.push_back(cell);
      }
    }
    if (without_id > 0) {
      return DataError(fmt::format("slice_dataset '{}': {} rows of {} have no id in column '{}'",
                                   o_.slice_dataset, without_id, t.source, id_column));
    }
    if (!duplicates.empty()) {
      return DataError(fmt::format("slice_dataset '{}': {} duplicate ids in column '{}' of {} ({})",
                                   o_.slice_dataset, duplicates.size(), id_column, t.source,
                                   QuotedExamples(duplicates)));
    }
    std::vector<std::string> unmatched;
    int64_t predictions_without_id = 0;
    for (size_t row : rows) {
      const std::string& cell = model.table->rows[row][static_cast<size_t>(model.id)];
      if (model.table->IsNull(cell)) {
        ++predictions_without_id;
        continue;
      }
      auto it = index.find(cell);
      if (it == index.end()) {
        unmatched.push_back(cell);
      } else {
        source.row_of[row] = it->second;
      }
    }
    if (predictions_without_id > 0) {
      return DataError(fmt::format(
          "model '{}': {} labelled rows of {} have no id in column '{}' to join slice_dataset "
          "'{}' by",
          o_.model, predictions_without_id, model.table->source, model.spec->id, o_.slice_dataset));
    }
    if (!unmatched.empty()) {
      return DataError(
          fmt::format("slice_dataset '{}': {} ids of model '{}' are not in column '{}' of {} ({})",
                      o_.slice_dataset, unmatched.size(), o_.model, id_column, t.source,
                      QuotedExamples(unmatched)));
    }
    source.table = &t;
    source.details = {{"slice_dataset", o_.slice_dataset},
                      {"join", fmt::format("id column '{}' of the predictions to column '{}' of {}",
                                           model.spec->id, id_column, t.source)}};
    return source;
  }

  void JudgeSlices(const ModelTable& model, const std::vector<size_t>& rows,
                   const stats::LabelSet& classes, const std::string& column,
                   const SliceSource& source, std::vector<Result>& results) const {
    const std::string name(o_.metric->name);
    const Table& table = *source.table;
    const int index = table.ColumnIndex(column);
    if (index < 0) {
      std::string hint = ClosestMatch(column, table.columns);
      results.push_back(
          Error(fmt::format("{}@{}", name, column),
                fmt::format("slice column '{}' is not in {}{}", column, table.source,
                            hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint))));
      return;
    }
    std::map<std::string, std::vector<size_t>> groups;  // sorted by value: stable report order
    for (size_t row : rows) {
      const std::string& cell = table.rows[source.row_of[row]][static_cast<size_t>(index)];
      groups[table.IsNull(cell) ? "(missing)" : cell].push_back(row);
    }
    for (const auto& [value, slice_rows] : groups) {
      const std::string subject = fmt::format("{}@{}={}", name, column, value);
      nlohmann::json details = {{"model", o_.model},
                                {"slice_column", column},
                                {"slice_value", value},
                                {"rows", slice_rows.size()},
                                {"min_slice_size", o_.min_slice_size}};
      if (!source.details.is_null()) details.update(source.details);
      if (static_cast<int64_t>(slice_rows.size()) < o_.min_slice_size) {
        Result r = Make(subject, name);
        r.outcome = Outcome::kSkip;
        r.details = std::move(details);
        r.message = fmt::format("slice {}={} has {} labelled rows, fewer than min_slice_size {}",
                                column, value, slice_rows.size(), o_.min_slice_size);
        results.push_back(std::move(r));
        continue;
      }
      auto data = BuildMetricData(model, slice_rows, o_.metric->task, classes);
      StatusOr<double> metric =
          data.ok() ? stats::ComputeMetric(*o_.metric, *data) : StatusOr<double>(data.status());
      if (!metric.ok()) {
        Result r = Error(subject, metric.status().message());
        r.details = std::move(details);
        results.push_back(std::move(r));
        continue;
      }
      nlohmann::json confusion = ConfusionDetails(*data);
      if (!confusion.is_null()) details["confusion_matrix"] = std::move(confusion);
      Result r = Bounds(subject, *metric, std::move(details));
      results.push_back(std::move(r));
    }
  }

  MetricOptions o_;
};

// Reads the metric name and reports an unknown one with a "did you mean" hint.
const stats::MetricInfo* ReadMetric(OptionReader& options) {
  std::string name = options.RequiredString("metric");
  if (name.empty()) return nullptr;
  if (const stats::MetricInfo* m = stats::FindMetric(name)) return m;
  std::vector<std::string> names;
  for (const auto& m : stats::AllMetrics()) names.emplace_back(m.name);
  std::string hint = ClosestMatch(name, names);
  options.Error("metric",
                fmt::format("{}: unknown metric '{}'{}; known metrics: {}", options.what(), name,
                            hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint),
                            fmt::join(names, ", ")));
  return nullptr;
}

std::unique_ptr<Check> CreateMetricCheck(OptionReader& options, const CheckContext& context) {
  MetricOptions o;
  o.model = context.ModelRef(options, "model", true);
  o.dataset = PredictionsDataset(context, o.model);
  o.metric = ReadMetric(options);
  o.min = options.OptionalDouble("min");
  o.max = options.OptionalDouble("max");
  o.slices = options.StringList("slices");
  o.slice_dataset = context.DatasetRef(options, "slice_dataset", false);
  o.slice_id = options.String("slice_id", "");
  o.min_slice_size = options.Int("min_slice_size", 30, 1);
  auto vs = options.OptionalString("vs");
  o.min_improvement = options.Double("min_improvement", 0);
  bool valid = o.metric != nullptr && !o.model.empty();
  if (vs) {
    if (*vs == "trivial") {
      o.vs_trivial = true;
    } else {
      options.Error("vs", fmt::format("{}: 'vs' must be 'trivial' (a baseline fitted on the "
                                      "labels), not '{}'",
                                      options.what(), *vs));
      valid = false;
    }
  }
  if (options.Has("min_improvement") && !vs) {
    options.Error("min_improvement",
                  fmt::format("{}: 'min_improvement' applies to 'vs: trivial'", options.what()));
    valid = false;
  }
  if (!o.min && !o.max && !vs) {
    options.Error(options.node(), fmt::format("{}: give 'min', 'max' or 'vs: trivial' (nothing "
                                              "to judge the metric against)",
                                              options.what()));
    valid = false;
  }
  if (!o.slices.empty() && !o.min && !o.max) {
    options.Error("slices", fmt::format("{}: 'slices' are judged against 'min'/'max'; give one",
                                        options.what()));
    valid = false;
  }
  if (options.Has("slice_dataset") && o.slices.empty()) {
    options.Error("slice_dataset", fmt::format("{}: 'slice_dataset' supplies the columns named "
                                               "in 'slices'; give 'slices'",
                                               options.what()));
    valid = false;
  }
  if (options.Has("slice_id") && !options.Has("slice_dataset")) {
    options.Error("slice_id", fmt::format("{}: 'slice_id' names the id column of "
                                          "'slice_dataset'; give 'slice_dataset'",
                                          options.what()));
    valid = false;
  }
  if (o.min && o.max && *o.min > *o.max) {
    options.Error("min", fmt::format("{}: 'min' ({}) exceeds 'max' ({})", options.what(),
                                     ShowNumber(*o.min), ShowNumber(*o.max)));
    valid = false;
  }
  if (!valid) return nullptr;
  return std::make_unique<MetricCheck>(std::move(o));
}

}  // namespace

std::vector<std::string> MetricCheckRubric(const YAML::Node& check) {
  std::vector<std::string> ids;
  if (check.IsMap() && check["slices"].IsDefined() && !check["slices"].IsNull()) {
    ids.push_back("model-6");
  }
  if (check.IsMap() && check["vs"].IsDefined() && !check["vs"].IsNull()) ids.push_back("model-5");
  // Plain bounds on a metric validate model quality before it is served.
  if (ids.empty()) ids.push_back("infra-4");
  return ids;
}

KindInfo MetricCheckKind() {
  KindInfo info;
  info.name = "metric";
  info.family = "model";
  info.summary =
      "Bounds on a model metric (scikit-learn semantics), overall and per slice value (slice "
      "columns from the predictions file, or from a dataset joined by id); optionally an "
      "improvement required over a trivial baseline (majority class / class priors / mean). "
      "Non-finite model outputs fail on their own (statistic non_finite); a metric that is not "
      "finite is an error. Rubric: model-6 with slices, model-5 with vs, else infra-4.";
  std::string metrics;
  for (const auto& m : stats::AllMetrics()) {
    metrics += (metrics.empty() ? "" : ", ") + std::string(m.name);
  }
  info.options = {
      {"model", "model name", "", "the model whose predictions are scored (required)"},
      {"metric", "metric name", "", "one of: " + metrics + " (required)"},
      {"min", "number", "", "the metric must be at least this"},
      {"max", "number", "", "the metric must be at most this"},
      {"slices", "list of columns", "",
       "columns of the predictions file (or of slice_dataset); one result per value, subject "
       "metric@column=value, judged against min/max"},
      {"slice_dataset", "dataset name", "",
       "a declared dataset holding the slice columns, joined to the predictions by id; a "
       "prediction whose id the dataset lacks, or a missing or duplicated id in it, is an error"},
      {"slice_id", "column", "the model's id",
       "the id column of slice_dataset (ids are compared as text)"},
      {"min_slice_size", "integer", "30", "slices with fewer labelled rows are skipped"},
      {"vs", "trivial", "",
       "also compare with the trivial baseline fitted on the labels (overall rows only)"},
      {"min_improvement", "number", "0",
       "with vs: trivial, how much better than the baseline the metric must be (in the "
       "metric's direction)"},
  };
  // One check tests model-6 with slices, model-5 with vs: trivial, else infra-4 (rubric_for).
  info.rubric = {"model-6", "model-5", "infra-4"};
  info.rubric_for = MetricCheckRubric;
  info.create = CreateMetricCheck;
  return info;
}

}  // namespace mlgate
