// The `latency` check kind: applies a declared load to an endpoint through Inputs::Probe and
// judges every budget key as one result; plus the exact latency summary shared with `mlgate probe`.
#include "checks/serving/latency.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace mlgate {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kBinsPerDecade = 5;

// One budget key of the gate file and the statistic it bounds.
struct BudgetKey {
  const char* key;        // as written under `budget:`
  const char* statistic;  // Result::statistic
  bool upper;             // true: observed <= threshold passes; false: observed >= threshold
  bool latency;           // judged on the latency sample (else on the requests)
  double LatencySummary::*field;
  const char* description;
};

constexpr BudgetKey kBudgetKeys[] = {
    {"p50_ms", "p50_ms", true, true, &LatencySummary::p50_ms, "median latency, ms"},
    {"p90_ms", "p90_ms", true, true, &LatencySummary::p90_ms, "90th percentile latency, ms"},
    {"p95_ms", "p95_ms", true, true, &LatencySummary::p95_ms, "95th percentile latency, ms"},
    {"p99_ms", "p99_ms", true, true, &LatencySummary::p99_ms, "99th percentile latency, ms"},
    {"p999_ms", "p999_ms", true, true, &LatencySummary::p999_ms, "99.9th percentile latency, ms"},
    {"max_ms", "max_ms", true, true, &LatencySummary::max_ms, "slowest successful request, ms"},
    {"max_error_rate", "error_rate", true, false, &LatencySummary::error_rate,
     "failed / sent measured requests (0..1)"},
    {"min_throughput_rps", "throughput_rps", false, true, &LatencySummary::throughput_rps,
     "successful answers per second"},
};

struct Budget {
  const BudgetKey* key;
  double threshold;
};

std::string Comparison(const Budget& budget) {
  return fmt::format("{} {} {}", budget.key->statistic,
                     budget.key->upper ? "<=" : ">=", budget.threshold);
}

std::string LoadDescription(const LoadSpec& load) {
  if (load.model == "open") {
    return fmt::format("open model, {} requests/s for {} s", load.rate, load.duration_s);
  }
  return fmt::format("closed model, concurrency {}", load.concurrency);
}

nlohmann::json LoadJson(const LoadSpec& load) {
  nlohmann::json j = {{"model", load.model},
                      {"concurrency", load.concurrency},
                      {"warmup", load.warmup},
                      {"min_samples", load.min_samples}};
  if (load.model == "open") {
    j["rate"] = load.rate;
    j["duration_s"] = load.duration_s;
  } else {
    j["requests"] = load.requests;
  }
  // 0 means the endpoint's own timeout applies.
  if (load.timeout_s > 0) j["timeout_s"] = load.timeout_s;
  return j;
}

nlohmann::json Details(const std::string& endpoint, const LoadSpec& load,
                       const LatencyReport& report, const LatencySummary& s) {
  nlohmann::json details = {
      {"endpoint", endpoint},
      {"model", report.model},
      {"load", LoadJson(load)},
      {"samples", s.samples},
      {"requests", s.requests},
      {"errors", s.errors},
      {"error_rate", s.error_rate},
      {"error_kinds", report.error_kinds},
      {"throughput_rps", s.throughput_rps},
      {"elapsed_s", report.elapsed_s},
      {"warmup_requests", report.warmup_requests},
      {"connections", report.connections},
      {"event_loops", report.event_loops},
      {"late_sends", report.late_sends},
      {"queued_sends", report.queued_sends},
      {"http_version", report.http_version},
      {"latency_ms",
       {{"min", s.min_ms},
        {"p50", s.p50_ms},
        {"p90", s.p90_ms},
        {"p95", s.p95_ms},
        {"p99", s.p99_ms},
        {"p999", s.p999_ms},
        {"max", s.max_ms},
        {"mean", s.mean_ms}}},
      {"histogram", LatencyHistogram(report.latencies_ms)},
  };
  if (report.model == "closed") {
    // The reader of a closed-model number needs to know what it cannot show.
    details["model_note"] =
        "closed model: each connection waits for its answer before sending again, so a server "
        "stall delays the following requests instead of appearing in their latency; the open "
        "model (load.rate) measures from each request's intended send time";
  }
  return details;
}

