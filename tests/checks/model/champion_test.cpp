// The `champion` check kind: joining the two models' rows, tolerances in both metric directions,
// the paired bootstrap and McNemar's test, no champion, an unreadable champion, non-finite
// outputs and metrics, option diagnostics.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <random>

#include "tests/checks/model/model_checks_util.h"

namespace mlgate::testing {
namespace {

using nlohmann::json;

// Rows of one model: id, label, prediction.
Table Predictions(const std::string& source, const std::vector<std::string>& ids,
                  const std::vector<std::string>& truth,
                  const std::vector<std::string>& predicted) {
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < truth.size(); ++i) rows.push_back({ids[i], truth[i], predicted[i]});
  return MakeTable(source, {"id", "label", "pred"}, rows);
}

std::vector<std::string> Ids(size_t n) {
  std::vector<std::string> ids;
  for (size_t i = 0; i < n; ++i) ids.push_back("r" + std::to_string(i));
  return ids;
}

// Ten rows; the challenger is right on 8, the champion on 7.
const std::vector<std::string> kTruth{"1", "0", "1", "1", "0", "0", "1", "0", "1", "0"};
const std::vector<std::string> kBetter{"1", "0", "1", "1", "0", "0", "0", "1", "1", "0"};
const std::vector<std::string> kWorse{"1", "0", "0", "1", "1", "0", "1", "1", "1", "0"};

FakeInputs Pair(const std::vector<std::string>& challenger,
                const std::vector<std::string>& champion, bool with_ids = false) {
  FakeInputs inputs;
  const std::string id = with_ids ? "id" : "";
  inputs.AddModel(ModelOf("challenger", "label", "pred", "", "", id),
                  Predictions("new.csv", Ids(kTruth.size()), kTruth, challenger));
  inputs.AddModel(ModelOf("champion", "label", "pred", "", "", id),
                  Predictions("prod.csv", Ids(kTruth.size()), kTruth, champion));
  return inputs;
}

TEST(ChampionCheck, NoRegressionByDefault) {
  auto better = JudgeCheck("champion", "{metric: accuracy}", Pair(kBetter, kWorse));
  ASSERT_EQ(better.size(), 1u);
  const Result& r = better[0];
  EXPECT_EQ(r.subject, "accuracy");
  EXPECT_EQ(r.statistic, "accuracy");
  EXPECT_EQ(r.outcome, Outcome::kPass) << r.message;
  EXPECT_DOUBLE_EQ(*r.observed, 0.8 - 0.7);
  EXPECT_EQ(*r.threshold, 0);
  EXPECT_EQ(r.comparison, "accuracy(challenger) - accuracy(champion) >= 0");
  EXPECT_DOUBLE_EQ(r.details["challenger"]["value"].get<double>(), 0.8);
  EXPECT_DOUBLE_EQ(r.details["champion"]["value"].get<double>(), 0.7);
  EXPECT_EQ(r.details["rows"], 10);
  EXPECT_EQ(r.details["join"], "row order");

  auto worse = JudgeCheck("champion", "{metric: accuracy}", Pair(kWorse, kBetter));
  EXPECT_EQ(worse[0].outcome, Outcome::kFail);
  EXPECT_DOUBLE_EQ(*worse[0].observed, 0.7 - 0.8);
}

TEST(ChampionCheck, PlansBothTables) {
  FakeInputs inputs = Pair(kBetter, kWorse);
  BuiltCheck built = Build("champion", "{metric: f1}", inputs.Context());
  ASSERT_TRUE(built.check) << built.Messages();
  RecordingPlanner planner;
  built.check->Plan(planner);
  EXPECT_EQ(planner.tables,
            (std::set<std::string>{"challenger.predictions", "champion.predictions"}));
}

TEST(ChampionCheck, AbsoluteAndRelativeRegressionForHigherIsBetter) {
  FakeInputs inputs = Pair(kWorse, kBetter);  // challenger 0.7 against champion 0.8
  auto loose = JudgeCheck("champion", "{metric: accuracy, max_absolute_regression: 0.15}", inputs);
  EXPECT_EQ(loose[0].outcome, Outcome::kPass);
  EXPECT_DOUBLE_EQ(*loose[0].threshold, -0.15);
  auto tight = JudgeCheck("champion", "{metric: accuracy, max_absolute_regression: 0.05}", inputs);
  EXPECT_EQ(tight[0].outcome, Outcome::kFail);
  EXPECT_EQ(tight[0].comparison, "accuracy(challenger) - accuracy(champion) >= -0.05");
  // Relative to |champion| = 0.8: 10% allows -0.08, 20% allows -0.16.
  auto rel = JudgeCheck("champion", "{metric: accuracy, max_relative_regression: 0.1}", inputs);
  EXPECT_EQ(rel[0].outcome, Outcome::kFail);
  EXPECT_NEAR(*rel[0].threshold, -0.08, 1e-15);
  EXPECT_NEAR(rel[0].details["relative_difference"].get<double>(), -0.125, 1e-12);
  auto rel2 = JudgeCheck("champion", "{metric: accuracy, max_relative_regression: 0.2}", inputs);
  EXPECT_EQ(rel2[0].outcome, Outcome::kPass);
  // The strictest tolerance binds.
  auto both = JudgeCheck(
      "champion", "{metric: accuracy, max_relative_regression: 0.2, max_absolute_regression: 0.05}",
      inputs);
  EXPECT_EQ(both[0].outcome, Outcome::kFail);
  EXPECT_DOUBLE_EQ(*both[0].threshold, -0.05);
}

TEST(ChampionCheck, MinImprovement) {
  FakeInputs inputs = Pair(kBetter, kWorse);  // +0.1
  auto enough = JudgeCheck("champion", "{metric: accuracy, min_improvement: 0.05}", inputs);
  EXPECT_EQ(enough[0].outcome, Outcome::kPass);
  EXPECT_DOUBLE_EQ(*enough[0].threshold, 0.05);
  auto short_of = JudgeCheck(
      "champion", "{metric: accuracy, min_improvement: 0.2, max_absolute_regression: 0.1}", inputs);
  EXPECT_EQ(short_of[0].outcome, Outcome::kFail);
  EXPECT_DOUBLE_EQ(*short_of[0].threshold, 0.2);
}

// Lower is better: a regression raises the metric, and relative means relative to |champion|.
TEST(ChampionCheck, RelativeRegressionForLowerIsBetter) {
  FakeInputs inputs;
  auto table = [](const std::string& source, const std::vector<std::string>& estimate) {
    std::vector<std::vector<std::string>> rows;
    for (size_t i = 0; i < estimate.size(); ++i) {
      rows.push_back({std::to_string(i + 1), estimate[i]});
    }
    return MakeTable(source, {"y", "yhat"}, rows);
  };
  // Champion: every error 1 (rmse 1). Challenger: every error 1.1 (rmse 1.1).
  inputs.AddModel(ModelOf("challenger", "y", "yhat"),
                  table("new.csv", {"2.1", "0.9", "4.1", "2.9"}));
  inputs.AddModel(ModelOf("champion", "y", "yhat"), table("prod.csv", {"2", "1", "4", "3"}));
  auto fail = JudgeCheck("champion", "{metric: rmse, max_relative_regression: 0.05}", inputs);
  EXPECT_EQ(fail[0].outcome, Outcome::kFail);
  EXPECT_NEAR(*fail[0].observed, 0.1, 1e-12);
  EXPECT_NEAR(*fail[0].threshold, 0.05, 1e-15);
  EXPECT_EQ(fail[0].comparison, "rmse(challenger) - rmse(champion) <= 0.05");
  auto pass = JudgeCheck("champion", "{metric: rmse, max_relative_regression: 0.2}", inputs);
  EXPECT_EQ(pass[0].outcome, Outcome::kPass);
  auto improve = JudgeCheck("champion", "{metric: rmse, min_improvement: 0.05}", inputs);
  EXPECT_EQ(improve[0].outcome, Outcome::kFail);
  EXPECT_DOUBLE_EQ(*improve[0].threshold, -0.05);
}

TEST(ChampionCheck, JoinsByIdWhateverTheRowOrder) {
  FakeInputs inputs;
  std::vector<std::string> ids = Ids(kTruth.size());
  inputs.AddModel(ModelOf("challenger", "label", "pred", "", "", "id"),
                  Predictions("new.csv", ids, kTruth, kBetter));
  // The champion's file lists the same examples backwards.
  std::vector<std::string> rids(ids.rbegin(), ids.rend()), rtruth(kTruth.rbegin(), kTruth.rend()),
      rpred(kWorse.rbegin(), kWorse.rend());
  inputs.AddModel(ModelOf("champion", "label", "pred", "", "", "id"),
                  Predictions("prod.csv", rids, rtruth, rpred));
  auto results = JudgeCheck("champion", "{metric: f1}", inputs);
  ASSERT_EQ(results[0].outcome, Outcome::kPass) << results[0].message;
  auto by_order = JudgeCheck("champion", "{metric: f1}", Pair(kBetter, kWorse));
  EXPECT_EQ(*results[0].observed, *by_order[0].observed);
  EXPECT_EQ(results[0].details["join"], "id columns 'id' / 'id'");
}

TEST(ChampionCheck, RowsThatDoNotLineUpAreErrorsNotSilentDrops) {
  std::vector<std::string> ids = Ids(kTruth.size());
  auto run = [&](const std::vector<std::string>& champion_ids, const std::string& expected) {
    FakeInputs inputs;
    inputs.AddModel(ModelOf("challenger", "label", "pred", "", "", "id"),
                    Predictions("new.csv", ids, kTruth, kBetter));
    inputs.AddModel(ModelOf("champion", "label", "pred", "", "", "id"),
                    Predictions("prod.csv", champion_ids, kTruth, kWorse));
    auto results = JudgeCheck("champion", "{metric: accuracy}", inputs);
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].outcome, Outcome::kError);
    EXPECT_NE(results[0].message.find(expected), std::string::npos) << results[0].message;
  };
  std::vector<std::string> missing = ids;
  missing[3] = "x9";
  run(missing, "1 ids only in 'challenger' ('r3'), 1 only in 'champion' ('x9')");
  std::vector<std::string> duplicate = ids;
  duplicate[3] = "r4";
  run(duplicate, "1 duplicate ids in column 'id' of prod.csv ('r4')");
  std::vector<std::string> blank = ids;
  blank[0] = "";
  run(blank, "1 rows of prod.csv have no id");

  // Only one model declares an id.
  FakeInputs one;
  one.AddModel(ModelOf("challenger", "label", "pred", "", "", "id"),
               Predictions("new.csv", ids, kTruth, kBetter));
  one.AddModel(ModelOf("champion", "label", "pred"), Predictions("prod.csv", ids, kTruth, kWorse));
  auto r1 = JudgeCheck("champion", "{metric: accuracy}", one);
  EXPECT_EQ(r1[0].outcome, Outcome::kError);
  EXPECT_NE(r1[0].message.find("'champion' declares no 'id'"), std::string::npos);

  // Row order needs equal row counts.
  FakeInputs uneven;
  uneven.AddModel(ModelOf("challenger", "label", "pred"),
                  Predictions("new.csv", ids, kTruth, kBetter));
  uneven.AddModel(ModelOf("champion", "label", "pred"),
                  Predictions("prod.csv", {"a"}, {"1"}, {"1"}));
  auto r2 = JudgeCheck("champion", "{metric: accuracy}", uneven);
  EXPECT_EQ(r2[0].outcome, Outcome::kError);
  EXPECT_NE(r2[0].message.find("'challenger' has 10 rows, 'champion' has 1"), std::string::npos);

  // The two files disagree on a label.
  FakeInputs disagree;
  std::vector<std::string> other_truth = kTruth;
  other_truth[5] = "1";
  disagree.AddModel(ModelOf("challenger", "label", "pred"),
                    Predictions("new.csv", ids, kTruth, kBetter));
  disagree.AddModel(ModelOf("champion", "label", "pred"),
                    Predictions("prod.csv", ids, other_truth, kWorse));
  auto r3 = JudgeCheck("champion", "{metric: accuracy}", disagree);
  EXPECT_EQ(r3[0].outcome, Outcome::kError);
  EXPECT_NE(r3[0].message.find("line 7"), std::string::npos) << r3[0].message;
}

