// The `drift` check kind: a reference and a current dataset compared column by column with the
// statistics of DESIGN §8 (KS, chi-square, z-test, PSI, Jensen-Shannon, Wasserstein, L-infinity),
// the method chosen per column by Evidently's rule unless the gate names one. One result per
// column, and one for the dataset when `max_drifted_share` is given.
#include "checks/data/drift.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "checks/data/column_util.h"
#include "checks/stats/binning.h"
#include "checks/stats/contingency.h"
#include "checks/stats/divergence.h"
#include "checks/stats/ks.h"
#include "checks/stats/parallel_for.h"

namespace mlgate {
namespace {

using data_checks::Num;

enum class Method { kAuto, kKs, kChi2, kZ, kPsi, kJs, kWasserstein, kLinf };

const std::vector<std::string>& MethodNames() {
  static const std::vector<std::string> kNames = {"auto", "ks", "chi2",        "z",
                                                  "psi",  "js", "wasserstein", "linf"};
  return kNames;
}

Method ParseMethod(const std::string& name) {
  const auto& names = MethodNames();
  auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? Method::kAuto : static_cast<Method>(it - names.begin());
}

const std::string& MethodName(Method m) { return MethodNames()[static_cast<size_t>(m)]; }

bool IsTest(Method m) { return m == Method::kKs || m == Method::kChi2 || m == Method::kZ; }
// Methods defined only on numbers (the others also compare categories, or only categories).
bool NumericOnly(Method m) { return m == Method::kKs || m == Method::kWasserstein; }
bool CategoricalOnly(Method m) {
  return m == Method::kChi2 || m == Method::kZ || m == Method::kLinf;
}

// Reference sizes up to this use hypothesis tests under `auto`, larger ones distances.
constexpr int64_t kAutoTestMaxSize = 1000;
// A numeric-typed column is numeric when it has more distinct values than this (DESIGN §8).
constexpr size_t kMaxCategoricalDistinct = 5;
// Categories listed one by one in details; wider tables give only their totals.
constexpr size_t kMaxListedCategories = 100;

double DefaultThreshold(Method m) {
  switch (m) {
    case Method::kPsi:
      return 0.2;
    case Method::kJs:
    case Method::kWasserstein:
    case Method::kLinf:
      return 0.1;
    default:
      return 0.05;
  }
}

// Checks a threshold against its method's range; returns the problem or "".
std::string ThresholdProblem(Method m, double t) {
  if (!(t > 0)) return "must be greater than 0";
  if ((IsTest(m) || m == Method::kJs) && t > 1) {
    return fmt::format("must be at most 1 for {}", IsTest(m) ? "a p-value" : "js");
  }
  return "";
}

struct ColumnSetting {
  std::optional<Method> method;
  std::optional<double> threshold;
};

struct DriftSpec {
  std::string reference, current;
  std::vector<std::string> columns;  // empty: every column both datasets have
  Method method = Method::kAuto;
  std::optional<double> threshold;
  int bins = 10;
  bool normed = true;
  std::map<std::string, ColumnSetting> per_column;
  bool bonferroni = false;
  std::optional<double> max_drifted_share;
};

// How one column is to be judged, decided before any statistic is computed.
struct ColumnJob {
  std::string column;
  const ColumnProfile* reference = nullptr;
  const ColumnProfile* current = nullptr;
  Method method = Method::kAuto;   // resolved: never kAuto once planned
  bool numeric = false;            // values (numeric) or category counts (categorical)
  bool normed = true;              // Wasserstein divided by the reference's spread
  double threshold = 0;            // before any correction
  std::string why_method;          // how `auto` chose, "" for an explicit method
  std::optional<size_t> distinct;  // over both datasets, when counted
  bool distinct_overflowed = false;
  std::optional<Result> early;  // decided without a statistic (skip or error)
};

// A computed statistic before it is judged.
struct Measure {
  double observed = stats::kNaN;
  std::optional<double> p_value;
  std::string why_undefined;
  std::vector<std::string> notes;  // facts the message should carry
  nlohmann::json details = nlohmann::json::object();
};

std::string Sides(const ColumnProfile& r, const ColumnProfile& c) {
  return fmt::format("{} reference, {} current values", r.present, c.present);
}

class DriftCheck : public Check {
 public:
  explicit DriftCheck(DriftSpec spec) : spec_(std::move(spec)) {}

