// The `metric` check kind: values against the scikit-learn oracle fixtures, bounds, slices from
// the predictions file or joined from a dataset by id, the trivial baseline, non-finite outputs
// and metrics, and option diagnostics.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "gates/loader.h"
#include "tests/checks/model/model_checks_util.h"

namespace mlgate::testing {
namespace {

using nlohmann::json;

std::string Text(double v) { return fmt::format("{}", v); }

// A predictions table from a fixture case: label, predicted, then `score` or one p_<class>
// column per score class.
Table FixtureTable(const json& c, const std::string& source = "preds.csv") {
  std::vector<std::string> columns{"label", "predicted"};
  const bool binary = c.contains("score");
  std::vector<std::string> classes;
  if (binary) columns.push_back("score");
  if (c.contains("score_classes")) {
    classes = c["score_classes"].get<std::vector<std::string>>();
    for (const auto& k : classes) columns.push_back("p_" + k);
  }
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < c["truth"].size(); ++i) {
    std::vector<std::string> row{c["truth"][i].get<std::string>(),
                                 c["predicted"][i].get<std::string>()};
    if (binary) row.push_back(Text(c["score"][i].get<double>()));
    for (size_t k = 0; k < classes.size(); ++k) {
      row.push_back(Text(c["score_columns"][k][i].get<double>()));
    }
    rows.push_back(std::move(row));
  }
  return MakeTable(source, columns, rows);
}

ModelSpec Spec(const std::string& name, const json& c) {
  ModelSpec spec;
  spec.name = name;
  spec.label = "label";
  spec.prediction = "predicted";
  if (c.contains("score")) spec.score = "score";
  if (c.contains("score_classes")) spec.score_prefix = "p_";
  if (c.contains("positive")) spec.positive = c["positive"].get<std::string>();
  return spec;
}

FakeInputs FromFixture(const std::string& case_name) {
  json c = MetricsFixtureCase("metrics_classification.json", case_name);
  FakeInputs inputs;
  inputs.AddModel(Spec("challenger", c), FixtureTable(c));
  return inputs;
}

TEST(MetricCheck, ObservedValuesAreScikitLearns) {
  for (const std::string name : {"binary_ties", "binary_large", "multiclass_large",
                                 "multiclass_predicted_never_true", "binary_as_score_columns"}) {
    json c = MetricsFixtureCase("metrics_classification.json", name);
    FakeInputs inputs = FromFixture(name);
    for (const auto& [metric, expected] : c["expected"].items()) {
      if (expected.is_null()) continue;
      auto results =
          JudgeCheck("metric", "{model: challenger, metric: " + metric + ", min: 0}", inputs);
      ASSERT_EQ(results.size(), 1u) << name << " " << metric;
      const Result& r = results[0];
      ASSERT_EQ(r.outcome, Outcome::kPass) << name << " " << metric << ": " << r.message;
      EXPECT_EQ(r.subject, metric);
      EXPECT_EQ(r.statistic, metric);
      ASSERT_TRUE(r.observed.has_value());
      ExpectAgrees(*r.observed, expected.get<double>(), name + " " + metric);
      EXPECT_EQ(r.details["rows"], c["truth"].size());
    }
  }
}

TEST(MetricCheck, BoundsPassAndFailWithReadableComparison) {
  FakeInputs inputs = FromFixture("multiclass_never_predicted");
  json c = MetricsFixtureCase("metrics_classification.json", "multiclass_never_predicted");
  const double f1 = c["expected"]["f1_macro"].get<double>();  // about 0.406

  auto pass = JudgeCheck("metric", "{model: challenger, metric: f1_macro, min: 0.4}", inputs);
  ASSERT_EQ(pass.size(), 1u);
  EXPECT_EQ(pass[0].outcome, Outcome::kPass);
  EXPECT_EQ(pass[0].comparison, "f1_macro >= 0.4");
  EXPECT_EQ(*pass[0].threshold, 0.4);
  ExpectAgrees(*pass[0].observed, f1);
  // Confusion matrix over the classes present, rows are labels.
  EXPECT_EQ(pass[0].details["confusion_matrix"]["labels"], json({"bird", "cat", "dog"}));
  EXPECT_EQ(pass[0].details["confusion_matrix"]["matrix"], c["confusion"]["matrix"]);

  auto fail =
      JudgeCheck("metric", "{model: challenger, metric: f1_macro, min: 0.5, max: 0.9}", inputs);
  EXPECT_EQ(fail[0].outcome, Outcome::kFail);
  EXPECT_EQ(fail[0].comparison, "0.5 <= f1_macro <= 0.9");
  EXPECT_EQ(*fail[0].threshold, 0.5);
  EXPECT_NE(fail[0].message.find("below the minimum 0.5"), std::string::npos) << fail[0].message;

  // Lower is better: log_loss under a maximum.
  auto loss = JudgeCheck("metric", "{model: challenger, metric: log_loss, max: 1.0}", inputs);
  EXPECT_EQ(loss[0].outcome, Outcome::kFail);  // about 1.354
  ExpectAgrees(*loss[0].observed, c["expected"]["log_loss"].get<double>());
  EXPECT_EQ(loss[0].comparison, "log_loss <= 1");
}

TEST(MetricCheck, PlansTheModelsPredictionsTable) {
  FakeInputs inputs = FromFixture("binary_ties");
  BuiltCheck built = Build("metric", "{model: challenger, metric: f1, min: 0.5}", inputs.Context());
  ASSERT_TRUE(built.check) << built.Messages();
  RecordingPlanner planner;
  built.check->Plan(planner);
  EXPECT_EQ(planner.tables, std::set<std::string>{"challenger.predictions"});
  EXPECT_FALSE(planner.columns_asked);
}

// Slices: one result per value, judged on that value's rows alone.
TEST(MetricCheck, SlicesJudgeEachValueAndSkipSmallOnes) {
  // region north: 4 rows, accuracy 3/4; south: 3 rows, accuracy 1/3; east: 1 row.
  Table t = MakeTable("preds.csv", {"y", "p", "region"},
                      {{"a", "a", "north"},
                       {"b", "b", "north"},
                       {"a", "a", "north"},
                       {"b", "a", "north"},
                       {"a", "b", "south"},
                       {"b", "b", "south"},
                       {"b", "a", "south"},
                       {"a", "a", "east"},
                       {"", "a", "east"}});  // unlabelled: excluded everywhere
  FakeInputs inputs;
  inputs.AddModel(ModelOf("m", "y", "p"), t);
  auto results = JudgeCheck(
      "metric", "{model: m, metric: accuracy, min: 0.5, slices: [region], min_slice_size: 2}",
      inputs);
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[0].subject, "accuracy");
  EXPECT_DOUBLE_EQ(*results[0].observed, 5.0 / 8.0);
  EXPECT_EQ(results[0].details["rows"], 8);
  EXPECT_EQ(results[0].details["unlabelled_rows"], 1);
  // Slice values in sorted order.
  EXPECT_EQ(results[1].subject, "accuracy@region=east");
  EXPECT_EQ(results[1].outcome, Outcome::kSkip);
  EXPECT_NE(results[1].message.find("fewer than min_slice_size 2"), std::string::npos);
  EXPECT_EQ(results[2].subject, "accuracy@region=north");
  EXPECT_EQ(results[2].outcome, Outcome::kPass);
  EXPECT_DOUBLE_EQ(*results[2].observed, 0.75);
  EXPECT_EQ(results[2].details["slice_value"], "north");
  EXPECT_EQ(results[3].subject, "accuracy@region=south");
  EXPECT_EQ(results[3].outcome, Outcome::kFail);
  EXPECT_DOUBLE_EQ(*results[3].observed, 1.0 / 3.0);
  EXPECT_EQ(results[3].details["rows"], 3);
}