TEST(ChampionCheck, NoChampionFollowsWhenNoChampion) {
  FakeInputs undeclared;
  undeclared.AddModel(ModelOf("challenger", "label", "pred"),
                      Predictions("new.csv", Ids(10), kTruth, kBetter));
  auto warn = JudgeCheck("champion", "{metric: accuracy}", undeclared);
  ASSERT_EQ(warn.size(), 1u);
  EXPECT_EQ(warn[0].outcome, Outcome::kWarn);
  EXPECT_DOUBLE_EQ(*warn[0].observed, 0.8);  // the challenger's own value
  EXPECT_NE(warn[0].message.find("no champion predictions"), std::string::npos);
  EXPECT_EQ(
      JudgeCheck("champion", "{metric: accuracy, when_no_champion: fail}", undeclared)[0].outcome,
      Outcome::kFail);
  EXPECT_EQ(
      JudgeCheck("champion", "{metric: accuracy, when_no_champion: pass}", undeclared)[0].outcome,
      Outcome::kPass);
}

// A declared champion whose predictions cannot be read was never compared: that is an error
// whatever when_no_champion says, or a mistyped ref would promote the challenger.
TEST(ChampionCheck, DeclaredChampionThatCannotBeReadIsAnError) {
  auto challenger = [] { return Predictions("new.csv", Ids(10), kTruth, kBetter); };
  FakeInputs no_file;
  no_file.AddModel(ModelOf("challenger", "label", "pred"), challenger());
  no_file.AddModel(ModelOf("champion", "label", "pred"),
                   NotFound("prod.csv: cannot open: No such file or directory"));
  FakeInputs bad_ref;
  bad_ref.AddModel(ModelOf("challenger", "label", "pred"), challenger());
  bad_ref.AddModel(ModelOf("champion", "label", "pred"),
                   NotFound("git:mian:preds.csv: git: ref 'mian' not found in /repo"));
  FakeInputs not_planned;  // declared, but no table was ever read for it
  not_planned.AddModel(ModelOf("challenger", "label", "pred"), challenger());
  not_planned.AddModel(ModelOf("champion", "label", "pred"), std::nullopt);
  struct Case {
    const FakeInputs* inputs;
    std::string message;
  };
  for (const auto& [inputs, message] :
       std::vector<Case>{{&no_file, "prod.csv: cannot open: No such file or directory"},
                         {&bad_ref, "git:mian:preds.csv: git: ref 'mian' not found in /repo"},
                         {&not_planned,
                          "predictions file of 'champion.predictions' does not "
                          "exist"}}) {
    for (const std::string when : {"pass", "warn", "fail"}) {
      auto results =
          JudgeCheck("champion", "{metric: accuracy, when_no_champion: " + when + "}", *inputs);
      ASSERT_EQ(results.size(), 1u);
      EXPECT_EQ(results[0].outcome, Outcome::kError) << when << ": " << results[0].message;
      EXPECT_EQ(results[0].subject, "accuracy");
      EXPECT_EQ(results[0].message, "model 'champion' predictions: " + message);
      EXPECT_FALSE(results[0].observed.has_value());
    }
  }
}