  void Plan(Planner& planner) override {
    for (const auto& dataset : {spec_.reference, spec_.current}) {
      if (spec_.columns.empty()) {
        planner.NeedColumns(dataset, {}, NeedsOf(spec_.method));
        for (const auto& [column, setting] : spec_.per_column) {
          planner.NeedColumns(dataset, {column}, NeedsOf(setting.method.value_or(spec_.method)));
        }
      } else {
        for (const auto& column : spec_.columns) {
          planner.NeedColumns(dataset, {column}, NeedsOf(MethodFor(column)));
        }
      }
    }
  }

  std::vector<Result> Judge(const Inputs& inputs) const override {
    std::vector<Result> results;
    auto reference_or = inputs.Dataset(spec_.reference);
    auto current_or = inputs.Dataset(spec_.current);
    auto r_problem = data_checks::DatasetProblem(spec_.reference, "reference", reference_or);
    auto c_problem = data_checks::DatasetProblem(spec_.current, "current", current_or);
    if (r_problem) results.push_back(std::move(*r_problem));
    if (c_problem) results.push_back(std::move(*c_problem));
    if (!results.empty()) return results;
    const Profile& reference = **reference_or;
    const Profile& current = **current_or;

    std::vector<ColumnJob> jobs = PlanColumns(reference, current);
    int tests = 0;
    for (const auto& job : jobs) tests += !job.early && IsTest(job.method);
    // Columns are judged on every core: a test over exact columns of millions of values takes a
    // tenth of a second or more, and a gate drifts every column.
    std::vector<Result> judged(jobs.size());
    ParallelFor(jobs.size(), [&](size_t i, size_t) {
      judged[i] = jobs[i].early ? *jobs[i].early : JudgeColumn(jobs[i], tests);
    });
    for (auto& result : judged) results.push_back(std::move(result));
    if (spec_.max_drifted_share) results.push_back(JudgeShare(results));
    return results;
  }

 private:
  Method MethodFor(const std::string& column) const {
    auto it = spec_.per_column.find(column);
    if (it != spec_.per_column.end() && it->second.method) return *it->second.method;
    return spec_.method;
  }

  std::optional<double> ThresholdFor(const std::string& column) const {
    auto it = spec_.per_column.find(column);
    if (it != spec_.per_column.end() && it->second.threshold) return it->second.threshold;
    return spec_.threshold;
  }

  // Values for the numeric statistics, counts of values for the categorical ones and for the
  // distinct count that decides a column's kind, moments for the normed Wasserstein's spread.
  static ColumnNeeds NeedsOf(Method m) {
    ColumnNeeds needs;
    needs.values = !CategoricalOnly(m);
    needs.moments = needs.values;
    needs.frequencies = !NumericOnly(m);
    // `auto`, `psi` and `js` count values only to tell the column's kind (PlanColumn): a column
    // of numbers past kMaxCategoricalDistinct distinct values is numeric, whatever the rest.
    if (!NumericOnly(m) && !CategoricalOnly(m)) {
      needs.counts_for_kind_up_to = kMaxCategoricalDistinct;
    }
    return needs;
  }

  std::vector<ColumnJob> PlanColumns(const Profile& reference, const Profile& current) const {
    std::vector<ColumnJob> jobs;
    auto skip = [&](const std::string& column, const std::string& message) {
      ColumnJob job;
      job.column = column;
      Result r;
      r.subject = column;
      r.outcome = Outcome::kSkip;
      r.message = message;
      job.early = std::move(r);
      jobs.push_back(std::move(job));
    };
    if (!spec_.columns.empty()) {
      for (const auto& column : spec_.columns)
        jobs.push_back(PlanColumn(column, reference, current));
      return jobs;
    }
    // Every column both datasets have, in the reference's order; the others are reported.
    for (const auto& c : reference.columns) {
      if (current.Find(c.name) == nullptr) {
        skip(c.name, fmt::format("'{}' is only in the reference dataset '{}'; name it in "
                                 "'columns' to require it",
                                 c.name, spec_.reference));
        continue;
      }
      const ColumnProfile* cur = current.Find(c.name);
      bool dated = c.Type() == ColumnType::kDate || c.Type() == ColumnType::kTimestamp ||
                   cur->Type() == ColumnType::kDate || cur->Type() == ColumnType::kTimestamp;
      if (dated && spec_.per_column.count(c.name) == 0) {
        skip(c.name, fmt::format("'{}' holds dates: not compared by default (name it in "
                                 "'columns' to compare its values as categories)",
                                 c.name));
        continue;
      }
      jobs.push_back(PlanColumn(c.name, reference, current));
    }
    for (const auto& c : current.columns) {
      if (reference.Find(c.name) == nullptr) {
        skip(c.name, fmt::format("'{}' is only in the current dataset '{}'; name it in "
                                 "'columns' to require it",
                                 c.name, spec_.current));
      }
    }
    for (const auto& [column, setting] : spec_.per_column) {
      if (reference.Find(column) == nullptr && current.Find(column) == nullptr) {
        ColumnJob job;
        job.column = column;
        job.early = ErrorResult(column, fmt::format("per_column names '{}', which neither "
                                                    "dataset has",
                                                    column));
        jobs.push_back(std::move(job));
      }
    }
    return jobs;
  }

