// The command line as a user meets it: help, version, exit codes, reports, bad input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "tests/cli_runner.h"
#include "tests/example_server.h"
#include "tests/test_util.h"

namespace mlgate {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::RunMlgate;

const std::string kExample = std::string(MLGATE_SOURCE_DIR) + "/examples/seattle-weather/";

TEST(CliTest, HelpAndVersion) {
  auto help = RunMlgate("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("Examples:"));
  EXPECT_THAT(help.out, HasSubstr("infer-schema"));
  auto version = RunMlgate("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_THAT(version.out, HasSubstr("mlgate " MLGATE_VERSION));
  auto run_help = RunMlgate("run --help");
  EXPECT_THAT(run_help.out, HasSubstr("Exit codes: 0 promote, 1 block, 2 invalid"));
}

TEST(CliTest, BadCommandLineExitsTwo) {
  EXPECT_EQ(RunMlgate("").exit_code, 2);
  EXPECT_EQ(RunMlgate("frobnicate").exit_code, 2);
  EXPECT_EQ(RunMlgate("run").exit_code, 2);
  auto bad_set = RunMlgate("run '" + kExample + "gate.yaml' --set nonsense");
  EXPECT_EQ(bad_set.exit_code, 2);
  EXPECT_THAT(bad_set.out, HasSubstr("expected KEY=VALUE"));
  auto bad_only = RunMlgate("run '" + kExample + "gate.yaml' --only nope");
  EXPECT_EQ(bad_only.exit_code, 2);
  EXPECT_THAT(bad_only.out, HasSubstr("--only nope: the gate has no check with that id"));
}

TEST(CliTest, InvalidGateFileExitsTwoWithPosition) {
  testing::TempDir dir;
  std::string gate =
      dir.Write("g.yaml", "mlgate: 1\nname: x\nchecks:\n  - { id: a, kind: nope }\n");
  auto r = RunMlgate("run '" + gate + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.out, HasSubstr(gate + ":4:20: check 'a': unknown check kind 'nope'"));
  auto missing = RunMlgate("validate '" + dir.path() + "/absent.yaml'");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.out, HasSubstr("absent.yaml: cannot read the gate file"));
}

TEST(CliTest, ValidateChecksReferencedFiles) {
  auto ok = RunMlgate("validate '" + kExample + "gate.yaml'");
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_THAT(ok.out, HasSubstr("valid gate 'seattle-weather'"));
  testing::TempDir dir;
  std::string gate =
      dir.Write("g.yaml",
                "mlgate: 1\nname: x\ndatasets: { d: { path: nowhere.csv } }\n"
                "checks:\n  - { id: a, kind: schema, dataset: d, columns: { a: int } }\n");
  auto r = RunMlgate("validate '" + gate + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.out, HasSubstr("g.yaml:3: dataset 'd':"));
  EXPECT_THAT(r.out, HasSubstr("nowhere.csv"));
}

// The example gate with its model server running, as examples/seattle-weather/run.sh runs it: one
// server for the suite, on a free port, named to the gate with --set.
class CliExampleGateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<testing::ExampleServer>(std::vector<std::string>{
        "--model", testing::ExampleModelPath(), "--port", "0", "--threads", "8"});
  }
  static void TearDownTestSuite() { server_.reset(); }
  void SetUp() override { ASSERT_GT(server_->port(), 0) << "mlgate-example-serve did not start"; }

  // `mlgate run gate.yaml ARGS` against the suite's server.
  static testing::CommandResult RunExampleGate(const std::string& args) {
    return RunMlgate("run '" + kExample + "gate.yaml' --set endpoints.model.url=" +
                     server_->url("/predict") + " " + args);
  }

  static std::unique_ptr<testing::ExampleServer> server_;
};

std::unique_ptr<testing::ExampleServer> CliExampleGateTest::server_;

// The budgets the tests judge against when they are not about latency: this machine's speed,
// under a parallel test run, must not decide whether the data checks' test passes.
const std::string kLooseLatencyBudget =
    "--set checks.latency.budget.p50_ms=10000 --set checks.latency.budget.p95_ms=10000 "
    "--set checks.latency.budget.p99_ms=10000";