TEST(ChampionCheck, NonFiniteOutputsOfEitherModelFail) {
  FakeInputs inputs;
  auto scored = [](const std::string& source, const std::string& bad) {
    return MakeTable(source, {"label", "pred", "s"},
                     {{"1", "1", "0.9"}, {"0", "0", bad}, {"1", "1", "0.7"}});
  };
  inputs.AddModel(ModelOf("challenger", "label", "pred", "s"), scored("new.csv", "0.2"));
  inputs.AddModel(ModelOf("champion", "label", "pred", "s"), scored("prod.csv", "NaN"));
  auto results = JudgeCheck("champion", "{metric: roc_auc}", inputs);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].subject, "champion");
  EXPECT_EQ(results[0].statistic, "non_finite");
  EXPECT_EQ(results[0].outcome, Outcome::kFail);
  EXPECT_EQ(results[1].outcome, Outcome::kError);
}

// Regression models whose metric overflows: scikit-learn returns the same infinity or NaN
// (fixture "overflow_cases"); the check must not judge it.
TEST(ChampionCheck, MetricThatIsNotFiniteIsAnError) {
  json c = MetricsFixtureCase("metrics_regression.json", "huge_prediction", "overflow_cases");
  ASSERT_EQ(c["expected"]["rmse"], "inf");
  ASSERT_EQ(c["expected"]["r2"], "-inf");
  auto table = [&](const std::string& source, const json& estimate) {
    std::vector<std::vector<std::string>> rows;
    for (size_t i = 0; i < estimate.size(); ++i) {
      rows.push_back({fmt::format("{}", c["target"][i].get<double>()),
                      fmt::format("{}", estimate[i].get<double>())});
    }
    return MakeTable(source, {"y", "yhat"}, rows);
  };
  FakeInputs inputs;
  inputs.AddModel(ModelOf("challenger", "y", "yhat"), table("new.csv", c["estimate"]));
  inputs.AddModel(ModelOf("champion", "y", "yhat"), table("prod.csv", c["target"]));
  for (const std::string metric : {"rmse", "r2"}) {
    for (const std::string significance :
         {"", ", significance: {method: paired_bootstrap, resamples: 100}"}) {
      auto results = JudgeCheck(
          "champion", "{metric: " + metric + ", max_absolute_regression: 1" + significance + "}",
          inputs);
      ASSERT_EQ(results.size(), 1u);
      EXPECT_EQ(results[0].outcome, Outcome::kError) << metric << significance;
      EXPECT_FALSE(results[0].observed.has_value());
      EXPECT_EQ(results[0].message,
                fmt::format("challenger 'challenger': {} = {} on 4 rows is not a finite number (a "
                            "sum over the rows overflows double precision); it cannot be judged",
                            metric, c["expected"][metric].get<std::string>()));
    }
  }
  // A metric that stays finite on the same rows is judged, and is scikit-learn's.
  auto mae = JudgeCheck("champion", "{metric: mae}", inputs);
  ASSERT_EQ(mae[0].outcome, Outcome::kFail);
  ExpectAgrees(mae[0].details["challenger"]["value"].get<double>(),
               c["expected"]["mae"].get<double>());
}