  ColumnJob PlanColumn(const std::string& column, const Profile& reference,
                       const Profile& current) const {
    ColumnJob job;
    job.column = column;
    job.reference = reference.Find(column);
    job.current = current.Find(column);
    auto error = [&](std::string message) {
      Result r = ErrorResult(column, std::move(message));
      r.statistic = "";
      job.early = std::move(r);
      return job;
    };
    if (job.reference == nullptr || job.current == nullptr) {
      std::string where =
          job.reference == nullptr && job.current == nullptr ? "both datasets"
          : job.reference == nullptr
              ? fmt::format("the reference dataset '{}' ({})", spec_.reference, reference.source)
              : fmt::format("the current dataset '{}' ({})", spec_.current, current.source);
      return error(fmt::format("column '{}' is missing from {}", column, where));
    }
    const ColumnProfile& r = *job.reference;
    const ColumnProfile& c = *job.current;
    if (r.present == 0 && c.present == 0) {
      Result skip;
      skip.subject = column;
      skip.outcome = Outcome::kSkip;
      skip.message = fmt::format("'{}' has no values in either dataset (all {} + {} rows null)",
                                 column, r.nulls, c.nulls);
      job.early = std::move(skip);
      return job;
    }
    if (r.present == 0 || c.present == 0) {
      bool ref_empty = r.present == 0;
      const ColumnProfile& empty = ref_empty ? r : c;
      return error(
          fmt::format("'{}' has no values in the {} dataset '{}' (all {} rows null): "
                      "drift cannot be measured",
                      column, ref_empty ? "reference" : "current",
                      ref_empty ? spec_.reference : spec_.current, empty.nulls));
    }

    Method method = MethodFor(column);
    bool numeric_type = IsNumeric(r.Type()) && IsNumeric(c.Type());
    if (method == Method::kAuto || method == Method::kPsi || method == Method::kJs) {
      // The kind of the column decides; it rests on the distinct count of both datasets.
      if (!r.needs.frequencies || !c.needs.frequencies) {
        return error(
            fmt::format("'{}': a stored profile holds no value counts for it, which "
                        "method {} needs to tell numeric from categorical columns",
                        column, MethodName(method)));
      }
      bool overflowed = false;
      job.distinct = data_checks::DistinctValues(r, &c, &overflowed);
      job.distinct_overflowed = overflowed;
      job.numeric = numeric_type && (overflowed || *job.distinct > kMaxCategoricalDistinct);
    }
    if (method == Method::kAuto) {
      int64_t n = r.present;
      std::string size = fmt::format("the reference has {} values {} {}", n,
                                     n <= kAutoTestMaxSize ? "<=" : ">", kAutoTestMaxSize);
      std::string kind = job.numeric ? fmt::format("numeric ({} distinct values)", *job.distinct)
                         : numeric_type
                             ? fmt::format("categorical (only {} distinct values)", *job.distinct)
                             : fmt::format("categorical ({} values)", ColumnTypeName(r.Type()));
      if (job.distinct_overflowed) {
        kind = r.counts_stopped_for_kind || c.counts_stopped_for_kind
                   ? fmt::format("numeric (more than {} distinct values)", kMaxCategoricalDistinct)
                   : "numeric (many distinct values)";
      }
      if (job.numeric) {
        method = n <= kAutoTestMaxSize ? Method::kKs : Method::kWasserstein;
      } else if (n <= kAutoTestMaxSize) {
        method = *job.distinct == 2 ? Method::kZ : Method::kChi2;
        if (method == Method::kZ) kind += ", two categories";
      } else {
        method = Method::kJs;
      }
      job.why_method = fmt::format("auto: {}, {}", kind, size);
    } else if (NumericOnly(method)) {
      if (!numeric_type) {
        const ColumnProfile& bad = IsNumeric(r.Type()) ? c : r;
        return error(
            fmt::format("method {} compares numbers, but '{}' holds {} values in the {} "
                        "dataset",
                        MethodName(method), column, ColumnTypeName(bad.Type()),
                        &bad == &r ? "reference" : "current"));
      }
      job.numeric = true;
    } else if (CategoricalOnly(method)) {
      job.numeric = false;
    }
    job.method = method;
    // `auto` always uses the normed distance: its default threshold has no units.
    job.normed = MethodFor(column) == Method::kAuto || spec_.normed;
    job.threshold = ThresholdFor(column).value_or(DefaultThreshold(method));
    if (method == Method::kWasserstein && !job.normed && !ThresholdFor(column)) {
      // Load-time validation makes this unreachable; kept so no default slips in.
      return error("wasserstein with normed: false needs a threshold in the column's units");
    }
    return job;
  }

