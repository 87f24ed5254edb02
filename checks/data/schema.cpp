// The `schema` check kind: a dataset's columns, types, nulls, ranges, domains, patterns,
// uniqueness and row count against a declared schema. One result per column and rule.
#include "checks/data/schema.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>
#include <string_view>
#include <unordered_set>

#include "checks/data/schema_file.h"

namespace mlgate {
namespace {

class RangeRule : public ValueRule {
 public:
  RangeRule(double bound, bool is_min) : bound_(bound), is_min_(is_min) {}
  bool Violates(const Cell& cell) const override {
    if (!cell.number) return false;  // not a number: the type rule reports it
    return is_min_ ? *cell.number < bound_ : *cell.number > bound_;
  }

 private:
  double bound_;
  bool is_min_;
};

class AllowedRule : public ValueRule {
 public:
  explicit AllowedRule(const std::vector<std::string>& allowed) {
    if (allowed.size() <= kListedAtMost) {
      listed_ = allowed;
    } else {
      hashed_.insert(allowed.begin(), allowed.end());
    }
  }
  bool Violates(const Cell& cell) const override {
    // Every cell of the column asks: a few values are compared one by one (most differ in
    // length), which is cheaper than hashing the text.
    if (hashed_.empty()) {
      return std::find(listed_.begin(), listed_.end(), cell.text) == listed_.end();
    }
    return hashed_.find(cell.text) == hashed_.end();
  }

 private:
  static constexpr size_t kListedAtMost = 16;
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  std::vector<std::string> listed_;
  std::unordered_set<std::string, TextHash, std::equal_to<>> hashed_;
};

class RegexRule : public ValueRule {
 public:
  explicit RegexRule(const std::string& pattern) : re_(pattern, RE2::Quiet) {}
  bool Violates(const Cell& cell) const override {
    return !RE2::FullMatch(re2::StringPiece(cell.text.data(), cell.text.size()), re_);
  }

 private:
  RE2 re_;  // RE2 matching is thread-safe and linear in the input
};

struct ColumnRules {
  std::shared_ptr<const ValueRule> min, max, allowed, regex;
};

std::string Quoted(const std::string& value) { return QuoteDataText(value, 60); }

std::string FirstAt(const RuleTally& tally) {
  return fmt::format("first at line {}: {}", tally.first_line, Quoted(tally.first_value));
}

class SchemaCheck : public Check {
 public:
  SchemaCheck(std::string dataset, SchemaSpec spec, std::string schema_source)
      : dataset_(std::move(dataset)), spec_(std::move(spec)), source_(std::move(schema_source)) {}

  void Plan(Planner& planner) override {
    ColumnNeeds base;
    planner.NeedColumns(dataset_, {}, base);
    rules_.resize(spec_.columns.size());
    for (size_t i = 0; i < spec_.columns.size(); ++i) {
      const ColumnSchema& c = spec_.columns[i];
      ColumnNeeds needs;
      needs.moments = c.min.has_value() || c.max.has_value();
      needs.unique = c.unique;
      planner.NeedColumns(dataset_, {c.name}, needs);
      auto add = [&](std::shared_ptr<const ValueRule> rule) {
        planner.NeedRule(dataset_, c.name, rule);
        return rule;
      };
      if (c.min) rules_[i].min = add(std::make_shared<RangeRule>(*c.min, true));
      if (c.max) rules_[i].max = add(std::make_shared<RangeRule>(*c.max, false));
      if (!c.allowed.empty()) rules_[i].allowed = add(std::make_shared<AllowedRule>(c.allowed));
      if (c.regex) rules_[i].regex = add(std::make_shared<RegexRule>(*c.regex));
    }
  }

  std::vector<Result> Judge(const Inputs& inputs) const override {
    std::vector<Result> results;
    auto profile_or = inputs.Dataset(dataset_);
    if (!profile_or.ok()) {
      results.push_back(ErrorResult(dataset_, profile_or.status().message()));
      return results;
    }
    const Profile& profile = **profile_or;
    JudgeRows(profile, results);
    if (profile.rows == 0 && !spec_.min_rows) {
      results.push_back(ErrorResult(
          dataset_, fmt::format("{} has no data rows: there is nothing to judge", profile.source)));
      return results;
    }
    for (size_t i = 0; i < spec_.columns.size(); ++i) {
      JudgeColumn(spec_.columns[i], rules_[i], profile, results);
    }
    JudgeExtraColumns(profile, results);
    return results;
  }