// Two 3-class models on n rows: right with the given probabilities, else a uniform guess.
FakeInputs Synthetic(size_t n, double challenger_skill, double champion_skill, uint64_t seed) {
  const std::vector<std::string> classes{"a", "b", "c"};
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<std::string> truth, a, b;
  for (size_t i = 0; i < n; ++i) {
    size_t t = static_cast<size_t>(u(rng) * 3) % 3;
    truth.push_back(classes[t]);
    a.push_back(classes[u(rng) < challenger_skill ? t : static_cast<size_t>(u(rng) * 3) % 3]);
    b.push_back(classes[u(rng) < champion_skill ? t : static_cast<size_t>(u(rng) * 3) % 3]);
  }
  FakeInputs inputs;
  inputs.AddModel(ModelOf("challenger", "label", "pred"), Predictions("new.csv", Ids(n), truth, a));
  inputs.AddModel(ModelOf("champion", "label", "pred"), Predictions("prod.csv", Ids(n), truth, b));
  return inputs;
}

TEST(ChampionCheck, PairedBootstrapNeedsTheWholeIntervalToClear) {
  const std::string check =
      "{metric: f1_macro, significance: {method: paired_bootstrap, resamples: 500, seed: 7}}";
  FakeInputs clear_win = Synthetic(3000, 0.85, 0.75, 1);
  auto win = JudgeCheck("champion", check, clear_win);
  ASSERT_EQ(win.size(), 1u);
  const Result& r = win[0];
  EXPECT_EQ(r.outcome, Outcome::kPass) << r.message;
  const json& interval = r.details["interval"];
  EXPECT_EQ(interval["resamples"], 500);
  EXPECT_EQ(interval["seed"], 7);
  EXPECT_EQ(interval["replicates"], 500);
  EXPECT_DOUBLE_EQ(interval["confidence"].get<double>(), 0.95);
  EXPECT_LT(interval["lower"].get<double>(), r.details["difference"].get<double>());
  EXPECT_GT(interval["upper"].get<double>(), r.details["difference"].get<double>());
  EXPECT_GT(interval["lower"].get<double>(), 0);
  EXPECT_EQ(*r.observed, interval["lower"].get<double>());  // the end that must clear
  EXPECT_EQ(r.comparison,
            "lower end of the 95% bootstrap interval of f1_macro(challenger) - "
            "f1_macro(champion) >= 0");
  // Same seed, same interval; another seed, another.
  auto again = JudgeCheck("champion", check, clear_win);
  EXPECT_EQ(again[0].details["interval"], interval);
  auto other =
      JudgeCheck("champion",
                 "{metric: f1_macro, significance: {method: paired_bootstrap, resamples: 500, "
                 "seed: 8}}",
                 clear_win);
  EXPECT_NE(other[0].details["interval"]["lower"], interval["lower"]);

  // A small edge on few rows: the point estimate clears the tolerance, the interval does not.
  FakeInputs narrow = Synthetic(300, 0.78, 0.76, 3);
  auto unsure = JudgeCheck("champion", check, narrow);
  ASSERT_GT(unsure[0].details["difference"].get<double>(), 0) << unsure[0].message;
  EXPECT_LT(unsure[0].details["interval"]["lower"].get<double>(), 0);
  EXPECT_EQ(unsure[0].outcome, Outcome::kFail);
  auto plain = JudgeCheck("champion", "{metric: f1_macro}", narrow);
  EXPECT_EQ(plain[0].outcome, Outcome::kPass);
}