// Predictions of model `m` (id, label, prediction; r8 unlabelled) and a dataset `features` that
// lists the same examples in another order, keyed by `key`, with one example more.
FakeInputs JoinInputs(const std::string& model_id = "id") {
  FakeInputs inputs;
  inputs.AddModel(ModelOf("m", "y", "p", "", "", model_id), MakeTable("preds.csv", {"id", "y", "p"},
                                                                      {{"r1", "a", "a"},
                                                                       {"r2", "b", "b"},
                                                                       {"r3", "a", "b"},
                                                                       {"r4", "b", "b"},
                                                                       {"r5", "a", "a"},
                                                                       {"r6", "b", "a"},
                                                                       {"r7", "a", "a"},
                                                                       {"r8", "", "a"}}));
  inputs.AddDataset("features", MakeTable("features.csv", {"key", "season", "region"},
                                          {{"r7", "winter", "north"},
                                           {"r6", "summer", "south"},
                                           {"r5", "winter", "south"},
                                           {"r4", "summer", "north"},
                                           {"r3", "winter", "north"},
                                           {"r2", "summer", "south"},
                                           {"r1", "winter", "north"},
                                           {"r99", "summer", "north"}}));
  return inputs;
}

TEST(MetricCheck, SlicesJoinedFromADatasetById) {
  FakeInputs inputs = JoinInputs();
  const std::string check =
      "{model: m, metric: accuracy, min: 0.7, slices: [season, region], slice_dataset: "
      "features, slice_id: key, min_slice_size: 3}";
  BuiltCheck built = Build("metric", check, inputs.Context());
  ASSERT_TRUE(built.check) << built.Messages();
  RecordingPlanner planner;
  built.check->Plan(planner);
  EXPECT_EQ(planner.tables, (std::set<std::string>{"m.predictions", "features"}));

  auto results = JudgeCheck("metric", check, inputs);
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results[0].subject, "accuracy");
  EXPECT_DOUBLE_EQ(*results[0].observed, 5.0 / 7.0);
  // winter: r1 r3 r5 r7, r3 wrong; summer: r2 r4 r6, r6 wrong (r99 has no prediction).
  const Result& summer = Find(results, "accuracy@season=summer");
  EXPECT_EQ(summer.outcome, Outcome::kFail);
  EXPECT_DOUBLE_EQ(*summer.observed, 2.0 / 3.0);
  EXPECT_EQ(summer.details["rows"], 3);
  EXPECT_EQ(summer.details["slice_dataset"], "features");
  EXPECT_EQ(summer.details["join"],
            "id column 'id' of the predictions to column 'key' of features.csv");
  const Result& winter = Find(results, "accuracy@season=winter");
  EXPECT_EQ(winter.outcome, Outcome::kPass);
  EXPECT_DOUBLE_EQ(*winter.observed, 0.75);
  EXPECT_EQ(winter.details["rows"], 4);
  // north: r1 r3 r4 r7, r3 wrong; south: r2 r5 r6, r6 wrong.
  EXPECT_DOUBLE_EQ(*Find(results, "accuracy@region=north").observed, 0.75);
  EXPECT_DOUBLE_EQ(*Find(results, "accuracy@region=south").observed, 2.0 / 3.0);

  // Without slice_id the dataset's id column has the model's id column's name.
  FakeInputs same_name;
  same_name.AddModel(
      ModelOf("m", "y", "p", "", "", "key"),
      MakeTable("preds.csv", {"key", "y", "p"}, {{"r5", "a", "a"}, {"r6", "b", "a"}}));
  same_name.AddDataset("features", MakeTable("features.csv", {"key", "season"},
                                             {{"r6", "summer"}, {"r5", "winter"}}));
  auto plain = JudgeCheck("metric",
                          "{model: m, metric: accuracy, min: 0.5, slices: [season], "
                          "slice_dataset: features, min_slice_size: 1}",
                          same_name);
  ASSERT_EQ(plain.size(), 3u);
  EXPECT_DOUBLE_EQ(*Find(plain, "accuracy@season=summer").observed, 0.0);
  EXPECT_DOUBLE_EQ(*Find(plain, "accuracy@season=winter").observed, 1.0);
}

