// Paired bootstrap (reproducibility, coverage of the point estimate, narrowing with more rows,
// agreement of the weighted-row path with explicitly resampled rows, overflow), numpy-compatible
// percentiles, and McNemar's exact test against scipy's binomtest.
#include "checks/stats/bootstrap.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "checks/stats/mcnemar.h"
#include "checks/stats/metric_data.h"
#include "checks/stats/metric_registry.h"

namespace mlgate::stats {
namespace {

using nlohmann::json;

json LoadFixture(const std::string& name) {
  std::ifstream in(std::string(MLGATE_SOURCE_DIR) + "/tests/oracles/fixtures/" + name);
  EXPECT_TRUE(in.good()) << "missing fixture " << name;
  if (!in.good()) return json::object();
  return json::parse(in);
}

// A problem with `k` classes (2 or 3) where the challenger is right with probability
// `challenger_skill` and the champion with `champion_skill` (else a uniform guess), both scored on
// the same rows. Each model's class scores favour the class it predicts.
struct PairedClassifiers {
  std::vector<std::string> classes;
  std::vector<std::string> truth, challenger, champion;
  std::vector<std::vector<double>> challenger_scores, champion_scores;  // per class

  PairedClassifiers(size_t n, double challenger_skill, double champion_skill, uint32_t seed,
                    int k = 3) {
    classes = k == 2 ? std::vector<std::string>{"a", "b"} : std::vector<std::string>{"a", "b", "c"};
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    std::discrete_distribution<int> label = k == 2
                                                ? std::discrete_distribution<int>({0.4, 0.6})
                                                : std::discrete_distribution<int>({0.5, 0.3, 0.2});
    auto guess = [&](int t, double skill) {
      return u(rng) < skill ? t : static_cast<int>(u(rng) * k) % k;
    };
    const size_t kk = static_cast<size_t>(k);
    challenger_scores.assign(kk, std::vector<double>(n));
    champion_scores.assign(kk, std::vector<double>(n));
    for (size_t i = 0; i < n; ++i) {
      int t = label(rng);
      int a = guess(t, challenger_skill), b = guess(t, champion_skill);
      truth.push_back(classes[static_cast<size_t>(t)]);
      challenger.push_back(classes[static_cast<size_t>(a)]);
      champion.push_back(classes[static_cast<size_t>(b)]);
      // Jittered scores (two decimals, so ties occur) that still sum to 1.
      double top_a = 0.5 + 0.3 * std::round(u(rng) * 100) / 100;
      double top_b = 0.5 + 0.3 * std::round(u(rng) * 100) / 100;
      for (size_t c = 0; c < kk; ++c) {
        challenger_scores[c][i] = static_cast<int>(c) == a ? top_a : (1 - top_a) / (k - 1);
        champion_scores[c][i] = static_cast<int>(c) == b ? top_b : (1 - top_b) / (k - 1);
      }
    }
  }

