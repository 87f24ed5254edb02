// The `correlation` check kind: Pearson or Spearman correlations between numeric columns, judged
// three ways — their change from a reference to a current dataset (max_abs_change), each
// feature's correlation with a target (min_abs: useless features, max_abs: leakage), and
// redundant feature pairs (max_pairwise). Pearson comes from the profile's co-moments, so it
// works at any size; Spearman needs the row-aligned values of exact mode.
#include "checks/data/correlation.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "checks/data/column_util.h"
#include "checks/stats/rank_correlation.h"

namespace mlgate {
namespace {

using data_checks::Bounds;
using data_checks::Num;

struct CorrelationSpec {
  bool spearman = false;
  std::string reference, current;    // both set for max_abs_change
  std::string dataset;               // judged for target and max_pairwise (current if unset)
  std::vector<std::string> columns;  // empty: every numeric column
  std::string target;
  std::optional<double> min_abs, max_abs, max_abs_change, max_pairwise;

  const std::string& single() const { return dataset.empty() ? current : dataset; }
  bool compares() const { return max_abs_change.has_value(); }
  bool judges_single() const { return !target.empty() || max_pairwise.has_value(); }
  std::string method() const { return spearman ? "spearman" : "pearson"; }
};

// A correlation, or why it is undefined.
struct Correlation {
  double value = stats::kNaN;
  int64_t rows = 0;  // rows where both columns are present
  std::string why_undefined;
  // The column that makes it undefined by being constant or empty, when one does.
  std::string constant_column;
  bool defined() const { return why_undefined.empty(); }
};

class CorrelationCheck : public Check {
 public:
  explicit CorrelationCheck(CorrelationSpec spec) : spec_(std::move(spec)) {}

  void Plan(Planner& planner) override {
    ColumnNeeds needs;
    // Pearson comes from co-moments; only Spearman's ranks need every row's values kept.
    needs.comoments = !spec_.spearman;
    needs.aligned = spec_.spearman;
    needs.moments = true;  // tells a constant or empty column apart in messages
    std::vector<std::string> columns = spec_.columns;
    if (!columns.empty() && !spec_.target.empty()) columns.push_back(spec_.target);
    std::set<std::string> datasets;
    if (spec_.compares()) datasets = {spec_.reference, spec_.current};
    if (spec_.judges_single()) datasets.insert(spec_.single());
    for (const auto& dataset : datasets) planner.NeedColumns(dataset, columns, needs);
  }

  std::vector<Result> Judge(const Inputs& inputs) const override {
    std::vector<Result> results;
    std::vector<std::pair<std::string, std::string>> roles;
    if (spec_.compares()) {
      roles.push_back({spec_.reference, "reference"});
      roles.push_back({spec_.current, "current"});
    }
    if (spec_.judges_single() && spec_.single() != spec_.current) {
      roles.push_back({spec_.single(), "the"});
    }
    std::map<std::string, const Profile*> profiles;
    for (const auto& [name, role] : roles) {
      auto profile = inputs.Dataset(name);
      if (auto problem = data_checks::DatasetProblem(name, role, profile)) {
        results.push_back(std::move(*problem));
      } else {
        profiles[name] = *profile;
      }
    }
    if (!results.empty()) return results;
    if (spec_.compares()) {
      JudgeChanges(*profiles[spec_.reference], *profiles[spec_.current], results);
    }
    if (spec_.judges_single()) JudgeSingle(*profiles[spec_.single()], results);
    return results;
  }