// Rows that cannot be joined are errors naming them, on every slice column; the overall metric
// is still judged.
TEST(MetricCheck, SliceJoinProblemsAreErrorsNotSilentDrops) {
  auto run = [](FakeInputs inputs, const std::string& expected,
                const std::string& extra = ", slice_id: key") {
    auto results = JudgeCheck("metric",
                              "{model: m, metric: accuracy, min: 0.5, slices: [season, region], "
                              "slice_dataset: features, min_slice_size: 1" +
                                  extra + "}",
                              inputs);
    ASSERT_EQ(results.size(), 3u) << expected;
    EXPECT_EQ(results[0].outcome, Outcome::kPass);
    for (const std::string column : {"season", "region"}) {
      const Result& r = Find(results, "accuracy@" + column);
      EXPECT_EQ(r.outcome, Outcome::kError);
      EXPECT_EQ(r.message, expected);
    }
  };
  auto with_features = [](std::vector<std::vector<std::string>> rows) {
    FakeInputs inputs = JoinInputs();
    inputs.AddDataset("features", MakeTable("features.csv", {"key", "season", "region"}, rows));
    return inputs;
  };
  std::vector<std::vector<std::string>> rows{{"r1", "winter", "north"}, {"r2", "summer", "south"},
                                             {"r3", "winter", "north"}, {"r4", "summer", "north"},
                                             {"r5", "winter", "south"}, {"r6", "summer", "south"},
                                             {"r7", "winter", "north"}};
  auto lacking = rows;
  lacking.erase(lacking.begin() + 1);  // r2
  lacking.erase(lacking.begin() + 4);  // r6
  run(with_features(lacking),
      "slice_dataset 'features': 2 ids of model 'm' are not in column 'key' of features.csv "
      "('r2', 'r6')");
  auto duplicated = rows;
  duplicated.push_back({"r4", "winter", "south"});
  run(with_features(duplicated),
      "slice_dataset 'features': 1 duplicate ids in column 'key' of features.csv ('r4')");
  auto blank = rows;
  blank.push_back({"", "winter", "south"});
  run(with_features(blank),
      "slice_dataset 'features': 1 rows of features.csv have no id in "
      "column 'key'");
  run(JoinInputs(), "slice_dataset 'features': its id column 'id' is not in features.csv", "");
  run(JoinInputs(""),
      "slice_dataset 'features' is joined to the predictions by id, but model 'm' declares no "
      "'id'");
  FakeInputs no_id = JoinInputs();
  no_id.AddModel(ModelOf("m", "y", "p", "", "", "id"),
                 MakeTable("preds.csv", {"id", "y", "p"}, {{"r1", "a", "a"}, {"", "b", "b"}}));
  run(no_id,
      "model 'm': 1 labelled rows of preds.csv have no id in column 'id' to join slice_dataset "
      "'features' by");

  // A slice column the dataset lacks is an error of that column alone.
  auto results = JudgeCheck("metric",
                            "{model: m, metric: accuracy, min: 0.5, slices: [seasn, region], "
                            "slice_dataset: features, slice_id: key, min_slice_size: 1}",
                            JoinInputs());
  EXPECT_EQ(Find(results, "accuracy@seasn").message,
            "slice column 'seasn' is not in features.csv (did you mean 'season'?)");
  EXPECT_EQ(Find(results, "accuracy@region=north").outcome, Outcome::kPass);
}