  static std::string StatisticName(const ColumnJob& job) {
    if (job.method == Method::kWasserstein) {
      return job.normed ? "wasserstein_normed" : "wasserstein";
    }
    return MethodName(job.method);
  }

  Result JudgeColumn(const ColumnJob& job, int tests) const {
    const ColumnProfile& r = *job.reference;
    const ColumnProfile& c = *job.current;
    Result result;
    result.subject = job.column;
    result.statistic = StatisticName(job);
    double threshold = job.threshold;
    bool corrected = spec_.bonferroni && IsTest(job.method) && tests > 1;
    if (corrected) threshold /= tests;
    result.threshold = threshold;
    result.comparison = IsTest(job.method)
                            ? fmt::format("p_value >= {}", Num(threshold))
                            : fmt::format("{} < {}", result.statistic, Num(threshold));

    Measure m = job.numeric ? MeasureNumeric(job) : MeasureCategorical(job);
    nlohmann::json details = nlohmann::json::object();
    details["method"] = MethodName(job.method);
    details["kind"] = job.numeric ? "numeric" : "categorical";
    if (!job.why_method.empty()) details["method_reason"] = job.why_method;
    if (job.distinct) {
      details["distinct"] = *job.distinct;
      if (job.distinct_overflowed) details["distinct_overflowed"] = true;
    }
    details["n_reference"] = job.numeric ? data_checks::NumericCount(r) : r.present;
    details["n_current"] = job.numeric ? data_checks::NumericCount(c) : c.present;
    details["nulls_reference"] = r.nulls;
    details["nulls_current"] = c.nulls;
    if (corrected) {
      details["correction"] = "bonferroni";
      details["tests"] = tests;
      details["threshold_uncorrected"] = job.threshold;
    }
    details.update(m.details);
    result.details = std::move(details);

    std::string label = MethodLabel(job.method, job.normed);
    if (!m.why_undefined.empty()) {
      result.outcome = Outcome::kError;
      result.message =
          fmt::format("{} of '{}' is undefined: {}", label, job.column, m.why_undefined);
      return result;
    }
    result.observed = m.observed;
    result.p_value = m.p_value;
    bool drift = false;
    std::string rule;
    if (IsTest(job.method)) {
      drift = !(*m.p_value >= threshold);
      rule = fmt::format("{} = {}, p_value = {} {} {}", label, Num(m.observed), Num(*m.p_value),
                         drift ? "<" : ">=", Num(threshold));
    } else {
      drift = !(m.observed < threshold);
      rule =
          fmt::format("{} = {} {} {}", label, Num(m.observed), drift ? ">=" : "<", Num(threshold));
    }
    if (corrected) rule += fmt::format(" (bonferroni over {} tests)", tests);
    result.outcome = !drift                    ? Outcome::kPass
                     : spec_.max_drifted_share ? Outcome::kWarn
                                               : Outcome::kFail;
    result.message = fmt::format("{}: {} ({})", drift ? "drift" : "no drift", rule, Sides(r, c));
    for (const auto& note : m.notes) result.message += "; " + note;
    return result;
  }

  static std::string MethodLabel(Method m, bool normed) {
    switch (m) {
      case Method::kKs:
        return "KS D";
      case Method::kChi2:
        return "chi2";
      case Method::kZ:
        return "z";
      case Method::kPsi:
        return "PSI";
      case Method::kJs:
        return "Jensen-Shannon distance";
      case Method::kWasserstein:
        return normed ? "normed Wasserstein" : "Wasserstein";
      case Method::kLinf:
        return "L-infinity";
      default:
        return "drift";
    }
  }

