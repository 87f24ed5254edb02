// The correlation check judged end to end over real CSV files, compared with pandas'
// DataFrame.corr() (tests/oracles/fixtures/checks_correlation.json): changes between datasets,
// features against a target, redundant pairs, sketch mode, edge cases and option validation.
#include "checks/data/correlation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/checks/data/data_checks_util.h"

namespace mlgate {
namespace {

using ::testing::ElementsAre;
using testing::FindResult;
using ::testing::HasSubstr;
using testing::SourcePath;

const char* kRef = "tests/data/data_checks/small_ref.csv";
const char* kCur = "tests/data/data_checks/small_cur.csv";
const char* kWeatherRef = "examples/seattle-weather/data/weather-2012-2013.csv";
const char* kWeatherCur = "examples/seattle-weather/data/weather-2015.csv";

class CorrelationCheckTest : public ::testing::Test {
 protected:
  static nlohmann::json Case(const std::string& name) {
    static const nlohmann::json fixture = testing::LoadChecksFixture("checks_correlation.json");
    return testing::FixtureCase(fixture, name);
  }

  // Runs max_abs_change over the case's columns and checks every pair against pandas.
  Verdict ExpectChangesMatchOracle(const std::string& name, double limit,
                                   testing::RunSettings settings = {}) {
    nlohmann::json c = Case(name);
    std::string columns;
    for (const auto& column : c.at("columns")) {
      columns += (columns.empty() ? "" : ", ") + column.get<std::string>();
    }
    std::string method = c.at("method");
    Verdict v =
        runner_.Run({{"ref", SourcePath(c.at("reference"))}, {"cur", SourcePath(c.at("current"))}},
                    "kind: correlation, reference: ref, current: cur, method: " + method +
                        ", columns: [" + columns + "], max_abs_change: " + std::to_string(limit),
                    settings);
    size_t pairs = 0;
    for (const auto& [pair, before] : c.at("reference_corr").items()) {
      SCOPED_TRACE(name + " / " + pair);
      ++pairs;
      const Result& r = FindResult(v, pair, method + "_change");
      if (!r.observed) {
        ADD_FAILURE() << "no observed value: " << r.message;
        continue;
      }
      double after = c.at("current_corr").at(pair).get<double>();
      testing::ExpectStatistic(r.details.at("reference").get<double>(), before.get<double>(),
                               "reference");
      testing::ExpectStatistic(r.details.at("current").get<double>(), after, "current");
      testing::ExpectStatistic(*r.observed, std::abs(after - before.get<double>()), "change");
      EXPECT_EQ(r.outcome,
                std::abs(after - before.get<double>()) <= limit ? Outcome::kPass : Outcome::kFail);
    }
    EXPECT_EQ(v.results.size(), pairs);
    return v;
  }