 private:
  // The columns to correlate over `profiles`: the ones named, else every numeric column all of
  // them have. Columns that cannot take part yield error (named) or skip (default) results.
  std::vector<std::string> Columns(const std::vector<const Profile*>& profiles,
                                   const std::vector<std::string>& names, bool exclude_target,
                                   std::vector<Result>& results) const {
    std::vector<std::string> out;
    auto usable = [&](const std::string& column, bool named) {
      for (const Profile* p : profiles) {
        const ColumnProfile* c = p->Find(column);
        std::string problem;
        if (c == nullptr) {
          problem = fmt::format("column '{}' is missing from {}", column, p->source);
        } else if (c->present == 0) {
          problem = fmt::format("'{}' has no values in {} (all {} rows null)", column, p->source,
                                c->nulls);
        } else if (!IsNumeric(c->Type())) {
          problem = fmt::format("'{}' holds {} values in {}: {} correlation needs numbers", column,
                                ColumnTypeName(c->Type()), p->source, spec_.method());
        }
        if (problem.empty()) continue;
        if (named) {
          results.push_back(ErrorResult(column, problem));
        } else {
          Result r;
          r.subject = column;
          r.outcome = Outcome::kSkip;
          r.message = problem + " (not compared; name it in 'columns' to require it)";
          results.push_back(std::move(r));
        }
        return false;
      }
      return true;
    };
    if (!names.empty()) {
      for (const auto& column : names) {
        if (exclude_target && column == spec_.target) continue;
        if (usable(column, true)) out.push_back(column);
      }
      return out;
    }
    std::set<std::string> reported;
    for (const Profile* p : profiles) {
      for (const auto& c : p->columns) {
        if (exclude_target && c.name == spec_.target) continue;
        if (!IsNumeric(c.Type()) || !reported.insert(c.name).second) continue;
        if (usable(c.name, false)) out.push_back(c.name);
      }
    }
    return out;
  }

  Correlation Correlate(const Profile& profile, const std::string& a, const std::string& b) const {
    Correlation out;
    const ColumnProfile* ca = profile.Find(a);
    const ColumnProfile* cb = profile.Find(b);
    // A constant or empty column is named, which the statistic's own reason cannot do.
    for (const ColumnProfile* c : {ca, cb}) {
      if (c->needs.moments && c->moments.count() == 0) {
        out.constant_column = c->name;
        out.why_undefined =
            fmt::format("'{}' has no numeric values in {}", c->name, profile.source);
        return out;
      }
      if (c->needs.moments && c->moments.min() == c->moments.max()) {
        out.constant_column = c->name;
        out.why_undefined = fmt::format("'{}' is constant ({}) in {}", c->name,
                                        Num(c->moments.min()), profile.source);
        return out;
      }
    }
    if (spec_.spearman) {
      bool held = !ca->aligned.empty() &&
                  static_cast<int64_t>(ca->aligned.size()) == profile.rows &&
                  ca->aligned.size() == cb->aligned.size();
      if (!held) {
        out.why_undefined =
            profile.aligned_exact
                ? fmt::format(
                      "spearman needs the row-aligned values of '{}' and '{}', which the "
                      "profile of {} does not hold",
                      a, b, profile.source)
                : fmt::format(
                      "spearman needs the row-aligned values of '{}' and '{}', which were "
                      "dropped to stay within the memory budget ({} rows in {}); raise "
                      "--memory-budget, or use method: pearson (from co-moments, at any "
                      "size)",
                      a, b, profile.rows, profile.source);
        return out;
      }
      for (size_t i = 0; i < ca->aligned.size(); ++i) {
        out.rows += std::isfinite(ca->aligned[i]) && std::isfinite(cb->aligned[i]);
      }
      stats::Value v = stats::Spearman(ca->aligned, cb->aligned);
      out.value = v.value;
      out.why_undefined = v.why_undefined;
    } else {
      const auto& names = profile.comoment_columns;
      auto ia = std::find(names.begin(), names.end(), a) - names.begin();
      auto ib = std::find(names.begin(), names.end(), b) - names.begin();
      if (!profile.comoments || ia == static_cast<long>(names.size()) ||
          ib == static_cast<long>(names.size())) {
        out.why_undefined = fmt::format("the profile of {} holds no co-moments of '{}' and '{}'",
                                        profile.source, a, b);
        return out;
      }
      out.rows = profile.comoments->Count(static_cast<int>(ia), static_cast<int>(ib));
      stats::Value v = profile.comoments->Pearson(static_cast<int>(ia), static_cast<int>(ib));
      out.value = v.value;
      out.why_undefined = v.why_undefined;
    }
    if (!out.defined()) out.why_undefined += fmt::format(" ({})", profile.source);
    return out;
  }