 private:
  static Result Make(const std::string& subject, const std::string& statistic) {
    Result r;
    r.subject = subject;
    r.statistic = statistic;
    return r;
  }

  void JudgeRows(const Profile& profile, std::vector<Result>& results) const {
    if (!spec_.min_rows && !spec_.max_rows) return;
    double rows = static_cast<double>(profile.rows);
    Result r = Make("(rows)", "row_count");
    r.observed = rows;
    if (spec_.min_rows && profile.rows < *spec_.min_rows) {
      r.outcome = Outcome::kFail;
      r.threshold = static_cast<double>(*spec_.min_rows);
      r.comparison = fmt::format("row_count >= {}", *spec_.min_rows);
      r.message = fmt::format("{} rows, fewer than the minimum {}", profile.rows, *spec_.min_rows);
    } else if (spec_.max_rows && profile.rows > *spec_.max_rows) {
      r.outcome = Outcome::kFail;
      r.threshold = static_cast<double>(*spec_.max_rows);
      r.comparison = fmt::format("row_count <= {}", *spec_.max_rows);
      r.message = fmt::format("{} rows, more than the maximum {}", profile.rows, *spec_.max_rows);
    } else {
      r.outcome = Outcome::kPass;
      r.threshold = static_cast<double>(spec_.min_rows ? *spec_.min_rows : *spec_.max_rows);
      r.comparison = spec_.min_rows && spec_.max_rows
                         ? fmt::format("{} <= row_count <= {}", *spec_.min_rows, *spec_.max_rows)
                     : spec_.min_rows ? fmt::format("row_count >= {}", *spec_.min_rows)
                                      : fmt::format("row_count <= {}", *spec_.max_rows);
      r.message = fmt::format("{} rows", profile.rows);
    }
    results.push_back(std::move(r));
  }

  // A count of offending values that must be zero. `good` and `bad` describe a value that
  // keeps or breaks the rule ("are int" / "is not int").
  static Result Violations(const std::string& column, const std::string& statistic,
                           const RuleTally& tally, const std::string& good, const std::string& bad,
                           int64_t present) {
    Result r = Make(column, statistic);
    r.observed = static_cast<double>(tally.violations);
    r.threshold = 0;
    r.comparison = statistic + " == 0";
    r.details = {{"violations", tally.violations}, {"values", present}};
    if (tally.violations == 0) {
      r.outcome = Outcome::kPass;
      r.message = fmt::format("all {} values {}", present, good);
    } else {
      r.outcome = Outcome::kFail;
      r.message =
          fmt::format("{} of {} values {}, {}", tally.violations, present, bad, FirstAt(tally));
      r.details["first_line"] = tally.first_line;
      r.details["first_value"] = tally.first_value;
    }
    return r;
  }