// Rows where exactly one model is right: `b` for the challenger, `c` for the champion.
FakeInputs Discordant(int b, int c, int agree) {
  std::vector<std::string> truth, a, p;
  auto add = [&](const char* t, const char* x, const char* y) {
    truth.push_back(t);
    a.push_back(x);
    p.push_back(y);
  };
  for (int i = 0; i < b; ++i) add("1", "1", "0");
  for (int i = 0; i < c; ++i) add("1", "0", "1");
  for (int i = 0; i < agree; ++i) add("0", "0", "0");
  FakeInputs inputs;
  const size_t n = truth.size();
  inputs.AddModel(ModelOf("challenger", "label", "pred"), Predictions("new.csv", Ids(n), truth, a));
  inputs.AddModel(ModelOf("champion", "label", "pred"), Predictions("prod.csv", Ids(n), truth, p));
  return inputs;
}

json McNemarPair(int b, int c) {
  std::ifstream in(std::string(MLGATE_SOURCE_DIR) + "/tests/oracles/fixtures/metrics_mcnemar.json");
  json root = json::parse(in);
  for (const auto& pair : root["pairs"]) {
    if (pair["b"] == b && pair["c"] == c) return pair;
  }
  ADD_FAILURE() << "no McNemar pair " << b << ", " << c;
  return json::object();
}

