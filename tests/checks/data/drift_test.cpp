// The drift check judged end to end: real CSV files (the seattle-weather data and synthetic
// files), the real profiler and runner, results compared with the scipy/pandas oracle in
// tests/oracles/fixtures/checks_drift.json; edge cases and option validation.
#include "checks/data/drift.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "checks/data/column_util.h"
#include "checks/registry.h"
#include "tests/checks/data/data_checks_util.h"

namespace mlgate {
namespace {

using ::testing::ElementsAre;
using testing::FindResult;
using ::testing::HasSubstr;
using testing::SourcePath;

class DriftCheckTest : public ::testing::Test {
 protected:
  // Runs the fixture case `name` and compares every expected result with the oracle.
  Verdict RunCase(const std::string& name) {
    static const nlohmann::json fixture = testing::LoadChecksFixture("checks_drift.json");
    nlohmann::json c = testing::FixtureCase(fixture, name);
    std::map<std::string, std::string> datasets;
    for (const auto& [dataset, path] : c.at("datasets").items()) {
      datasets[dataset] = SourcePath(path.get<std::string>());
    }
    testing::RunSettings settings;
    settings.memory_budget = c.value("memory_budget", 0);
    Verdict v = runner_.Run(datasets, c.at("check").get<std::string>(), settings);
    for (const auto& e : c.at("expected")) {
      std::string subject = e.at("subject");
      SCOPED_TRACE(name + " / " + subject);
      const Result& r = FindResult(v, subject, e.at("statistic"));
      if (!r.observed) {
        ADD_FAILURE() << "no observed value: " << r.message;
        continue;
      }
      EXPECT_EQ(OutcomeName(r.outcome), e.at("outcome").get<std::string>()) << r.message;
      EXPECT_EQ(r.details.value("kind", ""), e.at("kind").get<std::string>());
      EXPECT_DOUBLE_EQ(*r.threshold, e.at("threshold").get<double>());
      double expected = e.at("observed").get<double>();
      bool sketch = r.details.value("sketch", false);
      EXPECT_EQ(sketch, c.contains("memory_budget"));
      if (sketch) {
        // From sketches: within the reported bound of the exact value.
        double bound = r.details.at("statistic_error_bound").get<double>();
        EXPECT_GT(r.details.at("rank_error_bound").at("reference").get<double>(), 0);
        EXPECT_LE(std::abs(*r.observed - expected), bound + 1e-12)
            << "observed " << *r.observed << " oracle " << expected;
        EXPECT_LT(bound, 0.02);
        continue;
      }
      testing::ExpectStatistic(*r.observed, expected, "observed");
      if (e.contains("p_value")) {
        if (!r.p_value) {
          ADD_FAILURE() << "no p-value: " << r.message;
          continue;
        }
        bool asymptotic = e.value("p_value_method", "exact") == "asymptotic";
        EXPECT_NEAR(*r.p_value, e.at("p_value").get<double>(), asymptotic ? 1e-4 : 1e-6);
        EXPECT_EQ(r.comparison, "p_value >= " + data_checks::Num(*r.threshold));
        if (e.contains("p_value_method")) {
          EXPECT_EQ(r.details.at("p_value_method"), e.at("p_value_method"));
        }
      } else {
        EXPECT_FALSE(r.p_value.has_value());
        EXPECT_EQ(r.comparison, r.statistic + " < " + data_checks::Num(*r.threshold));
      }
      if (e.contains("bins")) {
        EXPECT_EQ(r.details.at("bins"), e.at("bins"));
        EXPECT_EQ(r.details.at("reference_counts"), e.at("reference_counts"));
        EXPECT_EQ(r.details.at("current_counts"), e.at("current_counts"));
      }
      if (e.contains("distinct")) {
        if (r.details.value("distinct_overflowed", false)) {
          // A numeric column's values are counted only until it has more distinct values
          // than a categorical column may: the count is a lower bound, past that limit.
          EXPECT_EQ(r.details.at("kind"), "numeric");
          EXPECT_GT(r.details.at("distinct").get<int>(), 5);
          EXPECT_LE(r.details.at("distinct").get<int>(), e.at("distinct").get<int>());
        } else {
          EXPECT_EQ(r.details.at("distinct"), e.at("distinct"));
        }
      }
      if (e.contains("categories")) {
        EXPECT_EQ(r.details.at("categories"), e.at("categories"));
      }
    }
    return v;
  }

