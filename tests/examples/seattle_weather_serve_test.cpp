// The seattle-weather example's model server: the fixed model against scikit-learn's fit, and
// the real `mlgate-example-serve` process answering on loopback.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "examples/seattle-weather/serve/model.h"

extern char** environ;

namespace mlgate::seattle_weather {
namespace {

using ::testing::HasSubstr;

TEST(ExampleServeModel, MatchesScikitLearnOnEvery2015Row) {
  std::ifstream in(std::string(MLGATE_SOURCE_DIR) + "/tests/oracles/fixtures/serve_model.json");
  const nlohmann::json fixture = nlohmann::json::parse(in);
  ASSERT_EQ(fixture["classes"].size(), kClasses.size());
  for (size_t k = 0; k < kClasses.size(); ++k) EXPECT_EQ(fixture["classes"][k], kClasses[k]);
  ASSERT_EQ(fixture["cases"].size(), 365u);
  for (const auto& c : fixture["cases"]) {
    Features f;
    f.precipitation = c["features"]["precipitation"];
    f.temp_max = c["features"]["temp_max"];
    f.temp_min = c["features"]["temp_min"];
    f.wind = c["features"]["wind"];
    const Prediction p = Predict(f);
    EXPECT_EQ(p.weather, c["weather"].get<std::string>());
    double sum = 0;
    for (size_t k = 0; k < kClasses.size(); ++k) {
      EXPECT_NEAR(p.p[k], c["p"][std::string(kClasses[k])].get<double>(), 1e-9);
      sum += p.p[k];
    }
    EXPECT_NEAR(sum, 1.0, 1e-12);
  }
}

TEST(ExampleServeModel, RejectsRequestsWithoutFourFiniteNumbers) {
  Features f;
  std::string error;
  EXPECT_TRUE(
      ParseFeatures(R"({"precipitation":1,"temp_max":2,"temp_min":0,"wind":3,"x":1})", &f, &error));
  EXPECT_EQ(f.wind, 3);
  EXPECT_FALSE(ParseFeatures("[1,2,3,4]", &f, &error));
  EXPECT_EQ(error, "the body must be a JSON object");
  EXPECT_FALSE(ParseFeatures("{\"precipitation\":1", &f, &error));
  EXPECT_FALSE(
      ParseFeatures(R"({"precipitation":"1","temp_max":2,"temp_min":0,"wind":3})", &f, &error));
  EXPECT_EQ(error, "'precipitation' must be a number");
  EXPECT_FALSE(ParseFeatures(R"({"precipitation":1,"temp_max":2,"temp_min":0})", &f, &error));
  EXPECT_EQ(error, "'wind' must be a number");
  EXPECT_FALSE(
      ParseFeatures(R"({"precipitation":1e999,"temp_max":2,"temp_min":0,"wind":1})", &f, &error));
}

TEST(ExampleServeModel, ExtremeInputsStayFinite) {
  Features f;
  f.precipitation = 1e6;
  f.temp_max = -1e6;
  const Prediction p = Predict(f);
  double sum = 0;
  for (double v : p.p) {
    EXPECT_TRUE(std::isfinite(v));
    sum += v;
  }
  EXPECT_NEAR(sum, 1.0, 1e-12);
}

// The server process, stopped with SIGTERM by the destructor.
class ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> args) {
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    args.insert(args.begin(), MLGATE_EXAMPLE_SERVE);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    EXPECT_EQ(posix_spawn(&pid_, MLGATE_EXAMPLE_SERVE, &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    out_ = ::fdopen(fds[0], "r");
    char line[64] = {0};
    if (std::fgets(line, sizeof(line), out_) != nullptr) port_ = std::atoi(line);
  }
  ~ServerProcess() {
    if (pid_ > 0 && !stopped_) Stop();
    if (out_ != nullptr) std::fclose(out_);
  }
  // Sends SIGTERM and returns the exit status.
  int Stop() {
    stopped_ = true;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  int port_ = 0;
  bool stopped_ = false;
};

TEST(ExampleServe, AnswersPredictAndHealthThenStopsOnSigterm) {
  ServerProcess server({"--port", "0", "--threads", "2"});
  ASSERT_GT(server.port(), 0);
  httplib::Client client("127.0.0.1", server.port());
  auto health = client.Get("/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(nlohmann::json::parse(health->body)["status"], "ok");

  auto rainy =
      client.Post("/predict", R"({"precipitation":20.3,"temp_max":12.2,"temp_min":5.6,"wind":4.7})",
                  "application/json");
  ASSERT_TRUE(rainy);
  EXPECT_EQ(rainy->status, 200);
  const nlohmann::json answer = nlohmann::json::parse(rainy->body);
  EXPECT_EQ(answer["weather"], "rain");
  Features f{20.3, 12.2, 5.6, 4.7};
  const Prediction expected = Predict(f);
  for (size_t k = 0; k < kClasses.size(); ++k) {
    EXPECT_DOUBLE_EQ(answer["p"][std::string(kClasses[k])].get<double>(), expected.p[k]);
  }

  auto bad = client.Post("/predict", R"({"precipitation":1})", "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_THAT(bad->body, HasSubstr("must be a number"));
  EXPECT_EQ(server.Stop(), 0);
}

TEST(ExampleServe, BadFlagsExitTwo) {
  int status = 0;
  pid_t pid = 0;
  std::vector<std::string> args = {MLGATE_EXAMPLE_SERVE, "--threads", "0"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  ASSERT_EQ(posix_spawn(&pid, MLGATE_EXAMPLE_SERVE, nullptr, nullptr, argv.data(), environ), 0);
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
}

}  // namespace
}  // namespace mlgate::seattle_weather
