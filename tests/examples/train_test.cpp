// Tests of the seattle-weather example's trainer (examples/seattle-weather/train): its softmax
// regression against scikit-learn's (tests/oracles/fixtures/example_model.json, written by
// tests/oracles/gen_example_model.py), its optimiser, its files, that the committed predictions
// are what the trainer writes, and that the example's gates promote (gate.yaml's model checks) and
// block (gate-regression.yaml) as its README says.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "examples/seattle-weather/train/weather_model.h"
#include "tests/test_util.h"

namespace mlgate::seattle_weather::train {
namespace {

using ::mlgate::testing::TempDir;
using ::testing::HasSubstr;

const std::string kSource = MLGATE_SOURCE_DIR;
const std::string kExample = kSource + "/examples/seattle-weather";
const std::string kTrainFile = kExample + "/data/weather-2012-2013.csv";
const std::string kApplyFile = kExample + "/data/weather-2015.csv";

nlohmann::json Oracle() {
  std::ifstream in(kSource + "/tests/oracles/fixtures/example_model.json");
  return nlohmann::json::parse(in);
}

std::vector<Day> Load(const std::string& path) {
  auto days = ReadDays(path);
  EXPECT_TRUE(days.ok()) << days.status().message();
  return days.ok() ? *days : std::vector<Day>{};
}

struct Command {
  int exit_code = -1;
  std::string out;
};

// Runs `command` in a shell, stderr folded into stdout.
Command RunShell(const std::string& command) {
  Command result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    result.out.append(buffer.data(), n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

Command RunTrainer(const std::string& out_dir) {
  return RunShell("'" MLGATE_EXAMPLE_TRAIN "' --train '" + kTrainFile + "' --apply '" + kApplyFile +
                  "' --out-dir '" + out_dir + "'");
}

class TrainTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    training_ = new std::vector<Day>(Load(kTrainFile));
    applied_ = new std::vector<Day>(Load(kApplyFile));
    auto models = TrainExampleModels(*training_);
    ASSERT_TRUE(models.ok()) << models.status().message();
    models_ = new ExampleModels(std::move(*models));
  }
  static void TearDownTestSuite() {
    delete training_;
    delete applied_;
    delete models_;
  }

  // Compares `model` with the oracle's fit of the same recipe.
  static void ExpectMatchesOracle(const Model& model, const TrainReport& report,
                                  const nlohmann::json& oracle) {
    ASSERT_EQ(model.features, oracle["features"].get<std::vector<std::string>>());
    EXPECT_EQ(model.training_rows, oracle["training_rows"].get<int>());
    for (int k = 0; k < kClassCount; ++k) {
      EXPECT_EQ(kClasses[k], oracle["classes"][k].get<std::string>());
    }
    for (size_t j = 0; j < model.features.size(); ++j) {
      EXPECT_NEAR(model.means(j), oracle["means"][j].get<double>(), 1e-12) << model.features[j];
      EXPECT_NEAR(model.stds(j), oracle["stds"][j].get<double>(), 1e-12) << model.features[j];
    }
    // scikit-learn stops within ~2e-8 of the optimum; Newton's method reaches it.
    for (int k = 0; k < kClassCount; ++k) {
      EXPECT_NEAR(model.intercepts(k), oracle["intercepts"][k].get<double>(), 1e-7) << k;
      for (size_t j = 0; j < model.features.size(); ++j) {
        EXPECT_NEAR(model.weights(k, j), oracle["weights"][k][j].get<double>(), 1e-7)
            << kClasses[k] << " " << model.features[j];
      }
    }
    EXPECT_NEAR(report.objective.back(), oracle["objective"].get<double>(), 1e-12);
    // At the exact optimum the objective cannot exceed the oracle's near-optimal one.
    EXPECT_LE(report.objective.back(), oracle["objective"].get<double>() + 1e-15);

    ASSERT_EQ(applied_->size(), oracle["predicted"].size());
    int agree = 0;
    double worst = 0;
    for (size_t i = 0; i < applied_->size(); ++i) {
      const Eigen::VectorXd p = PredictProba(model, (*applied_)[i]);
      for (int k = 0; k < kClassCount; ++k) {
        worst = std::max(worst, std::fabs(p(k) - oracle["proba"][i][k].get<double>()));
      }
      agree +=
          kClasses[PredictClass(model, (*applied_)[i])] == oracle["predicted"][i].get<std::string>()
              ? 1
              : 0;
    }
    EXPECT_LT(worst, 1e-6);
    EXPECT_GE(agree, static_cast<int>(std::ceil(0.97 * static_cast<double>(applied_->size()))));
    EXPECT_EQ(agree, static_cast<int>(applied_->size()));
    EXPECT_NEAR(Accuracy(model, *applied_), oracle["accuracy"].get<double>(), 1e-12);
  }

  static std::vector<Day>* training_;
  static std::vector<Day>* applied_;
  static ExampleModels* models_;
};

std::vector<Day>* TrainTest::training_ = nullptr;
std::vector<Day>* TrainTest::applied_ = nullptr;
ExampleModels* TrainTest::models_ = nullptr;

TEST(SoftmaxTest, ProbabilitiesOfKnownScores) {
  Eigen::VectorXd scores(3);
  scores << 0.0, std::log(2.0), std::log(3.0);
  const Eigen::VectorXd p = Softmax(scores);
  EXPECT_NEAR(p(0), 1.0 / 6, 1e-15);
  EXPECT_NEAR(p(1), 2.0 / 6, 1e-15);
  EXPECT_NEAR(p(2), 3.0 / 6, 1e-15);
  // Shifting every score changes nothing, but for the rounding of the shifted scores themselves
  // (an ulp of 1000 is 1.1e-13).
  const Eigen::VectorXd shifted = Softmax((scores.array() + 1000.0).matrix());
  EXPECT_NEAR((shifted - p).cwiseAbs().maxCoeff(), 0.0, 1e-12);
}

TEST(SoftmaxTest, ExtremeScoresStayFiniteAndSumToOne) {
  Eigen::VectorXd scores(5);
  scores << 1000.0, -1000.0, 999.0, 0.0, -5e300;
  const Eigen::VectorXd p = Softmax(scores);
  EXPECT_TRUE(p.allFinite());
  EXPECT_NEAR(p.sum(), 1.0, 1e-15);
  EXPECT_NEAR(p(0), 1.0 / (1.0 + std::exp(-1.0)), 1e-15);
  EXPECT_LT(p(1), 1e-300);  // exp(-2000): subnormal, not NaN
  EXPECT_EQ(p(4), 0.0);
  EXPECT_GE(p.minCoeff(), 0.0);
}

TEST(RoundToMillionthsTest, SumsToExactlyOneMillion) {
  Eigen::VectorXd thirds = Eigen::VectorXd::Constant(3, 1.0 / 3);
  EXPECT_EQ(RoundToMillionths(thirds), (std::vector<int>{333334, 333333, 333333}));
  Eigen::VectorXd p(5);
  p << 0.1234564, 0.2345676, 0.0000004, 0.3, 0.3419756;  // remainders .4 .6 .4 0 .6
  EXPECT_EQ(RoundToMillionths(p), (std::vector<int>{123456, 234568, 0, 300000, 341976}));
  EXPECT_EQ(RoundToMillionths(Eigen::VectorXd::Constant(4, 0.25)),
            (std::vector<int>{250000, 250000, 250000, 250000}));
  Eigen::VectorXd one = Eigen::VectorXd::Zero(5);
  one(3) = 1.0;
  EXPECT_EQ(RoundToMillionths(one), (std::vector<int>{0, 0, 0, 1000000, 0}));
}

TEST(FeaturesTest, DayOfYearOnTheCircleAndSeasons) {
  TempDir dir;
  auto days = ReadDays(dir.Write("d.csv",
                                 "date,precipitation,temp_max,temp_min,wind,weather\n"
                                 "2012-01-01,0,1,2,3,sun\n"
                                 "2012-12-31,0,1,2,3,rain\n"
                                 "2015-07-02,0,1,2,3,fog\n"));
  ASSERT_TRUE(days.ok()) << days.status().message();
  ASSERT_EQ(days->size(), 3u);
  const Day& first = (*days)[0];
  EXPECT_EQ(first.day_of_year, 1);
  EXPECT_EQ(first.days_in_year, 366);
  EXPECT_DOUBLE_EQ(FeatureValue(first, "doy_sin"), 0.0);
  EXPECT_DOUBLE_EQ(FeatureValue(first, "doy_cos"), 1.0);
  const Day& last = (*days)[1];
  EXPECT_EQ(last.day_of_year, 366);
  EXPECT_NEAR(FeatureValue(last, "doy_sin"), std::sin(2 * M_PI * 365 / 366), 1e-15);
  const Day& july = (*days)[2];
  EXPECT_EQ(july.day_of_year, 183);  // 2015 is not a leap year: 181 days before July
  EXPECT_EQ(july.days_in_year, 365);
  EXPECT_NEAR(FeatureValue(july, "doy_cos"), std::cos(2 * M_PI * 182 / 365), 1e-15);
  EXPECT_EQ(july.label, 1);  // fog
  EXPECT_EQ(FeatureValue(july, "temp_min"), 2.0);
  EXPECT_EQ(Season(1), "winter");
  EXPECT_EQ(Season(12), "winter");
  EXPECT_EQ(Season(3), "spring");
  EXPECT_EQ(Season(8), "summer");
  EXPECT_EQ(Season(11), "autumn");
}

TEST(ReadDaysTest, NamesTheProblem) {
  TempDir dir;
  auto missing = ReadDays(dir.Write("a.csv", "date,precipitation,temp_max,temp_min,weather\n"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("no column 'wind'"));

  auto label = ReadDays(dir.Write("b.csv",
                                  "date,precipitation,temp_max,temp_min,wind,weather\n"
                                  "2012-01-01,0,1,2,3,sun\n"
                                  "2012-01-02,0,1,2,3,hail\n"));
  ASSERT_FALSE(label.ok());
  EXPECT_EQ(label.status().code(), StatusCode::kDataError);
  EXPECT_THAT(label.status().message(), HasSubstr("b.csv:3: column 'weather'"));
  EXPECT_THAT(label.status().message(), HasSubstr("'hail'"));

  auto number = ReadDays(dir.Write("c.csv",
                                   "weather,wind,temp_min,temp_max,precipitation,date\n"
                                   "sun,3,2,,0,2012-01-01\n"));
  ASSERT_FALSE(number.ok());
  EXPECT_THAT(number.status().message(), HasSubstr("c.csv:2: column 'temp_max'"));

  auto date = ReadDays(dir.Write("d.csv",
                                 "date,precipitation,temp_max,temp_min,wind,weather\n"
                                 "2013-02-29,0,1,2,3,sun\n"));
  ASSERT_FALSE(date.ok());
  EXPECT_THAT(date.status().message(), HasSubstr("column 'date'"));

  auto absent = ReadDays(dir / "none.csv");
  EXPECT_FALSE(absent.ok());
}

TEST(TrainOptionsTest, RefusesWhatItCannotFit) {
  TempDir dir;
  auto days = ReadDays(dir.Write("t.csv",
                                 "date,precipitation,temp_max,temp_min,wind,weather\n"
                                 "2012-01-01,0,1,2,3,sun\n"
                                 "2012-01-02,1,1,2,4,rain\n"
                                 "2012-01-03,2,1,3,5,fog\n"
                                 "2012-01-04,3,1,4,6,drizzle\n"
                                 "2012-01-05,4,1,5,7,snow\n"));
  ASSERT_TRUE(days.ok()) << days.status().message();
  TrainOptions options;
  options.features = {"precipitation", "cloud"};
  EXPECT_THAT(Train(*days, options).status().message(), HasSubstr("unknown feature 'cloud'"));
  options.features = {"wind", "wind"};
  EXPECT_THAT(Train(*days, options).status().message(), HasSubstr("'wind' is listed twice"));
  options.features = {"temp_max"};
  EXPECT_THAT(Train(*days, options).status().message(), HasSubstr("'temp_max' is constant"));
  options.features = {"wind"};
  options.c = 0;
  EXPECT_EQ(Train(*days, options).status().code(), StatusCode::kInvalidArgument);
  options.c = 1;
  std::vector<Day> no_snow(days->begin(), days->end() - 1);
  EXPECT_THAT(Train(no_snow, options).status().message(),
              HasSubstr("class 'snow' has no training row"));
  std::vector<Day> unlabelled = *days;
  unlabelled[2].label = -1;
  EXPECT_THAT(Train(unlabelled, options).status().message(),
              HasSubstr("2012-01-03: label -1 is not a class index"));
  EXPECT_TRUE(Train(*days, options).ok());
  EXPECT_FALSE(Train({}, options).ok());
}

TEST_F(TrainTest, TrainingLossDecreasesToTheOptimum) {
  for (const TrainReport* report : {&models_->challenger_report, &models_->champion_report}) {
    ASSERT_TRUE(report->converged);
    ASSERT_GE(report->objective.size(), 3u);
    // All coefficients start at zero: every class has probability 1/5.
    EXPECT_NEAR(report->objective.front(), std::log(5.0), 1e-12);
    for (size_t i = 1; i < report->objective.size(); ++i) {
      // A few ulps of slack: the last steps are below the objective's rounding.
      EXPECT_LE(report->objective[i], report->objective[i - 1] + 1e-14) << "step " << i;
    }
    EXPECT_LT(report->objective[1], report->objective[0] - 0.1);
    EXPECT_LT(report->max_abs_gradient, 1e-10);
    EXPECT_LE(report->iterations, 20);
  }
  EXPECT_LT(models_->challenger_report.objective.back(), 0.66);
}

TEST_F(TrainTest, IntercepsSumToZero) {
  EXPECT_NEAR(models_->challenger.intercepts.sum(), 0.0, 1e-12);
  EXPECT_NEAR(models_->champion.intercepts.sum(), 0.0, 1e-12);
}

TEST_F(TrainTest, ChallengerMatchesScikitLearn) {
  ExpectMatchesOracle(models_->challenger, models_->challenger_report, Oracle()["challenger"]);
}

TEST_F(TrainTest, ChampionMatchesScikitLearn) {
  EXPECT_EQ(models_->champion_year, 2012);
  ExpectMatchesOracle(models_->champion, models_->champion_report, Oracle()["champion"]);
}

TEST_F(TrainTest, ChallengerBeatsTheMajorityClassAndTheChampion) {
  const nlohmann::json oracle = Oracle();
  const double challenger = Accuracy(models_->challenger, *applied_);
  const double champion = Accuracy(models_->champion, *applied_);
  // Always answering "sun", 2015's most frequent class, is right on 44.4% of its days.
  EXPECT_EQ(oracle["majority_class_2015"], "sun");
  EXPECT_NEAR(oracle["majority_share_2015"].get<double>(), 162.0 / 365, 1e-15);
  EXPECT_GT(challenger, oracle["majority_share_2015"].get<double>() + 0.25);
  EXPECT_NEAR(challenger, 277.0 / 365, 1e-12);
  EXPECT_NEAR(champion, 267.0 / 365, 1e-12);
  EXPECT_GT(challenger, champion);
}

TEST_F(TrainTest, PredictionsFileRowsSumToOne) {
  const std::string csv = PredictionsCsv(models_->challenger, *applied_);
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "date,weather,predicted,p_drizzle,p_fog,p_rain,p_snow,p_sun,season");
  size_t rows = 0;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream fields(line);
    for (std::string cell; std::getline(fields, cell, ',');) cells.push_back(cell);
    ASSERT_EQ(cells.size(), 9u) << line;
    const Day& day = (*applied_)[rows];
    EXPECT_EQ(cells[0], day.date);
    EXPECT_EQ(cells[1], day.weather);
    EXPECT_EQ(cells[2], kClasses[PredictClass(models_->challenger, day)]);
    EXPECT_EQ(cells[8], Season(day.month));
    double sum = 0;
    const Eigen::VectorXd p = PredictProba(models_->challenger, day);
    for (int k = 0; k < kClassCount; ++k) {
      EXPECT_EQ(cells[3 + k].size(), 8u) << cells[3 + k];  // d.dddddd
      const double value = std::stod(cells[3 + k]);
      EXPECT_NEAR(value, p(k), 1e-6);
      sum += value;
    }
    EXPECT_NEAR(sum, 1.0, 1e-9) << line;
    ++rows;
  }
  EXPECT_EQ(rows, applied_->size());
  EXPECT_EQ(rows, 365u);
}

TEST_F(TrainTest, ModelJsonCarriesTheCoefficients) {
  const nlohmann::json json =
      nlohmann::json::parse(ModelJson(models_->challenger, "challenger", "w.csv"));
  EXPECT_EQ(json["format"], 1);
  EXPECT_EQ(json["name"], "challenger");
  EXPECT_EQ(json["trained_on"], "w.csv");
  EXPECT_EQ(json["training_rows"], 731);
  EXPECT_EQ(json["features"].size(), 6u);
  EXPECT_EQ(json["classes"][4], "sun");
  // Scoring a day from the JSON alone gives the model's probabilities.
  const Day& day = (*applied_)[100];
  Eigen::VectorXd scores(kClassCount);
  for (int k = 0; k < kClassCount; ++k) {
    double s = json["intercepts"][k].get<double>();
    for (size_t j = 0; j < json["features"].size(); ++j) {
      const double x = FeatureValue(day, json["features"][j].get<std::string>());
      s += json["weights"][k][j].get<double>() * (x - json["means"][j].get<double>()) /
           json["stds"][j].get<double>();
    }
    scores(k) = s;
  }
  EXPECT_LT((Softmax(scores) - PredictProba(models_->challenger, day)).cwiseAbs().maxCoeff(),
            1e-10);
}

TEST(TrainerProgramTest, RetrainingReproducesTheCommittedFiles) {
  TempDir first, second;
  const Command a = RunTrainer(first.path());
  ASSERT_EQ(a.exit_code, 0) << a.out;
  EXPECT_THAT(a.out, HasSubstr("accuracy on weather-2015.csv: 0.7589"));
  const Command b = RunTrainer(second.path());
  ASSERT_EQ(b.exit_code, 0) << b.out;
  for (const char* name : {"champion.csv", "challenger.csv", "model.json"}) {
    const std::string written = ::mlgate::testing::ReadFile(first / name);
    EXPECT_GT(written.size(), 1000u) << name;
    EXPECT_EQ(written, ::mlgate::testing::ReadFile(second / name)) << name;
    EXPECT_EQ(written, ::mlgate::testing::ReadFile(kExample + "/predictions/" + name))
        << name << " differs from the committed file: retrain with examples/seattle-weather/run.sh";
  }
}

TEST(TrainerProgramTest, ExitCodes) {
  TempDir dir;
  const Command missing = RunShell("'" MLGATE_EXAMPLE_TRAIN "' --train '" + (dir / "none.csv") +
                                   "' --apply '" + kApplyFile + "' --out-dir '" + dir.path() + "'");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.out, HasSubstr("none.csv"));
  const Command usage = RunShell("'" MLGATE_EXAMPLE_TRAIN "' --train '" + kTrainFile + "'");
  EXPECT_EQ(usage.exit_code, 2);
}

