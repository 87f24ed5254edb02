// Model metrics against scikit-learn 1.2 oracle values (tests/oracles/gen_metrics.py), on all
// rows and on weighted rows (row i repeated weights[i] times, the bootstrap's meaning), plus the
// metric registry's lookups and errors.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "checks/stats/baseline.h"
#include "checks/stats/classification_metrics.h"
#include "checks/stats/metric_data.h"
#include "checks/stats/metric_registry.h"
#include "checks/stats/probability_metrics.h"
#include "checks/stats/ranking_metrics.h"
#include "checks/stats/regression_metrics.h"

namespace mlgate::stats {
namespace {

using nlohmann::json;

json LoadFixture(const std::string& name) {
  std::ifstream in(std::string(MLGATE_SOURCE_DIR) + "/tests/oracles/fixtures/" + name);
  EXPECT_TRUE(in.good()) << "missing fixture " << name;
  if (!in.good()) return json::object();
  return json::parse(in);
}

// Relative 1e-9, or absolute 1e-12 near zero.
void ExpectAgrees(double actual, double expected, const std::string& what) {
  const double tolerance = std::max(1e-12, 1e-9 * std::fabs(expected));
  EXPECT_NEAR(actual, expected, tolerance) << what;
}

struct Case {
  std::string name;
  json data;
};

std::vector<Case> Cases(const std::string& fixture) {
  std::vector<Case> cases;
  json root = LoadFixture(fixture);
  if (!root.contains("cases")) return cases;
  for (const json& c : root["cases"]) cases.push_back({c["name"].get<std::string>(), c});
  return cases;
}

std::string CaseName(const testing::TestParamInfo<Case>& info) { return info.param.name; }

// Holds the strings the string_views of ClassifierColumns point into.
struct ClassifierCase {
  std::vector<std::string> truth, predicted;
  ClassifierColumns columns;
  std::vector<uint32_t> weights;