  testing::GateRunner runner_;
};

TEST_F(CorrelationCheckTest, PearsonChangesOnWeatherMatchPandas) {
  Verdict v = ExpectChangesMatchOracle("weather_pearson", 0.1);
  const Result& r = FindResult(v, "precipitation|wind", "pearson_change");
  EXPECT_EQ(r.outcome, Outcome::kFail);
  EXPECT_EQ(r.comparison, "pearson_change <= 0.1");
  EXPECT_THAT(r.message, HasSubstr("pearson changed by 0.151765 (0.297128 -> 0.448893) > 0.1"));
  EXPECT_EQ(r.details.at("n_reference"), 731);
  EXPECT_EQ(r.details.at("n_current"), 365);
}

TEST_F(CorrelationCheckTest, SpearmanChangesOnWeatherMatchPandas) {
  ExpectChangesMatchOracle("weather_spearman", 0.1);
}

TEST_F(CorrelationCheckTest, ChangesWithMissingValuesUsePairwiseCompleteRows) {
  Verdict v = ExpectChangesMatchOracle("synthetic_pearson", 0.2);
  EXPECT_EQ(FindResult(v, "x|y", "pearson_change").outcome, Outcome::kFail);
  EXPECT_EQ(FindResult(v, "x|twin", "pearson_change").details.at("n_reference"), 291);
  ExpectChangesMatchOracle("synthetic_spearman", 0.2);
}

TEST_F(CorrelationCheckTest, PearsonFromCoMomentsWorksInSketchMode) {
  ExpectChangesMatchOracle("weather_pearson", 0.1, {.memory_budget = 1});
}

TEST_F(CorrelationCheckTest, SpearmanInSketchModeAsksForMoreMemory) {
  Verdict v = runner_.Run({{"ref", SourcePath(kWeatherRef)}, {"cur", SourcePath(kWeatherCur)}},
                          "kind: correlation, reference: ref, current: cur, method: spearman, "
                          "columns: [temp_max, wind], max_abs_change: 0.1",
                          {.memory_budget = 1});
  const Result& r = FindResult(v, "temp_max|wind", "spearman_change");
  EXPECT_EQ(r.outcome, Outcome::kError);  // not judged: never a pass, nor a silent skip
  EXPECT_THAT(r.message, HasSubstr("raise --memory-budget"));
  // One dataset: nothing to compare the missing values with, so an error.
  std::string check =
      "kind: correlation, dataset: d, method: spearman, target: temp_max, columns: [wind], "
      "min_abs: 0.01";
  Verdict single = runner_.Run({{"d", SourcePath(kWeatherCur)}}, check, {.memory_budget = 1});
  const Result& t = FindResult(single, "wind|temp_max", "spearman");
  EXPECT_EQ(t.outcome, Outcome::kError);
  EXPECT_THAT(t.message, HasSubstr("raise --memory-budget, or use method: pearson"));
}

TEST_F(CorrelationCheckTest, TargetFindsUselessAndLeakingFeatures) {
  nlohmann::json oracle = Case("synthetic_pearson").at("current_corr");
  Verdict v = runner_.Run({{"cur", SourcePath(kCur)}},
                          "kind: correlation, dataset: cur, target: churn, "
                          "columns: [x, y, count, leak, noise, const], min_abs: 0.05, "
                          "max_abs: 0.9");
  for (const char* feature : {"x", "y", "count", "leak", "noise"}) {
    SCOPED_TRACE(feature);
    const Result& r = FindResult(v, std::string(feature) + "|churn", "pearson");
    ASSERT_TRUE(r.observed.has_value()) << r.message;
    double expected = oracle.at(std::string(feature) + "|churn").get<double>();
    testing::ExpectStatistic(*r.observed, expected, "pearson");
    bool ok = std::abs(expected) >= 0.05 && std::abs(expected) <= 0.9;
    EXPECT_EQ(r.outcome, ok ? Outcome::kPass : Outcome::kFail) << r.message;
    EXPECT_EQ(r.comparison, "0.05 <= |pearson| <= 0.9");
  }
  const Result& leak = FindResult(v, "leak|churn", "pearson");
  EXPECT_THAT(leak.message, HasSubstr("is above max_abs 0.9; 'leak' may leak the target"));
  EXPECT_EQ(*leak.threshold, 0.9);
  const Result& x = FindResult(v, "x|churn", "pearson");
  EXPECT_THAT(x.message, HasSubstr("is below min_abs 0.05; 'x' looks useless"));
  // A constant feature carries no information: a stated fail, not a NaN pass.
  const Result& constant = FindResult(v, "const|churn", "pearson");
  EXPECT_EQ(constant.outcome, Outcome::kFail);
  EXPECT_FALSE(constant.observed.has_value());
  EXPECT_THAT(constant.message, HasSubstr("'const' is constant (5)"));
  EXPECT_EQ(v.results.size(), 6u);
}

TEST_F(CorrelationCheckTest, LeakageOnlyBoundSkipsConstantFeatures) {
  Verdict v = runner_.Run({{"cur", SourcePath(kCur)}},
                          "kind: correlation, dataset: cur, target: churn, columns: [const, leak], "
                          "max_abs: 0.9");
  EXPECT_EQ(FindResult(v, "const|churn").outcome, Outcome::kSkip);
  EXPECT_EQ(FindResult(v, "leak|churn").outcome, Outcome::kFail);
}

TEST_F(CorrelationCheckTest, MaxPairwiseFindsRedundantFeatures) {
  nlohmann::json oracle = Case("synthetic_pearson").at("reference_corr");
  Verdict v = runner_.Run({{"ref", SourcePath(kRef)}},
                          "kind: correlation, dataset: ref, columns: [x, y, noise, twin], "
                          "max_pairwise: 0.95");
  for (const auto& [pair, value] : oracle.items()) {
    if (pair.find("count") != std::string::npos || pair.find("leak") != std::string::npos ||
        pair.find("churn") != std::string::npos) {
      continue;
    }
    SCOPED_TRACE(pair);
    const Result& r = FindResult(v, pair, "pearson");
    ASSERT_TRUE(r.observed.has_value()) << r.message;
    testing::ExpectStatistic(*r.observed, value.get<double>(), "pearson");
    EXPECT_EQ(r.outcome, std::abs(value.get<double>()) <= 0.95 ? Outcome::kPass : Outcome::kFail);
  }
  EXPECT_THAT(FindResult(v, "x|twin").message, HasSubstr("'x' and 'twin' look redundant"));
  EXPECT_EQ(v.results.size(), 6u);
}

TEST_F(CorrelationCheckTest, DefaultColumnsAreTheNumericOnes) {
  Verdict v = runner_.Run({{"ref", SourcePath(kWeatherRef)}, {"cur", SourcePath(kWeatherCur)}},
                          "kind: correlation, reference: ref, current: cur, max_abs_change: 0.5");
  std::vector<std::string> subjects;
  for (const auto& r : v.results) subjects.push_back(r.subject);
  EXPECT_THAT(subjects,
              ElementsAre("precipitation|temp_max", "precipitation|temp_min", "precipitation|wind",
                          "temp_max|temp_min", "temp_max|wind", "temp_min|wind"));
  EXPECT_EQ(v.decision, Decision::kPromote);
  // Synthetic data: columns numeric on one side only are reported, not silently dropped.
  Verdict s = runner_.Run({{"ref", SourcePath(kRef)}, {"cur", SourcePath(kCur)}},
                          "kind: correlation, reference: ref, current: cur, max_abs_change: 0.5");
  EXPECT_EQ(FindResult(s, "only_ref").outcome, Outcome::kSkip);
  EXPECT_THAT(FindResult(s, "sparse").message, HasSubstr("'sparse' has no values in"));
  // A column constant in both datasets: undefined on both sides, skipped with the reason.
  const Result& constant = FindResult(s, "x|const", "pearson_change");
  EXPECT_EQ(constant.outcome, Outcome::kSkip);
  EXPECT_THAT(constant.message, HasSubstr("undefined in both datasets: 'const' is constant (5)"));
}

TEST_F(CorrelationCheckTest, ConstantOnOneSideIsAnError) {
  std::string ref = runner_.Write("ref.csv", "a,b\n1,2\n2,4\n3,5\n");
  std::string cur = runner_.Write("cur.csv", "a,b\n1,7\n2,7\n3,7\n");
  Verdict v = runner_.Run({{"ref", ref}, {"cur", cur}},
                          "kind: correlation, reference: ref, current: cur, max_abs_change: 0.1");
  const Result& r = FindResult(v, "a|b", "pearson_change");
  EXPECT_EQ(r.outcome, Outcome::kError);
  EXPECT_THAT(r.message, HasSubstr("undefined in the current dataset: 'b' is constant (7)"));
  EXPECT_THAT(r.message, HasSubstr("in the reference it is 0.981981"));
  EXPECT_EQ(v.decision, Decision::kBlock);
}

TEST_F(CorrelationCheckTest, UnusableColumnsAndDatasetsAreErrors) {
  std::map<std::string, std::string> weather = {{"d", SourcePath(kWeatherCur)}};
  Verdict label = runner_.Run(weather,
                              "kind: correlation, dataset: d, target: weather, "
                              "min_abs: 0.1");
  ASSERT_EQ(label.results.size(), 1u);
  EXPECT_EQ(label.results[0].outcome, Outcome::kError);
  EXPECT_THAT(label.results[0].message, HasSubstr("target 'weather' holds string values"));
  Verdict missing = runner_.Run(weather,
                                "kind: correlation, dataset: d, columns: [wind, gust], "
                                "max_pairwise: 0.9");
  EXPECT_THAT(FindResult(missing, "gust").message, HasSubstr("column 'gust' is missing"));
  std::string empty = runner_.Write("empty.csv", "a,b\n");
  Verdict none = runner_.Run({{"d", empty}}, "kind: correlation, dataset: d, max_pairwise: 0.9");
  ASSERT_EQ(none.results.size(), 1u);
  EXPECT_THAT(none.results[0].message, HasSubstr("has no data rows"));
}

TEST_F(CorrelationCheckTest, InvalidOptionsAreDiagnosedAtLoad) {
  std::map<std::string, std::string> data = {{"ref", SourcePath(kWeatherRef)},
                                             {"cur", SourcePath(kWeatherCur)}};
  auto error = [&](const std::string& options) {
    return runner_.LoadError(data, "kind: correlation, " + options);
  };
  EXPECT_THAT(error("dataset: cur, max_abs_change: 0.1"),
              HasSubstr("'max_abs_change' compares two datasets"));
  EXPECT_THAT(error("reference: ref, max_abs_change: 0.1"),
              HasSubstr("give both 'reference' and 'current'"));
  EXPECT_THAT(error("dataset: cur, target: wind"), HasSubstr("needs 'min_abs'"));
  EXPECT_THAT(error("dataset: cur, min_abs: 0.1"), HasSubstr("name the target column"));
  EXPECT_THAT(error("dataset: cur, target: wind, min_abs: 0.5, max_abs: 0.2"),
              HasSubstr("'min_abs' 0.5 is above 'max_abs' 0.2"));
  EXPECT_THAT(error("dataset: cur"), HasSubstr("give 'max_abs_change'"));
  EXPECT_THAT(error("dataset: cur, method: kendall, max_pairwise: 0.9"),
              HasSubstr("must be one of pearson, spearman"));
  EXPECT_EQ(error("reference: ref, current: cur, target: temp_max, max_abs: 0.99, "
                  "max_abs_change: 0.2, max_pairwise: 0.95"),
            "");
}

TEST(CorrelationKindTest, RubricDependsOnTheTarget) {
  KindInfo info = CorrelationCheckKind();
  ASSERT_TRUE(info.rubric_for);
  EXPECT_THAT(info.rubric_for(YAML::Load("{ dataset: d, target: y, min_abs: 0.1 }")),
              ElementsAre("data-2"));
  EXPECT_THAT(info.rubric_for(YAML::Load("{ reference: a, current: b, max_abs_change: 0.1 }")),
              ElementsAre("monitor-2"));
  EXPECT_THAT(info.rubric_for(YAML::Load("{ dataset: d, target: y, min_abs: 0.1, "
                                         "max_pairwise: 0.9 }")),
              ElementsAre("data-2", "monitor-2"));
}

}  // namespace
}  // namespace mlgate