// The example's gates on the committed predictions: the model checks of gate.yaml promote the
// challenger; gate-regression.yaml, with the roles swapped, blocks it.
nlohmann::json RunGate(const std::string& gate, const std::string& flags, int expected_exit) {
  TempDir dir;
  const Command run = RunShell("'" MLGATE_BINARY "' run '" + kExample + "/" + gate + "' " + flags +
                               " --json '" + (dir / "verdict.json") + "'");
  EXPECT_EQ(run.exit_code, expected_exit) << run.out;
  return nlohmann::json::parse(::mlgate::testing::ReadFile(dir / "verdict.json"), nullptr,
                               /*allow_exceptions=*/false);
}

const nlohmann::json* FindResult(const nlohmann::json& verdict, const std::string& check,
                                 const std::string& subject) {
  for (const nlohmann::json& result : verdict["results"]) {
    if (result["check"] == check && result["subject"] == subject) return &result;
  }
  ADD_FAILURE() << "no result " << check << " / " << subject;
  return nullptr;
}

TEST(ExampleGateTest, ModelChecksOfTheGatePromoteTheChallenger) {
  const nlohmann::json oracle = Oracle();
  const nlohmann::json verdict =
      RunGate("gate.yaml", "--only quality --only beats-trivial --only vs-champion", 0);
  ASSERT_TRUE(verdict.is_object());
  EXPECT_EQ(verdict["decision"], "promote");
  const nlohmann::json* quality = FindResult(verdict, "quality", "f1_macro");
  ASSERT_NE(quality, nullptr);
  EXPECT_NEAR((*quality)["observed"].get<double>(), oracle["challenger"]["f1_macro"].get<double>(),
              1e-12);
  for (const char* season : {"winter", "spring", "summer", "autumn"}) {
    const nlohmann::json* slice =
        FindResult(verdict, "quality", std::string("f1_macro@season=") + season);
    ASSERT_NE(slice, nullptr);
    EXPECT_EQ((*slice)["outcome"], "pass") << season;
  }
  const nlohmann::json* trivial = FindResult(verdict, "beats-trivial", "accuracy vs trivial");
  ASSERT_NE(trivial, nullptr);
  EXPECT_NEAR((*trivial)["observed"].get<double>(), oracle["challenger"]["accuracy"].get<double>(),
              1e-12);
  EXPECT_NEAR((*trivial)["details"]["baseline_value"].get<double>(),
              oracle["majority_share_2015"].get<double>(), 1e-12);

  const nlohmann::json* champion = FindResult(verdict, "vs-champion", "f1_macro");
  ASSERT_NE(champion, nullptr);
  EXPECT_EQ((*champion)["outcome"], "pass");
  const double difference =
      oracle["challenger"]["f1_macro"].get<double>() - oracle["champion"]["f1_macro"].get<double>();
  EXPECT_NEAR(difference, 0.0956, 1e-4);
  EXPECT_NEAR((*champion)["details"]["difference"].get<double>(), difference, 1e-12);
  const nlohmann::json& interval = (*champion)["details"]["interval"];
  EXPECT_LT(interval["lower"].get<double>(), difference);
  EXPECT_GT(interval["upper"].get<double>(), difference);
  EXPECT_GT(interval["lower"].get<double>(), 0.0);  // the whole interval shows an improvement
  EXPECT_EQ((*champion)["observed"], interval["lower"]);
  EXPECT_NEAR((*champion)["threshold"].get<double>(),
              -0.01 * oracle["champion"]["f1_macro"].get<double>(), 1e-12);
}