TEST(MetricCheck, SliceWhereTheMetricIsUndefinedIsAnError) {
  Table t = MakeTable("preds.csv", {"y", "p", "s", "g"},
                      {{"1", "1", "0.9", "x"},
                       {"0", "0", "0.2", "x"},
                       {"1", "1", "0.7", "y"},
                       {"1", "0", "0.4", "y"}});
  FakeInputs inputs;
  inputs.AddModel(ModelOf("m", "y", "p", "s"), t);
  auto results = JudgeCheck(
      "metric", "{model: m, metric: roc_auc, min: 0.7, slices: [g], min_slice_size: 1}", inputs);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].outcome, Outcome::kPass);
  EXPECT_EQ(results[1].outcome, Outcome::kPass);  // x: perfectly ranked
  EXPECT_EQ(results[2].subject, "roc_auc@g=y");
  EXPECT_EQ(results[2].outcome, Outcome::kError);
  EXPECT_NE(results[2].message.find("only one class"), std::string::npos) << results[2].message;
}

TEST(MetricCheck, VersusTrivialUsesDummyClassifierBaseline) {
  json c = MetricsFixtureCase("metrics_classification.json", "binary_large");
  FakeInputs inputs = FromFixture("binary_large");
  const double f1 = c["expected"]["f1_macro"].get<double>();               // about 0.715
  const double trivial = c["expected_trivial"]["f1_macro"].get<double>();  // about 0.412
  auto pass = JudgeCheck(
      "metric", "{model: challenger, metric: f1_macro, vs: trivial, min_improvement: 0.2}", inputs);
  ASSERT_EQ(pass.size(), 1u);
  const Result& r = pass[0];
  EXPECT_EQ(r.subject, "f1_macro vs trivial");
  EXPECT_EQ(r.outcome, Outcome::kPass) << r.message;
  ExpectAgrees(*r.observed, f1);
  ExpectAgrees(*r.threshold, trivial + 0.2);
  ExpectAgrees(r.details["baseline_value"].get<double>(), trivial);
  EXPECT_EQ(r.details["baseline"], "majority class '0' (70.2% of labels)");

  auto fail = JudgeCheck(
      "metric", "{model: challenger, metric: f1_macro, vs: trivial, min_improvement: 0.4}", inputs);
  EXPECT_EQ(fail[0].outcome, Outcome::kFail);

  // Lower is better: the baseline's log loss minus the improvement is a ceiling.
  auto loss = JudgeCheck("metric", "{model: challenger, metric: log_loss, vs: trivial}", inputs);
  EXPECT_EQ(loss[0].outcome, Outcome::kPass);
  ExpectAgrees(*loss[0].threshold, c["expected_trivial"]["log_loss"].get<double>());
  EXPECT_NE(loss[0].comparison.find("log_loss <= "), std::string::npos);

  // Bounds and the baseline together give two results.
  auto both =
      JudgeCheck("metric", "{model: challenger, metric: f1_macro, min: 0.9, vs: trivial}", inputs);
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(Find(both, "f1_macro").outcome, Outcome::kFail);
  EXPECT_EQ(Find(both, "f1_macro vs trivial").outcome, Outcome::kPass);
}