TEST(ChampionCheck, McNemarDecidesWhetherAnAccuracyChangeIsReal) {
  const std::string check = "{metric: accuracy, significance: {method: mcnemar}}";
  // 3 against 10 discordant rows: a regression, p = 0.092 (scipy binomtest): not significant.
  auto unsure = JudgeCheck("champion", check, Discordant(3, 10, 50));
  ASSERT_EQ(unsure.size(), 1u);
  EXPECT_EQ(unsure[0].outcome, Outcome::kWarn) << unsure[0].message;
  ExpectAgrees(*unsure[0].p_value, McNemarPair(3, 10)["binomtest_p"].get<double>());
  EXPECT_DOUBLE_EQ(*unsure[0].observed, (3.0 - 10.0) / 63.0);
  EXPECT_EQ(unsure[0].details["mcnemar"]["only_challenger_correct"], 3);
  EXPECT_EQ(unsure[0].details["mcnemar"]["only_champion_correct"], 10);
  EXPECT_EQ(unsure[0].details["mcnemar"]["both_wrong"], 0);
  EXPECT_EQ(unsure[0].comparison,
            "accuracy(challenger) - accuracy(champion) >= 0 unless p_value >= 0.05");

  // 0 against 20: significant regression.
  auto real = JudgeCheck("champion", check, Discordant(0, 20, 50));
  EXPECT_EQ(real[0].outcome, Outcome::kFail);
  ExpectAgrees(*real[0].p_value, McNemarPair(0, 20)["binomtest_p"].get<double>());

  // A required improvement must be met and significant.
  const std::string improve =
      "{metric: accuracy, min_improvement: 0.05, significance: {method: mcnemar}}";
  EXPECT_EQ(JudgeCheck("champion", improve, Discordant(20, 0, 50))[0].outcome, Outcome::kPass);
  EXPECT_EQ(JudgeCheck("champion", improve, Discordant(10, 3, 50))[0].outcome, Outcome::kFail);
  // Within the tolerance passes whatever the p-value.
  EXPECT_EQ(JudgeCheck("champion", check, Discordant(10, 3, 50))[0].outcome, Outcome::kPass);
}