  Measure MeasureNumeric(const ColumnJob& job) const {
    const ColumnProfile& r = *job.reference;
    const ColumnProfile& c = *job.current;
    Measure m;
    if (!r.needs.values || !c.needs.values) {
      m.why_undefined = "a stored profile holds no numeric values for this column";
      return m;
    }
    if (data_checks::NumericCount(r) == 0 || data_checks::NumericCount(c) == 0) {
      m.why_undefined = fmt::format("the {} dataset has no finite numeric values in it",
                                    data_checks::NumericCount(r) == 0 ? "reference" : "current");
      return m;
    }
    if (r.non_finite > 0 || c.non_finite > 0) {
      m.details["non_finite_reference"] = r.non_finite;
      m.details["non_finite_current"] = c.non_finite;
      m.notes.push_back(fmt::format("{} infinite values left out", r.non_finite + c.non_finite));
    }
    bool exact = r.exact() && c.exact();
    if (!exact) {
      m.details["sketch"] = true;
      m.details["rank_error_bound"] = {{"reference", r.sketch ? r.sketch->RankErrorBound() : 0.0},
                                       {"current", c.sketch ? c.sketch->RankErrorBound() : 0.0}};
    }
    switch (job.method) {
      case Method::kKs:
        MeasureKs(r, c, exact, m);
        break;
      case Method::kWasserstein:
        MeasureWasserstein(r, c, exact, job.normed, m);
        break;
      case Method::kPsi:
      case Method::kJs:
        MeasureBinned(job.method, r, c, exact, m);
        break;
      default:
        m.why_undefined = fmt::format("method {} does not compare numbers", MethodName(job.method));
    }
    return m;
  }

  static void MeasureKs(const ColumnProfile& r, const ColumnProfile& c, bool exact, Measure& m) {
    if (exact) {
      std::vector<double> storage_r, storage_c;
      stats::KsResult ks = stats::KsTwoSample(data_checks::SortedValues(r, &storage_r),
                                              data_checks::SortedValues(c, &storage_c));
      if (!ks.defined()) {
        m.why_undefined = ks.why_undefined;
        return;
      }
      m.observed = ks.statistic;
      m.p_value = ks.p_value;
      m.details["p_value_method"] = ks.method == stats::KsMethod::kExact ? "exact" : "asymptotic";
      m.details["location"] = ks.location;
      return;
    }
    stats::SketchKsResult ks =
        stats::KsFromSketches(data_checks::SketchOf(r), data_checks::SketchOf(c));
    if (!ks.defined()) {
      m.why_undefined = ks.why_undefined;
      return;
    }
    m.observed = ks.statistic;
    m.p_value = ks.p_value;
    m.details["p_value_method"] = "asymptotic";
    m.details["statistic_error_bound"] = ks.statistic_error_bound;
    m.details["p_value_interval"] = {ks.p_value_low, ks.p_value_high};
    m.notes.push_back(
        fmt::format("from quantile sketches: D within {}", Num(ks.statistic_error_bound)));
  }

  static void MeasureWasserstein(const ColumnProfile& r, const ColumnProfile& c, bool exact,
                                 bool normed, Measure& m) {
    double spread = r.moments.std_dev();
    if (normed) {
      m.details["reference_std"] = std::isfinite(spread) ? nlohmann::json(spread) : nullptr;
      if (std::isfinite(spread) && spread < 0.001) {
        m.notes.push_back(
            fmt::format("the reference's spread {} is below 0.001, so the distance "
                        "is divided by 0.001",
                        Num(spread)));
      }
    }
    if (exact) {
      std::vector<double> storage_a, storage_b;
      std::span<const double> a = data_checks::SortedValues(r, &storage_a);
      std::span<const double> b = data_checks::SortedValues(c, &storage_b);
      stats::Value v = normed ? stats::WassersteinNormed(a, b) : stats::Wasserstein(a, b);
      if (!v.defined()) {
        m.why_undefined = v.why_undefined;
        return;
      }
      m.observed = v.value;
      return;
    }
    stats::KllSketch a = data_checks::SketchOf(r);
    stats::KllSketch b = data_checks::SketchOf(c);
    stats::SketchEstimate e = normed ? stats::WassersteinNormedFromSketches(a, b, spread)
                                     : stats::WassersteinFromSketches(a, b);
    if (!e.defined()) {
      m.why_undefined = e.why_undefined;
      return;
    }
    m.observed = e.value;
    m.details["statistic_error_bound"] = e.error_bound;
    m.notes.push_back(fmt::format("from quantile sketches: within {}", Num(e.error_bound)));
  }

