// The seattle-weather example's model server: its requests and answers against an independent
// computation of the trained model (tests/oracles/gen_serve_model.py), reading model.json back,
// and the real `mlgate-example-serve` process answering on loopback.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

// httplib includes <resolv.h>, whose `_res` macro would rename a parameter in Eigen's headers.
#undef _res
#include "examples/seattle-weather/serve/api.h"
#include "tests/example_server.h"

namespace mlgate::seattle_weather::serve {
namespace {

using ::testing::ElementsAre;
using testing::ExampleModelPath;
using testing::ExampleServer;
using ::testing::HasSubstr;

nlohmann::json ReadJson(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

nlohmann::json Fixture() {
  return ReadJson(std::string(MLGATE_SOURCE_DIR) + "/tests/oracles/fixtures/serve_model.json");
}

train::Model ExampleModel() {
  auto model = train::ReadModelJson(ExampleModelPath());
  EXPECT_TRUE(model.ok()) << model.status().message();
  return model.ok() ? *model : train::Model{};
}

// The committed model.json with one key replaced.
std::string ModelJsonWith(const std::string& key, const nlohmann::json& value) {
  nlohmann::json model = ReadJson(ExampleModelPath());
  model[key] = value;
  return model.dump();
}

// The committed model cut down to precipitation and wind: a model that needs no date.
std::string WeatherOnlyModelJson() {
  nlohmann::json model = ReadJson(ExampleModelPath());
  auto keep = [](const nlohmann::json& row) { return nlohmann::json{row[0], row[3]}; };
  model["features"] = {"precipitation", "wind"};
  model["means"] = keep(model["means"]);
  model["stds"] = keep(model["stds"]);
  for (auto& row : model["weights"]) row = keep(row);
  return model.dump();
}

TEST(ExampleServeApi, MatchesAnIndependentComputationOnEvery2015Day) {
  const nlohmann::json fixture = Fixture();
  ASSERT_EQ(fixture["model"], ReadJson(ExampleModelPath()))
      << "predictions/model.json changed: rerun /usr/bin/python3 tests/oracles/generate.py";
  const train::Model model = ExampleModel();
  ASSERT_EQ(fixture["classes"].size(), train::kClasses.size());
  for (size_t k = 0; k < train::kClasses.size(); ++k) {
    EXPECT_EQ(fixture["classes"][k], train::kClasses[k]);
  }
  ASSERT_EQ(fixture["cases"].size(), 365u);
  std::map<std::string, int> predicted;
  for (const auto& c : fixture["cases"]) {
    train::Day day;
    std::string error;
    ASSERT_TRUE(ParseRequest(c["request"].dump(), model, &day, &error)) << error;
    const nlohmann::json answer = Answer(model, day);
    const std::string date = c["request"]["date"];
    EXPECT_EQ(answer["weather"], c["weather"]) << date;
    double sum = 0;
    for (std::string_view name : train::kClasses) {
      const std::string k(name);
      EXPECT_NEAR(answer["p"][k].get<double>(), c["p"][k].get<double>(), 1e-12) << date << " " << k;
      sum += answer["p"][k].get<double>();
    }
    EXPECT_NEAR(sum, 1.0, 1e-12) << date;
    ++predicted[answer["weather"].get<std::string>()];
  }
  // As in the trainer's predictions/challenger.csv.
  EXPECT_EQ(predicted, (std::map<std::string, int>{{"drizzle", 1}, {"rain", 155}, {"sun", 209}}));
}

TEST(ExampleServeApi, TheSeasonFeaturesMakeTheDateRequired) {
  const train::Model model = ExampleModel();
  EXPECT_THAT(RequestFields(model),
              ElementsAre("date", "precipitation", "temp_max", "temp_min", "wind"));
  train::Day day;
  std::string error;
  EXPECT_FALSE(ParseRequest(R"({"precipitation":1,"temp_max":2,"temp_min":0,"wind":3})", model,
                            &day, &error));
  EXPECT_EQ(error, "'date' is required (YYYY-MM-DD): the model uses the day of the year");

  auto weather_only = train::ParseModelJson(WeatherOnlyModelJson());
  ASSERT_TRUE(weather_only.ok()) << weather_only.status().message();
  EXPECT_THAT(RequestFields(*weather_only), ElementsAre("precipitation", "wind"));
  EXPECT_TRUE(ParseRequest(R"({"precipitation":2.5,"wind":4})", *weather_only, &day, &error))
      << error;
  EXPECT_EQ(day.precipitation, 2.5);
  EXPECT_EQ(day.wind, 4);
  // A date it does not need must still be one.
  EXPECT_FALSE(ParseRequest(R"({"date":"2015-02-30","precipitation":2.5,"wind":4})", *weather_only,
                            &day, &error));
  EXPECT_EQ(error, "'date' must be a YYYY-MM-DD date");
}

TEST(ExampleServeApi, ReadsTheDateAndRejectsWhatItCannotScore) {
  const train::Model model = ExampleModel();
  train::Day day;
  std::string error;
  ASSERT_TRUE(ParseRequest(
      R"({"date":"2016-12-31","precipitation":1,"temp_max":2,"temp_min":0,"wind":3,"x":1})", model,
      &day, &error))
      << error;
  EXPECT_EQ(day.year, 2016);
  EXPECT_EQ(day.month, 12);
  EXPECT_EQ(day.day_of_year, 366);
  EXPECT_EQ(day.days_in_year, 366);
  EXPECT_EQ(day.wind, 3);

  const std::string rest = R"(,"precipitation":1,"temp_max":2,"temp_min":0,"wind":3})";
  EXPECT_FALSE(ParseRequest("[1,2,3,4]", model, &day, &error));
  EXPECT_EQ(error, "the body must be a JSON object");
  EXPECT_FALSE(ParseRequest(R"({"date":"2015-01-01")", model, &day, &error));
  EXPECT_EQ(error, "the body must be a JSON object");
  for (const char* date : {R"("2015-13-01")", R"("2015-02-29")", R"("1/3/2015")", "20150101"}) {
    EXPECT_FALSE(ParseRequest(std::string(R"({"date":)") + date + rest, model, &day, &error))
        << date;
    EXPECT_EQ(error, "'date' must be a YYYY-MM-DD date") << date;
  }
  EXPECT_FALSE(ParseRequest(R"({"date":"2015-01-01","precipitation":"1","temp_max":2,)"
                            R"("temp_min":0,"wind":3})",
                            model, &day, &error));
  EXPECT_EQ(error, "'precipitation' must be a number");
  EXPECT_FALSE(ParseRequest(R"({"date":"2015-01-01","precipitation":1,"temp_max":2,"temp_min":0})",
                            model, &day, &error));
  EXPECT_EQ(error, "'wind' must be a number");
  EXPECT_FALSE(ParseRequest(R"({"date":"2015-01-01","precipitation":1,"temp_max":2,)"
                            R"("temp_min":0,"wind":true})",
                            model, &day, &error));
  EXPECT_EQ(error, "'wind' must be a number");
}

TEST(ExampleServeApi, ExtremeInputsStayFinite) {
  const train::Model model = ExampleModel();
  train::Day day;
  std::string error;
  ASSERT_TRUE(ParseRequest(
      R"({"date":"2015-07-01","precipitation":1e6,"temp_max":-1e6,"temp_min":1e6,"wind":0})", model,
      &day, &error));
  const nlohmann::json answer = Answer(model, day);
  double sum = 0;
  for (std::string_view name : train::kClasses) {
    const double p = answer["p"][std::string(name)].get<double>();
    EXPECT_TRUE(std::isfinite(p)) << name;
    sum += p;
  }
  EXPECT_NEAR(sum, 1.0, 1e-12);
  // Scores of the order of 1e5, which exp() alone would overflow; rain's is the largest.
  EXPECT_EQ(answer["weather"], "rain");
}

TEST(ExampleModelJson, ReadsBackWhatTheTrainerWrote) {
  const train::Model model = ExampleModel();
  const nlohmann::json file = ReadJson(ExampleModelPath());
  ASSERT_EQ(model.features.size(), 6u);
  EXPECT_EQ(model.features[4], "doy_sin");
  EXPECT_EQ(model.means(0), file["means"][0].get<double>());
  EXPECT_EQ(model.stds(3), file["stds"][3].get<double>());
  EXPECT_EQ(model.intercepts(2), file["intercepts"][2].get<double>());
  EXPECT_EQ(model.weights(4, 5), file["weights"][4][5].get<double>());
  EXPECT_EQ(model.training_rows, 731);
  EXPECT_EQ(model.c, 1.0);
}

TEST(ExampleModelJson, NamesWhatIsWrong) {
  auto error = [](const std::string& text) {
    auto model = train::ParseModelJson(text);
    return model.ok() ? std::string("ok") : model.status().message();
  };
  EXPECT_EQ(error("[]"), "not a JSON object");
  EXPECT_EQ(error(ModelJsonWith("format", 2)), "'format' must be 1");
  EXPECT_EQ(error(ModelJsonWith("kind", "tree")),
            "'kind' must be \"multinomial_logistic_regression\"");
  EXPECT_EQ(error(ModelJsonWith("classes", {"fog", "drizzle", "rain", "snow", "sun"})),
            "'classes' must be [drizzle, fog, rain, snow, sun]");
  EXPECT_EQ(error(ModelJsonWith("features", nlohmann::json::array())),
            "'features' must be a non-empty list of names");
  EXPECT_THAT(
      error(ModelJsonWith("features", {"precipitation", "humidity", "temp_min", "wind", "a", "b"})),
      HasSubstr("unknown feature \"humidity\""));
  EXPECT_EQ(error(ModelJsonWith(
                "features", {"precipitation", "wind", "temp_min", "wind", "doy_sin", "doy_cos"})),
            "feature \"wind\" is listed twice");
  EXPECT_EQ(error(ModelJsonWith("means", {1, 2, 3})), "'means' must be a list of 6 numbers");
  EXPECT_EQ(error(ModelJsonWith("stds", {1, 1, 0, 1, 1, 1})), "'stds' must be positive");
  EXPECT_EQ(error(ModelJsonWith("intercepts", {1, 2, 3, 4, "5"})),
            "'intercepts' must be a list of 5 finite numbers");
  EXPECT_EQ(error(ModelJsonWith("weights", {{1, 2, 3, 4, 5, 6}})),
            "'weights' must hold one row per class (5)");
  nlohmann::json model = ReadJson(ExampleModelPath());
  model["weights"][3] = {1, 2, 3};
  EXPECT_EQ(error(model.dump()), "'weights[3] (snow)' must be a list of 6 numbers");

  auto missing = train::ReadModelJson("/nonexistent/model.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "/nonexistent/model.json: cannot read the model");
}

TEST(ExampleServe, AnswersPredictAndHealthThenStopsOnSigterm) {
  ExampleServer server({"--model", ExampleModelPath(), "--port", "0", "--threads", "2"});
  ASSERT_GT(server.port(), 0);
  httplib::Client client("127.0.0.1", server.port());
  auto health = client.Get("/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(nlohmann::json::parse(health->body)["status"], "ok");

  // 15 March 2015, the wettest day of the year (55.9 mm), answered as the oracle computed it.
  const nlohmann::json fixture = Fixture();
  const nlohmann::json& wettest = fixture["cases"][73];
  ASSERT_EQ(wettest["request"]["date"], "2015-03-15");
  auto rainy = client.Post("/predict", wettest["request"].dump(), "application/json");
  ASSERT_TRUE(rainy);
  EXPECT_EQ(rainy->status, 200);
  const nlohmann::json answer = nlohmann::json::parse(rainy->body);
  EXPECT_EQ(answer["weather"], "rain");
  for (std::string_view name : train::kClasses) {
    const std::string k(name);
    EXPECT_NEAR(answer["p"][k].get<double>(), wettest["p"][k].get<double>(), 1e-12) << k;
  }
  EXPECT_NEAR(answer["p"]["rain"].get<double>(), 0.642505, 1e-6);

  auto bad = client.Post("/predict", R"({"precipitation":1})", "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(nlohmann::json::parse(bad->body)["error"],
            "'date' is required (YYYY-MM-DD): the model uses the day of the year");
  EXPECT_EQ(server.Stop(), 0);
}

TEST(ExampleServe, DelaysEveryPredictionByDelayMs) {
  ExampleServer server(
      {"--model", ExampleModelPath(), "--port", "0", "--threads", "2", "--delay-ms", "250"});
  ASSERT_GT(server.port(), 0);
  httplib::Client client("127.0.0.1", server.port());
  const std::string body = Fixture()["cases"][0]["request"].dump();
  ASSERT_TRUE(client.Get("/health"));  // connects, so the timing below is the answer's alone
  const auto start = std::chrono::steady_clock::now();
  auto answer = client.Post("/predict", body, "application/json");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  EXPECT_GE(elapsed, std::chrono::milliseconds(250));
  // /health is never delayed.
  const auto health_start = std::chrono::steady_clock::now();
  ASSERT_TRUE(client.Get("/health"));
  EXPECT_LT(std::chrono::steady_clock::now() - health_start, std::chrono::milliseconds(250));
}

int RunServe(std::vector<std::string> args) {
  int status = 0;
  pid_t pid = 0;
  args.insert(args.begin(), MLGATE_EXAMPLE_SERVE);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  const int spawned =
      posix_spawn(&pid, MLGATE_EXAMPLE_SERVE, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return -2;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(ExampleServe, BadFlagsExitTwoAndAnUnreadableModelOne) {
  EXPECT_EQ(RunServe({"--model", ExampleModelPath(), "--threads", "0"}), 2);
  EXPECT_EQ(RunServe({"--port", "0"}), 2);  // --model is required
  EXPECT_EQ(RunServe({"--model", "/nonexistent/model.json", "--port", "0"}), 1);
}

}  // namespace
}  // namespace mlgate::seattle_weather::serve