TEST(MetricCheck, RegressionMetricsAndTheMeanBaseline) {
  json c = MetricsFixtureCase("metrics_regression.json", "small_even_negative");
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < c["target"].size(); ++i) {
    rows.push_back({Text(c["target"][i].get<double>()), Text(c["estimate"][i].get<double>())});
  }
  FakeInputs inputs;
  inputs.AddModel(ModelOf("r", "y", "yhat"), MakeTable("r.csv", {"y", "yhat"}, rows));
  for (const std::string metric : {"rmse", "mae", "median_ae", "r2", "mape"}) {
    auto results = JudgeCheck("metric", "{model: r, metric: " + metric + ", vs: trivial}", inputs);
    ASSERT_EQ(results.size(), 1u) << metric;
    ExpectAgrees(*results[0].observed, c["expected"][metric].get<double>(), metric);
    ExpectAgrees(results[0].details["baseline_value"].get<double>(),
                 c["expected_trivial"][metric].get<double>(), metric);
    EXPECT_FALSE(results[0].details.contains("confusion_matrix"));
  }
}

TEST(MetricCheck, NonFiniteOutputsFailOnTheirOwn) {
  struct Case {
    std::string score, reason;
  };
  for (const auto& [score, reason] : std::vector<Case>{{"nan", "not a finite number"},
                                                       {"inf", "not a finite number"},
                                                       {"1.2", "outside [0, 1]"},
                                                       {"-0.1", "outside [0, 1]"},
                                                       {"", "missing"},
                                                       {"high", "not a number"}}) {
    Table t = MakeTable("preds.csv", {"y", "p", "s"},
                        {{"1", "1", "0.9"}, {"0", "0", score}, {"1", "0", "0.4"}});
    FakeInputs inputs;
    inputs.AddModel(ModelOf("m", "y", "p", "s"), t);
    auto results = JudgeCheck("metric", "{model: m, metric: roc_auc, min: 0.5}", inputs);
    ASSERT_EQ(results.size(), 2u) << score;
    const Result& bad = results[0];
    EXPECT_EQ(bad.subject, "m");
    EXPECT_EQ(bad.statistic, "non_finite");
    EXPECT_EQ(bad.outcome, Outcome::kFail);
    EXPECT_EQ(*bad.observed, 1);
    EXPECT_EQ(bad.rubric, std::vector<std::string>{"monitor-5"});
    EXPECT_EQ(bad.details["first_line"], 3);
    EXPECT_EQ(bad.details["first_reason"], reason) << score;
    // The metric itself is not computed: no NaN value reaches a report.
    EXPECT_EQ(results[1].subject, "roc_auc");
    EXPECT_EQ(results[1].outcome, Outcome::kError);
    EXPECT_FALSE(results[1].observed.has_value());
  }
  // A regression model's non-numeric or missing prediction counts too.
  FakeInputs inputs;
  inputs.AddModel(ModelOf("r", "y", "p"),
                  MakeTable("r.csv", {"y", "p"}, {{"1.5", "1.4"}, {"2", "NaN"}, {"3", ""}}));
  auto results = JudgeCheck("metric", "{model: r, metric: rmse, max: 1}", inputs);
  EXPECT_EQ(results[0].statistic, "non_finite");
  EXPECT_EQ(*results[0].observed, 2);
}