  void JudgeChanges(const Profile& reference, const Profile& current,
                    std::vector<Result>& results) const {
    std::vector<std::string> columns =
        Columns({&reference, &current}, spec_.columns, false, results);
    if (!spec_.columns.empty() && !spec_.target.empty() &&
        std::find(spec_.columns.begin(), spec_.columns.end(), spec_.target) ==
            spec_.columns.end()) {
      // The target is also compared when named separately from the columns.
      auto more = Columns({&reference, &current}, {spec_.target}, false, results);
      columns.insert(columns.end(), more.begin(), more.end());
    }
    std::string statistic = spec_.method() + "_change";
    double limit = *spec_.max_abs_change;
    for (size_t i = 0; i < columns.size(); ++i) {
      for (size_t j = i + 1; j < columns.size(); ++j) {
        Result r;
        r.subject = columns[i] + "|" + columns[j];
        r.statistic = statistic;
        r.threshold = limit;
        r.comparison = fmt::format("{} <= {}", statistic, Num(limit));
        Correlation before = Correlate(reference, columns[i], columns[j]);
        Correlation after = Correlate(current, columns[i], columns[j]);
        r.details["n_reference"] = before.rows;
        r.details["n_current"] = after.rows;
        if (before.defined()) r.details["reference"] = before.value;
        if (after.defined()) r.details["current"] = after.value;
        if (!before.defined() && !after.defined()) {
          // A column constant (or empty) in both datasets has no correlation to change; any
          // other reason (values not held) means the check could not judge.
          bool constant = !before.constant_column.empty() && !after.constant_column.empty();
          r.outcome = constant ? Outcome::kSkip : Outcome::kError;
          r.message = fmt::format("{} is undefined in both datasets: {}; {}", spec_.method(),
                                  before.why_undefined, after.why_undefined);
        } else if (!before.defined() || !after.defined()) {
          r.outcome = Outcome::kError;
          r.message = fmt::format("{} is undefined in the {} dataset: {}; in the {} it is {}",
                                  spec_.method(), before.defined() ? "current" : "reference",
                                  before.defined() ? after.why_undefined : before.why_undefined,
                                  before.defined() ? "reference" : "current",
                                  Num(before.defined() ? before.value : after.value));
        } else {
          double change = std::abs(after.value - before.value);
          r.observed = change;
          r.outcome = change <= limit ? Outcome::kPass : Outcome::kFail;
          r.message = fmt::format("{} changed by {} ({} -> {}) {} {}", spec_.method(), Num(change),
                                  Num(before.value), Num(after.value), change <= limit ? "<=" : ">",
                                  Num(limit));
        }
        results.push_back(std::move(r));
      }
    }
  }

  void JudgeSingle(const Profile& profile, std::vector<Result>& results) const {
    std::vector<std::string> features = Columns({&profile}, spec_.columns, true, results);
    if (!spec_.target.empty()) {
      std::vector<Result> target_problems;
      Columns({&profile}, {spec_.target}, false, target_problems);
      if (!target_problems.empty()) {
        for (auto& r : target_problems) {
          r.message = "target " + r.message;
          results.push_back(std::move(r));
        }
      } else {
        for (const auto& feature : features) JudgeTarget(profile, feature, results);
      }
    }
    if (spec_.max_pairwise) {
      for (size_t i = 0; i < features.size(); ++i) {
        for (size_t j = i + 1; j < features.size(); ++j) {
          JudgePair(profile, features[i], features[j], results);
        }
      }
    }
  }