  explicit ClassifierCase(const json& c) {
    truth = c["truth"].get<std::vector<std::string>>();
    for (const auto& t : truth) columns.truth.push_back(t);
    if (c.contains("predicted")) {
      predicted = c["predicted"].get<std::vector<std::string>>();
      for (const auto& p : predicted) columns.predicted.push_back(p);
    }
    if (c.contains("positive")) columns.positive_label = c["positive"].get<std::string>();
    if (c.contains("score")) columns.score = c["score"].get<std::vector<double>>();
    if (c.contains("score_classes")) {
      columns.score_classes = c["score_classes"].get<std::vector<std::string>>();
      columns.score_columns = c["score_columns"].get<std::vector<std::vector<double>>>();
    }
    if (c.contains("weights")) weights = c["weights"].get<std::vector<uint32_t>>();
  }
};

void ExpectMetrics(const MetricData& data, const json& expected, const json& errors,
                   RowWeights weights, const std::string& label) {
  ASSERT_FALSE(expected.empty());
  for (const auto& [name, value] : expected.items()) {
    SCOPED_TRACE(label + " " + name);
    auto metric = LookupMetric(name);
    ASSERT_TRUE(metric.ok()) << metric.status().message();
    auto actual = ComputeMetric(**metric, data, weights);
    if (value.is_null()) {
      EXPECT_FALSE(actual.ok()) << "scikit-learn refuses (" << errors.value(name, "")
                                << ") but got " << (actual.ok() ? *actual : 0.0);
      if (!actual.ok()) {
        EXPECT_FALSE(actual.status().message().empty());
      }
    } else {
      ASSERT_TRUE(actual.ok()) << actual.status().message();
      ExpectAgrees(*actual, value.get<double>(), name);
    }
  }
}

class ClassificationOracle : public testing::TestWithParam<Case> {};

TEST_P(ClassificationOracle, AgreesWithScikitLearn) {
  const json& c = GetParam().data;
  ClassifierCase input(c);
  auto data = MakeClassifierData(input.columns);
  ASSERT_TRUE(data.ok()) << data.status().message();
  ExpectMetrics(*data, c["expected"], c["errors"], {}, "all rows");
  if (!input.weights.empty()) {
    ExpectMetrics(*data, c["expected_weighted"], c["errors_weighted"], input.weights, "weighted");
  }
}

TEST_P(ClassificationOracle, TrivialBaselineAgreesWithDummyClassifier) {
  const json& c = GetParam().data;
  ClassifierCase input(c);
  auto data = MakeClassifierData(input.columns);
  ASSERT_TRUE(data.ok()) << data.status().message();
  MetricData trivial = PredictTrivial(FitTrivial(*data), *data);
  ExpectMetrics(trivial, c["expected_trivial"], c["errors_trivial"], {}, "trivial");
}

TEST_P(ClassificationOracle, ConfusionMatrixAgrees) {
  const json& c = GetParam().data;
  if (!c.contains("confusion")) GTEST_SKIP() << "no predictions in this case";
  ClassifierCase input(c);
  auto data = MakeClassifierData(input.columns);
  ASSERT_TRUE(data.ok()) << data.status().message();
  ConfusionMatrix cm = CountConfusion(data->truth, data->predicted, data->classes.size());
  auto labels = c["confusion"]["labels"].get<std::vector<std::string>>();
  auto matrix = c["confusion"]["matrix"].get<std::vector<std::vector<int64_t>>>();
  std::vector<int32_t> present = cm.PresentCodes();
  ASSERT_EQ(present.size(), labels.size());
  for (size_t i = 0; i < labels.size(); ++i) {
    EXPECT_EQ(data->classes.Label(present[i]), labels[i]);
    for (size_t j = 0; j < labels.size(); ++j) {
      EXPECT_EQ(cm.at(present[i], present[j]), matrix[i][j]) << labels[i] << " / " << labels[j];
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ClassificationOracle,
                         testing::ValuesIn(Cases("metrics_classification.json")), CaseName);

class RegressionOracle : public testing::TestWithParam<Case> {};

TEST_P(RegressionOracle, AgreesWithScikitLearn) {
  const json& c = GetParam().data;
  auto data = MakeRegressorData(c["target"].get<std::vector<double>>(),
                                c["estimate"].get<std::vector<double>>());
  ASSERT_TRUE(data.ok()) << data.status().message();
  ExpectMetrics(*data, c["expected"], c["errors"], {}, "all rows");
  if (c.contains("weights")) {
    auto weights = c["weights"].get<std::vector<uint32_t>>();
    ExpectMetrics(*data, c["expected_weighted"], c["errors_weighted"], weights, "weighted");
  }
}

TEST_P(RegressionOracle, TrivialBaselineAgreesWithDummyRegressor) {
  const json& c = GetParam().data;
  auto data = MakeRegressorData(c["target"].get<std::vector<double>>(),
                                c["estimate"].get<std::vector<double>>());
  ASSERT_TRUE(data.ok()) << data.status().message();
  MetricData trivial = PredictTrivial(FitTrivial(*data), *data);
  ExpectMetrics(trivial, c["expected_trivial"], c["errors_trivial"], {}, "trivial");
}

INSTANTIATE_TEST_SUITE_P(Fixtures, RegressionOracle,
                         testing::ValuesIn(Cases("metrics_regression.json")), CaseName);

TEST(TrivialModel, DescribesItselfAndBreaksTiesTowardsTheSmallestLabel) {
  std::vector<std::string> truth{"b", "a", "b", "a", "c"};
  ClassifierColumns columns;
  for (const auto& t : truth) columns.truth.push_back(t);
  auto data = MakeClassifierData(columns);
  ASSERT_TRUE(data.ok());
  TrivialModel model = FitTrivial(*data);
  EXPECT_EQ(model.majority, 0);
  EXPECT_EQ(model.description, "majority class 'a' (40% of labels)");
  EXPECT_EQ(model.priors, (std::vector<double>{0.4, 0.4, 0.2}));
  auto regression = MakeRegressorData({1, 2, 6}, {0, 0, 0});
  ASSERT_TRUE(regression.ok());
  EXPECT_EQ(FitTrivial(*regression).description, "mean of the labels (3)");
  EXPECT_EQ(PredictTrivial(FitTrivial(*regression), *regression).estimate,
            (std::vector<double>{3, 3, 3}));
}

TEST(LabelSet, SortsLikeNumpyAndLooksUpCodes) {
  LabelSet set({"dog", "cat", "Zebra", "cat", "élan", "10", "9"});
  EXPECT_EQ(set.labels(), (std::vector<std::string>{"10", "9", "Zebra", "cat", "dog", "élan"}));
  EXPECT_EQ(set.Code("cat"), 3);
  EXPECT_EQ(set.Code("élan"), 5);
  EXPECT_EQ(set.Code("cow"), -1);
  EXPECT_EQ(set.Label(1), "9");
}

TEST(MetricData, RejectsMalformedColumns) {
  ClassifierColumns columns;
  std::vector<std::string> truth{"a", "b", "a"};
  for (const auto& t : truth) columns.truth.push_back(t);
  columns.predicted = {"a", "b"};
  EXPECT_EQ(MakeClassifierData(columns).status().code(), StatusCode::kDataError);

  columns.predicted = {"a", "b", "c"};
  LabelSet only_ab({"a", "b"});
  auto unknown = MakeClassifierData(columns, &only_ab);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("'c'"), std::string::npos);

  columns.predicted.clear();
  columns.score = {0.1, NAN, 0.3};
  auto nan = MakeClassifierData(columns);
  ASSERT_FALSE(nan.ok());
  EXPECT_NE(nan.status().message().find("row 2"), std::string::npos);

  EXPECT_FALSE(MakeClassifierData(ClassifierColumns{}).ok());
  EXPECT_FALSE(MakeRegressorData({1, 2}, {1}).ok());
  EXPECT_FALSE(MakeRegressorData({1, INFINITY}, {1, 2}).ok());
  EXPECT_FALSE(MakeRegressorData({}, {}).ok());
}

TEST(MetricData, SharedLabelSetGivesBothModelsTheSameCodes) {
  LabelSet classes({"a", "b", "c"});
  std::vector<std::string> truth{"b", "c"};
  ClassifierColumns columns;
  for (const auto& t : truth) columns.truth.push_back(t);
  columns.predicted = columns.truth;
  auto data = MakeClassifierData(columns, &classes);
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(data->truth, (std::vector<int32_t>{1, 2}));
  EXPECT_EQ(data->classes.size(), 3);
  // Class "a" occurs nowhere, so macro averages leave it out as scikit-learn does.
  auto f1 = ComputeMetric(*FindMetric("f1_macro"), *data);
  ASSERT_TRUE(f1.ok());
  EXPECT_DOUBLE_EQ(*f1, 1.0);
}

TEST(MetricRegistry, KnowsEveryDesignedNameWithDirection) {
  const std::vector<std::pair<std::string, bool>> expected = {{"accuracy", true},
                                                              {"balanced_accuracy", true},
                                                              {"precision", true},
                                                              {"recall", true},
                                                              {"f1", true},
                                                              {"precision_macro", true},
                                                              {"recall_macro", true},
                                                              {"f1_macro", true},
                                                              {"precision_micro", true},
                                                              {"recall_micro", true},
                                                              {"f1_micro", true},
                                                              {"precision_weighted", true},
                                                              {"recall_weighted", true},
                                                              {"f1_weighted", true},
                                                              {"roc_auc", true},
                                                              {"roc_auc_ovr", true},
                                                              {"average_precision", true},
                                                              {"log_loss", false},
                                                              {"brier", false},
                                                              {"rmse", false},
                                                              {"mae", false},
                                                              {"median_ae", false},
                                                              {"r2", true},
                                                              {"mape", false}};
  EXPECT_EQ(AllMetrics().size(), expected.size());
  for (const auto& [name, higher] : expected) {
    const MetricInfo* m = FindMetric(name);
    ASSERT_NE(m, nullptr) << name;
    EXPECT_EQ(m->higher_is_better, higher) << name;
  }
  EXPECT_EQ(FindMetric("rmse")->task, MetricTask::kRegression);
  EXPECT_EQ(FindMetric("roc_auc")->inputs, MetricInputs::kBinaryScore);
  EXPECT_EQ(FindMetric("roc_auc_ovr")->inputs, MetricInputs::kClassScores);
  EXPECT_TRUE(FindMetric("f1")->binary);
  EXPECT_FALSE(FindMetric("f1_macro")->binary);
}

TEST(MetricRegistry, UnknownNameListsTheKnownOnes) {
  auto m = LookupMetric("f1_makro");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(m.status().message().find("'f1_makro'"), std::string::npos);
  EXPECT_NE(m.status().message().find("f1_macro"), std::string::npos);
  EXPECT_EQ(FindMetric("F1"), nullptr);
}

TEST(MetricRegistry, SaysWhatTheDataLacks) {
  std::vector<std::string> truth{"0", "1", "1"};
  ClassifierColumns columns;
  for (const auto& t : truth) columns.truth.push_back(t);
  columns.positive_label = "1";
  auto no_predictions = MakeClassifierData(columns);
  ASSERT_TRUE(no_predictions.ok());
  Status s = Supports(*FindMetric("accuracy"), *no_predictions);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("prediction"), std::string::npos);
  s = Supports(*FindMetric("roc_auc"), *no_predictions);
  EXPECT_NE(s.message().find("score"), std::string::npos);
  s = Supports(*FindMetric("roc_auc_ovr"), *no_predictions);
  EXPECT_NE(s.message().find("score_prefix"), std::string::npos);
  s = Supports(*FindMetric("rmse"), *no_predictions);
  EXPECT_NE(s.message().find("regression"), std::string::npos);

  auto regression = MakeRegressorData({1, 2}, {1, 3});
  ASSERT_TRUE(regression.ok());
  s = Supports(*FindMetric("f1_macro"), *regression);
  EXPECT_NE(s.message().find("classification"), std::string::npos);
  EXPECT_TRUE(Supports(*FindMetric("mape"), *regression).ok());

  columns.positive_label.clear();
  columns.predicted = columns.truth;
  auto no_positive = MakeClassifierData(columns);
  ASSERT_TRUE(no_positive.ok());
  s = Supports(*FindMetric("f1"), *no_positive);
  EXPECT_NE(s.message().find("positive"), std::string::npos);
}

TEST(MetricRegistry, RocAucWithOneClassIsAnErrorWithTheReason) {
  std::vector<std::string> truth{"1", "1", "1"};
  ClassifierColumns columns;
  for (const auto& t : truth) columns.truth.push_back(t);
  columns.positive_label = "1";
  columns.score = {0.2, 0.9, 0.5};
  auto data = MakeClassifierData(columns);
  ASSERT_TRUE(data.ok());
  auto auc = ComputeMetric(*FindMetric("roc_auc"), *data);
  ASSERT_FALSE(auc.ok());
  EXPECT_EQ(auc.status().code(), StatusCode::kDataError);
  EXPECT_NE(auc.status().message().find("one class"), std::string::npos);
}

TEST(ProbabilityMetrics, BrierRefusesScoresOutsideTheUnitInterval) {
  std::vector<int32_t> truth{0, 1};
  std::vector<double> score{0.5, 1.5};
  auto brier = BrierScore(truth, 1, score);
  ASSERT_FALSE(brier.ok());
  EXPECT_NE(brier.status().message().find("[0, 1]"), std::string::npos);
  // A row drawn zero times does not count.
  std::vector<uint32_t> weights{2, 0};
  auto weighted = BrierScore(truth, 1, score, weights);
  ASSERT_TRUE(weighted.ok());
  EXPECT_DOUBLE_EQ(*weighted, 0.25);
}

TEST(RankingMetrics, PresortedOrderGivesTheSameAnswer) {
  std::vector<int32_t> truth{1, 0, 1, 0, 0, 1, 1};
  std::vector<double> score{0.3, 0.3, 0.9, 0.1, 0.5, 0.5, 0.2};
  std::vector<uint32_t> order = DescendingOrder(score);
  BinaryScores rows{truth, 1, score, {}};
  BinaryScores presorted{truth, 1, score, order};
  // Hand count: of the 12 positive/negative pairs, 7 are ordered right and 2 tied (1/2 each).
  EXPECT_DOUBLE_EQ(*RocAuc(rows), 8.0 / 12.0);
  EXPECT_DOUBLE_EQ(*RocAuc(presorted), 8.0 / 12.0);
  EXPECT_DOUBLE_EQ(*AveragePrecision(rows), *AveragePrecision(presorted));
}

TEST(RegressionMetrics, WeightedMedianMatchesRepeatedRows) {
  std::vector<double> target{0, 0, 0, 0};
  std::vector<double> estimate{1, 2, 3, 4};
  // Repeated: {1, 1, 1, 2, 4} -> median 1; {2, 3} -> 2.5.
  std::vector<uint32_t> w1{3, 1, 0, 1};
  std::vector<uint32_t> w2{0, 1, 1, 0};
  EXPECT_DOUBLE_EQ(*MedianAbsoluteError(target, estimate, w1), 1.0);
  EXPECT_DOUBLE_EQ(*MedianAbsoluteError(target, estimate, w2), 2.5);
  std::vector<uint32_t> none{0, 0, 0, 0};
  EXPECT_FALSE(MedianAbsoluteError(target, estimate, none).ok());
}

}  // namespace
}  // namespace mlgate::stats
