// The `distribution` check kind: bounds on one column of one dataset — its mean, standard
// deviation, extremes, quantiles, share of missing values and the shares of chosen categories
// (a label's class balance). One result per bound given.
#include "checks/data/distribution.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "checks/data/column_util.h"
#include "checks/stats/quantile.h"

namespace mlgate {
namespace {

using data_checks::Bounds;
using data_checks::Num;

struct QuantileBound {
  double q;
  Bounds bounds;
};

struct CategoryBound {
  std::string category;
  Bounds bounds;
};

struct DistributionSpec {
  std::string dataset;
  std::string column;
  std::optional<Bounds> mean, std_dev, min, max, null_share;
  std::vector<QuantileBound> quantiles;  // ascending by q
  std::vector<CategoryBound> shares;     // in the gate file's order
};

class DistributionCheck : public Check {
 public:
  explicit DistributionCheck(DistributionSpec spec) : spec_(std::move(spec)) {}

  void Plan(Planner& planner) override {
    ColumnNeeds needs;
    needs.moments = spec_.mean || spec_.std_dev || spec_.min || spec_.max;
    needs.values = !spec_.quantiles.empty();
    needs.frequencies = !spec_.shares.empty();
    planner.NeedColumns(spec_.dataset, {spec_.column}, needs);
  }

  std::vector<Result> Judge(const Inputs& inputs) const override {
    std::vector<Result> results;
    auto profile_or = inputs.Dataset(spec_.dataset);
    if (auto problem = data_checks::DatasetProblem(spec_.dataset, "the", profile_or)) {
      results.push_back(std::move(*problem));
      return results;
    }
    const Profile& profile = **profile_or;
    const ColumnProfile* column = profile.Find(spec_.column);
    if (column == nullptr) {
      results.push_back(
          ErrorResult(spec_.column, fmt::format("column '{}' is missing from dataset '{}' ({})",
                                                spec_.column, spec_.dataset, profile.source)));
      return results;
    }
    const ColumnProfile& c = *column;
    if (spec_.null_share) {
      results.push_back(
          Judged(spec_.column, "null_share", c.NullFraction(), *spec_.null_share,
                 fmt::format("{} of {} values missing", c.nulls, c.nulls + c.present)));
      results.back().details["nulls"] = c.nulls;
      results.back().details["rows"] = c.nulls + c.present;
    }
    auto moment = [&](const std::optional<Bounds>& bounds, const std::string& name, double value) {
      if (!bounds) return;
      if (auto problem = NumericProblem(c, name)) {
        results.push_back(std::move(*problem));
        return;
      }
      if (name == "std" && c.moments.count() < 2) {
        results.push_back(Error(name, fmt::format("std of '{}' needs at least two values; it "
                                                  "has {}",
                                                  spec_.column, c.moments.count())));
        return;
      }
      results.push_back(Judged(spec_.column, name, value, *bounds,
                               fmt::format("over {} values", c.moments.count())));
      results.back().details["values"] = c.moments.count();
    };
    moment(spec_.mean, "mean", c.moments.mean());
    moment(spec_.std_dev, "std", c.moments.std_dev());
    moment(spec_.min, "min", c.moments.min());
    moment(spec_.max, "max", c.moments.max());
    if (!spec_.quantiles.empty()) JudgeQuantiles(c, results);
    if (!spec_.shares.empty()) JudgeShares(c, results);
    return results;
  }

 private:
  Result Error(const std::string& statistic, const std::string& message) const {
    Result r = ErrorResult(spec_.column, message);
    r.statistic = statistic;
    return r;
  }

  // Why `statistic` cannot be had from the column's numbers, if it cannot.
  std::optional<Result> NumericProblem(const ColumnProfile& c, const std::string& statistic) const {
    if (!IsNumeric(c.Type())) {
      return Error(statistic, fmt::format("{} of '{}' needs numbers, but it holds {} values",
                                          statistic, spec_.column, ColumnTypeName(c.Type())));
    }
    int64_t count =
        statistic.rfind("quantile", 0) == 0 ? data_checks::NumericCount(c) : c.moments.count();
    if (count == 0) {
      return Error(statistic, fmt::format("'{}' has no numeric values ({} rows, {} null): {} is "
                                          "undefined",
                                          spec_.column, c.present + c.nulls, c.nulls, statistic));
    }
    return std::nullopt;
  }