  void JudgeTarget(const Profile& profile, const std::string& feature,
                   std::vector<Result>& results) const {
    Result r;
    r.subject = feature + "|" + spec_.target;
    r.statistic = spec_.method();
    Bounds bounds{spec_.min_abs, spec_.max_abs};
    std::string abs_name = fmt::format("|{}|", spec_.method());
    r.comparison = bounds.Comparison(abs_name);
    Correlation c = Correlate(profile, feature, spec_.target);
    r.details["n"] = c.rows;
    r.details["bounds"] = bounds.ToJson();
    if (!c.defined()) {
      bool feature_constant = c.constant_column == feature;
      if (feature_constant && spec_.min_abs) {
        r.outcome = Outcome::kFail;
        r.threshold = *spec_.min_abs;
        r.message = fmt::format("{}: it carries no information about '{}' (min_abs {})",
                                c.why_undefined, spec_.target, Num(*spec_.min_abs));
      } else if (feature_constant) {
        r.outcome = Outcome::kSkip;
        r.message = fmt::format("{}: it cannot leak '{}'", c.why_undefined, spec_.target);
      } else {
        r.outcome = Outcome::kError;
        r.message = fmt::format("{} of '{}' with '{}' is undefined: {}", spec_.method(), feature,
                                spec_.target, c.why_undefined);
      }
      results.push_back(std::move(r));
      return;
    }
    double magnitude = std::abs(c.value);
    r.observed = c.value;
    r.threshold = bounds.Threshold(magnitude);
    if (bounds.Contains(magnitude)) {
      r.outcome = Outcome::kPass;
      r.message = fmt::format("{} = {} with '{}': {} ({} rows)", spec_.method(), Num(c.value),
                              spec_.target, bounds.Comparison(abs_name), c.rows);
    } else if (spec_.min_abs && magnitude < *spec_.min_abs) {
      r.outcome = Outcome::kFail;
      r.message = fmt::format(
          "{} = {} with '{}': {} {} is below min_abs {}; '{}' looks useless "
          "for predicting it ({} rows)",
          spec_.method(), Num(c.value), spec_.target, abs_name, Num(magnitude), Num(*spec_.min_abs),
          feature, c.rows);
    } else {
      r.outcome = Outcome::kFail;
      r.message = fmt::format(
          "{} = {} with '{}': {} {} is above max_abs {}; '{}' may leak the "
          "target ({} rows)",
          spec_.method(), Num(c.value), spec_.target, abs_name, Num(magnitude), Num(*spec_.max_abs),
          feature, c.rows);
    }
    results.push_back(std::move(r));
  }

  void JudgePair(const Profile& profile, const std::string& a, const std::string& b,
                 std::vector<Result>& results) const {
    Result r;
    r.subject = a + "|" + b;
    r.statistic = spec_.method();
    double limit = *spec_.max_pairwise;
    std::string abs_name = fmt::format("|{}|", spec_.method());
    r.threshold = limit;
    r.comparison = fmt::format("{} <= {}", abs_name, Num(limit));
    Correlation c = Correlate(profile, a, b);
    r.details["n"] = c.rows;
    if (!c.defined()) {
      // Without a correlation the pair cannot be shown redundant, nor shown not to be.
      r.outcome = c.constant_column.empty() ? Outcome::kError : Outcome::kSkip;
      r.message = fmt::format("{} of '{}' and '{}' is undefined: {}", spec_.method(), a, b,
                              c.why_undefined);
      results.push_back(std::move(r));
      return;
    }
    double magnitude = std::abs(c.value);
    r.observed = c.value;
    r.outcome = magnitude <= limit ? Outcome::kPass : Outcome::kFail;
    r.message = magnitude <= limit
                    ? fmt::format("{} = {}: {} {} <= {} ({} rows)", spec_.method(), Num(c.value),
                                  abs_name, Num(magnitude), Num(limit), c.rows)
                    : fmt::format("{} = {}: {} {} > {}; '{}' and '{}' look redundant ({} rows)",
                                  spec_.method(), Num(c.value), abs_name, Num(magnitude),
                                  Num(limit), a, b, c.rows);
    results.push_back(std::move(r));
  }