TEST(ChampionCheck, OptionsAreValidated) {
  FakeInputs inputs = Pair(kBetter, kWorse);
  CheckContext context = inputs.Context();
  auto mcnemar_f1 = Build("champion", "{metric: f1, significance: {method: mcnemar}}", context);
  EXPECT_EQ(mcnemar_f1.check, nullptr);
  EXPECT_NE(mcnemar_f1.Messages().find("mcnemar compares accuracies"), std::string::npos);
  auto seed =
      Build("champion", "{metric: accuracy, significance: {method: mcnemar, seed: 3}}", context);
  EXPECT_NE(seed.Messages().find("'seed' applies to paired_bootstrap"), std::string::npos);
  auto typo =
      Build("champion",
            "{metric: accuracy, significance: {method: paired_bootstrap, resample: 100}}", context);
  EXPECT_NE(typo.Messages().find("resample"), std::string::npos) << typo.Messages();
  auto no_method =
      Build("champion", "{metric: accuracy, significance: {confidence: 0.9}}", context);
  EXPECT_NE(no_method.Messages().find("missing 'method'"), std::string::npos);
  auto champion = Build("champion", "{metric: accuracy, champion: prod}", context);
  EXPECT_NE(champion.Messages().find("'prod'"), std::string::npos) << champion.Messages();
  auto metric = Build("champion", "{metric: acuracy}", context);
  EXPECT_NE(metric.Messages().find("did you mean 'accuracy'"), std::string::npos);
  auto when = Build("champion", "{metric: accuracy, when_no_champion: maybe}", context);
  EXPECT_FALSE(when.diagnostics.empty());

  FakeInputs renamed;
  renamed.AddModel(ModelOf("candidate", "label", "pred"),
                   Predictions("a.csv", Ids(10), kTruth, kBetter));
  renamed.AddModel(ModelOf("prod", "label", "pred"), Predictions("b.csv", Ids(10), kTruth, kWorse));
  auto unnamed = Build("champion", "{metric: accuracy}", renamed.Context());
  EXPECT_NE(unnamed.Messages().find("no model 'challenger'"), std::string::npos);
  auto named =
      JudgeCheck("champion", "{metric: accuracy, challenger: candidate, champion: prod}", renamed);
  ASSERT_EQ(named.size(), 1u);
  EXPECT_EQ(named[0].outcome, Outcome::kPass);
  EXPECT_EQ(named[0].details["champion"]["model"], "prod");
}

}  // namespace
}  // namespace mlgate::testing
