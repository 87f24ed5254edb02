// The distribution check judged end to end over real CSV files, compared with the pandas/numpy
// oracle in tests/oracles/fixtures/checks_distribution.json; edge cases and option validation.
#include "checks/data/distribution.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "checks/data/column_util.h"
#include "tests/checks/data/data_checks_util.h"

namespace mlgate {
namespace {

using testing::FindResult;
using ::testing::HasSubstr;
using testing::SourcePath;

class DistributionCheckTest : public ::testing::Test {
 protected:
  static nlohmann::json Case(const std::string& name) {
    static const nlohmann::json fixture = testing::LoadChecksFixture("checks_distribution.json");
    return testing::FixtureCase(fixture, name);
  }

  // Bounds [value - margin, value + margin] around each oracle value: every result must pass
  // and report the oracle's value; a second run with bounds just beside the value must fail.
  Verdict ExpectMatchesOracle(const std::string& name, testing::RunSettings settings = {}) {
    nlohmann::json c = Case(name);
    std::string column = c.at("column");
    std::string options;
    std::vector<std::pair<std::string, double>> expected;  // statistic -> value
    auto bound = [&](const std::string& key, const std::string& statistic, double value) {
      options += fmt::format(", {}: [{}, {}]", key, value - 0.5, value + 0.5);
      expected.push_back({statistic, value});
    };
    for (const char* key : {"mean", "std", "min", "max"}) {
      if (c.contains(key)) bound(key, key, c.at(key).get<double>());
    }
    if (c.contains("quantiles")) {
      std::string q = ", quantiles: {";
      for (const auto& [level, value] : c.at("quantiles").items()) {
        q += fmt::format(" {}: [{}, {}],", level, value.get<double>() - 0.5,
                         value.get<double>() + 0.5);
        expected.push_back({"quantile_" + level, value.get<double>()});
      }
      q.back() = ' ';
      options += q + "}";
    }
    options += ", null_share: 0.5";
    expected.push_back({"null_share", c.at("null_share").get<double>()});
    std::vector<std::pair<std::string, double>> shares;
    if (c.contains("shares")) {
      std::string s = ", share: {";
      for (const auto& [category, value] : c.at("shares").items()) {
        s += fmt::format(" {}: [0, 1],", category);
        shares.push_back({category, value.get<double>()});
      }
      s.back() = ' ';
      options += s + "}";
    }
    Verdict v =
        runner_.Run({{"d", SourcePath(c.at("dataset"))}},
                    "kind: distribution, dataset: d, column: " + column + options, settings);
    for (const auto& [statistic, value] : expected) {
      SCOPED_TRACE(name + " / " + statistic);
      const Result& r = FindResult(v, column, statistic);
      if (!r.observed) {
        ADD_FAILURE() << "no observed value: " << r.message;
        continue;
      }
      EXPECT_EQ(r.outcome, Outcome::kPass) << r.message;
      if (r.details.value("sketch", false)) {
        EXPECT_EQ(settings.memory_budget, 1u);
        EXPECT_GT(r.details.at("rank_error_bound").get<double>(), 0);
        // From a sketch: the oracle lies inside the reported interval.
        auto interval = r.details.at("interval");
        EXPECT_LE(interval[0].get<double>(), value);
        EXPECT_GE(interval[1].get<double>(), value);
        continue;
      }
      testing::ExpectStatistic(*r.observed, value, statistic);
    }
    for (const auto& [category, value] : shares) {
      const Result& r = FindResult(v, column + "=" + category, "share");
      if (!r.observed) {
        ADD_FAILURE() << "no observed value: " << r.message;
        continue;
      }
      testing::ExpectStatistic(*r.observed, value, "share of " + category);
    }
    return v;
  }

