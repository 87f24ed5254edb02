// The `metric` check kind: bounds on one model metric (scikit-learn semantics, DESIGN §8),
// overall and on each value of slice columns (rubric model-6), and optionally a required
// improvement over a trivial baseline fitted on the labels (rubric model-5). Non-finite model
// outputs fail on their own (rubric monitor-5) and are never turned into a NaN metric.
#include "checks/model/metric.h"

#include <fmt/format.h>

#include <map>
#include <optional>

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
  int64_t min_slice_size = 30;
  bool vs_trivial = false;
  double min_improvement = 0;
};

class MetricCheck : public Check {
 public:
  explicit MetricCheck(MetricOptions options) : o_(std::move(options)) {}

  void Plan(Planner& planner) override {
    if (!o_.dataset.empty()) planner.NeedTable(o_.dataset);
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
    for (const std::string& column : o_.slices) JudgeSlices(*model, rows, classes, column, results);
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

  Result Bounds(const std::string& subject, double value, nlohmann::json details) const {
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
    stats::TrivialModel trivial = stats::FitTrivial(data);
    auto baseline = stats::ComputeMetric(*o_.metric, stats::PredictTrivial(trivial, data));
    if (!baseline.ok()) {
      return Error(subject, fmt::format("the trivial baseline ({}) has no {}: {}",
                                        trivial.description, name, baseline.status().message()));
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

  void JudgeSlices(const ModelTable& model, const std::vector<size_t>& rows,
                   const stats::LabelSet& classes, const std::string& column,
                   std::vector<Result>& results) const {
    const std::string name(o_.metric->name);
    const int index = model.table->ColumnIndex(column);
    if (index < 0) {
      std::string hint = ClosestMatch(column, model.table->columns);
      results.push_back(
          Error(fmt::format("{}@{}", name, column),
                fmt::format("slice column '{}' is not in {}{}", column, model.table->source,
                            hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint))));
      return;
    }
    std::map<std::string, std::vector<size_t>> groups;  // sorted by value: stable report order
    for (size_t row : rows) {
      const std::string& cell = model.table->rows[row][static_cast<size_t>(index)];
      groups[model.table->IsNull(cell) ? "(missing)" : cell].push_back(row);
    }
    for (const auto& [value, slice_rows] : groups) {
      const std::string subject = fmt::format("{}@{}={}", name, column, value);
      nlohmann::json details = {{"model", o_.model},
                                {"slice_column", column},
                                {"slice_value", value},
                                {"rows", slice_rows.size()},
                                {"min_slice_size", o_.min_slice_size}};
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
      "Bounds on a model metric (scikit-learn semantics), overall and per slice value; "
      "optionally an improvement required over a trivial baseline (majority class / class "
      "priors / mean). Non-finite model outputs fail on their own (statistic non_finite).";
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
       "columns of the predictions file; one result per value, subject metric@column=value, "
       "judged against min/max"},
      {"min_slice_size", "integer", "30", "slices with fewer labelled rows are skipped"},
      {"vs", "trivial", "",
       "also compare with the trivial baseline fitted on the labels (overall rows only)"},
      {"min_improvement", "number", "0",
       "with vs: trivial, how much better than the baseline the metric must be (in the "
       "metric's direction)"},
  };
  info.rubric = {"model-6", "model-5"};
  info.create = CreateMetricCheck;
  return info;
}

}  // namespace mlgate