  // PSI or Jensen-Shannon over the reference's quantile bins.
  void MeasureBinned(Method method, const ColumnProfile& r, const ColumnProfile& c, bool exact,
                     Measure& m) const {
    std::vector<double> storage_r, storage_c;
    std::span<const double> sorted_r, sorted_c;
    if (r.exact()) sorted_r = data_checks::SortedValues(r, &storage_r);
    if (c.exact()) sorted_c = data_checks::SortedValues(c, &storage_c);
    std::optional<std::vector<double>> edges = r.exact()
                                                   ? stats::QuantileBinEdges(sorted_r, spec_.bins)
                                                   : stats::SketchBinEdges(*r.sketch, spec_.bins);
    if (!edges) {
      m.why_undefined = "the reference has no values to bin";
      return;
    }
    m.details["bins"] = edges->size() + 1;
    m.details["edges"] = *edges;  // interior edges; the outer ones are -inf and +inf
    if (static_cast<int>(edges->size()) + 1 < spec_.bins) {
      m.notes.push_back(fmt::format("{} bins, not {}: the reference's quantiles repeat",
                                    edges->size() + 1, spec_.bins));
    }
    if (exact) {
      std::vector<int64_t> rc = stats::CountInBins(sorted_r, *edges);
      std::vector<int64_t> cc = stats::CountInBins(sorted_c, *edges);
      m.details["reference_counts"] = rc;
      m.details["current_counts"] = cc;
      stats::Value v = method == Method::kPsi ? stats::Psi(rc, cc) : stats::JensenShannon(rc, cc);
      if (!v.defined()) {
        m.why_undefined = v.why_undefined;
        return;
      }
      m.observed = v.value;
      return;
    }
    auto proportions = [&](const ColumnProfile& col, std::span<const double> sorted) {
      if (col.exact()) return stats::Proportions(stats::CountInBins(sorted, *edges));
      return stats::SketchBinProportions(*col.sketch, *edges);
    };
    auto rp = proportions(r, sorted_r);
    auto cp = proportions(c, sorted_c);
    if (!rp || !cp) {
      m.why_undefined = "a side has no values to bin";
      return;
    }
    m.details["reference_proportions"] = *rp;
    m.details["current_proportions"] = *cp;
    m.details["proportion_error_bound"] = {
        {"reference", r.sketch ? r.sketch->PmfErrorBound() : 0.0},
        {"current", c.sketch ? c.sketch->PmfErrorBound() : 0.0}};
    stats::Value v = method == Method::kPsi ? stats::PsiFromProportions(*rp, *cp)
                                            : stats::JensenShannonFromProportions(*rp, *cp);
    if (!v.defined()) {
      m.why_undefined = v.why_undefined;
      return;
    }
    m.observed = v.value;
    m.notes.push_back("bins from quantile sketches");
  }

  Measure MeasureCategorical(const ColumnJob& job) const {
    const ColumnProfile& r = *job.reference;
    const ColumnProfile& c = *job.current;
    Measure m;
    if (!r.needs.frequencies || !c.needs.frequencies) {
      m.why_undefined = "a stored profile holds no value counts for this column";
      return m;
    }
    if (r.counts_stopped_for_kind || c.counts_stopped_for_kind) {
      m.why_undefined = fmt::format(
          "its value counts stopped once it had more than {} distinct values, all numbers so "
          "far (a numeric column is judged by its numbers), but later values are not numbers; "
          "name a categorical method (chi2, z or linf) to count every value, or a numeric one",
          kMaxCategoricalDistinct);
      return m;
    }
    if (r.frequencies.overflowed() || c.frequencies.overflowed()) {
      m.why_undefined = fmt::format(
          "it has more than {} distinct values, beyond what the profile counts one by one; a "
          "categorical comparison needs every count (name a numeric method, or leave the column "
          "out)",
          std::min(r.frequencies.max_distinct(), c.frequencies.max_distinct()));
      return m;
    }
    stats::AlignedCounts counts =
        stats::AlignCategories(r.frequencies.Sorted(), c.frequencies.Sorted());
    std::vector<std::string> only_r, only_c;
    for (size_t i = 0; i < counts.categories.size(); ++i) {
      if (counts.current[i] == 0) only_r.push_back(counts.categories[i]);
      if (counts.reference[i] == 0) only_c.push_back(counts.categories[i]);
    }
    m.details["categories"] = counts.categories.size();
    m.details["reference_counts"] =
        data_checks::CountsJson(counts.categories, counts.reference, kMaxListedCategories);
    m.details["current_counts"] =
        data_checks::CountsJson(counts.categories, counts.current, kMaxListedCategories);
    auto listed = [](const std::vector<std::string>& items) {
      std::string out;
      for (size_t i = 0; i < items.size() && i < 5; ++i) {
        out += (i ? ", " : "") + fmt::format("'{}'", items[i]);
      }
      if (items.size() > 5) out += fmt::format(" and {} more", items.size() - 5);
      return out;
    };
    if (!only_r.empty()) {
      m.details["only_in_reference"] = data_checks::FirstItems(only_r, kMaxListedCategories);
      m.notes.push_back(fmt::format("only in the reference: {}", listed(only_r)));
    }
    if (!only_c.empty()) {
      m.details["only_in_current"] = data_checks::FirstItems(only_c, kMaxListedCategories);
      m.notes.push_back(fmt::format("only in the current data: {}", listed(only_c)));
    }
    switch (job.method) {
      case Method::kChi2: {
        stats::ChiSquareResult chi = stats::ChiSquareHomogeneity(counts.reference, counts.current);
        if (!chi.defined()) {
          m.why_undefined = chi.why_undefined;
          return m;
        }
        m.observed = chi.statistic;
        m.p_value = chi.p_value;
        m.details["dof"] = chi.dof;
        if (counts.categories.size() == 1) {
          m.notes.push_back(
              fmt::format("a single category '{}' on both sides", counts.categories[0]));
        }
        return m;
      }
      case Method::kZ: {
        if (counts.categories.size() != 2) {
          m.why_undefined = fmt::format("the z-test compares two categories; the data has {}",
                                        counts.categories.size());
          return m;
        }
        stats::TestResult z =
            stats::TwoProportionZTest(counts.reference[0], r.present, counts.current[0], c.present);
        if (!z.defined()) {
          m.why_undefined = z.why_undefined;
          return m;
        }
        m.observed = z.statistic;
        m.p_value = z.p_value;
        m.details["category"] = counts.categories[0];
        return m;
      }
      case Method::kPsi:
      case Method::kJs:
      case Method::kLinf: {
        stats::Value v = job.method == Method::kPsi ? stats::Psi(counts.reference, counts.current)
                         : job.method == Method::kJs
                             ? stats::JensenShannon(counts.reference, counts.current)
                             : stats::LInfinity(counts.reference, counts.current);
        if (!v.defined()) {
          m.why_undefined = v.why_undefined;
          return m;
        }
        m.observed = v.value;
        return m;
      }
      default:
        m.why_undefined =
            fmt::format("method {} does not compare categories", MethodName(job.method));
        return m;
    }
  }