  MetricData Data(bool use_challenger) const {
    ClassifierColumns columns;
    for (const auto& t : truth) columns.truth.push_back(t);
    for (const auto& p : use_challenger ? challenger : champion) columns.predicted.push_back(p);
    columns.positive_label = "a";
    columns.score_classes = classes;
    columns.score_columns = use_challenger ? challenger_scores : champion_scores;
    LabelSet label_set(classes);
    auto data = MakeClassifierData(columns, &label_set);
    EXPECT_TRUE(data.ok()) << data.status().message();
    return *data;
  }
};

BootstrapOptions Options(int64_t resamples, uint64_t seed, int threads = 1) {
  BootstrapOptions o;
  o.resamples = resamples;
  o.seed = seed;
  o.threads = threads;
  return o;
}

TEST(Bootstrap, ReproducesWithASeedWhateverTheThreadCount) {
  PairedClassifiers models(2000, 0.8, 0.7, 1);
  MetricData a = models.Data(true), b = models.Data(false);
  const MetricInfo& f1 = *FindMetric("f1_macro");
  auto one = PairedBootstrap(f1, a, b, Options(300, 7, 1));
  auto again = PairedBootstrap(f1, a, b, Options(300, 7, 1));
  auto threaded = PairedBootstrap(f1, a, b, Options(300, 7, 2));
  auto other_seed = PairedBootstrap(f1, a, b, Options(300, 8, 1));
  ASSERT_TRUE(one.ok() && again.ok() && threaded.ok() && other_seed.ok());
  EXPECT_EQ(one->lower, again->lower);
  EXPECT_EQ(one->upper, again->upper);
  EXPECT_EQ(one->lower, threaded->lower);
  EXPECT_EQ(one->upper, threaded->upper);
  EXPECT_NE(one->lower, other_seed->lower);
  EXPECT_EQ(one->replicates, 300);
  EXPECT_EQ(one->skipped, 0);
}

TEST(Bootstrap, IntervalContainsThePointEstimate) {
  PairedClassifiers models(3000, 0.8, 0.7, 2);
  MetricData a = models.Data(true), b = models.Data(false);
  for (const char* name :
       {"accuracy", "f1_macro", "balanced_accuracy", "roc_auc_ovr", "log_loss"}) {
    auto r = PairedBootstrap(*FindMetric(name), a, b, Options(500, 3, 2));
    ASSERT_TRUE(r.ok()) << name << ": " << r.status().message();
    EXPECT_DOUBLE_EQ(r->difference, r->challenger - r->champion) << name;
    EXPECT_LT(r->lower, r->difference) << name;
    EXPECT_GT(r->upper, r->difference) << name;
    EXPECT_LT(r->lower, r->upper) << name;
  }
  // The challenger is clearly better (right 0.8 + 0.2 / 3 of the time against 0.7 + 0.3 / 3):
  // its accuracy interval lies above zero.
  auto acc = PairedBootstrap(*FindMetric("accuracy"), a, b, Options(500, 3, 2));
  EXPECT_GT(acc->lower, 0.0);
  EXPECT_NEAR(acc->difference, 0.2 / 3, 0.02);
}

TEST(Bootstrap, IntervalNarrowsWithMoreRows) {
  const MetricInfo& f1 = *FindMetric("f1_macro");
  PairedClassifiers small(400, 0.8, 0.75, 4), large(10000, 0.8, 0.75, 4);
  auto narrow = PairedBootstrap(f1, large.Data(true), large.Data(false), Options(400, 5, 2));
  auto wide = PairedBootstrap(f1, small.Data(true), small.Data(false), Options(400, 5, 2));
  ASSERT_TRUE(narrow.ok() && wide.ok());
  // Width shrinks like 1/sqrt(n): 25 times the rows, about a fifth of the width.
  double ratio = (narrow->upper - narrow->lower) / (wide->upper - wide->lower);
  EXPECT_LT(ratio, 0.35);
  EXPECT_GT(ratio, 0.1);
}

TEST(Bootstrap, IdenticalModelsGiveAZeroInterval) {
  PairedClassifiers models(500, 0.8, 0.7, 6);
  MetricData a = models.Data(true);
  auto r = PairedBootstrap(*FindMetric("f1_weighted"), a, a, Options(100, 1, 1));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->lower, 0.0);
  EXPECT_EQ(r->upper, 0.0);
}

// A one-resample bootstrap's interval is that replicate's difference, which must equal the metric
// difference on explicitly repeated rows (the plain, unweighted code path).
TEST(Bootstrap, WeightedRowsEqualExplicitlyResampledRows) {
  for (int k : {2, 3}) {
    PairedClassifiers models(300, 0.75, 0.7, 9, k);
    MetricData a = models.Data(true), b = models.Data(false);
    for (uint64_t seed : {1u, 2u, 3u}) {
      std::vector<uint32_t> weights(300);
      DrawReplicate(seed, 0, weights);
      PairedClassifiers resampled = models;
      for (auto* column : {&resampled.truth, &resampled.challenger, &resampled.champion}) {
        column->clear();
      }
      for (auto& scores : resampled.challenger_scores) scores.clear();
      for (auto& scores : resampled.champion_scores) scores.clear();
      for (size_t i = 0; i < weights.size(); ++i) {
        for (uint32_t copy = 0; copy < weights[i]; ++copy) {
          resampled.truth.push_back(models.truth[i]);
          resampled.challenger.push_back(models.challenger[i]);
          resampled.champion.push_back(models.champion[i]);
          for (size_t c = 0; c < models.classes.size(); ++c) {
            resampled.challenger_scores[c].push_back(models.challenger_scores[c][i]);
            resampled.champion_scores[c].push_back(models.champion_scores[c][i]);
          }
        }
      }
      ASSERT_EQ(resampled.truth.size(), 300u);
      MetricData ra = resampled.Data(true), rb = resampled.Data(false);
      std::vector<std::string> names{"f1_macro", "precision_weighted", "roc_auc_ovr", "log_loss",
                                     "balanced_accuracy"};
      if (k == 2) names.insert(names.end(), {"roc_auc", "average_precision", "brier", "f1"});
      for (const std::string& name : names) {
        const MetricInfo& m = *FindMetric(name);
        auto r = PairedBootstrap(m, a, b, Options(1, seed, 1));
        ASSERT_TRUE(r.ok()) << name << ": " << r.status().message();
        double expected = *ComputeMetric(m, ra) - *ComputeMetric(m, rb);
        EXPECT_NEAR(r->lower, expected, 1e-12) << name << " seed " << seed;
        EXPECT_EQ(r->lower, r->upper);
      }
    }
  }
}

TEST(Bootstrap, RegressionDifferenceHasTheRightSign) {
  std::mt19937_64 rng(11);
  std::normal_distribution<double> noise(0, 1);
  std::vector<double> target, good, bad;
  for (int i = 0; i < 1000; ++i) {
    double t = noise(rng) * 5;
    target.push_back(t);
    good.push_back(t + noise(rng) * 0.5);
    bad.push_back(t + noise(rng) * 1.0);
  }
  auto a = MakeRegressorData(target, good);
  auto b = MakeRegressorData(target, bad);
  ASSERT_TRUE(a.ok() && b.ok());
  for (const char* name : {"rmse", "mae", "median_ae", "mape"}) {
    auto r = PairedBootstrap(*FindMetric(name), *a, *b, Options(200, 2, 2));
    ASSERT_TRUE(r.ok()) << name;
    EXPECT_LT(r->upper, 0) << name << ": lower error for the challenger";
  }
  auto r2 = PairedBootstrap(*FindMetric("r2"), *a, *b, Options(200, 2, 2));
  ASSERT_TRUE(r2.ok());
  EXPECT_GT(r2->lower, 0);
}

TEST(Bootstrap, RefusesBadInput) {
  PairedClassifiers models(100, 0.8, 0.7, 12), other(120, 0.8, 0.7, 12);
  const MetricInfo& f1 = *FindMetric("f1_macro");
  auto unequal = PairedBootstrap(f1, models.Data(true), other.Data(false), Options(10, 1));
  EXPECT_EQ(unequal.status().code(), StatusCode::kInvalidArgument);
  BootstrapOptions bad = Options(10, 1);
  bad.confidence = 1.0;
  EXPECT_FALSE(PairedBootstrap(f1, models.Data(true), models.Data(false), bad).ok());
  EXPECT_FALSE(PairedBootstrap(f1, models.Data(true), models.Data(false), Options(0, 1)).ok());
}

TEST(Bootstrap, TooManyUndefinedReplicatesIsAnError) {
  // One positive in 20 rows: about a third of resamples leave it out and ROC AUC is undefined.
  std::vector<std::string> truth(20, "0");
  truth[3] = "1";
  ClassifierColumns columns;
  for (const auto& t : truth) columns.truth.push_back(t);
  columns.positive_label = "1";
  for (int i = 0; i < 20; ++i) columns.score.push_back(i / 20.0);
  auto data = MakeClassifierData(columns);
  ASSERT_TRUE(data.ok());
  auto r = PairedBootstrap(*FindMetric("roc_auc"), *data, *data, Options(200, 1));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataError);
  EXPECT_NE(r.status().message().find("undefined in"), std::string::npos);
}