  CorrelationSpec spec_;
};

std::unique_ptr<Check> CreateCorrelationCheck(OptionReader& options, const CheckContext& context) {
  CorrelationSpec spec;
  size_t before = options.diagnostics()->size();
  spec.spearman = options.Enum("method", "pearson", {"pearson", "spearman"}) == "spearman";
  spec.reference = context.DatasetRef(options, "reference", false);
  spec.current = context.DatasetRef(options, "current", false);
  spec.dataset = context.DatasetRef(options, "dataset", false);
  spec.columns = options.StringList("columns");
  spec.target = options.String("target", "");
  spec.min_abs = options.OptionalDouble("min_abs", 0, 1);
  spec.max_abs = options.OptionalDouble("max_abs", 0, 1);
  spec.max_abs_change = options.OptionalDouble("max_abs_change", 0, 2);
  spec.max_pairwise = options.OptionalDouble("max_pairwise", 0, 1);
  const std::string& what = options.what();
  if (spec.reference.empty() != spec.current.empty()) {
    options.Error(spec.reference.empty() ? "current" : "reference",
                  fmt::format("{}: give both 'reference' and 'current', or neither", what));
  }
  bool pair = !spec.reference.empty() && !spec.current.empty();
  if (!spec.dataset.empty() && pair) {
    options.Error("dataset", fmt::format("{}: give 'dataset', or 'reference' and 'current' (the "
                                         "target and pairwise rules then judge 'current'), not "
                                         "both",
                                         what));
  }
  if (pair && spec.reference == spec.current) {
    options.Error("current", fmt::format("{}: 'reference' and 'current' name the same dataset "
                                         "'{}'",
                                         what, spec.current));
  }
  if (spec.max_abs_change && !pair) {
    options.Error("max_abs_change", fmt::format("{}: 'max_abs_change' compares two datasets: "
                                                "give 'reference' and 'current'",
                                                what));
  }
  if (!spec.target.empty() && !spec.min_abs && !spec.max_abs) {
    options.Error("target", fmt::format("{}: a 'target' needs 'min_abs' (useless features) "
                                        "and/or 'max_abs' (leakage)",
                                        what));
  }
  if ((spec.min_abs || spec.max_abs) && spec.target.empty()) {
    options.Error(spec.min_abs ? "min_abs" : "max_abs",
                  fmt::format("{}: 'min_abs' and 'max_abs' bound each feature's correlation with "
                              "a 'target': name the target column",
                              what));
  }
  if (spec.min_abs && spec.max_abs && *spec.min_abs > *spec.max_abs) {
    options.Error("min_abs", fmt::format("{}: 'min_abs' {} is above 'max_abs' {}", what,
                                         Num(*spec.min_abs), Num(*spec.max_abs)));
  }
  if ((!spec.target.empty() || spec.max_pairwise) && spec.dataset.empty() && !pair) {
    options.Error(options.node(), fmt::format("{}: name the 'dataset' to judge", what));
  }
  if (!spec.max_abs_change && spec.target.empty() && !spec.max_pairwise &&
      options.diagnostics()->size() == before) {
    options.Error(options.node(), fmt::format("{}: give 'max_abs_change' (with 'reference' and "
                                              "'current'), 'target' with 'min_abs'/'max_abs', or "
                                              "'max_pairwise'",
                                              what));
  }
  std::set<std::string> seen;
  for (const auto& column : spec.columns) {
    if (!seen.insert(column).second) {
      options.Error("columns", fmt::format("{}: column '{}' is listed twice", what, column));
    }
  }
  if (options.diagnostics()->size() != before) return nullptr;
  return std::make_unique<CorrelationCheck>(std::move(spec));
}

// With a target the check tests that features are useful and do not leak (data-2); comparing
// datasets or pairs watches data invariants (monitor-2).
std::vector<std::string> CorrelationRubric(const YAML::Node& options) {
  std::vector<std::string> ids;
  auto has = [&](const char* key) {
    return options.IsMap() && options[key].IsDefined() && !options[key].IsNull();
  };
  if (has("target")) ids.push_back("data-2");
  if (has("max_abs_change") || has("max_pairwise") || ids.empty()) ids.push_back("monitor-2");
  return ids;
}

}  // namespace

KindInfo CorrelationCheckKind() {
  KindInfo info;
  info.name = "correlation";
  info.family = "data";
  info.summary =
      "Pearson or Spearman correlations of numeric columns: change between a reference and a "
      "current dataset per pair (max_abs_change), each feature against a target (min_abs: "
      "useless, max_abs: leakage; rubric data-2), redundant feature pairs (max_pairwise).";
  info.options = {
      {"method", "pearson|spearman", "pearson",
       "pearson from co-moments (any size); spearman needs the row-aligned values (exact mode)"},
      {"reference", "dataset name", "", "with 'current': the dataset correlations are compared to"},
      {"current", "dataset name", "", "with 'reference': the dataset judged"},
      {"dataset", "dataset name", "",
       "the dataset judged by target and max_pairwise when no "
       "'current' is given"},
      {"columns", "list of columns", "", "columns to correlate; default: every numeric column"},
      {"max_abs_change", "number", "",
       "fail a pair when |corr(current) - corr(reference)| exceeds it"},
      {"target", "column", "", "the label: each feature's correlation with it is bounded"},
      {"min_abs", "number", "", "fail a feature whose |corr| with the target is below it"},
      {"max_abs", "number", "", "fail a feature whose |corr| with the target is above it"},
      {"max_pairwise", "number", "", "fail a pair of features whose |corr| exceeds it"},
  };
  info.rubric = {"monitor-2"};
  info.rubric_for = CorrelationRubric;
  info.create = CreateCorrelationCheck;
  return info;
}

}  // namespace mlgate