// Finite inputs whose sums overflow: scikit-learn returns infinity or NaN (fixture
// "overflow_cases"). A NaN compares false with every bound, so unguarded it would pass; such a
// metric is an error, and the finite metrics of the same rows are scikit-learn's.
TEST(MetricCheck, NonFiniteMetricIsAnErrorNeverAPass) {
  int non_finite = 0;
  for (const std::string name : {"huge_prediction", "huge_labels", "huge_labels_perfect"}) {
    json c = MetricsFixtureCase("metrics_regression.json", name, "overflow_cases");
    std::vector<std::vector<std::string>> rows;
    for (size_t i = 0; i < c["target"].size(); ++i) {
      rows.push_back({Text(c["target"][i].get<double>()), Text(c["estimate"][i].get<double>()),
                      i < 2 ? "first" : "second"});
    }
    FakeInputs inputs;
    inputs.AddModel(ModelOf("r", "y", "yhat"), MakeTable("r.csv", {"y", "yhat", "half"}, rows));
    for (const auto& [metric, expected] : c["expected"].items()) {
      SCOPED_TRACE(name + " " + metric);
      auto results = JudgeCheck(
          "metric", "{model: r, metric: " + metric + ", min: -1e300, max: 1e300, vs: trivial}",
          inputs);
      ASSERT_EQ(results.size(), 2u);
      const Result& bounds = Find(results, metric);
      const Result& trivial = Find(results, metric + " vs trivial");
      const size_t n = c["target"].size();
      if (expected.is_string()) {
        ++non_finite;
        EXPECT_EQ(bounds.outcome, Outcome::kError);
        EXPECT_FALSE(bounds.observed.has_value());
        EXPECT_EQ(bounds.message,
                  fmt::format("{} = {} on {} rows is not a finite number (a sum over the rows "
                              "overflows double precision); it cannot be judged",
                              metric, expected.get<std::string>(), n));
        EXPECT_EQ(trivial.outcome, Outcome::kError);
        EXPECT_EQ(trivial.message, bounds.message);
        continue;
      }
      EXPECT_EQ(bounds.outcome, Outcome::kPass) << bounds.message;
      ExpectAgrees(*bounds.observed, expected.get<double>());
      const json& baseline = c["expected_trivial"][metric];
      if (baseline.is_string()) {
        EXPECT_EQ(trivial.outcome, Outcome::kError);
        EXPECT_NE(trivial.message.find(fmt::format("{} of the trivial baseline (mean of the "
                                                   "labels",
                                                   metric)),
                  std::string::npos)
            << trivial.message;
        EXPECT_NE(trivial.message.find(fmt::format(") = {} on {} rows is not a finite number",
                                                   baseline.get<std::string>(), n)),
                  std::string::npos)
            << trivial.message;
      } else {
        ASSERT_TRUE(trivial.details.contains("baseline_value")) << trivial.message;
        ExpectAgrees(trivial.details["baseline_value"].get<double>(), baseline.get<double>());
      }
    }
    // Slices go through the same guard: the first half holds the overflowing rows.
    if (name == "huge_prediction") {
      auto sliced = JudgeCheck(
          "metric", "{model: r, metric: rmse, max: 1, slices: [half], min_slice_size: 1}", inputs);
      ASSERT_EQ(sliced.size(), 3u);
      EXPECT_EQ(Find(sliced, "rmse@half=first").outcome, Outcome::kError);
      EXPECT_EQ(Find(sliced, "rmse@half=second").outcome, Outcome::kPass);
      EXPECT_EQ(*Find(sliced, "rmse@half=second").observed, 0);
    }
  }
  EXPECT_EQ(non_finite, 4);  // rmse and r2 of huge_prediction and huge_labels, and nothing else
}