  void JudgeColumn(const ColumnSchema& c, const ColumnRules& rules, const Profile& profile,
                   std::vector<Result>& results) const {
    const ColumnProfile* column = profile.Find(c.name);
    if (column == nullptr) {
      Result r = Make(c.name, "present");
      r.observed = 0;
      r.threshold = 1;
      r.comparison = "column present";
      if (c.required) {
        r.outcome = Outcome::kFail;
        r.message = fmt::format("required column {} is missing from {}", QuoteDataText(c.name),
                                profile.source);
      } else {
        r.outcome = Outcome::kSkip;
        r.message = fmt::format("optional column {} is absent", QuoteDataText(c.name));
      }
      results.push_back(std::move(r));
      return;
    }
    if (c.type) {
      int t = static_cast<int>(*c.type);
      RuleTally tally = column->type_misses[t];
      tally.violations = column->present - column->type_ok[t];
      std::string type_name(ColumnTypeName(*c.type));
      results.push_back(Violations(c.name, "type_mismatches", tally, "are " + type_name,
                                   "are not " + type_name, column->present));
      results.back().details["type"] = std::string(ColumnTypeName(*c.type));
    }
    if (!c.nullable || c.max_null_fraction) {
      double limit = c.nullable ? *c.max_null_fraction : 0.0;
      if (c.max_null_fraction) limit = std::min(limit, *c.max_null_fraction);
      Result r = Make(c.name, "null_fraction");
      double fraction = column->NullFraction();
      r.observed = fraction;
      r.threshold = limit;
      r.comparison = limit == 0 ? "null_fraction == 0" : fmt::format("null_fraction <= {}", limit);
      r.details = {{"nulls", column->nulls}, {"rows", column->nulls + column->present}};
      r.outcome = fraction <= limit ? Outcome::kPass : Outcome::kFail;
      r.message = fmt::format("{} of {} values missing ({:.4g}%)", column->nulls,
                              column->nulls + column->present, 100 * fraction);
      results.push_back(std::move(r));
    }
    // A stored profile holds no per-value rule tallies: such a rule cannot be judged from it.
    auto unanswerable = [&](const std::string& statistic) {
      Result r = ErrorResult(c.name, fmt::format("{} cannot be judged from {}: it needs the raw "
                                                 "values (a stored profile keeps no per-value "
                                                 "rule tallies)",
                                                 statistic, profile.source));
      r.statistic = statistic;
      results.push_back(std::move(r));
    };
    auto range = [&](const std::shared_ptr<const ValueRule>& rule, double bound, bool is_min) {
      const RuleTally* tally = column->Tally(rule.get());
      if (tally == nullptr) return unanswerable(is_min ? "min" : "max");
      Result r = Make(c.name, is_min ? "min" : "max");
      double observed = is_min ? column->moments.min() : column->moments.max();
      // Moments hold finite values only: a violation no finite value explains is an infinity.
      bool finite_violates =
          column->moments.count() > 0 && (is_min ? observed < bound : observed > bound);
      if (tally->violations > 0 && !finite_violates) {
        observed = is_min ? -std::numeric_limits<double>::infinity()
                          : std::numeric_limits<double>::infinity();
      }
      if (column->moments.count() > 0 || tally->violations > 0) r.observed = observed;
      r.threshold = bound;
      r.comparison = fmt::format("{} {} {}", is_min ? "min" : "max", is_min ? ">=" : "<=", bound);
      r.details = {{"violations", tally->violations}, {"numeric_values", column->moments.count()}};
      if (column->moments.count() == 0 && tally->violations == 0) {
        r.outcome = Outcome::kError;
        r.message =
            fmt::format("no numeric values to compare with {} {}", is_min ? "min" : "max", bound);
      } else if (tally->violations == 0) {
        r.outcome = Outcome::kPass;
        r.message = fmt::format("{} {} within bound {}",
                                is_min ? "smallest value" : "largest value", observed, bound);
      } else {
        r.outcome = Outcome::kFail;
        r.message = fmt::format("{} {} {} {}, {}", tally->violations,
                                tally->violations == 1 ? "value" : "values",
                                is_min ? "below min" : "above max", bound, FirstAt(*tally));
        r.details["first_line"] = tally->first_line;
        r.details["first_value"] = tally->first_value;
      }
      results.push_back(std::move(r));
    };
    if (rules.min) range(rules.min, *c.min, true);
    if (rules.max) range(rules.max, *c.max, false);
    if (rules.allowed) {
      const RuleTally* tally = column->Tally(rules.allowed.get());
      if (tally == nullptr) {
        unanswerable("not_allowed");
      } else {
        results.push_back(Violations(c.name, "not_allowed", *tally, "are allowed values",
                                     "are outside the allowed values", column->present));
      }
    }
    if (rules.regex) {
      const RuleTally* tally = column->Tally(rules.regex.get());
      if (tally == nullptr) {
        unanswerable("regex_mismatches");
      } else {
        results.push_back(Violations(c.name, "regex_mismatches", *tally,
                                     fmt::format("match /{}/", *c.regex),
                                     fmt::format("do not match /{}/", *c.regex), column->present));
      }
    }
    if (c.unique && !column->needs.unique) {
      unanswerable("duplicates");
    } else if (c.unique) {
      results.push_back(Violations(c.name, "duplicates", column->duplicates, "are distinct",
                                   "repeat an earlier value", column->present));
    }
  }