TEST(ExampleGateTest, SwappedRolesBlock) {
  const nlohmann::json oracle = Oracle();
  const nlohmann::json verdict = RunGate("gate-regression.yaml", "", 1);
  ASSERT_TRUE(verdict.is_object());
  EXPECT_EQ(verdict["decision"], "block");
  const nlohmann::json* trivial = FindResult(verdict, "beats-trivial", "accuracy vs trivial");
  ASSERT_NE(trivial, nullptr);
  EXPECT_EQ((*trivial)["outcome"], "pass");
  EXPECT_NEAR((*trivial)["observed"].get<double>(), oracle["champion"]["accuracy"].get<double>(),
              1e-12);
  const nlohmann::json* champion = FindResult(verdict, "vs-champion", "f1_macro");
  ASSERT_NE(champion, nullptr);
  EXPECT_EQ((*champion)["outcome"], "fail");
  EXPECT_EQ((*champion)["action"], "block");
  EXPECT_NEAR(
      (*champion)["details"]["difference"].get<double>(),
      oracle["champion"]["f1_macro"].get<double>() - oracle["challenger"]["f1_macro"].get<double>(),
      1e-12);
  const double tolerance = 0.01 * oracle["challenger"]["f1_macro"].get<double>();
  EXPECT_NEAR((*champion)["threshold"].get<double>(), -tolerance, 1e-12);
  // Not even the optimistic end of the interval comes near the tolerance.
  EXPECT_LT((*champion)["details"]["interval"]["upper"].get<double>(), -tolerance);
}

}  // namespace
}  // namespace mlgate::seattle_weather::train
