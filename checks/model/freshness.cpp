// The `freshness` check kind: a model artifact (or any file) must have changed within a number
// of days. The age comes from the runner (git history first, the file time outside git), so a
// stale model blocks promotion before it silently serves old behaviour (rubric monitor-4).
#include "checks/model/freshness.h"

#include <fmt/format.h>

#include <optional>

namespace mlgate {
namespace {

class FreshnessCheck : public Check {
 public:
  FreshnessCheck(std::string model, std::string path, double max_age_days,
                 std::optional<double> warn_age_days, CheckContext context)
      : model_(std::move(model)),
        path_(std::move(path)),
        max_age_days_(max_age_days),
        warn_age_days_(warn_age_days),
        context_(std::move(context)) {}

  // Ages are asked for at judge time; there is nothing to read from datasets.
  void Plan(Planner& /*planner*/) override {}

  std::vector<Result> Judge(const Inputs& inputs) const override {
    std::string subject = model_.empty() ? path_ : model_;
    std::string path = path_;
    if (!model_.empty()) {
      auto model = inputs.Model(model_);
      if (!model.ok()) return {Failed(subject, model.status().message())};
      if ((*model)->artifact.empty()) {
        return {Failed(subject, fmt::format("model '{}' declares no 'artifact' path to date; add "
                                            "one to the model or give the check a 'path'",
                                            model_))};
      }
      path = (*model)->artifact;
    }
    // Gate-file paths are relative to the gate file; the loader usually resolved them already.
    path = context_.Resolve(path);
    auto age = inputs.Age(path);
    if (!age.ok()) return {Failed(subject, age.status().message())};

    Result r = Make(subject);
    r.observed = age->age_days;
    r.details["source"] = age->source;
    r.details["commit"] = age->commit;
    r.details["path"] = path;
    const std::string what = model_.empty() ? fmt::format("'{}'", path_)
                                            : fmt::format("model '{}' ('{}')", model_, path);
    const std::string when =
        fmt::format("{} last changed {:.1f} days ago, by {}", what, age->age_days, age->source);
    if (age->age_days > max_age_days_) {
      r.outcome = Outcome::kFail;
      r.message = fmt::format("{}: older than the limit of {} days", when, max_age_days_);
    } else if (warn_age_days_ && age->age_days > *warn_age_days_) {
      r.outcome = Outcome::kWarn;
      r.message = fmt::format("{}: older than the warning age of {} days (limit {})", when,
                              *warn_age_days_, max_age_days_);
    } else {
      r.outcome = Outcome::kPass;
      r.message = fmt::format("{}: within the limit of {} days", when, max_age_days_);
    }
    return {r};
  }

 private:
  Result Make(const std::string& subject) const {
    Result r;
    r.subject = subject;
    r.statistic = "age_days";
    r.threshold = max_age_days_;
    r.comparison = fmt::format("age_days <= {}", max_age_days_);
    r.details["max_age_days"] = max_age_days_;
    if (warn_age_days_) r.details["warn_age_days"] = *warn_age_days_;
    return r;
  }

  Result Failed(const std::string& subject, const std::string& message) const {
    Result r = Make(subject);
    r.outcome = Outcome::kError;
    r.message = message;
    return r;
  }

  std::string model_;  // exactly one of model_ and path_ is set
  std::string path_;
  double max_age_days_;
  std::optional<double> warn_age_days_;
  CheckContext context_;
};

std::unique_ptr<Check> CreateFreshnessCheck(OptionReader& options, const CheckContext& context) {
  bool has_model = options.Has("model");
  bool has_path = options.Has("path");
  std::string model = context.ModelRef(options, "model", false);
  std::optional<std::string> path = options.OptionalString("path");
  std::optional<double> max_age = options.OptionalDouble("max_age_days", 0);
  std::optional<double> warn_age = options.OptionalDouble("warn_age_days", 0);
  bool valid = true;
  if (has_model && has_path) {
    options.Error("path", fmt::format("{}: give 'model' (a model with an 'artifact') or 'path' "
                                      "(a file), not both",
                                      options.what()));
    valid = false;
  } else if (!has_model && !has_path) {
    options.Error(options.node(), fmt::format("{}: missing 'model' (a model with an 'artifact') "
                                              "or 'path' (a file) to date",
                                              options.what()));
    valid = false;
  }
  if (!options.Has("max_age_days")) {
    options.Error(options.node(),
                  fmt::format("{}: missing required option 'max_age_days'", options.what()));
    valid = false;
  }
  if (path && path->rfind("git:", 0) == 0) {
    options.Error("path", fmt::format("{}: 'path' must be a work-tree file, not a git:REF:PATH "
                                      "source; its age is read from the history of HEAD",
                                      options.what()));
    valid = false;
  }
  if (max_age && warn_age && *warn_age > *max_age) {
    options.Error("warn_age_days",
                  fmt::format("{}: 'warn_age_days' ({}) must not exceed 'max_age_days' ({})",
                              options.what(), *warn_age, *max_age));
    valid = false;
  }
  if (!valid || !max_age || (has_path && (!path || path->empty()))) {
    if (valid && has_path)
      options.Error("path", fmt::format("{}: 'path' is empty", options.what()));
    return nullptr;
  }
  return std::make_unique<FreshnessCheck>(has_model ? model : "", path.value_or(""), *max_age,
                                          warn_age, context);
}

}  // namespace

KindInfo FreshnessCheckKind() {
  KindInfo info;
  info.name = "freshness";
  info.family = "model";
  info.summary =
      "A model artifact (or any file) must have changed within max_age_days. Its age is that of "
      "the last commit that changed it when it is tracked by git and unmodified, else its file "
      "time. One result, statistic age_days.";
  info.options = {
      {"model", "model name", "",
       "a declared model whose 'artifact' path is dated; or give 'path'"},
      {"path", "path", "", "a file or directory to date (relative to the gate file)"},
      {"max_age_days", "number", "", "the oldest acceptable age in days (required; fail above)"},
      {"warn_age_days", "number", "", "warn above this age (at most max_age_days)"},
  };
  info.rubric = {"monitor-4"};
  info.create = CreateFreshnessCheck;
  return info;
}

}  // namespace mlgate