  static Result Judged(const std::string& subject, const std::string& statistic, double value,
                       const Bounds& bounds, const std::string& context) {
    Result r;
    r.subject = subject;
    r.statistic = statistic;
    r.observed = value;
    r.threshold = bounds.Threshold(value);
    r.comparison = bounds.Comparison(statistic);
    r.details["bounds"] = bounds.ToJson();
    if (bounds.Contains(value)) {
      r.outcome = Outcome::kPass;
      r.message = fmt::format("{} {} within {} ({})", statistic, Num(value),
                              bounds.Comparison(statistic), context);
    } else {
      r.outcome = Outcome::kFail;
      bool below = bounds.lo && value < *bounds.lo;
      r.message = fmt::format("{} {} is {} the {} {} ({})", statistic, Num(value),
                              below ? "below" : "above", below ? "minimum" : "maximum",
                              Num(below ? *bounds.lo : *bounds.hi), context);
    }
    return r;
  }

  void JudgeQuantiles(const ColumnProfile& c, std::vector<Result>& results) const {
    // A sketch that never compacted still holds every value: its quantiles are then exact.
    bool exact = c.exact() || c.sketch->exact();
    std::vector<double> storage;
    std::span<const double> sorted;
    if (c.exact()) {
      sorted = data_checks::SortedValues(c, &storage);
    } else if (exact) {
      for (const auto& item : c.sketch->SortedView()) storage.push_back(item.value);
      sorted = storage;
    }
    for (const auto& [q, bounds] : spec_.quantiles) {
      std::string name = fmt::format("quantile_{}", Num(q));
      if (auto problem = NumericProblem(c, name)) {
        results.push_back(std::move(*problem));
        continue;
      }
      if (!c.needs.values) {
        results.push_back(Error(name, fmt::format("a stored profile holds no values of '{}' to "
                                                  "take quantiles from",
                                                  spec_.column)));
        continue;
      }
      stats::Value v = exact ? stats::QuantileSorted(sorted, q) : c.sketch->Quantile(q);
      if (!v.defined()) {
        results.push_back(Error(
            name, fmt::format("{} of '{}' is undefined: {}", name, spec_.column, v.why_undefined)));
        continue;
      }
      int64_t n = data_checks::NumericCount(c);
      Result r = Judged(spec_.column, name, v.value, bounds,
                        fmt::format("over {} values{}", n, exact ? "" : ", from a sketch"));
      r.details["q"] = q;
      r.details["values"] = n;
      if (!exact) {
        double eps = c.sketch->RankErrorBound();
        r.details["sketch"] = true;
        r.details["rank_error_bound"] = eps;
        // numpy's quantile interpolates between the order statistics at ranks within 1/n of
        // q; each is within the sketch's rank error of the sketch's quantile there.
        double slack = eps + 1.0 / static_cast<double>(n);
        r.details["interval"] = {c.sketch->Quantile(std::max(0.0, q - slack)).value,
                                 c.sketch->Quantile(std::min(1.0, q + slack)).value};
      }
      results.push_back(std::move(r));
    }
  }

  void JudgeShares(const ColumnProfile& c, std::vector<Result>& results) const {
    for (const auto& [category, bounds] : spec_.shares) {
      std::string subject = fmt::format("{}={}", spec_.column, category);
      auto error = [&](const std::string& message) {
        Result r = ErrorResult(subject, message);
        r.statistic = "share";
        results.push_back(std::move(r));
      };
      if (!c.needs.frequencies) {
        error(fmt::format("a stored profile holds no value counts for '{}'", spec_.column));
        continue;
      }
      if (c.present == 0) {
        error(fmt::format("'{}' has no values (all {} rows null): the share of '{}' is undefined",
                          spec_.column, c.nulls, category));
        continue;
      }
      int64_t count = c.frequencies.Count(category);
      if (count == 0 && c.frequencies.overflowed()) {
        error(
            fmt::format("'{}' has more distinct values than the profile counts one by one ({}), "
                        "and '{}' is not among those counted: its share is unknown",
                        spec_.column, c.frequencies.max_distinct(), category));
        continue;
      }
      double share = static_cast<double>(count) / static_cast<double>(c.present);
      Result r = Judged(subject, "share", share, bounds,
                        fmt::format("{} of {} non-null values", count, c.present));
      r.details["category"] = category;
      r.details["count"] = count;
      r.details["values"] = c.present;
      if (count == 0) r.message += fmt::format("; '{}' does not occur", category);
      results.push_back(std::move(r));
    }
  }

