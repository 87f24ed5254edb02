// Hand-made verdicts and golden-file helpers shared by the reporter tests. Times, hosts and
// commits are fixed in the verdicts themselves, so rendered reports are byte-stable.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include "gates/verdict.h"

namespace mlgate::testing {

inline std::string SourceDir() {
  const char* env = std::getenv("MLGATE_SOURCE_DIR");
  return env != nullptr && *env != '\0' ? env : MLGATE_SOURCE_DIR;
}

inline std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// Compares `actual` with tests/gates/golden/<name>. With MLGATE_UPDATE_GOLDEN=1 in the
// environment, rewrites the golden file instead (then review the diff before committing).
inline void ExpectGolden(const std::string& name, const std::string& actual) {
  const std::string path = SourceDir() + "/tests/gates/golden/" + name;
  const char* update = std::getenv("MLGATE_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream probe(path);
  ASSERT_TRUE(probe.good()) << path << " is missing; run with MLGATE_UPDATE_GOLDEN=1 to create it";
  EXPECT_EQ(ReadFileOrEmpty(path), actual)
      << "rendered output differs from " << path
      << " (if the change is intended, rerun with MLGATE_UPDATE_GOLDEN=1 and review the diff)";
}

inline Result MakeResult(std::string check, std::string kind, std::string subject,
                         Outcome outcome) {
  Result r;
  r.check = std::move(check);
  r.kind = std::move(kind);
  r.subject = std::move(subject);
  r.outcome = outcome;
  return r;
}

// A run of the weather example's gate with one result of every outcome: two failures (one
// asking for retrain), an error, a warning, a skip, a NaN observation and a hypothesis test.
inline Verdict SampleVerdict() {
  Verdict v;
  v.gate = "seattle-weather-release";
  v.gate_file = "examples/weather/gate.yaml";
  v.decision = Decision::kBlock;
  v.started_at = "2026-03-14T09:26:53.589Z";
  v.duration_s = 12.5;
  v.hostname = "ci-runner-7";
  v.git.known = true;
  v.git.commit = "3f1c2a9d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39";
  v.git.branch = "main";
  v.git.dirty = false;
  v.git.sources.push_back(
      {"git:main:models/champion/predictions.csv", "1a2b3c4d5e6f708192a3b4c5d6e7f80912a3b4c5"});
  v.ci.provider = "github";
  v.ci.run_id = "8123456789";
  v.ci.url = "https://github.com/acme/weather/actions/runs/8123456789";
  v.checks = {{"schema", "schema", 12, 0.031},   {"drift", "drift", 13, 0.412},
              {"corr", "correlation", 15, 0.05}, {"f1", "metric", 17, 0.2},
              {"vs-prod", "champion", 18, 1.75}, {"latency", "latency", 20, 9.5}};

  Result r = MakeResult("schema", "schema", "*", Outcome::kPass);
  r.statistic = "violations";
  r.observed = 0;
  r.threshold = 0;
  r.comparison = "observed <= 0";
  r.message = "all 6 columns match the schema";
  r.rubric = {"data-1", "monitor-2"};
  r.duration_s = 0.031;
  r.gate_line = 12;
  v.results.push_back(r);

  r = MakeResult("drift", "drift", "temp_max", Outcome::kFail);
  r.action = Action::kRetrain;
  r.statistic = "ks";
  r.observed = 0.3125;
  r.p_value = 0.0012345678901234567;
  r.threshold = 0.05;
  r.comparison = "p_value >= 0.05";
  r.message = "temp_max drifted: KS D = 0.3125, p = 0.00123 < 0.05";
  r.rubric = {"monitor-2", "monitor-3"};
  r.duration_s = 0.2;
  r.details = {{"method", "ks"}, {"n_reference", 730}, {"n_current", 365}};
  r.gate_line = 13;
  v.results.push_back(r);

  r = MakeResult("drift", "drift", "wind", Outcome::kPass);
  r.statistic = "ks";
  r.observed = 0.04;
  r.p_value = 0.87;
  r.threshold = 0.05;
  r.comparison = "p_value >= 0.05";
  r.rubric = {"monitor-2", "monitor-3"};
  r.duration_s = 0.1;
  r.gate_line = 13;
  v.results.push_back(r);

  r = MakeResult("drift", "drift", "weather", Outcome::kWarn);
  r.action = Action::kRetrain;
  r.statistic = "js";
  r.observed = 0.085;
  r.threshold = 0.1;
  r.comparison = "observed < 0.1";
  r.message = "Jensen-Shannon 0.085 is above the warning level 0.08";
  r.rubric = {"monitor-2", "monitor-3"};
  r.duration_s = 0.1;
  r.details = {{"bins", {"drizzle", "fog", "rain", "snow", "sun"}},
               {"reference", {0.02, 0.07, 0.44, 0.02, 0.45}},
               {"current", {0.01, 0.02, 0.5, 0.01, 0.46}}};
  r.gate_line = 13;
  v.results.push_back(r);

  r = MakeResult("corr", "correlation", "temp_max|temp_min", Outcome::kPass);
  r.statistic = "pearson_change";
  r.observed = 0.020000000000000018;
  r.threshold = 0.1;
  r.comparison = "observed < 0.1";
  r.duration_s = 0.02;
  r.gate_line = 15;
  v.results.push_back(r);

  r = MakeResult("corr", "correlation", "precipitation|wind", Outcome::kError);
  r.statistic = "pearson_change";
  r.observed = std::numeric_limits<double>::quiet_NaN();
  r.threshold = 0.1;
  r.comparison = "observed < 0.1";
  r.message = "wind is constant in the current data; its correlation is undefined";
  r.duration_s = 0.01;
  r.gate_line = 15;
  v.results.push_back(r);

  r = MakeResult("f1", "metric", "f1_macro", Outcome::kPass);
  r.statistic = "f1_macro";
  r.observed = 0.7142857142857143;
  r.threshold = 0.6;
  r.comparison = "observed >= 0.6";
  r.rubric = {"model-6"};
  r.duration_s = 0.15;
  r.details = {{"support", 365}};
  r.gate_line = 17;
  v.results.push_back(r);

  r = MakeResult("f1", "metric", "f1_macro@season=winter", Outcome::kSkip);
  r.statistic = "f1_macro";
  r.threshold = 0.6;
  r.comparison = "observed >= 0.6";
  r.message = "slice season=winter has no rows";
  r.rubric = {"model-6"};
  r.duration_s = 0.0;
  r.gate_line = 17;
  v.results.push_back(r);

  r = MakeResult("vs-prod", "champion", "f1_macro", Outcome::kError);
  r.statistic = "f1_macro";
  r.message = "champion predictions: git ref 'main' has no file models/champion/predictions.csv";
  r.rubric = {"infra-4", "monitor-7"};
  r.duration_s = 0.004;
  r.gate_line = 18;
  v.results.push_back(r);

  r = MakeResult("latency", "latency", "p95_ms", Outcome::kFail);
  r.action = Action::kBlock;
  r.statistic = "p95_ms";
  r.observed = 23.75;
  r.threshold = 20;
  r.comparison = "observed <= 20";
  r.message = "p95 latency 23.75 ms is over the 20 ms budget";
  r.rubric = {"monitor-6"};
  r.duration_s = 9.5;
  r.details = {{"requests", 2000}, {"errors", 0}, {"concurrency", 8}};
  r.gate_line = 20;
  v.results.push_back(r);
  return v;
}

// Every kind of hostile text the reporters must survive: markup characters, "]]>", control
// characters, tab/newline/CR, invalid UTF-8, code points XML forbids, a bidi override, the
// delimiters of GitHub workflow commands and Markdown tables, and non-finite numbers.
inline Verdict HostileVerdict() {
  Verdict v;
  v.gate = "g<&\"'>]]>\x01\xff";
  v.gate_file = "gates/we,ird:name%.yaml";
  v.decision = Decision::kRollback;
  v.started_at = "2026-03-14T23:30:00+01:00";
  v.duration_s = std::numeric_limits<double>::infinity();
  v.hostname = "host<1>";
  v.git.known = true;
  v.git.commit = "abc\x02<def>";
  v.git.branch = "feature/\xc3\x28";
  v.git.dirty = true;
  v.ci.provider = "github";
  v.ci.url = "https://example.invalid/run?a=1&b=(2)";
  v.checks = {{"c&<1>", "drift", 3, 0.5}, {"c]]>2", "metric", 9, 0.25}};

  Result r = MakeResult("c&<1>", "drift", "col]]>name", Outcome::kFail);
  r.action = Action::kRollback;
  r.statistic = "psi";
  r.observed = std::numeric_limits<double>::infinity();
  r.threshold = 0.2;
  r.comparison = "observed < 0.2 & \"strict\"";
  r.message = "<script>alert('x')</script> & \"q\" ]]> %0A,: | pipe\nsecond line\r\nthird";
  r.rubric = {"monitor-2"};
  r.duration_s = 0.25;
  r.details = {{"bins", {1.0, std::numeric_limits<double>::quiet_NaN(), 3.0}},
               {"bad\xfekey", "val\xe2\x82"},
               {"nested", {{"low", -std::numeric_limits<double>::infinity()}}}};
  r.gate_line = 3;
  v.results.push_back(r);

  r = MakeResult("c&<1>", "drift", "tab\there|new\nline\rcr", Outcome::kWarn);
  r.statistic = "ks";
  r.observed = 0.5;
  r.p_value = std::numeric_limits<double>::quiet_NaN();
  r.threshold = 0.05;
  r.message =
      "ctl\x01\x1b[31mred\x1b[0m bidi\xe2\x80\xae!txt. smile \xf0\x9f\x98\x80 fffe\xef\xbf\xbe";
  r.duration_s = std::numeric_limits<double>::quiet_NaN();
  v.results.push_back(r);

  r = MakeResult("c]]>2", "metric", "bad\xc3\x28utf8\xed\xa0\x80", Outcome::kError);
  r.message = "could not read \xff\xfe file; observed is NaN already explained";
  r.observed = std::numeric_limits<double>::quiet_NaN();
  r.duration_s = 0.125;
  r.gate_line = 9;
  v.results.push_back(r);

  r = MakeResult("c]]>2", "metric", "skip*_`#[x]~", Outcome::kSkip);
  r.message = "not applicable: **bold** _it_ `code` [link](http://x) ~strike~ #h";
  v.results.push_back(r);

  r = MakeResult("c]]>2", "metric", "", Outcome::kPass);
  r.observed = 1e-300;
  r.threshold = 1.7976931348623157e308;
  r.duration_s = 1234.5678;
  v.results.push_back(r);
  return v;
}

// A gate with no checks, run outside git and CI.
inline Verdict EmptyVerdict() {
  Verdict v;
  v.gate = "empty";
  v.decision = Decision::kPromote;
  v.started_at = "2026-01-01T00:00:00Z";
  return v;
}

}  // namespace mlgate::testing