// One squared error of 8.1e307: finite on all rows (their mean), but a replicate that draws its
// row three times or more sums past the largest double. Such a replicate is not skipped like an
// undefined one (that would drop exactly the resamples where the challenger is worst).
TEST(Bootstrap, OverflowingReplicateIsAnErrorNotSkipped) {
  const size_t n = 10;
  std::vector<double> target(n, 0.0), challenger(n, 0.5), champion(n, 1.0);
  challenger[0] = 9e153;
  auto a = MakeRegressorData(target, challenger);
  auto b = MakeRegressorData(target, champion);
  ASSERT_TRUE(a.ok() && b.ok());
  const MetricInfo& rmse = *FindMetric("rmse");
  ASSERT_TRUE(std::isfinite(*ComputeMetric(rmse, *a)));
  const int64_t resamples = 200;
  int64_t overflowing = 0;
  std::vector<uint32_t> weights(n);
  for (int64_t r = 0; r < resamples; ++r) {
    DrawReplicate(5, static_cast<uint64_t>(r), weights);
    overflowing += weights[0] >= 3;
  }
  ASSERT_GT(overflowing, 0);
  auto r = PairedBootstrap(rmse, *a, *b, Options(resamples, 5, 2));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataError);
  EXPECT_EQ(r.status().message(),
            "rmse difference is not finite in " + std::to_string(overflowing) +
                " of 200 bootstrap resamples (a sum over the resampled rows overflows double "
                "precision); no interval can be formed");

  // Not finite on all rows: refused before resampling.
  challenger[0] = 1e300;
  auto huge = MakeRegressorData(target, challenger);
  ASSERT_TRUE(huge.ok());
  auto all_rows = PairedBootstrap(rmse, *huge, *b, Options(resamples, 5, 1));
  ASSERT_FALSE(all_rows.ok());
  EXPECT_EQ(all_rows.status().message(),
            "rmse of the challenger is not finite on all rows: a sum over the rows overflows "
            "double precision");
}

