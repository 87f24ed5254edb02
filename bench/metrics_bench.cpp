// Benchmarks of the metric hot paths: a 2000-resample paired bootstrap of f1_macro on 100k rows
// (by thread count), and ROC AUC on 1M rows, with and without the one-time sort by score.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "checks/stats/bootstrap.h"
#include "checks/stats/metric_data.h"
#include "checks/stats/metric_registry.h"

namespace mlgate::stats {
namespace {

// Two 5-class classifiers on the same rows, as label text.
struct Paired {
  std::vector<std::string> truth, a, b;
  explicit Paired(size_t n) {
    const std::vector<std::string> classes{"clear", "cloudy", "fog", "rain", "snow"};
    std::mt19937_64 rng(1);
    std::discrete_distribution<int> label({0.4, 0.25, 0.1, 0.2, 0.05});
    std::uniform_real_distribution<double> u(0, 1);
    for (size_t i = 0; i < n; ++i) {
      int t = label(rng);
      truth.push_back(classes[static_cast<size_t>(t)]);
      a.push_back(classes[static_cast<size_t>(u(rng) < 0.8 ? t : label(rng))]);
      b.push_back(classes[static_cast<size_t>(u(rng) < 0.75 ? t : label(rng))]);
    }
  }
  MetricData Data(const std::vector<std::string>& predicted) const {
    ClassifierColumns columns;
    for (const auto& t : truth) columns.truth.push_back(t);
    for (const auto& p : predicted) columns.predicted.push_back(p);
    return *MakeClassifierData(columns);
  }
};

void BM_PairedBootstrapF1Macro(benchmark::State& state) {
  static const Paired paired(100000);
  static const MetricData a = paired.Data(paired.a), b = paired.Data(paired.b);
  BootstrapOptions options;
  options.resamples = 2000;
  options.seed = 7;
  options.threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    auto r = PairedBootstrap(*FindMetric("f1_macro"), a, b, options);
    benchmark::DoNotOptimize(r);
  }
  state.counters["rows"] = 100000;
  state.counters["resamples"] = 2000;
}
BENCHMARK(BM_PairedBootstrapF1Macro)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

constexpr std::string_view kPositive = "1";

struct Scored {
  std::vector<std::string> truth;
  std::vector<double> score;
  explicit Scored(size_t n) {
    std::mt19937_64 rng(2);
    std::uniform_real_distribution<double> u(0, 1);
    std::normal_distribution<double> noise(0, 0.2);
    for (size_t i = 0; i < n; ++i) {
      bool positive = u(rng) < 0.3;
      truth.push_back(positive ? "1" : "0");
      // Three decimals: many ties, as real probability outputs have.
      score.push_back(std::round((0.35 + 0.3 * positive + noise(rng)) * 1000) / 1000);
    }
  }
  ClassifierColumns Columns() const {
    ClassifierColumns columns;
    columns.positive_label = std::string(kPositive);
    for (const auto& t : truth) columns.truth.push_back(t);
    columns.score = score;
    return columns;
  }
};

// Encoding the labels, sorting by score, and the sweep.
void BM_RocAuc1M(benchmark::State& state) {
  static const Scored scored(1000000);
  const ClassifierColumns columns = scored.Columns();
  for (auto _ : state) {
    auto data = MakeClassifierData(columns);
    auto auc = ComputeMetric(*FindMetric("roc_auc"), *data);
    benchmark::DoNotOptimize(auc);
  }
  state.SetItemsProcessed(state.iterations() * 1000000);
}
BENCHMARK(BM_RocAuc1M)->Unit(benchmark::kMillisecond);

// The sweep alone, on data already sorted (what each bootstrap replicate pays).
void BM_RocAuc1MPresorted(benchmark::State& state) {
  static const Scored scored(1000000);
  static const MetricData data = *MakeClassifierData(scored.Columns());
  for (auto _ : state) {
    auto auc = ComputeMetric(*FindMetric("roc_auc"), data);
    benchmark::DoNotOptimize(auc);
  }
  state.SetItemsProcessed(state.iterations() * 1000000);
}
BENCHMARK(BM_RocAuc1MPresorted)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace mlgate::stats
