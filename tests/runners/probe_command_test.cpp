// `mlgate probe` as a command line: flags to load, exit codes, the table, the --json file, and
// secrets in headers, against real servers on loopback.
#include "runners/cli/probe_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/affinity_scope.h"
#include "tests/runners/probe_servers.h"
#include "tests/test_util.h"

namespace mlgate {
namespace {

using testing::ClosedPort;
using ::testing::HasSubstr;
using testing::LoopbackServer;
using ::testing::Not;
using testing::ReadFile;
using testing::TempDir;

struct CommandRun {
  int exit_code = -1;
  std::string out, err;
};

// Parses `args` (after "mlgate") with only the probe command added, capturing stdout/stderr.
CommandRun RunCommand(std::vector<std::string> args) {
  CommandRun outcome;
  CLI::App app("mlgate");
  app.require_subcommand(1);
  AddProbeCommand(app, &outcome.exit_code);
  args.insert(args.begin(), "mlgate");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::ostringstream out, err;
  std::streambuf* old_out = std::cout.rdbuf(out.rdbuf());
  std::streambuf* old_err = std::cerr.rdbuf(err.rdbuf());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    outcome.exit_code = 2;  // what the CLI's main does with a parse error
    err << e.what();
  }
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  outcome.out = out.str();
  outcome.err = err.str();
  return outcome;
}

struct Recorder {
  std::mutex lock;
  std::vector<std::string> methods, bodies, auth;
  int status = 200;
  void Install(httplib::Server& server) {
    auto record = [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> hold(lock);
      methods.push_back(req.method);
      bodies.push_back(req.body);
      auth.push_back(req.get_header_value("Authorization"));
      res.status = status;
      res.set_content(R"({"weather":"fog"})", "application/json");
    };
    server.Get("/p", record);
    server.Post("/p", record);
  }
};

TEST(ProbeCommand, ClosedModelPrintsATableAndWritesJson) {
  Recorder recorder;
  LoopbackServer server([&](httplib::Server& s) { recorder.Install(s); });
  TempDir dir;
  CommandRun o = RunCommand({"probe", server.Url("/p"), "--concurrency", "3", "--requests", "60",
                             "--warmup", "6", "--threads", "2", "--json", dir / "out/probe.json"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_THAT(
      o.out,
      HasSubstr("closed model: 3 in flight over 2 event loops, 60 requests after 6 warm-up"));
  EXPECT_THAT(o.out, HasSubstr("latency ms"));
  EXPECT_EQ(recorder.methods.size(), 66u);
  EXPECT_EQ(recorder.methods[0], "GET");
  const nlohmann::json j = nlohmann::json::parse(ReadFile(dir / "out/probe.json"));
  EXPECT_EQ(j["url"], server.Url("/p"));
  EXPECT_EQ(j["model"], "closed");
  EXPECT_EQ(j["requests"], 60);
  EXPECT_EQ(j["errors"], 0);
  EXPECT_EQ(j["error_rate"], 0.0);
  EXPECT_EQ(j["event_loops"], 2);
  EXPECT_EQ(j["connections"], 3);
  EXPECT_GT(j["throughput_rps"].get<double>(), 0);
  for (const char* key : {"p50", "p90", "p95", "p99", "p999", "max", "mean"}) {
    EXPECT_GT(j["latency_ms"][key].get<double>(), 0) << key;
  }
  EXPECT_LE(j["latency_ms"]["p50"].get<double>(), j["latency_ms"]["max"].get<double>());
}

TEST(ProbeCommand, DefaultThreadsAreTheCoresTheProcessMayUse) {
  Recorder recorder;
  LoopbackServer server([&](httplib::Server& s) { recorder.Install(s); });
  TempDir dir;
  {
    // As under `taskset -c 0`: one loop, however many cores the machine has.
    testing::AffinityScope one(1);
    ASSERT_TRUE(one.ok());
    CommandRun o = RunCommand({"probe", server.Url("/p"), "--concurrency", "3", "--requests", "30",
                               "--json", dir / "one.json"});
    ASSERT_EQ(o.exit_code, 0) << o.err;
    EXPECT_THAT(o.out, HasSubstr("3 in flight over 1 event loop,"));
    EXPECT_EQ(nlohmann::json::parse(ReadFile(dir / "one.json"))["event_loops"], 1);
  }
  // Never more loops than requests in flight.
  CommandRun capped = RunCommand({"probe", server.Url("/p"), "--concurrency", "2", "--requests",
                                  "30", "--threads", "8", "--json", dir / "capped.json"});
  ASSERT_EQ(capped.exit_code, 0) << capped.err;
  EXPECT_EQ(nlohmann::json::parse(ReadFile(dir / "capped.json"))["event_loops"], 2);
}

TEST(ProbeCommand, OpenModelWithRateAndDuration) {
  Recorder recorder;
  LoopbackServer server([&](httplib::Server& s) { recorder.Install(s); });
  TempDir dir;
  CommandRun o = RunCommand({"probe", server.Url("/p"), "--rate", "100", "--duration", "0.2",
                             "--warmup", "0", "--json", dir / "open.json"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_THAT(o.out, HasSubstr("open model: 100 requests/s for 0.2 s"));
  const nlohmann::json j = nlohmann::json::parse(ReadFile(dir / "open.json"));
  EXPECT_EQ(j["model"], "open");
  EXPECT_EQ(j["requests"], 20);
}

TEST(ProbeCommand, BodyFileMethodAndSecretHeader) {
  Recorder recorder;
  LoopbackServer server([&](httplib::Server& s) { recorder.Install(s); });
  TempDir dir;
  const std::string body = R"({"precipitation":0,"temp_max":20,"temp_min":10,"wind":2})";
  std::string file = dir.Write("request.json", body);
  ::setenv("MLGATE_PROBE_TEST_TOKEN", "tok-9f8e7d", 1);
  CommandRun o =
      RunCommand({"probe", server.Url("/p"), "--requests", "5", "--warmup", "0", "--body-file",
                  file, "--header", "Authorization: Bearer ${env:MLGATE_PROBE_TEST_TOKEN}",
                  "--expect-json-field", "weather"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  ASSERT_EQ(recorder.methods.size(), 5u);
  EXPECT_EQ(recorder.methods[0], "POST");  // a body makes POST the default
  EXPECT_EQ(recorder.bodies[4], body);
  EXPECT_EQ(recorder.auth[4], "Bearer tok-9f8e7d");
  EXPECT_THAT(o.out + o.err, Not(HasSubstr("tok-9f8e7d")));

  CommandRun put = RunCommand(
      {"probe", server.Url("/p"), "--requests", "1", "--warmup", "0", "-X", "post", "-d", "x=1"});
  ASSERT_EQ(put.exit_code, 0) << put.err;
  EXPECT_EQ(recorder.methods.back(), "POST");
  EXPECT_EQ(recorder.bodies.back(), "x=1");
}

TEST(ProbeCommand, BadArgumentsExitTwo) {
  const std::string url = "http://127.0.0.1:1/";
  EXPECT_EQ(RunCommand({"probe", url, "--rate", "10"}).exit_code, 2);
  EXPECT_EQ(RunCommand({"probe", url, "--duration", "10"}).exit_code, 2);
  EXPECT_EQ(
      RunCommand({"probe", url, "--rate", "10", "--duration", "1", "--requests", "5"}).exit_code,
      2);
  EXPECT_EQ(RunCommand({"probe", url, "--body", "a", "--body-file", "b"}).exit_code, 2);
  EXPECT_EQ(RunCommand({"probe", url, "--body-file", "/nonexistent/body.json"}).exit_code, 2);
  EXPECT_EQ(RunCommand({"probe", url, "--concurrency", "0"}).exit_code, 2);
  EXPECT_EQ(RunCommand({"probe", url, "--threads", "-1"}).exit_code, 2);
  EXPECT_EQ(RunCommand({"probe", "ftp://127.0.0.1/x"}).exit_code, 2);
  EXPECT_EQ(RunCommand({"probe"}).exit_code, 2);

  CommandRun header = RunCommand({"probe", url, "--header", "secret-value-without-colon"});
  EXPECT_EQ(header.exit_code, 2);
  EXPECT_THAT(header.err, Not(HasSubstr("secret-value-without-colon")));

  ::unsetenv("MLGATE_PROBE_TEST_MISSING");
  CommandRun env =
      RunCommand({"probe", url, "--header", "X-Key: ${env:MLGATE_PROBE_TEST_MISSING}"});
  EXPECT_EQ(env.exit_code, 2);
  EXPECT_THAT(env.err, HasSubstr("MLGATE_PROBE_TEST_MISSING"));
}

TEST(ProbeCommand, UnmeasurableEndpointExitsOne) {
  TempDir dir;
  CommandRun refused =
      RunCommand({"probe", "http://127.0.0.1:" + std::to_string(ClosedPort()) + "/", "--requests",
                  "10", "--json", dir / "refused.json"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("did not answer"));
  EXPECT_FALSE(std::filesystem::exists(dir / "refused.json"));

  Recorder recorder;
  recorder.status = 503;
  LoopbackServer server([&](httplib::Server& s) { recorder.Install(s); });
  CommandRun failing = RunCommand({"probe", server.Url("/p"), "--requests", "8", "--warmup", "0",
                                   "--json", dir / "failing.json"});
  EXPECT_EQ(failing.exit_code, 1);
  EXPECT_THAT(failing.out, HasSubstr("8 http 503"));
  const nlohmann::json j = nlohmann::json::parse(ReadFile(dir / "failing.json"));
  EXPECT_EQ(j["errors"], 8);
  EXPECT_EQ(j["error_rate"], 1.0);
  EXPECT_TRUE(j["latency_ms"]["p50"].is_null());
}

}  // namespace
}  // namespace mlgate
