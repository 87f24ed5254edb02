// The `metric` check kind: values against the scikit-learn oracle fixtures, bounds, slices,
// the trivial baseline, non-finite outputs, and option diagnostics.
#include <fmt/format.h>
#include <gtest/gtest.h>

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
}

}  // namespace
}  // namespace mlgate::testing