  DistributionSpec spec_;
};

std::unique_ptr<Check> CreateDistributionCheck(OptionReader& options, const CheckContext& context) {
  DistributionSpec spec;
  size_t before = options.diagnostics()->size();
  spec.dataset = context.DatasetRef(options, "dataset", true);
  spec.column = options.RequiredString("column");
  auto bounds = [&](const std::string& key, bool scalar_is_max) -> std::optional<Bounds> {
    YAML::Node node = options.Node(key);
    if (!node.IsDefined() || node.IsNull()) return std::nullopt;
    return data_checks::ReadBounds(options, node, key, scalar_is_max);
  };
  spec.mean = bounds("mean", false);
  spec.std_dev = bounds("std", false);
  spec.min = bounds("min", false);
  spec.max = bounds("max", false);
  spec.null_share = bounds("null_share", true);
  if (spec.std_dev && spec.std_dev->lo && *spec.std_dev->lo < 0) {
    options.Error("std", fmt::format("{}: 'std' bounds cannot be negative", options.what()));
  }
  auto mapping = [&](const std::string& key, auto&& each) {
    YAML::Node node = options.Node(key);
    if (!node.IsDefined() || node.IsNull()) return;
    if (!node.IsMap() || node.size() == 0) {
      options.Error(node, fmt::format("{}: '{}' must be a mapping such as {{ {}: [lo, hi] }}",
                                      options.what(), key, key == "quantiles" ? "0.5" : "rain"));
      return;
    }
    for (const auto& entry : node) {
      if (!entry.first.IsScalar()) {
        options.Error(entry.first,
                      fmt::format("{}: '{}' keys must be single values", options.what(), key));
        continue;
      }
      each(entry.first, entry.second);
    }
  };
  mapping("quantiles", [&](const YAML::Node& key, const YAML::Node& value) {
    auto q = ScalarToDouble(key.Scalar());
    if (!q || *q < 0 || *q > 1) {
      options.Error(key, fmt::format("{}: quantile '{}' must be a number in [0, 1]", options.what(),
                                     key.Scalar()));
      return;
    }
    auto b =
        data_checks::ReadBounds(options, value, fmt::format("quantiles.{}", key.Scalar()), false);
    if (b) spec.quantiles.push_back({*q, *b});
  });
  std::sort(spec.quantiles.begin(), spec.quantiles.end(),
            [](const QuantileBound& a, const QuantileBound& b) { return a.q < b.q; });
  for (size_t i = 1; i < spec.quantiles.size(); ++i) {
    if (spec.quantiles[i].q == spec.quantiles[i - 1].q) {
      options.Error("quantiles", fmt::format("{}: quantile {} is given twice", options.what(),
                                             Num(spec.quantiles[i].q)));
    }
  }
  mapping("share", [&](const YAML::Node& key, const YAML::Node& value) {
    auto b = data_checks::ReadBounds(options, value, fmt::format("share.{}", key.Scalar()), false);
    if (!b) return;
    if ((b->lo && *b->lo < 0) || (b->hi && *b->hi > 1)) {
      options.Error(value, fmt::format("{}: share of '{}' bounds must lie in [0, 1]",
                                       options.what(), key.Scalar()));
      return;
    }
    spec.shares.push_back({key.Scalar(), *b});
  });
  if (spec.null_share && ((spec.null_share->lo && *spec.null_share->lo < 0) ||
                          (spec.null_share->hi && *spec.null_share->hi > 1))) {
    options.Error("null_share",
                  fmt::format("{}: 'null_share' bounds must lie in [0, 1]", options.what()));
  }
  bool any = spec.mean || spec.std_dev || spec.min || spec.max || spec.null_share ||
             !spec.quantiles.empty() || !spec.shares.empty();
  if (!any && options.diagnostics()->size() == before) {
    options.Error(options.node(), fmt::format("{}: give at least one of mean, std, min, max, "
                                              "quantiles, null_share, share",
                                              options.what()));
  }
  if (options.diagnostics()->size() != before) return nullptr;
  return std::make_unique<DistributionCheck>(std::move(spec));
}

}  // namespace

KindInfo DistributionCheckKind() {
  KindInfo info;
  info.name = "distribution";
  info.family = "data";
  info.summary =
      "Bounds on one column of one dataset: mean, std, min, max, quantiles, share of missing "
      "values, and shares of categories (a label's class balance). One result per bound.";
  info.options = {
      {"dataset", "dataset name", "", "the dataset to check (required)"},
      {"column", "column", "", "the column to check (required)"},
      {"mean", "[min, max]", "", "bounds on the mean of its numeric values (null: open end)"},
      {"std", "[min, max]", "", "bounds on the sample standard deviation (ddof 1)"},
      {"min", "[min, max]", "", "bounds on the smallest value"},
      {"max", "[min, max]", "", "bounds on the largest value"},
      {"quantiles", "mapping", "",
       "q -> [min, max]: bounds on quantiles (numpy linear interpolation), e.g. { 0.5: [10, 20] }"},
      {"null_share", "[min, max] or number", "",
       "bounds on the share of missing values among all rows (a number is a maximum)"},
      {"share", "mapping", "",
       "category -> [min, max]: bounds on the share of a value among non-null values"},
  };
  info.rubric = {"monitor-2"};
  info.create = CreateDistributionCheck;
  return info;
}

}  // namespace mlgate