  void JudgeExtraColumns(const Profile& profile, std::vector<Result>& results) const {
    if (spec_.extra_columns == ExtraColumns::kAllow) return;
    for (const auto& column : profile.columns) {
      bool declared = false;
      for (const auto& c : spec_.columns) declared |= c.name == column.name;
      if (declared) continue;
      Result r = Make(column.name, "extra_column");
      r.observed = 1;
      r.threshold = 0;
      r.comparison = "no undeclared columns";
      r.outcome = spec_.extra_columns == ExtraColumns::kWarn ? Outcome::kWarn : Outcome::kFail;
      r.message = fmt::format("column {} is not in the schema (extra_columns: {})",
                              QuoteDataText(column.name),
                              spec_.extra_columns == ExtraColumns::kWarn ? "warn" : "forbid");
      results.push_back(std::move(r));
    }
  }

  std::string dataset_;
  SchemaSpec spec_;
  std::string source_;
  std::vector<ColumnRules> rules_;
};

std::unique_ptr<Check> CreateSchemaCheck(OptionReader& options, const CheckContext& context) {
  std::string dataset = context.DatasetRef(options, "dataset", true);
  // Known whichever form the check takes, so a misspelt key gets its "did you mean" and a check
  // that fails early is not also told that its other keys are unknown.
  options.Allow({"columns", "rows", "extra_columns"});
  auto file = options.OptionalString("schema");
  bool inline_columns = options.Has("columns");
  if (file && inline_columns) {
    options.Error("schema", fmt::format("{}: give 'schema' (a file) or inline 'columns', not both",
                                        options.what()));
    return nullptr;
  }
  if (!file && !inline_columns) {
    options.Error(options.node(), fmt::format("{}: missing 'schema' (a schema file) or inline "
                                              "'columns'",
                                              options.what()));
    return nullptr;
  }
  if (inline_columns) {
    SchemaSpec spec = ReadSchema(options);
    return std::make_unique<SchemaCheck>(dataset, std::move(spec), "inline");
  }
  for (const char* key : {"rows", "extra_columns"}) {
    if (options.Has(key)) {
      options.Error(key, fmt::format("{}: '{}' goes in the schema file '{}' (or give the rules "
                                     "inline with 'columns' instead of a file)",
                                     options.what(), key, *file));
      return nullptr;
    }
  }
  std::string path = context.Resolve(*file);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    options.Error("schema", fmt::format("{}: cannot read schema file '{}'", options.what(), *file));
    return nullptr;
  }
  std::stringstream text;
  text << in.rdbuf();
  std::vector<Diagnostic> diagnostics;
  SchemaSpec spec;
  const std::string content = text.str();
  try {
    YAML::Node root = YAML::Load(content);
    OptionReader reader(root, fmt::format("schema '{}'", *file), &diagnostics);
    reader.Allow({"mlgate_schema", "description"});
    spec = ReadSchema(reader);
    reader.Finish();
  } catch (const YAML::Exception& e) {
    diagnostics.push_back(YamlErrorDiagnostic(e, content));
  }
  if (!diagnostics.empty()) {
    // Problems inside the schema file name that file, not the gate file.
    for (const auto& d : diagnostics) {
      options.Error("schema", d.line > 0
                                  ? fmt::format("{}:{}:{}: {}", *file, d.line, d.column, d.message)
                                  : fmt::format("{}: {}", *file, d.message));
    }
    return nullptr;
  }
  return std::make_unique<SchemaCheck>(dataset, std::move(spec), *file);
}

}  // namespace

KindInfo SchemaCheckKind() {
  KindInfo info;
  info.name = "schema";
  info.family = "data";
  info.summary =
      "A dataset's columns against a schema: presence, type, nulls, min/max, allowed values, "
      "regex (RE2), uniqueness, undeclared columns and row count. One result per column and rule.";
  info.options = {
      {"dataset", "dataset name", "", "the dataset to check (required)"},
      {"schema", "path", "",
       "a schema file (as written by 'mlgate infer-schema'); or give 'columns' inline"},
      {"columns", "mapping", "",
       "column -> { type, required (true), nullable (true), max_null_fraction, min, max, "
       "allowed: [...], regex, unique (false) }"},
      {"rows", "mapping", "",
       "{ min, max } bounds on the number of data rows (in the file, with 'schema')"},
      {"extra_columns", "forbid|allow|warn", "forbid",
       "what a column the schema omits does (in the file, with 'schema')"},
  };
  info.rubric = {"data-1", "monitor-2"};
  info.create = CreateSchemaCheck;
  return info;
}

}  // namespace mlgate
