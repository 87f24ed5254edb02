// The `latency` check: its summary statistics against the oracle fixture, its options, and its
// judgement through a small in-memory Inputs whose Probe runs the real engine against real
// servers on loopback.
#include "checks/serving/latency.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <atomic>
#include <cmath>
#include <fstream>
#include <map>

#include "runners/probe/probe.h"
#include "tests/runners/probe_servers.h"

namespace mlgate {
namespace {

using testing::ClosedPort;
using ::testing::HasSubstr;
using testing::LoopbackServer;

nlohmann::json Fixture(const std::string& name) {
  std::ifstream in(std::string(MLGATE_SOURCE_DIR) + "/tests/oracles/fixtures/" + name);
  return nlohmann::json::parse(in);
}

TEST(LatencySummary, PercentilesMeanAndHistogramMatchTheOracle) {
  const nlohmann::json fixture = Fixture("latency_summary.json");
  ASSERT_GE(fixture["cases"].size(), 10u);
  for (const auto& c : fixture["cases"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    std::vector<double> values = c["latencies_ms"].get<std::vector<double>>();
    std::vector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    const auto percentiles = c["percentiles"].get<std::vector<double>>();
    const auto expected = c["expected"].get<std::vector<double>>();
    for (size_t i = 0; i < percentiles.size(); ++i) {
      EXPECT_EQ(NearestRankPercentile(sorted, percentiles[i]), expected[i])
          << "percentile " << percentiles[i];
    }
    LatencyReport report;
    report.latencies_ms = values;
    report.requests = static_cast<int64_t>(values.size());
    report.elapsed_s = 2;
    const LatencySummary s = SummarizeLatency(report);
    EXPECT_NEAR(s.mean_ms, c["mean"].get<double>(), 1e-12 * std::abs(c["mean"].get<double>()));
    EXPECT_EQ(s.max_ms, sorted.back());
    EXPECT_EQ(s.min_ms, sorted.front());
    auto at = [&](double p) {
      auto it = std::find(percentiles.begin(), percentiles.end(), p);
      return expected[static_cast<size_t>(it - percentiles.begin())];
    };
    EXPECT_EQ(s.p50_ms, at(50));
    EXPECT_EQ(s.p90_ms, at(90));
    EXPECT_EQ(s.p95_ms, at(95));
    EXPECT_EQ(s.p99_ms, at(99));
    EXPECT_EQ(s.p999_ms, at(99.9));
    EXPECT_DOUBLE_EQ(s.throughput_rps, static_cast<double>(values.size()) / 2);
    EXPECT_EQ(s.error_rate, 0);

    const nlohmann::json histogram = LatencyHistogram(values);
    EXPECT_EQ(histogram["counts"], c["histogram"]["counts"]);
    const auto edges = histogram["edges_ms"].get<std::vector<double>>();
    const auto oracle_edges = c["histogram"]["edges_ms"].get<std::vector<double>>();
    ASSERT_EQ(edges.size(), oracle_edges.size());
    for (size_t i = 0; i < edges.size(); ++i) {
      EXPECT_NEAR(edges[i], oracle_edges[i], 1e-12 * oracle_edges[i]);
    }
  }
}

TEST(LatencySummary, NearestRankIsExactWhereBinaryArithmeticIsNot) {
  std::vector<double> thousand(1000);
  for (size_t i = 0; i < thousand.size(); ++i) thousand[i] = static_cast<double>(i + 1);
  EXPECT_EQ(NearestRankPercentile(thousand, 99.9), 999);
  EXPECT_EQ(NearestRankPercentile(thousand, 50), 500);
  EXPECT_EQ(NearestRankPercentile(thousand, 50.01), 501);
  EXPECT_EQ(NearestRankPercentile(thousand, 0.1), 1);
  EXPECT_EQ(NearestRankPercentile(thousand, 100), 1000);
  EXPECT_TRUE(std::isnan(NearestRankPercentile({}, 50)));
}

TEST(LatencySummary, EmptyAndFailedRunsHaveNoNumbers) {
  LatencyReport report;
  report.requests = 10;
  report.errors = 10;
  report.elapsed_s = 1;
  const LatencySummary s = SummarizeLatency(report);
  EXPECT_EQ(s.samples, 0);
  EXPECT_EQ(s.error_rate, 1.0);
  EXPECT_EQ(s.throughput_rps, 0.0);
  EXPECT_TRUE(std::isnan(s.p50_ms));
  EXPECT_TRUE(std::isnan(s.mean_ms));
  EXPECT_TRUE(std::isnan(SummarizeLatency(LatencyReport{}).error_rate));
  EXPECT_TRUE(LatencyHistogram({})["counts"].empty());
}

// Inputs whose only real getter is Probe: it runs the engine against declared endpoints.
class ProbeInputs : public Inputs {
 public:
  std::map<std::string, EndpointDecl> endpoints;
  mutable std::vector<LoadSpec> loads;

  StatusOr<const Profile*> Dataset(const std::string& name) const override {
    return NotFound("no dataset " + name);
  }
  StatusOr<const Table*> DatasetTable(const std::string& name) const override {
    return NotFound("no dataset " + name);
  }
  StatusOr<const ModelSpec*> Model(const std::string& name) const override {
    return NotFound("no model " + name);
  }
  StatusOr<LatencyReport> Probe(const std::string& endpoint, const LoadSpec& load) const override {
    loads.push_back(load);
    auto it = endpoints.find(endpoint);
    if (it == endpoints.end()) return NotFound("no endpoint " + endpoint);
    return RunProbe(it->second, load);
  }
  StatusOr<ArtifactAge> Age(const std::string& path) const override {
    return NotFound("no artifact " + path);
  }
};

EndpointDecl ModelEndpoint(const std::string& url) {
  EndpointDecl e;
  e.name = "model";
  e.url = url;
  return e;
}

struct Built {
  std::unique_ptr<Check> check;
  std::vector<Diagnostic> diagnostics;
};

// Builds a check the way the gate loader does: the kind's factory, then Finish().
Built Build(const std::string& yaml) {
  Built built;
  YAML::Node node = YAML::Load(yaml);
  OptionReader reader(node, "check 'latency'", &built.diagnostics);
  reader.String("id", "");
  reader.String("kind", "");
  CheckContext context;
  context.id = "latency";
  context.endpoints = {"model"};
  built.check = LatencyCheckKind().create(reader, context);
  reader.Finish();
  return built;
}

std::string Messages(const std::vector<Diagnostic>& diagnostics) {
  std::string all;
  for (const auto& d : diagnostics) all += d.message + "\n";
  return all;
}

const Result* Find(const std::vector<Result>& results, const std::string& statistic) {
  for (const auto& r : results) {
    if (r.statistic == statistic) return &r;
  }
  return nullptr;
}

struct Counter {
  std::atomic<int> seen{0};
  int fail_every = 0;
  void Install(httplib::Server& server) {
    server.Get("/predict", [this](const httplib::Request&, httplib::Response& res) {
      int n = ++seen;
      res.status = (fail_every > 0 && n % fail_every == 0) ? 503 : 200;
      res.set_content(R"({"weather":"rain"})", "application/json");
    });
  }
};

TEST(LatencyCheck, JudgesEveryBudgetKeyAsOneResult) {
  Counter counter;
  counter.fail_every = 4;
  LoopbackServer server([&](httplib::Server& s) { counter.Install(s); });
  ProbeInputs inputs;
  inputs.endpoints["model"] = ModelEndpoint(server.Url("/predict"));

  Built built = Build(R"(
id: latency
kind: latency
endpoint: model
load: { requests: 200, concurrency: 4, warmup: 10, min_samples: 50 }
budget: { p50_ms: 10000, p99_ms: 0, max_error_rate: 0.2, min_throughput_rps: 0.001 }
)");
  ASSERT_TRUE(built.check) << Messages(built.diagnostics);
  ASSERT_TRUE(built.diagnostics.empty()) << Messages(built.diagnostics);
  const std::vector<Result> results = built.check->Judge(inputs);
  ASSERT_EQ(results.size(), 4u);
  ASSERT_EQ(inputs.loads.size(), 1u);  // one probe serves every budget key
  EXPECT_EQ(inputs.loads[0].model, "closed");
  EXPECT_EQ(inputs.loads[0].requests, 200);
  EXPECT_EQ(inputs.loads[0].concurrency, 4);
  EXPECT_EQ(inputs.loads[0].warmup, 10);
  EXPECT_EQ(inputs.loads[0].timeout_s, 0);  // the endpoint's timeout applies

  const Result* p50 = Find(results, "p50_ms");
  ASSERT_NE(p50, nullptr);
  EXPECT_EQ(p50->subject, "model");
  EXPECT_EQ(p50->outcome, Outcome::kPass);
  EXPECT_EQ(p50->threshold, 10000);
  EXPECT_EQ(p50->comparison, "p50_ms <= 10000");
  EXPECT_GT(*p50->observed, 0);

  const Result* p99 = Find(results, "p99_ms");
  ASSERT_NE(p99, nullptr);
  EXPECT_EQ(p99->outcome, Outcome::kFail);  // no answer takes 0 ms
  EXPECT_EQ(p99->comparison, "p99_ms <= 0");
  EXPECT_GE(*p99->observed, *p50->observed);

  // 50 of 200 measured request numbers (11..210) are multiples of 4.
  const Result* errors = Find(results, "error_rate");
  ASSERT_NE(errors, nullptr);
  EXPECT_EQ(errors->observed, 0.25);
  EXPECT_EQ(errors->outcome, Outcome::kFail);
  EXPECT_EQ(errors->comparison, "error_rate <= 0.2");

  const Result* throughput = Find(results, "throughput_rps");
  ASSERT_NE(throughput, nullptr);
  EXPECT_EQ(throughput->outcome, Outcome::kPass);
  EXPECT_EQ(throughput->comparison, "throughput_rps >= 0.001");

  const nlohmann::json& d = p50->details;
  EXPECT_EQ(d["samples"], 150);
  EXPECT_EQ(d["requests"], 200);
  EXPECT_EQ(d["errors"], 50);
  EXPECT_EQ(d["error_kinds"]["http 503"], 50);
  EXPECT_EQ(d["model"], "closed");
  EXPECT_EQ(d["load"]["requests"], 200);
  EXPECT_EQ(d["load"]["concurrency"], 4);
  EXPECT_EQ(d["warmup_requests"], 10);
  EXPECT_TRUE(d.contains("model_note"));
  int64_t binned = 0;
  for (const auto& count : d["histogram"]["counts"]) binned += count.get<int64_t>();
  EXPECT_EQ(binned, 150);
  EXPECT_EQ(d["histogram"]["edges_ms"].size(), d["histogram"]["counts"].size() + 1);
  EXPECT_EQ(d["latency_ms"]["p50"], *p50->observed);
}

TEST(LatencyCheck, TooFewSamplesIsAnErrorNeverAPass) {
  Counter counter;
  counter.fail_every = 2;
  LoopbackServer server([&](httplib::Server& s) { counter.Install(s); });
  ProbeInputs inputs;
  inputs.endpoints["model"] = ModelEndpoint(server.Url("/predict"));
  Built built = Build(R"(
endpoint: model
load: { requests: 40, concurrency: 2, warmup: 0, min_samples: 30 }
budget: { p95_ms: 100000, max_error_rate: 0.6 }
)");
  ASSERT_TRUE(built.check) << Messages(built.diagnostics);
  const std::vector<Result> results = built.check->Judge(inputs);
  ASSERT_EQ(results.size(), 2u);
  // 20 successes < 30: the generous latency budget must not pass.
  EXPECT_EQ(results[0].statistic, "p95_ms");
  EXPECT_EQ(results[0].outcome, Outcome::kError);
  EXPECT_THAT(results[0].message, HasSubstr("min_samples 30"));
  // The error rate is judged on the 40 requests sent, which are enough.
  EXPECT_EQ(results[1].statistic, "error_rate");
  EXPECT_EQ(results[1].outcome, Outcome::kPass);
  EXPECT_EQ(results[1].observed, 0.5);
}

TEST(LatencyCheck, UnreachableEndpointIsAnErrorForEveryBudgetKey) {
  ProbeInputs inputs;
  inputs.endpoints["model"] =
      ModelEndpoint("http://127.0.0.1:" + std::to_string(ClosedPort()) + "/predict");
  Built built = Build(R"(
endpoint: model
load: { requests: 100, concurrency: 2 }
budget: { p50_ms: 5, max_ms: 100 }
)");
  ASSERT_TRUE(built.check) << Messages(built.diagnostics);
  const std::vector<Result> results = built.check->Judge(inputs);
  ASSERT_EQ(results.size(), 2u);
  for (const auto& r : results) {
    EXPECT_EQ(r.outcome, Outcome::kError);
    EXPECT_EQ(r.subject, "model");
    EXPECT_THAT(r.message, HasSubstr("could not probe endpoint 'model'"));
    EXPECT_THAT(r.message, HasSubstr("connect"));
  }
  EXPECT_EQ(results[1].comparison, "max_ms <= 100");
}

TEST(LatencyCheck, OpenModelFromRate) {
  Counter counter;
  LoopbackServer server([&](httplib::Server& s) { counter.Install(s); });
  ProbeInputs inputs;
  inputs.endpoints["model"] = ModelEndpoint(server.Url("/predict"));
  Built built = Build(R"(
endpoint: model
load: { rate: 200, duration_s: 0.25, warmup: 0, min_samples: 10, timeout_s: 2 }
budget: { p90_ms: 60000 }
)");
  ASSERT_TRUE(built.check) << Messages(built.diagnostics);
  const std::vector<Result> results = built.check->Judge(inputs);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].outcome, Outcome::kPass);
  EXPECT_EQ(inputs.loads[0].model, "open");
  EXPECT_EQ(inputs.loads[0].timeout_s, 2);
  EXPECT_EQ(results[0].details["model"], "open");
  EXPECT_EQ(results[0].details["requests"], 50);
  EXPECT_EQ(results[0].details["load"]["rate"], 200);
  EXPECT_EQ(results[0].details["event_loops"], 1);  // one schedule decides every send
  EXPECT_FALSE(results[0].details.contains("model_note"));
  EXPECT_THAT(results[0].message, HasSubstr("open model"));
}

TEST(LatencyCheck, OptionMistakesAreDiagnostics) {
  struct Case {
    const char* yaml;
    const char* message;
  };
  const Case cases[] = {
      {"endpoint: model\nbudget: { p95_ms: 1 }\nlaod: {}", "unknown key 'laod'"},
      {"endpoint: model\nbudget: { p95: 1 }", "unknown key 'p95'"},
      {"endpoint: model\nbudget: { p95_m: 1 }", "did you mean 'p95_ms'?"},
      {"endpoint: model\nbudget: {}", "set at least one of p50_ms"},
      {"endpoint: model", "missing required key 'budget'"},
      {"endpoint: modl\nbudget: { p95_ms: 1 }", "did you mean 'model'?"},
      {"budget: { p95_ms: 1 }", "missing required key 'endpoint'"},
      {"endpoint: model\nload: { model: open, rate: 10 }\nbudget: { p95_ms: 1 }",
       "needs 'duration_s'"},
      {"endpoint: model\nload: { model: open, duration_s: 10 }\nbudget: { p95_ms: 1 }",
       "needs 'rate'"},
      {"endpoint: model\nload: { model: closed, rate: 10 }\nbudget: { p95_ms: 1 }",
       "'rate' applies to the open model"},
      {"endpoint: model\nload: { rate: 10, duration_s: 1, requests: 5 }\nbudget: { p95_ms: 1 }",
       "'requests' applies to the closed model"},
      {"endpoint: model\nload: { model: ajar }\nbudget: { p95_ms: 1 }",
       "must be one of closed, open"},
      {"endpoint: model\nload: { concurrency: 0 }\nbudget: { p95_ms: 1 }", "'concurrency' must be"},
      {"endpoint: model\nbudget: { max_error_rate: 2 }",
       "'max_error_rate' must be between 0 and 1"},
      {"endpoint: model\nbudget: { p95_ms: fast }", "'p95_ms' must be a number"},
      {"endpoint: model\nload: { rate: 0.5, duration_s: 1 }\nbudget: { p95_ms: 1 }",
       "at least one request"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.yaml);
    Built built = Build(c.yaml);
    // Unknown top-level keys are reported by the loader's Finish(), after the check is built.
    EXPECT_THAT(Messages(built.diagnostics), HasSubstr(c.message));
    for (const auto& d : built.diagnostics) EXPECT_GT(d.line, 0) << d.message;
  }
}

TEST(LatencyCheck, RegistryDescribesTheKind) {
  const KindInfo* kind = Registry::Default().Find("latency");
  ASSERT_NE(kind, nullptr);
  EXPECT_EQ(kind->family, "serving");
  EXPECT_EQ(kind->rubric, std::vector<std::string>{"monitor-6"});
  std::vector<std::string> names;
  for (const auto& option : kind->options) names.push_back(option.name);
  EXPECT_THAT(names,
              ::testing::IsSupersetOf(
                  {"endpoint", "load.model", "load.requests", "load.concurrency", "load.warmup",
                   "load.rate", "load.duration_s", "load.timeout_s", "load.min_samples",
                   "budget.p50_ms", "budget.p90_ms", "budget.p95_ms", "budget.p99_ms",
                   "budget.max_ms", "budget.max_error_rate", "budget.min_throughput_rps"}));
}

}  // namespace
}  // namespace mlgate