class LatencyCheck : public Check {
 public:
  LatencyCheck(std::string endpoint, LoadSpec load, std::vector<Budget> budgets)
      : endpoint_(std::move(endpoint)), load_(std::move(load)), budgets_(std::move(budgets)) {}

  void Plan(Planner& /*planner*/) override {}

  std::vector<Result> Judge(const Inputs& inputs) const override {
    std::vector<Result> results;
    StatusOr<LatencyReport> report = inputs.Probe(endpoint_, load_);
    if (!report.ok()) {
      for (const auto& budget : budgets_) {
        Result r = ErrorResult(endpoint_, fmt::format("could not probe endpoint '{}': {}",
                                                      endpoint_, report.status().message()));
        Describe(budget, r);
        r.details = {{"endpoint", endpoint_}, {"load", LoadJson(load_)}};
        results.push_back(std::move(r));
      }
      return results;
    }
    const LatencySummary summary = SummarizeLatency(*report);
    const nlohmann::json details = Details(endpoint_, load_, *report, summary);
    const std::string load_text = LoadDescription(load_);
    for (const auto& budget : budgets_) {
      Result r;
      r.subject = endpoint_;
      Describe(budget, r);
      r.details = details;
      const double observed = summary.*(budget.key->field);
      r.observed = observed;
      const int64_t sample = budget.key->latency ? summary.samples : summary.requests;
      if (sample < load_.min_samples) {
        r.outcome = Outcome::kError;
        r.message = fmt::format(
            "too few samples to judge {}: {} {} (fewer than min_samples {}); {} of {} measured "
            "requests failed",
            budget.key->statistic, sample,
            budget.key->latency ? "successful requests" : "measured requests", load_.min_samples,
            summary.errors, summary.requests);
      } else if (!std::isfinite(observed)) {
        r.outcome = Outcome::kError;
        r.message = fmt::format("{} could not be computed ({} successful of {} requests)",
                                budget.key->statistic, summary.samples, summary.requests);
      } else {
        const bool pass =
            budget.key->upper ? observed <= budget.threshold : observed >= budget.threshold;
        r.outcome = pass ? Outcome::kPass : Outcome::kFail;
        r.message = fmt::format(
            "{} = {:.4g} {} budget {}; {} samples, {} errors of {} requests; {}",
            budget.key->statistic, observed, pass ? "within" : "outside", Comparison(budget),
            summary.samples, summary.errors, summary.requests, load_text);
      }
      results.push_back(std::move(r));
    }
    return results;
  }

 private:
  static void Describe(const Budget& budget, Result& r) {
    r.statistic = budget.key->statistic;
    r.threshold = budget.threshold;
    r.comparison = Comparison(budget);
  }

  std::string endpoint_;
  LoadSpec load_;
  std::vector<Budget> budgets_;
};