TEST(MetricCheck, DataTheMetricCannotUseIsAnErrorWithTheReason) {
  Table t = MakeTable("preds.csv", {"y", "p", "s"},
                      {{"yes", "yes", "0.9"}, {"no", "no", "0.1"}, {"yes", "no", "0.4"}});
  FakeInputs inputs;
  inputs.AddModel(ModelOf("m", "y", "p", "s"), t);
  // No positive declared and no "1"/"true" label: binary metrics say what is missing.
  auto f1 = JudgeCheck("metric", "{model: m, metric: f1, min: 0.5}", inputs);
  EXPECT_EQ(f1[0].outcome, Outcome::kError);
  EXPECT_NE(f1[0].message.find("positive"), std::string::npos) << f1[0].message;
  // A score metric without scores.
  FakeInputs no_scores;
  no_scores.AddModel(ModelOf("m", "y", "p"), t);
  auto auc = JudgeCheck("metric", "{model: m, metric: roc_auc, min: 0.5}", no_scores);
  EXPECT_EQ(auc[0].outcome, Outcome::kError);
  EXPECT_NE(auc[0].message.find("score"), std::string::npos) << auc[0].message;
  // A regression metric on text labels (the predictions are numbers).
  FakeInputs text_labels;
  text_labels.AddModel(ModelOf("m", "y", "s"), t);
  auto rmse = JudgeCheck("metric", "{model: m, metric: rmse, max: 1}", text_labels);
  ASSERT_EQ(rmse.size(), 1u);
  EXPECT_EQ(rmse[0].outcome, Outcome::kError);
  EXPECT_NE(rmse[0].message.find("label 'yes' at line 2"), std::string::npos) << rmse[0].message;
  // A declared column that is not in the file.
  FakeInputs typo;
  typo.AddModel(ModelOf("m", "y", "pp"), t);
  auto missing = JudgeCheck("metric", "{model: m, metric: accuracy, min: 0.5}", typo);
  EXPECT_EQ(missing[0].outcome, Outcome::kError);
  EXPECT_NE(missing[0].message.find("'pp'"), std::string::npos) << missing[0].message;
  EXPECT_NE(missing[0].message.find("did you mean 'p'"), std::string::npos) << missing[0].message;
  // A slice column that is not in the file.
  auto slice =
      JudgeCheck("metric", "{model: m, metric: accuracy, min: 0.5, slices: [regoin]}", inputs);
  EXPECT_EQ(Find(slice, "accuracy@regoin").outcome, Outcome::kError);
}

TEST(MetricCheck, PositiveDefaultsToTrueInAnyCase) {
  Table t = MakeTable("preds.csv", {"y", "p"},
                      {{"True", "True"}, {"False", "True"}, {"True", "False"}, {"False", "False"}});
  FakeInputs inputs;
  inputs.AddModel(ModelOf("m", "y", "p"), t);
  auto precision = JudgeCheck("metric", "{model: m, metric: precision, min: 0.5}", inputs);
  ASSERT_EQ(precision[0].outcome, Outcome::kPass) << precision[0].message;
  EXPECT_DOUBLE_EQ(*precision[0].observed, 0.5);
}