TEST(DrawReplicate, DrawsEveryRowCountOnceInTotal) {
  std::vector<uint32_t> a(1000), b(1000), c(1000);
  DrawReplicate(42, 0, a);
  DrawReplicate(42, 0, b);
  DrawReplicate(42, 1, c);
  uint64_t total = 0;
  int zeros = 0;
  for (uint32_t w : a) {
    total += w;
    zeros += w == 0;
  }
  EXPECT_EQ(total, 1000u);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  // About 1/e of rows are never drawn.
  EXPECT_NEAR(zeros / 1000.0, std::exp(-1.0), 0.05);
}

TEST(Percentile, AgreesWithNumpyLinear) {
  json root = LoadFixture("metrics_percentile.json");
  ASSERT_TRUE(root.contains("cases"));
  for (const json& c : root["cases"]) {
    auto values = c["values"].get<std::vector<double>>();
    auto qs = c["q"].get<std::vector<double>>();
    auto expected = c["expected"].get<std::vector<double>>();
    for (size_t i = 0; i < qs.size(); ++i) {
      EXPECT_NEAR(PercentileOfSorted(values, qs[i]), expected[i],
                  std::max(1e-12, 1e-9 * std::fabs(expected[i])))
          << "n=" << values.size() << " q=" << qs[i];
    }
  }
}

TEST(McNemar, AgreesWithScipyBinomtest) {
  json root = LoadFixture("metrics_mcnemar.json");
  ASSERT_TRUE(root.contains("pairs"));
  for (const json& c : root["pairs"]) {
    int64_t b = c["b"], cc = c["c"];
    double expected = c["binomtest_p"];
    double p = McNemarExactPValue(b, cc);
    EXPECT_NEAR(p, expected, std::max(1e-12 * 1e-300, 1e-9 * expected)) << b << ", " << cc;
    EXPECT_NEAR(p, c["p_value"].get<double>(), 1e-9 * expected) << b << ", " << cc;
  }
}

TEST(McNemar, CountsTheDiscordantRows) {
  json rows = LoadFixture("metrics_mcnemar.json")["rows"];
  auto truth = rows["truth"].get<std::vector<int32_t>>();
  auto first = rows["first"].get<std::vector<int32_t>>();
  auto second = rows["second"].get<std::vector<int32_t>>();
  auto r = McNemarExact(truth, first, second);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->only_first_correct, rows["b"].get<int64_t>());
  EXPECT_EQ(r->only_second_correct, rows["c"].get<int64_t>());
  EXPECT_EQ(r->both_correct, rows["both_correct"].get<int64_t>());
  EXPECT_EQ(r->both_wrong, rows["both_wrong"].get<int64_t>());
  EXPECT_NEAR(r->p_value, rows["p_value"].get<double>(), 1e-9 * rows["p_value"].get<double>());
  first.pop_back();
  EXPECT_FALSE(McNemarExact(truth, first, second).ok());
}

}  // namespace
}  // namespace mlgate::stats