// Reads `load:`. Returns the spec; problems become diagnostics.
LoadSpec ReadLoad(OptionReader& options) {
  LoadSpec load;
  OptionReader r(options.Node("load"), options.what() + " load", options.diagnostics());
  std::optional<std::string> model = r.OptionalString("model");
  std::optional<double> rate = r.OptionalDouble("rate", 1e-6, 1e7);
  std::optional<double> duration = r.OptionalDouble("duration_s", 1e-3, 86400);
  load.model = model ? r.Enum("model", "closed", {"closed", "open"}) : (rate ? "open" : "closed");
  load.requests = r.Int("requests", load.requests, 1, 100'000'000);
  load.concurrency = r.Int("concurrency", load.concurrency, 1, 10'000);
  load.warmup = r.Int("warmup", load.warmup, 0, 100'000'000);
  // 0 lets the endpoint's own timeout_s apply.
  load.timeout_s = r.Double("timeout_s", 0, 0.001, 3600);
  load.min_samples = r.Int("min_samples", load.min_samples, 1, 100'000'000);
  if (load.model == "open") {
    if (!rate)
      r.Error(r.node(), fmt::format("{}: the open model needs 'rate' (requests/s)", r.what()));
    if (!duration) {
      r.Error(r.node(), fmt::format("{}: the open model needs 'duration_s'", r.what()));
    }
    if (r.Has("requests")) {
      r.Error("requests", fmt::format("{}: 'requests' applies to the closed model; the open model "
                                      "sends rate x duration_s requests",
                                      r.what()));
    }
    load.rate = rate.value_or(0);
    load.duration_s = duration.value_or(0);
    if (rate && duration && load.rate * load.duration_s < 1) {
      r.Error("rate", fmt::format("{}: rate x duration_s must be at least one request", r.what()));
    } else if (rate && duration && load.rate * load.duration_s > 100'000'000) {
      r.Error("rate", fmt::format("{}: rate x duration_s exceeds 100000000 requests", r.what()));
    }
  } else {
    if (rate) {
      r.Error("rate", fmt::format("{}: 'rate' applies to the open model (model: open)", r.what()));
    }
    if (duration) {
      r.Error("duration_s",
              fmt::format("{}: 'duration_s' applies to the open model (model: open)", r.what()));
    }
  }
  r.Finish();
  return load;
}

std::vector<Budget> ReadBudget(OptionReader& options) {
  std::vector<Budget> budgets;
  YAML::Node node = options.Node("budget");
  if (!node.IsDefined() || node.IsNull()) {
    options.Error(options.node(), fmt::format("{}: missing required key 'budget'", options.what()));
    return budgets;
  }
  OptionReader r(node, options.what() + " budget", options.diagnostics());
  for (const auto& key : kBudgetKeys) {
    const bool rate = std::string_view(key.key) == "max_error_rate";
    std::optional<double> value = r.OptionalDouble(key.key, 0, rate ? 1 : 1e12);
    if (value) budgets.push_back({&key, *value});
  }
  r.Finish();
  if (budgets.empty() && node.IsMap()) {
    std::string keys;
    for (const auto& key : kBudgetKeys) keys += (keys.empty() ? "" : ", ") + std::string(key.key);
    r.Error(node, fmt::format("{}: set at least one of {}", r.what(), keys));
  }
  return budgets;
}

}  // namespace

double NearestRankPercentile(const std::vector<double>& sorted, double percentile) {
  if (sorted.empty()) return kNaN;
  const size_t n = sorted.size();
  if (!(percentile > 0)) return sorted.front();
  if (percentile >= 100) return sorted.back();
  // rank = ceil(p/100 * n). The product is rounded to 1e-9 first so that, e.g., 99.9% of 1000
  // is rank 999 and not 1000 through binary rounding of 99.9.
  long double exact = static_cast<long double>(percentile) * n / 100.0L;
  long double nearest = std::round(exact);
  long double rank =
      std::fabs(exact - nearest) <= 1e-9L * std::max(1.0L, exact) ? nearest : std::ceil(exact);
  size_t index = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
  return sorted[std::min(index, n - 1)];
}

LatencySummary SummarizeLatency(const LatencyReport& report) {
  LatencySummary s;
  s.samples = static_cast<int64_t>(report.latencies_ms.size());
  s.requests = report.requests;
  s.errors = report.errors;
  s.error_rate = report.requests > 0
                     ? static_cast<double>(report.errors) / static_cast<double>(report.requests)
                     : kNaN;
  s.throughput_rps =
      report.elapsed_s > 0 ? static_cast<double>(s.samples) / report.elapsed_s : kNaN;
  std::vector<double> sorted = report.latencies_ms;
  std::sort(sorted.begin(), sorted.end());
  if (sorted.empty()) {
    s.min_ms = s.p50_ms = s.p90_ms = s.p95_ms = s.p99_ms = s.p999_ms = s.max_ms = s.mean_ms = kNaN;
    return s;
  }
  s.min_ms = sorted.front();
  s.p50_ms = NearestRankPercentile(sorted, 50);
  s.p90_ms = NearestRankPercentile(sorted, 90);
  s.p95_ms = NearestRankPercentile(sorted, 95);
  s.p99_ms = NearestRankPercentile(sorted, 99);
  s.p999_ms = NearestRankPercentile(sorted, 99.9);
  s.max_ms = sorted.back();
  // Summing in ascending order keeps the rounding error of many small values small.
  s.mean_ms =
      std::accumulate(sorted.begin(), sorted.end(), 0.0L) / static_cast<long double>(sorted.size());
  return s;
}