  Result JudgeShare(const std::vector<Result>& columns) const {
    Result r;
    r.subject = "(dataset)";
    r.statistic = "drifted_share";
    r.threshold = *spec_.max_drifted_share;
    r.comparison = fmt::format("drifted_share <= {}", Num(*spec_.max_drifted_share));
    int64_t judged = 0, errors = 0;
    std::vector<std::string> drifted;
    for (const auto& c : columns) {
      if (c.outcome == Outcome::kPass || c.outcome == Outcome::kWarn) ++judged;
      if (c.outcome == Outcome::kWarn) drifted.push_back(c.subject);
      if (c.outcome == Outcome::kError) ++errors;
    }
    r.details = {{"judged", judged},
                 {"drifted", static_cast<int64_t>(drifted.size())},
                 {"drifted_columns", drifted},
                 {"errors", errors}};
    if (judged == 0) {
      r.outcome = Outcome::kError;
      r.message = "no column could be judged, so the share of drifted columns is undefined";
      return r;
    }
    double share = static_cast<double>(drifted.size()) / static_cast<double>(judged);
    r.observed = share;
    r.outcome = share <= *spec_.max_drifted_share ? Outcome::kPass : Outcome::kFail;
    r.message =
        fmt::format("{} of {} columns drifted ({}) {} {}", drifted.size(), judged, Num(share),
                    r.outcome == Outcome::kPass ? "<=" : ">", Num(*spec_.max_drifted_share));
    if (errors > 0) r.message += fmt::format("; {} could not be judged", errors);
    return r;
  }