const nlohmann::json* FindResult(const nlohmann::json& verdict, const std::string& check,
                                 const std::string& subject, const std::string& statistic) {
  for (const auto& r : verdict["results"]) {
    if (r["check"] == check && r["subject"] == subject && r["statistic"] == statistic) return &r;
  }
  return nullptr;
}

TEST_F(CliExampleGateTest, WritesAllReportsAndExitsWithTheDecision) {
  testing::TempDir dir;
  auto r = RunExampleGate(kLooseLatencyBudget + " --junit '" + (dir / "j.xml") + "' --json '" +
                          (dir / "v.json") + "' --markdown '" + (dir / "s.md") + "'");
  // 2015 had hotter and wetter days than 2012-2013 and another mix of labels: the inferred
  // schema, the drift check and the label balance ask for retraining.
  EXPECT_EQ(r.exit_code, 4) << r.out;
  EXPECT_THAT(r.out, HasSubstr("mlgate: RETRAIN — gate 'seattle-weather' (8 failed)\n"));
  EXPECT_THAT(r.out, HasSubstr("81 results: 73 passed, 0 warned, 8 failed, 0 errors, 0 skipped"));
  EXPECT_TRUE(std::filesystem::exists(dir / "j.xml"));
  EXPECT_TRUE(std::filesystem::exists(dir / "s.md"));
  const nlohmann::json verdict = nlohmann::json::parse(testing::ReadFile(dir / "v.json"));
  EXPECT_EQ(verdict["decision"], "retrain");

  const nlohmann::json* temp_max = FindResult(verdict, "drift", "temp_max", "ks");
  ASSERT_NE(temp_max, nullptr);
  EXPECT_EQ((*temp_max)["outcome"], "fail");
  EXPECT_NEAR((*temp_max)["observed"].get<double>(), 0.116017, 1e-6);
  EXPECT_NEAR((*temp_max)["p_value"].get<double>(), 0.0024558, 1e-7);
  EXPECT_EQ((*temp_max)["threshold"], 0.01);  // 0.05 over 5 columns (Bonferroni)
  const nlohmann::json* temp_min = FindResult(verdict, "drift", "temp_min", "ks");
  ASSERT_NE(temp_min, nullptr);
  EXPECT_EQ((*temp_min)["outcome"], "pass");
  EXPECT_NEAR((*temp_min)["p_value"].get<double>(), 0.0124432, 1e-7);
  const nlohmann::json* fog = FindResult(verdict, "label-balance", "weather=fog", "share");
  ASSERT_NE(fog, nullptr);
  EXPECT_EQ((*fog)["outcome"], "fail");
  EXPECT_EQ((*fog)["action"], "retrain");
  EXPECT_NEAR((*fog)["observed"].get<double>(), 52.0 / 365, 1e-12);
  const nlohmann::json* wind =
      FindResult(verdict, "corr-change", "precipitation|wind", "pearson_change");
  ASSERT_NE(wind, nullptr);
  EXPECT_EQ((*wind)["action"], "warn");
  EXPECT_NEAR((*wind)["observed"].get<double>(), 0.151765, 1e-6);

  // The server answered every request of the latency check.
  const nlohmann::json* errors = FindResult(verdict, "latency", "model", "error_rate");
  ASSERT_NE(errors, nullptr);
  EXPECT_EQ((*errors)["outcome"], "pass");
  EXPECT_EQ((*errors)["observed"], 0.0);
  EXPECT_EQ((*errors)["details"]["samples"], 2000);
  EXPECT_EQ((*errors)["details"]["warmup_requests"], 200);
  const nlohmann::json* p50 = FindResult(verdict, "latency", "model", "p50_ms");
  ASSERT_NE(p50, nullptr);
  EXPECT_EQ((*p50)["outcome"], "pass");
  EXPECT_GT((*p50)["observed"].get<double>(), 0.0);

  // No temporary files are left beside the reports.
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 3);
}