nlohmann::json LatencyHistogram(const std::vector<double>& latencies_ms) {
  nlohmann::json out = {{"edges_ms", nlohmann::json::array()}, {"counts", nlohmann::json::array()}};
  double lo = std::numeric_limits<double>::infinity();
  double hi = 0;
  for (double v : latencies_ms) {
    if (v > 0 && std::isfinite(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (!(hi > 0)) return out;
  auto edge = [](int k) { return std::pow(10.0, static_cast<double>(k) / kBinsPerDecade); };
  int first = static_cast<int>(std::floor(std::log10(lo) * kBinsPerDecade));
  int last = static_cast<int>(std::floor(std::log10(hi) * kBinsPerDecade)) + 1;
  // Guard against log10's rounding at exact edges.
  while (first > INT32_MIN / 2 && edge(first) > lo) --first;
  while (edge(last) <= hi) ++last;
  std::vector<int64_t> counts(static_cast<size_t>(last - first), 0);
  for (double v : latencies_ms) {
    if (!std::isfinite(v)) continue;
    size_t bin = 0;
    if (v > 0) {
      int k = static_cast<int>(std::floor(std::log10(v) * kBinsPerDecade));
      if (k < first) k = first;
      if (k >= last) k = last - 1;
      if (edge(k) > v && k > first) --k;
      if (k + 1 < last && edge(k + 1) <= v) ++k;
      bin = static_cast<size_t>(k - first);
    }
    ++counts[bin];
  }
  for (int k = first; k <= last; ++k) out["edges_ms"].push_back(edge(k));
  for (int64_t c : counts) out["counts"].push_back(c);
  return out;
}

KindInfo LatencyCheckKind() {
  KindInfo info;
  info.name = "latency";
  info.family = "serving";
  info.summary =
      "Applies a load to an endpoint (closed: fixed concurrency; open: fixed arrival rate) and "
      "judges exact nearest-rank latency percentiles, error rate and throughput against a budget.";
  info.rubric = {"monitor-6"};
  info.options = {
      {"endpoint", "endpoint name", "", "the declared endpoint to probe (required)"},
      {"load.model", "closed | open", "closed (open when rate is set)",
       "closed: `concurrency` requests in flight; open: `rate` arrivals per second, latency "
       "measured from each request's intended send time"},
      {"load.requests", "integer", "1000", "closed: measured requests, after the warm-up"},
      {"load.concurrency", "integer", "8",
       "closed: requests in flight; open: most connections in flight (a request finding all busy "
       "waits, and its wait counts)"},
      {"load.warmup", "integer", "100", "requests sent first and left out of every number"},
      {"load.rate", "number", "", "open: requests per second"},
      {"load.duration_s", "number", "", "open: seconds of sending (rate x duration_s requests)"},
      {"load.timeout_s", "number", "the endpoint's timeout_s (5)",
       "per request; a request over it counts as a `timeout` error"},
      {"load.min_samples", "integer", "100",
       "fewer successful measured requests makes every latency result an error, never a pass"},
  };
  for (const auto& key : kBudgetKeys) {
    info.options.push_back({std::string("budget.") + key.key, "number", "",
                            fmt::format("{} {} this ({})", key.statistic,
                                        key.upper ? "must be <=" : "must be >=", key.description)});
  }
  info.create = [](OptionReader& options, const CheckContext& context) -> std::unique_ptr<Check> {
    const size_t before = options.diagnostics()->size();
    std::string endpoint = context.EndpointRef(options, "endpoint", true);
    LoadSpec load = ReadLoad(options);
    std::vector<Budget> budgets = ReadBudget(options);
    if (options.diagnostics()->size() != before) return nullptr;
    return std::make_unique<LatencyCheck>(std::move(endpoint), std::move(load), std::move(budgets));
  };
  return info;
}

}  // namespace mlgate