  DriftSpec spec_;
};

std::unique_ptr<Check> CreateDriftCheck(OptionReader& options, const CheckContext& context) {
  DriftSpec spec;
  size_t before = options.diagnostics()->size();
  spec.reference = context.DatasetRef(options, "reference", true);
  spec.current = context.DatasetRef(options, "current", true);
  if (!spec.reference.empty() && spec.reference == spec.current) {
    options.Error("current", fmt::format("{}: 'reference' and 'current' name the same dataset "
                                         "'{}'",
                                         options.what(), spec.current));
  }
  spec.columns = options.StringList("columns");
  std::set<std::string> seen;
  for (const auto& column : spec.columns) {
    if (!seen.insert(column).second) {
      options.Error("columns",
                    fmt::format("{}: column '{}' is listed twice", options.what(), column));
    }
  }
  spec.method = ParseMethod(options.Enum("method", "auto", MethodNames()));
  spec.bins = static_cast<int>(options.Int("bins", 10, 2, 1000));
  spec.normed = options.Bool("normed", true);
  spec.bonferroni = options.Enum("correction", "none", {"bonferroni", "none"}) == "bonferroni";
  spec.max_drifted_share = options.OptionalDouble("max_drifted_share", 0, 1);
  spec.threshold = options.OptionalDouble("threshold");
  if (spec.threshold) {
    std::string why = ThresholdProblem(spec.method, *spec.threshold);
    if (!why.empty())
      options.Error("threshold", fmt::format("{}: 'threshold' {}", options.what(), why));
  }
  bool unnormed_wasserstein = !spec.normed && spec.method == Method::kWasserstein;
  if (unnormed_wasserstein && !spec.threshold) {
    options.Error("normed", fmt::format("{}: wasserstein with normed: false is in the columns' "
                                        "own units: give a 'threshold'",
                                        options.what()));
  }
  YAML::Node per_column = options.Node("per_column");
  if (per_column.IsDefined() && !per_column.IsNull()) {
    if (!per_column.IsMap()) {
      options.Error(per_column, fmt::format("{}: 'per_column' must map column names to "
                                            "{{ method, threshold }}",
                                            options.what()));
    } else {
      for (const auto& entry : per_column) {
        std::string column = entry.first.Scalar();
        OptionReader reader(entry.second, fmt::format("{} per_column '{}'", options.what(), column),
                            options.diagnostics());
        ColumnSetting setting;
        std::string method_name = reader.Enum("method", "", MethodNames());
        if (!method_name.empty()) setting.method = ParseMethod(method_name);
        setting.threshold = reader.OptionalDouble("threshold");
        reader.Finish();
        Method method = setting.method.value_or(spec.method);
        if (setting.threshold) {
          std::string why = ThresholdProblem(method, *setting.threshold);
          if (!why.empty()) {
            reader.Error("threshold", fmt::format("{}: 'threshold' {}", reader.what(), why));
          }
        }
        if (!spec.normed && method == Method::kWasserstein && !setting.threshold &&
            !spec.threshold) {
          reader.Error(entry.second, fmt::format("{}: wasserstein with normed: false is in the "
                                                 "column's own units: give a 'threshold'",
                                                 reader.what()));
        }
        if (!spec.columns.empty() &&
            std::find(spec.columns.begin(), spec.columns.end(), column) == spec.columns.end()) {
          options.Error(entry.first, fmt::format("{}: per_column names '{}', which is not in "
                                                 "'columns'",
                                                 options.what(), column));
        }
        spec.per_column[column] = setting;
      }
    }
  }
  if (options.diagnostics()->size() != before) return nullptr;
  return std::make_unique<DriftCheck>(std::move(spec));
}

}  // namespace

KindInfo DriftCheckKind() {
  KindInfo info;
  info.name = "drift";
  info.family = "data";
  info.summary =
      "A reference and a current dataset compared column by column (KS, chi-square, z-test, PSI, "
      "Jensen-Shannon, Wasserstein, L-infinity); `auto` picks the method by column kind and "
      "reference size. One result per column, plus `(dataset)` with max_drifted_share.";
  info.options = {
      {"reference", "dataset name", "", "the dataset to compare against (required)"},
      {"current", "dataset name", "", "the dataset judged (required)"},
      {"columns", "list of columns", "",
       "columns to compare; default: every column both datasets have (date columns skipped)"},
      {"method", "auto|ks|chi2|z|psi|js|wasserstein|linf", "auto",
       "auto: numeric columns (int/float, more than 5 distinct values) with <= 1000 reference "
       "values -> ks, more -> wasserstein (normed); categorical -> chi2 (z for two categories), "
       "more than 1000 -> js"},
      {"threshold", "number", "",
       "p-value for ks/chi2/z (drift if p < 0.05); distance for psi (0.2), js (0.1), "
       "wasserstein normed (0.1), linf (0.1): drift if >= threshold"},
      {"bins", "integer", "10", "quantile bins of the reference for psi and js on numeric columns"},
      {"normed", "bool", "true",
       "wasserstein divided by the reference's std (max with 0.001); false needs a threshold"},
      {"per_column", "mapping", "", "column -> { method, threshold } overriding the check's"},
      {"correction", "bonferroni|none", "none",
       "bonferroni divides the p-value threshold by the number of columns tested"},
      {"max_drifted_share", "number", "",
       "adds a `(dataset)` result: fail when the share of drifted columns exceeds it (column "
       "drifts then warn)"},
  };
  info.rubric = {"monitor-2", "monitor-3"};
  info.create = CreateDriftCheck;
  return info;
}

}  // namespace mlgate