// DESIGN §9: a metric check on slices tests model-6, against a trivial baseline model-5, and
// plain bounds infra-4; a check's own `rubric:` adds to that.
TEST(MetricCheck, RubricDependsOnWhatTheCheckJudges) {
  auto gate = LoadGateFromString(
      "mlgate: 1\nname: g\ndatasets: { features: { path: f.csv } }\n"
      "models: { m: { predictions: { path: p.csv }, id: id, label: y, prediction: p } }\n"
      "checks:\n"
      "  - { id: plain, kind: metric, model: m, metric: accuracy, min: 0.5 }\n"
      "  - { id: sliced, kind: metric, model: m, metric: accuracy, min: 0.5, slices: [g] }\n"
      "  - { id: joined, kind: metric, model: m, metric: accuracy, min: 0.5, slices: [g],\n"
      "      slice_dataset: features }\n"
      "  - { id: baseline, kind: metric, model: m, metric: accuracy, vs: trivial }\n"
      "  - { id: both, kind: metric, model: m, metric: accuracy, min: 0.5, slices: [g],\n"
      "      vs: trivial, rubric: [model-7] }\n",
      "/tmp/g.yaml");
  ASSERT_TRUE(gate.ok()) << gate.status().message();
  using Ids = std::vector<std::string>;
  ASSERT_EQ(gate->checks.size(), 5u);
  EXPECT_EQ(gate->checks[0].rubric, Ids{"infra-4"});
  EXPECT_EQ(gate->checks[1].rubric, Ids{"model-6"});
  EXPECT_EQ(gate->checks[2].rubric, Ids{"model-6"});
  EXPECT_EQ(gate->checks[3].rubric, Ids{"model-5"});
  EXPECT_EQ(gate->checks[4].rubric, (Ids{"model-6", "model-5", "model-7"}));
}

TEST(MetricCheck, OptionsAreValidated) {
  FakeInputs inputs = FromFixture("binary_ties");
  CheckContext context = inputs.Context();
  auto unknown = Build("metric", "{model: challenger, metric: f1_makro, min: 0.5}", context);
  EXPECT_EQ(unknown.check, nullptr);
  EXPECT_NE(unknown.Messages().find("did you mean 'f1_macro'"), std::string::npos)
      << unknown.Messages();
  auto nothing = Build("metric", "{model: challenger, metric: f1}", context);
  EXPECT_NE(nothing.Messages().find("'min', 'max' or 'vs: trivial'"), std::string::npos);
  auto slices =
      Build("metric", "{model: challenger, metric: f1, vs: trivial, slices: [g]}", context);
  EXPECT_NE(slices.Messages().find("'slices'"), std::string::npos);
  auto vs = Build("metric", "{model: challenger, metric: f1, vs: champion}", context);
  EXPECT_NE(vs.Messages().find("'vs' must be 'trivial'"), std::string::npos);
  auto crossed = Build("metric", "{model: challenger, metric: f1, min: 0.9, max: 0.1}", context);
  EXPECT_NE(crossed.Messages().find("exceeds"), std::string::npos);
  auto model = Build("metric", "{model: challengr, metric: f1, min: 0.5}", context);
  EXPECT_NE(model.Messages().find("did you mean 'challenger'"), std::string::npos)
      << model.Messages();
  auto extra = Build("metric", "{model: challenger, metric: f1, min: 0.5, treshold: 1}", context);
  EXPECT_FALSE(extra.diagnostics.empty());

  FakeInputs joined = JoinInputs();
  CheckContext with_dataset = joined.Context();
  auto no_slices =
      Build("metric", "{model: m, metric: f1, min: 0.5, slice_dataset: features}", with_dataset);
  EXPECT_EQ(no_slices.check, nullptr);
  EXPECT_NE(no_slices.Messages().find("'slice_dataset' supplies the columns named in 'slices'"),
            std::string::npos)
      << no_slices.Messages();
  auto lone_id = Build("metric", "{model: m, metric: f1, min: 0.5, slices: [season], slice_id: k}",
                       with_dataset);
  EXPECT_EQ(lone_id.check, nullptr);
  EXPECT_NE(lone_id.Messages().find("'slice_id' names the id column of 'slice_dataset'"),
            std::string::npos)
      << lone_id.Messages();
  auto typo =
      Build("metric", "{model: m, metric: f1, min: 0.5, slices: [season], slice_dataset: feature}",
            with_dataset);
  EXPECT_NE(typo.Messages().find("did you mean 'features'"), std::string::npos) << typo.Messages();
}

}  // namespace
}  // namespace mlgate::testing