TEST(CliTest, ExampleGateAsksForARollbackWhenTheServerIsSlow) {
  testing::ExampleServer slow({"--model", testing::ExampleModelPath(), "--port", "0", "--threads",
                               "8", "--delay-ms", "20"});
  ASSERT_GT(slow.port(), 0);
  testing::TempDir dir;
  // Every answer waits 20 ms: the p50 and p95 budgets (5 and 20 ms) cannot hold.
  auto r = RunMlgate("run '" + kExample +
                     "gate.yaml' --only latency --set endpoints.model.url=" + slow.url("/predict") +
                     " --set checks.latency.load.requests=200 --set checks.latency.load.warmup=8" +
                     " --json '" + (dir / "v.json") + "'");
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_THAT(r.out, HasSubstr("mlgate: ROLLBACK — gate 'seattle-weather'"));
  EXPECT_THAT(r.out, HasSubstr("threshold 5 (p50_ms <= 5)"));
  EXPECT_THAT(r.out, HasSubstr("[asks rollback]"));
  const nlohmann::json verdict = nlohmann::json::parse(testing::ReadFile(dir / "v.json"));
  for (const char* statistic : {"p50_ms", "p95_ms"}) {
    const nlohmann::json* result = FindResult(verdict, "latency", "model", statistic);
    ASSERT_NE(result, nullptr) << statistic;
    EXPECT_EQ((*result)["outcome"], "fail") << statistic;
    EXPECT_EQ((*result)["action"], "rollback") << statistic;
    EXPECT_GE((*result)["observed"].get<double>(), 20.0) << statistic;
  }
  const nlohmann::json* errors = FindResult(verdict, "latency", "model", "error_rate");
  ASSERT_NE(errors, nullptr);
  EXPECT_EQ((*errors)["observed"], 0.0);
  EXPECT_EQ((*errors)["details"]["samples"], 200);
}

TEST(CliTest, ExampleGateBlocksWhenTheServerDoesNotAnswer) {
  // A port bound but not listening refuses connections, and no other process can take it.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  socklen_t length = sizeof(address);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  const std::string url =
      "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/predict";
  auto r =
      RunMlgate("run '" + kExample + "gate.yaml' --only latency --set endpoints.model.url=" + url);
  ::close(fd);
  // Nothing was measured, so nothing passes: every latency result is an error, and errors block.
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(r.out, HasSubstr("mlgate: BLOCK — gate 'seattle-weather' (4 errors)"));
  EXPECT_THAT(r.out, HasSubstr("ERROR latency / model: threshold 5 (p50_ms <= 5) — could not probe "
                               "endpoint 'model': the endpoint did not answer"));
}

TEST_F(CliExampleGateTest, QuietPrintsOnlyTheDecision) {
  auto r = RunExampleGate("-q " + kLooseLatencyBudget);
  EXPECT_EQ(r.out, "mlgate: RETRAIN — gate 'seattle-weather' (8 failed)\n");
}

TEST(CliTest, SecretsNeverAppearInOutput) {
  testing::TempDir dir;
  dir.Write("d.csv", "a\nhunter2-secret\n");
  std::string gate = dir.Write(
      "g.yaml",
      "mlgate: 1\nname: s\ndatasets: { d: { path: d.csv } }\nchecks:\n"
      "  - { id: a, kind: schema, dataset: d, columns: { a: { allowed: ['${env:ALLOWED}'] } } }\n");
  auto r = RunMlgate(
      "run '" + gate + "' --json '" + (dir / "v.json") + "' --junit '" + (dir / "j.xml") + "'",
      "ALLOWED=hunter2-secret");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, Not(HasSubstr("hunter2")));
  EXPECT_THAT(testing::ReadFile(dir / "v.json"), Not(HasSubstr("hunter2")));
  EXPECT_THAT(testing::ReadFile(dir / "j.xml"), Not(HasSubstr("hunter2")));
}

TEST(CliTest, ExplainListsKindsAndOptions) {
  auto list = RunMlgate("explain");
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_THAT(list.out, HasSubstr("schema"));
  auto schema = RunMlgate("explain schema");
  EXPECT_EQ(schema.exit_code, 0);
  EXPECT_THAT(schema.out, HasSubstr("extra_columns"));
  EXPECT_THAT(schema.out, HasSubstr("data-1"));
  auto typo = RunMlgate("explain shema");
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_THAT(typo.out, HasSubstr("did you mean 'schema'?"));
}

}  // namespace
}  // namespace mlgate