  std::map<std::string, std::string> Synthetic() const {
    return {{"ref", SourcePath("tests/data/data_checks/small_ref.csv")},
            {"cur", SourcePath("tests/data/data_checks/small_cur.csv")}};
  }
  std::map<std::string, std::string> Weather() const {
    return {{"ref", SourcePath("examples/seattle-weather/data/weather-2012-2013.csv")},
            {"cur", SourcePath("examples/seattle-weather/data/weather-2015.csv")}};
  }

  testing::GateRunner runner_;
};

TEST_F(DriftCheckTest, AutoWithSmallReferenceUsesKsAndChiSquare) {
  Verdict v = RunCase("weather_auto_small_reference");
  const Result& temp = FindResult(v, "temp_max", "ks");
  EXPECT_THAT(temp.message, HasSubstr("drift: KS D = "));
  EXPECT_THAT(temp.details.at("method_reason").get<std::string>(), HasSubstr("numeric ("));
  EXPECT_THAT(temp.details.at("method_reason").get<std::string>(),
              HasSubstr("the reference has 731 values <= 1000"));
  EXPECT_EQ(temp.details.at("n_reference"), 731);
  EXPECT_EQ(temp.details.at("n_current"), 365);
  // The label: 'snow' occurs in 2012-2013 only; chi-square still counts it.
  const Result& label = FindResult(v, "weather", "chi2");
  EXPECT_THAT(label.details.at("only_in_reference"), ElementsAre("snow"));
  EXPECT_EQ(label.details.at("reference_counts").at("snow"), 24);
  EXPECT_EQ(label.details.at("current_counts").at("snow"), 0);
  EXPECT_EQ(label.details.at("dof"), 4);
  EXPECT_THAT(label.message, HasSubstr("only in the reference: 'snow'"));
  EXPECT_EQ(v.decision, Decision::kBlock);
  EXPECT_EQ(v.results.size(), 5u);
}

TEST_F(DriftCheckTest, AutoWithLargeReferenceUsesWassersteinAndJensenShannon) {
  Verdict v = RunCase("weather_auto_large_reference");
  const Result& wind = FindResult(v, "wind", "wasserstein_normed");
  EXPECT_THAT(wind.details.at("method_reason").get<std::string>(),
              HasSubstr("the reference has 1461 values > 1000"));
  EXPECT_GT(wind.details.at("reference_std").get<double>(), 1.0);
  EXPECT_EQ(FindResult(v, "weather", "js").details.at("kind"), "categorical");
  // Default columns: the date column is reported as skipped, not silently dropped.
  const Result& date = FindResult(v, "date");
  EXPECT_EQ(date.outcome, Outcome::kSkip);
  EXPECT_THAT(date.message, HasSubstr("holds dates"));
}

TEST_F(DriftCheckTest, PsiOnNumericBinsAndOnCategories) { RunCase("weather_psi"); }

TEST_F(DriftCheckTest, JensenShannonWithTwentyBins) { RunCase("weather_js_bins_20"); }

TEST_F(DriftCheckTest, UnnormedWassersteinIsInTheColumnsUnits) {
  Verdict v = RunCase("weather_wasserstein_raw");
  EXPECT_EQ(FindResult(v, "temp_max", "wasserstein").comparison, "wasserstein < 1.5");
}

TEST_F(DriftCheckTest, LInfinityOnTheLabel) { RunCase("weather_linf"); }

TEST_F(DriftCheckTest, ExplicitKsOnALargeReference) { RunCase("weather_ks_large"); }

TEST_F(DriftCheckTest, AutoOnSyntheticColumnsPicksEachMethod) {
  Verdict v = RunCase("synthetic_auto");
  // Two categories over both datasets: the z-test; 'silver' appears only in the current data.
  const Result& tier = FindResult(v, "tier", "z");
  EXPECT_EQ(tier.details.at("category"), "gold");
  EXPECT_THAT(tier.details.at("only_in_current"), ElementsAre("silver"));
  const Result& grade = FindResult(v, "grade", "chi2");
  EXPECT_THAT(grade.details.at("method_reason").get<std::string>(),
              HasSubstr("categorical (only 4 distinct values)"));
  // A constant column: one category on both sides, a defined pass.
  const Result& constant = FindResult(v, "const", "chi2");
  EXPECT_EQ(constant.outcome, Outcome::kPass);
  EXPECT_THAT(constant.message, HasSubstr("a single category '5' on both sides"));
  const Result& color = FindResult(v, "color", "chi2");
  EXPECT_THAT(color.message, HasSubstr("only in the current data: 'purple'"));
}

TEST_F(DriftCheckTest, PerColumnMethodsAndThresholds) {
  Verdict v = RunCase("synthetic_per_column");
  EXPECT_EQ(FindResult(v, "x", "psi").comparison, "psi < 0.25");
  EXPECT_EQ(FindResult(v, "grade", "chi2").comparison, "p_value >= 0.001");
}

TEST_F(DriftCheckTest, PsiAndJensenShannonUseCategoriesOnCategoricalColumns) {
  Verdict v = RunCase("synthetic_categorical_psi");
  EXPECT_EQ(FindResult(v, "churn", "psi").details.at("kind"), "categorical");
}

TEST_F(DriftCheckTest, BonferroniDividesThePValueThreshold) {
  Verdict v = RunCase("synthetic_bonferroni");
  const Result& y = FindResult(v, "y", "ks");
  EXPECT_EQ(y.outcome, Outcome::kPass);  // p = 0.019: drift at 0.05, not at 0.05 / 3
  EXPECT_EQ(y.details.at("correction"), "bonferroni");
  EXPECT_EQ(y.details.at("tests"), 3);
  EXPECT_DOUBLE_EQ(y.details.at("threshold_uncorrected").get<double>(), 0.05);
  EXPECT_THAT(y.message, HasSubstr("bonferroni over 3 tests"));
}

TEST_F(DriftCheckTest, SketchModeStaysWithinItsErrorBound) {
  Verdict v = RunCase("weather_sketch");
  const Result& r = FindResult(v, "temp_max", "ks");
  EXPECT_EQ(r.details.at("p_value_method"), "asymptotic");
  EXPECT_THAT(r.message, HasSubstr("from quantile sketches"));
  RunCase("weather_sketch_wasserstein");
}

TEST_F(DriftCheckTest, PsiFromSketchesReportsProportionsAndTheirBound) {
  Verdict v =
      runner_.Run({{"ref", SourcePath("examples/seattle-weather/data/seattle-weather.csv")},
                   {"cur", SourcePath("examples/seattle-weather/data/weather-2015.csv")}},
                  "kind: drift, reference: ref, current: cur, columns: [temp_max], method: psi",
                  {.memory_budget = 1});
  const Result& r = FindResult(v, "temp_max", "psi");
  ASSERT_TRUE(r.observed.has_value()) << r.message;
  EXPECT_TRUE(r.details.at("sketch").get<bool>());
  EXPECT_EQ(r.details.at("reference_proportions").size(), 10u);
  EXPECT_GT(r.details.at("proportion_error_bound").at("reference").get<double>(), 0);
  EXPECT_GE(*r.observed, 0);
}

TEST_F(DriftCheckTest, ThreadCountDoesNotChangeResults) {
  std::string check = "kind: drift, reference: ref, current: cur, columns: [x, y, color]";
  // Small blocks, so that several workers really share each file.
  Verdict one = runner_.Run(Synthetic(), check, {.threads = 1, .block_bytes = 512});
  Verdict whole = runner_.Run(Synthetic(), check, {.threads = 1});
  ASSERT_EQ(one.results.size(), 3u);
  for (int threads : {2, 3}) {
    Verdict many = runner_.Run(Synthetic(), check, {.threads = threads, .block_bytes = 512});
    ASSERT_EQ(one.results.size(), many.results.size());
    for (size_t i = 0; i < one.results.size(); ++i) {
      ASSERT_TRUE(one.results[i].observed.has_value()) << one.results[i].message;
      EXPECT_EQ(one.results[i].observed, many.results[i].observed) << threads;
      EXPECT_EQ(one.results[i].p_value, many.results[i].p_value) << threads;
      // Block size does not matter either: exact statistics use every value.
      EXPECT_EQ(one.results[i].observed, whole.results[i].observed);
    }
  }
}

TEST_F(DriftCheckTest, DefaultColumnsReportEveryColumnNotCompared) {
  Verdict v = runner_.Run(Synthetic(), "kind: drift, reference: ref, current: cur");
  EXPECT_THAT(FindResult(v, "day").message, HasSubstr("holds dates"));
  const Result& only_ref = FindResult(v, "only_ref");
  EXPECT_EQ(only_ref.outcome, Outcome::kSkip);
  EXPECT_THAT(only_ref.message, HasSubstr("only in the reference dataset 'ref'"));
  EXPECT_EQ(FindResult(v, "only_cur").outcome, Outcome::kSkip);
  const Result& empty = FindResult(v, "empty");
  EXPECT_EQ(empty.outcome, Outcome::kSkip);
  EXPECT_THAT(empty.message, HasSubstr("no values in either dataset"));
  // Values in the reference, none in the current data: an error, never a pass.
  const Result& sparse = FindResult(v, "sparse");
  EXPECT_EQ(sparse.outcome, Outcome::kError);
  EXPECT_THAT(sparse.message, HasSubstr("no values in the current dataset 'cur' (all 200 rows "
                                        "null)"));
  // 16 columns in the reference and 1 only in the current.
  EXPECT_EQ(v.results.size(), 16u);
}

TEST_F(DriftCheckTest, NamedColumnMissingOnOneSideIsAnError) {
  Verdict v =
      runner_.Run(Synthetic(), "kind: drift, reference: ref, current: cur, columns: [x, only_ref]");
  const Result& r = FindResult(v, "only_ref");
  EXPECT_EQ(r.outcome, Outcome::kError);
  EXPECT_THAT(r.message, HasSubstr("missing from the current dataset 'cur'"));
  EXPECT_EQ(v.decision, Decision::kBlock);
}

TEST_F(DriftCheckTest, EmptyDatasetIsAnError) {
  std::string empty = runner_.Write("empty.csv", "x,y\n");
  std::string full = runner_.Write("full.csv", "x,y\n1,2\n3,4\n");
  Verdict v =
      runner_.Run({{"ref", full}, {"cur", empty}}, "kind: drift, reference: ref, current: cur");
  ASSERT_EQ(v.results.size(), 1u);
  EXPECT_EQ(v.results[0].outcome, Outcome::kError);
  EXPECT_EQ(v.results[0].subject, "cur");
  EXPECT_THAT(v.results[0].message, HasSubstr("has no data rows"));
}

TEST_F(DriftCheckTest, ZeroVarianceReferenceIsDividedByTheFloor) {
  std::string ref = runner_.Write("ref.csv", "v\n3\n3\n3\n3\n");
  std::string cur = runner_.Write("cur.csv", "v\n3\n4\n5\n");
  Verdict v = runner_.Run({{"ref", ref}, {"cur", cur}},
                          "kind: drift, reference: ref, current: cur, method: wasserstein");
  const Result& r = FindResult(v, "v", "wasserstein_normed");
  ASSERT_TRUE(r.observed.has_value()) << r.message;
  // scipy: wasserstein_distance([3,3,3,3], [3,4,5]) = 1, divided by max(0, 0.001).
  EXPECT_NEAR(*r.observed, 1000.0, 1e-9);
  EXPECT_EQ(r.outcome, Outcome::kFail);
  EXPECT_THAT(r.message, HasSubstr("below 0.001, so the distance is divided by 0.001"));
}

TEST_F(DriftCheckTest, UndefinedStatisticsAreErrorsWithTheReason) {
  std::string ref = runner_.Write("ref.csv", "v,c\n3,a\n,b\n");
  std::string cur = runner_.Write("cur.csv", "v,c\n3,a\n4,b\n5,c\n");
  Verdict v = runner_.Run({{"ref", ref}, {"cur", cur}},
                          "kind: drift, reference: ref, current: cur, columns: [v], "
                          "method: wasserstein");
  const Result& r = FindResult(v, "v", "wasserstein_normed");
  EXPECT_EQ(r.outcome, Outcome::kError);
  EXPECT_FALSE(r.observed.has_value());
  EXPECT_THAT(r.message, HasSubstr("needs at least two values"));
  Verdict z = runner_.Run({{"ref", ref}, {"cur", cur}},
                          "kind: drift, reference: ref, current: cur, columns: [c], method: z");
  EXPECT_EQ(FindResult(z, "c", "z").outcome, Outcome::kError);
  EXPECT_THAT(FindResult(z, "c", "z").message, HasSubstr("two categories; the data has 3"));
}

TEST_F(DriftCheckTest, TooManyCategoriesToCountIsAnError) {
  std::string ref = "id\n", cur = "id\n";
  for (int i = 0; i < 10001; ++i) ref += "u" + std::to_string(i) + "\n";
  for (int i = 0; i < 50; ++i) cur += "u" + std::to_string(i) + "\n";
  Verdict v =
      runner_.Run({{"ref", runner_.Write("ref.csv", ref)}, {"cur", runner_.Write("cur.csv", cur)}},
                  "kind: drift, reference: ref, current: cur");
  const Result& r = FindResult(v, "id", "js");
  EXPECT_EQ(r.outcome, Outcome::kError);
  EXPECT_THAT(r.message, HasSubstr("more than 10000 distinct values"));
}

// `auto` counts a column's values only until they are more than a categorical column may have,
// when all are numbers; a column that turns to text after that cannot be compared by category
// under `auto`, and says why. Named categorical methods count every value.
TEST_F(DriftCheckTest, CountsStoppedForTheKindAreNeverJudgedAsCategories) {
  // t has its text first, so it is counted whole and compared by category.
  std::string ref = "m,n,t\n", cur = "m,n,t\n";
  for (int i = 0; i < 400; ++i) {
    const std::string m = i < 300 ? std::to_string(i % 9) : "late";
    const std::string t = i == 0 ? "early" : std::to_string(i % 9);
    ref += m + "," + std::to_string(i % 9) + "," + t + "\n";
    cur += m + "," + std::to_string(i % 7) + "," + t + "\n";
  }
  const std::string check = "kind: drift, reference: ref, current: cur, columns: [m, n, t]";
  const std::map<std::string, std::string> data = {{"ref", runner_.Write("ref.csv", ref)},
                                                   {"cur", runner_.Write("cur.csv", cur)}};
  Verdict v = runner_.Run(data, check + ", method: auto", {.threads = 1, .block_bytes = 256});
  const Result& m = FindResult(v, "m", "chi2");
  EXPECT_EQ(m.outcome, Outcome::kError);
  EXPECT_THAT(m.message, HasSubstr("value counts stopped once it had more than 5 distinct values"));
  // n: numbers throughout, 9 and 7 distinct values: numeric, from counts that stopped early.
  const Result& n = FindResult(v, "n", "ks");
  EXPECT_EQ(n.outcome, Outcome::kFail) << n.message;
  EXPECT_EQ(n.details.at("kind"), "numeric");
  EXPECT_EQ(n.details.at("distinct_overflowed"), true);
  EXPECT_THAT(n.details.at("method_reason").get<std::string>(),
              HasSubstr("numeric (more than 5 distinct values)"));
  const Result& t = FindResult(v, "t", "chi2");
  EXPECT_EQ(t.outcome, Outcome::kPass) << t.message;
  EXPECT_EQ(t.details.at("reference_counts").at("8"), 44);
  // Named, chi2 counts every value of m: "late" 100 times on both sides.
  Verdict named = runner_.Run(data, check + ", method: chi2", {.threads = 1, .block_bytes = 256});
  const Result& all = FindResult(named, "m", "chi2");
  EXPECT_NE(all.outcome, Outcome::kError) << all.message;
  EXPECT_EQ(all.details.at("reference_counts").at("late"), 100);
  EXPECT_EQ(all.details.at("current_counts").at("late"), 100);
}

TEST_F(DriftCheckTest, InfiniteValuesAreLeftOutAndCounted) {
  std::string ref = runner_.Write("ref.csv", "v\n1\n2\ninf\n3\n4\n5\n6\n");
  std::string cur = runner_.Write("cur.csv", "v\n1\n2\n3\n-inf\n4\n5\n7\n");
  Verdict v = runner_.Run({{"ref", ref}, {"cur", cur}},
                          "kind: drift, reference: ref, current: cur, method: ks");
  const Result& r = FindResult(v, "v", "ks");
  ASSERT_TRUE(r.observed.has_value()) << r.message;
  // scipy: ks_2samp([1..6], [1, 2, 3, 4, 5, 7]): D = 1/6, p = 1.
  EXPECT_NEAR(*r.observed, 1.0 / 6, 1e-12);
  EXPECT_NEAR(*r.p_value, 1.0, 1e-12);
  EXPECT_EQ(r.details.at("non_finite_reference"), 1);
  EXPECT_EQ(r.details.at("non_finite_current"), 1);
  EXPECT_THAT(r.message, HasSubstr("2 infinite values left out"));
}

TEST_F(DriftCheckTest, NumericMethodOnTextIsAnError) {
  Verdict v = runner_.Run(Weather(),
                          "kind: drift, reference: ref, current: cur, columns: [weather], "
                          "method: ks");
  const Result& r = FindResult(v, "weather");
  EXPECT_EQ(r.outcome, Outcome::kError);
  EXPECT_THAT(r.message, HasSubstr("method ks compares numbers, but 'weather' holds string"));
}

TEST_F(DriftCheckTest, MaxDriftedShareJudgesTheDataset) {
  std::string check =
      "kind: drift, reference: ref, current: cur, columns: [x, noise, const, grade], "
      "max_drifted_share: ";
  Verdict v = runner_.Run(Synthetic(), check + "0.5");
  EXPECT_EQ(FindResult(v, "x", "ks").outcome, Outcome::kWarn);  // a drift no longer blocks alone
  EXPECT_EQ(FindResult(v, "noise", "ks").outcome, Outcome::kPass);
  const Result& share = FindResult(v, "(dataset)", "drifted_share");
  EXPECT_EQ(share.outcome, Outcome::kPass);
  EXPECT_DOUBLE_EQ(*share.observed, 0.5);
  EXPECT_EQ(share.comparison, "drifted_share <= 0.5");
  EXPECT_THAT(share.details.at("drifted_columns"), ElementsAre("x", "grade"));
  EXPECT_EQ(v.decision, Decision::kPromote);
  Verdict strict = runner_.Run(Synthetic(), check + "0.4");
  EXPECT_EQ(FindResult(strict, "(dataset)", "drifted_share").outcome, Outcome::kFail);
  EXPECT_EQ(strict.decision, Decision::kBlock);
}

TEST_F(DriftCheckTest, StoredProfileAsReferenceGivesTheSameResults) {
  std::string profile = runner_.Write("ref.profile.json", "");
  std::string command = std::string(MLGATE_BINARY) + " profile " +
                        SourcePath("examples/seattle-weather/data/weather-2012-2013.csv") + " -o " +
                        profile + " 2>/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0);
  std::string check = "kind: drift, reference: ref, current: cur";
  Verdict stored =
      runner_.Run({{"ref", "profile:" + profile},
                   {"cur", SourcePath("examples/seattle-weather/data/weather-2015.csv")}},
                  check);
  Verdict raw = runner_.Run(Weather(), check);
  for (const char* column : {"temp_max", "wind", "weather"}) {
    const Result& a = FindResult(stored, column);
    const Result& b = FindResult(raw, column);
    ASSERT_TRUE(a.observed.has_value()) << a.message;
    EXPECT_EQ(a.statistic, b.statistic);
    EXPECT_EQ(a.observed, b.observed);
    EXPECT_EQ(a.p_value, b.p_value);
  }
}

// Records what a check asks the profiler for.
class RecordingPlanner : public Planner {
 public:
  void NeedColumns(const std::string& dataset, const std::vector<std::string>& columns,
                   const ColumnNeeds& needs) override {
    for (const auto& c : columns) needs_[dataset + "." + c].Add(needs);
    if (columns.empty()) needs_[dataset + ".*"].Add(needs);
  }
  void NeedRule(const std::string&, const std::string&, std::shared_ptr<const ValueRule>) override {
  }
  void NeedTable(const std::string&) override {}
  std::map<std::string, ColumnNeeds> needs_;
};

std::map<std::string, ColumnNeeds> PlanOf(const std::string& yaml) {
  std::vector<Diagnostic> diagnostics;
  YAML::Node node = YAML::Load(yaml);
  OptionReader reader(node, "check 'c'", &diagnostics);
  CheckContext context;
  context.datasets = {"ref", "cur"};
  auto check = DriftCheckKind().create(reader, context);
  EXPECT_TRUE(check) << (diagnostics.empty() ? "" : diagnostics[0].message);
  RecordingPlanner planner;
  if (check) check->Plan(planner);
  return planner.needs_;
}

TEST(DriftPlanTest, NumericMethodsNeedValuesCategoricalOnesNeedCounts) {
  auto needs = PlanOf(
      "{ reference: ref, current: cur, columns: [a, b, c], method: ks, "
      "per_column: { b: { method: chi2 }, c: { method: auto } } }");
  EXPECT_TRUE(needs["ref.a"].values);
  EXPECT_FALSE(needs["ref.a"].frequencies);
  EXPECT_TRUE(needs["cur.a"].values);
  EXPECT_FALSE(needs["cur.b"].values);
  EXPECT_TRUE(needs["cur.b"].frequencies);
  // auto decides from the data: both.
  EXPECT_TRUE(needs["ref.c"].values && needs["ref.c"].frequencies && needs["ref.c"].moments);
  auto all = PlanOf("{ reference: ref, current: cur }");
  EXPECT_TRUE(all["ref.*"].values && all["ref.*"].frequencies);
  EXPECT_TRUE(all["cur.*"].values && all["cur.*"].frequencies);
}

TEST_F(DriftCheckTest, InvalidOptionsAreDiagnosedAtLoad) {
  auto data = Weather();
  EXPECT_THAT(runner_.LoadError(data, "kind: drift, reference: ref, current: cur, method: kss"),
              HasSubstr("did you mean 'ks'?"));
  EXPECT_THAT(runner_.LoadError(data,
                                "kind: drift, reference: ref, current: cur, "
                                "method: wasserstein, normed: false"),
              HasSubstr("give a 'threshold'"));
  EXPECT_THAT(runner_.LoadError(data,
                                "kind: drift, reference: ref, current: cur, method: ks, "
                                "threshold: 5"),
              HasSubstr("'threshold' must be at most 1 for a p-value"));
  EXPECT_THAT(runner_.LoadError(data,
                                "kind: drift, reference: ref, current: cur, "
                                "columns: [a], per_column: { b: { method: psi } }"),
              HasSubstr("per_column names 'b', which is not in 'columns'"));
  EXPECT_THAT(runner_.LoadError(data, "kind: drift, reference: ref, current: ref"),
              HasSubstr("name the same dataset"));
  EXPECT_THAT(runner_.LoadError(data,
                                "kind: drift, reference: ref, current: cur, "
                                "per_column: { a: { methd: psi } }"),
              HasSubstr("unknown key 'methd' (did you mean 'method'?)"));
  EXPECT_THAT(runner_.LoadError(data, "kind: drift, reference: ref, current: cuur"),
              HasSubstr("did you mean 'cur'?"));
  EXPECT_EQ(runner_.LoadError(data,
                              "kind: drift, reference: ref, current: cur, bins: 20, "
                              "correction: bonferroni, max_drifted_share: 0.3"),
            "");
}

TEST(DriftKindTest, DocumentsEveryOptionAndItsRubric) {
  KindInfo info = DriftCheckKind();
  std::vector<std::string> names;
  for (const auto& o : info.options) names.push_back(o.name);
  EXPECT_THAT(names, ElementsAre("reference", "current", "columns", "method", "threshold", "bins",
                                 "normed", "per_column", "correction", "max_drifted_share"));
  EXPECT_THAT(info.rubric, ElementsAre("monitor-2", "monitor-3"));
  EXPECT_NE(Registry::Default().Find("drift"), nullptr);
}

}  // namespace
}  // namespace mlgate