  testing::GateRunner runner_;
};

TEST_F(DistributionCheckTest, WeatherColumnsMatchPandas) {
  ExpectMatchesOracle("weather_temp_max");
  ExpectMatchesOracle("weather_wind");
  ExpectMatchesOracle("weather_precipitation");
}

TEST_F(DistributionCheckTest, LabelSharesMatchPandas) {
  ExpectMatchesOracle("weather_label_shares");
  ExpectMatchesOracle("synthetic_color");
}

TEST_F(DistributionCheckTest, MissingValuesAreExcludedAndCounted) {
  ExpectMatchesOracle("synthetic_x_with_nulls");
}

TEST_F(DistributionCheckTest, SketchedQuantilesCarryTheirErrorBound) {
  // Moments stay exact in sketch mode; quantiles come from the compacted sketch.
  Verdict full = ExpectMatchesOracle("weather_full_temp_max", {.memory_budget = 1});
  const Result& median = FindResult(full, "temp_max", "quantile_0.5");
  EXPECT_TRUE(median.details.value("sketch", false));
  EXPECT_THAT(median.message, HasSubstr("over 1461 values, from a sketch"));
  // 365 values fit in the sketch uncompacted: quantiles are still numpy's, exactly.
  Verdict small = ExpectMatchesOracle("weather_temp_max", {.memory_budget = 1});
  EXPECT_FALSE(FindResult(small, "temp_max", "quantile_0.9").details.contains("sketch"));
}

TEST_F(DistributionCheckTest, BoundsThatBreakFailWithTheBrokenBound) {
  Verdict v = runner_.Run(
      {{"d", SourcePath("examples/seattle-weather/data/weather-2015.csv")}},
      "kind: distribution, dataset: d, column: temp_max, mean: [18, 25], max: [null, 30], "
      "quantiles: { 0.5: [10, 20] }");
  const Result& mean = FindResult(v, "temp_max", "mean");
  EXPECT_EQ(mean.outcome, Outcome::kFail);
  EXPECT_EQ(*mean.threshold, 18);
  EXPECT_EQ(mean.comparison, "18 <= mean <= 25");
  EXPECT_EQ(mean.message, "mean 17.4279 is below the minimum 18 (over 365 values)");
  const Result& max = FindResult(v, "temp_max", "max");
  EXPECT_EQ(max.outcome, Outcome::kFail);
  EXPECT_EQ(*max.observed, 35.0);
  EXPECT_EQ(max.comparison, "max <= 30");
  EXPECT_EQ(FindResult(v, "temp_max", "quantile_0.5").outcome, Outcome::kPass);
  EXPECT_EQ(v.decision, Decision::kBlock);
}

TEST_F(DistributionCheckTest, ClassBalanceOfALabel) {
  Verdict v = runner_.Run({{"d", SourcePath("examples/seattle-weather/data/weather-2015.csv")}},
                          "kind: distribution, dataset: d, column: weather, "
                          "share: { rain: [0.3, 0.6], sun: [null, 0.4], snow: [0.01, null] }");
  const Result& rain = FindResult(v, "weather=rain", "share");
  EXPECT_EQ(rain.outcome, Outcome::kPass);
  EXPECT_EQ(rain.details.at("count"), 144);
  EXPECT_EQ(rain.message, "share 0.394521 within 0.3 <= share <= 0.6 (144 of 365 non-null values)");
  EXPECT_EQ(FindResult(v, "weather=sun", "share").outcome, Outcome::kFail);
  // A category that does not occur has share 0: a defined value, not an error.
  const Result& snow = FindResult(v, "weather=snow", "share");
  EXPECT_EQ(snow.outcome, Outcome::kFail);
  EXPECT_EQ(*snow.observed, 0.0);
  EXPECT_THAT(snow.message, HasSubstr("'snow' does not occur"));
}

TEST_F(DistributionCheckTest, NullShareAsAMaximumOrAnInterval) {
  std::string data = runner_.Write("d.csv", "a,b\n1,x\nNA,y\n3,\n,z\n");
  Verdict v =
      runner_.Run({{"d", data}}, "kind: distribution, dataset: d, column: a, null_share: 0.25");
  const Result& r = FindResult(v, "a", "null_share");
  EXPECT_EQ(r.outcome, Outcome::kFail);
  EXPECT_DOUBLE_EQ(*r.observed, 0.5);
  EXPECT_EQ(r.comparison, "null_share <= 0.25");
  EXPECT_EQ(r.message, "null_share 0.5 is above the maximum 0.25 (2 of 4 values missing)");
  Verdict ok = runner_.Run({{"d", data}},
                           "kind: distribution, dataset: d, column: b, null_share: [0.2, 0.3]");
  EXPECT_EQ(FindResult(ok, "b", "null_share").outcome, Outcome::kPass);
}

TEST_F(DistributionCheckTest, EdgeCasesAreErrorsWithReasons) {
  std::string data = runner_.Write("d.csv", "n,s,e,one\n1,a,,5\n2,b,,\n");
  auto run = [&](const std::string& options) {
    return runner_.Run({{"d", data}}, "kind: distribution, dataset: d, " + options);
  };
  Verdict text = run("column: s, mean: [0, 1]");
  EXPECT_EQ(FindResult(text, "s", "mean").outcome, Outcome::kError);
  EXPECT_THAT(FindResult(text, "s", "mean").message, HasSubstr("needs numbers, but it holds "
                                                               "string values"));
  Verdict empty = run("column: e, mean: [0, 1], quantiles: { 0.5: [0, 1] }, share: { a: [0, 1] }");
  EXPECT_EQ(FindResult(empty, "e", "mean").outcome, Outcome::kError);
  EXPECT_EQ(FindResult(empty, "e", "quantile_0.5").outcome, Outcome::kError);
  EXPECT_THAT(FindResult(empty, "e=a", "share").message, HasSubstr("has no values (all 2 rows "
                                                                   "null)"));
  Verdict one = run("column: one, std: [0, 1]");
  EXPECT_THAT(FindResult(one, "one", "std").message,
              HasSubstr("std of 'one' needs at least two values; it has 1"));
  Verdict missing = run("column: nope, mean: [0, 1]");
  ASSERT_EQ(missing.results.size(), 1u);
  EXPECT_THAT(missing.results[0].message, HasSubstr("column 'nope' is missing from dataset 'd'"));
  std::string header_only = runner_.Write("h.csv", "n\n");
  Verdict no_rows =
      runner_.Run({{"d", header_only}}, "kind: distribution, dataset: d, column: n, mean: [0, 1]");
  ASSERT_EQ(no_rows.results.size(), 1u);
  EXPECT_EQ(no_rows.results[0].outcome, Outcome::kError);
  EXPECT_THAT(no_rows.results[0].message, HasSubstr("has no data rows"));
}

TEST_F(DistributionCheckTest, InvalidOptionsAreDiagnosedAtLoad) {
  std::map<std::string, std::string> data = {
      {"d", SourcePath("examples/seattle-weather/data/weather-2015.csv")}};
  auto error = [&](const std::string& options) {
    return runner_.LoadError(data, "kind: distribution, dataset: d, column: wind, " + options);
  };
  EXPECT_THAT(error("mean: [5, 1]"), HasSubstr("'mean' has min 5 above max 1"));
  EXPECT_THAT(error("mean: 3"), HasSubstr("'mean' must be [min, max]"));
  EXPECT_THAT(error("quantiles: { 1.5: [0, 1] }"), HasSubstr("quantile '1.5' must be a number in "
                                                             "[0, 1]"));
  EXPECT_THAT(error("share: { rain: [0, 2] }"), HasSubstr("bounds must lie in [0, 1]"));
  EXPECT_THAT(error("null_share: [null, null]"), HasSubstr("needs at least one bound"));
  EXPECT_THAT(error("meen: [0, 1]"), HasSubstr("did you mean 'mean'?"));
  EXPECT_THAT(runner_.LoadError(data, "kind: distribution, dataset: d, column: wind"),
              HasSubstr("give at least one of mean, std"));
  EXPECT_EQ(error("mean: [null, 5], std: [0, null], min: [0, 1], max: [5, 10], null_share: 0"), "");
}

TEST(DistributionKindTest, DocumentsEveryOption) {
  KindInfo info = DistributionCheckKind();
  EXPECT_EQ(info.options.size(), 9u);
  EXPECT_EQ(info.rubric, std::vector<std::string>{"monitor-2"});
}

}  // namespace
}  // namespace mlgate
