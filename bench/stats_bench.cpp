// Micro-benchmarks of the per-value and per-comparison kernels of checks/stats: streaming
// moments, value counting, KLL insertion and merge, the two-sample KS test (exact and asymptotic
// p-values), Wasserstein, and co-moment updates by row and by block.
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "checks/stats/comoments.h"
#include "checks/stats/divergence.h"
#include "checks/stats/frequency.h"
#include "checks/stats/kll.h"
#include "checks/stats/ks.h"
#include "checks/stats/moments.h"
#include "checks/stats/sort.h"

namespace mlgate::stats {
namespace {

std::vector<double> Uniforms(size_t n, uint64_t seed, double shift = 0) {
  std::vector<double> v;
  v.reserve(n);
  uint64_t state = seed * 2654435761ULL + 1;
  for (size_t i = 0; i < n; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    v.push_back(static_cast<double>(state >> 11) / 9007199254740992.0 + shift);
  }
  return v;
}

void BM_MomentsAdd(benchmark::State& state) {
  const auto values = Uniforms(1 << 16, 1);
  for (auto _ : state) {
    Moments m;
    for (double x : values) m.Add(x);
    benchmark::DoNotOptimize(m.mean());
  }
  state.SetItemsProcessed(state.iterations() * values.size());
}
BENCHMARK(BM_MomentsAdd);

// Counting a column's texts as the profiler does, one lookup per cell: Arg(0) a categorical
// column of six short names, Arg(1) integers with 1000 distinct values, Arg(2) 24-byte texts
// with 500 distinct values.
void BM_FrequencyTableAdd(benchmark::State& state) {
  static const char* const kNames[] = {"red", "green", "blue", "amber", "violet", "ultraviolet"};
  std::vector<std::string> texts;
  uint64_t rng = 7;
  for (int i = 0; i < (1 << 16); ++i) {
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    const uint64_t r = rng >> 33;
    switch (state.range(0)) {
      case 0:
        texts.emplace_back(kNames[r % 6]);
        break;
      case 1:
        texts.push_back(std::to_string(r % 1000));
        break;
      default:
        texts.push_back("customer-segment-" + std::to_string(1000000 + r % 500));
    }
  }
  for (auto _ : state) {
    FrequencyTable table;
    for (const std::string& text : texts) table.Add(text);
    benchmark::DoNotOptimize(table.total());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * texts.size()));
}
BENCHMARK(BM_FrequencyTableAdd)->Arg(0)->Arg(1)->Arg(2);

void BM_KllAdd(benchmark::State& state) {
  const auto values = Uniforms(1 << 20, 2);
  const uint32_t k = static_cast<uint32_t>(state.range(0));
  for (auto _ : state) {
    KllSketch sketch(k, 1);
    for (double x : values) sketch.Add(x);
    benchmark::DoNotOptimize(sketch.retained());
  }
  state.SetItemsProcessed(state.iterations() * values.size());
}
BENCHMARK(BM_KllAdd)->Arg(200)->Arg(2000)->Unit(benchmark::kMillisecond);

void BM_KllMerge(benchmark::State& state) {
  std::vector<KllSketch> shards;
  for (int s = 0; s < 16; ++s) {
    KllSketch shard(200, s);
    for (double x : Uniforms(100000, 10 + s)) shard.Add(x);
    shards.push_back(shard);
  }
  for (auto _ : state) {
    KllSketch merged(200, 99);
    for (const auto& shard : shards) merged.Merge(shard);
    benchmark::DoNotOptimize(merged.retained());
  }
  state.SetItemsProcessed(state.iterations() * shards.size());
}
BENCHMARK(BM_KllMerge);

// KS on presorted samples of n and 0.9 n values: exact p-values up to 10000, asymptotic above.
void BM_KsSorted(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  auto a = Uniforms(n, 3);
  auto b = Uniforms(n * 9 / 10, 4, 0.01);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  for (auto _ : state) {
    const KsResult r = KsTwoSample(a, b);
    benchmark::DoNotOptimize(r.p_value);
  }
  state.SetItemsProcessed(state.iterations() * (a.size() + b.size()));
}
BENCHMARK(BM_KsSorted)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Arg(1000000)
    ->Unit(benchmark::kMicrosecond);

void BM_KsFromSketches(benchmark::State& state) {
  KllSketch a(200, 1), b(200, 2);
  for (double x : Uniforms(1000000, 5)) a.Add(x);
  for (double x : Uniforms(800000, 6, 0.01)) b.Add(x);
  for (auto _ : state) {
    const SketchKsResult r = KsFromSketches(a, b);
    benchmark::DoNotOptimize(r.p_value);
  }
}
BENCHMARK(BM_KsFromSketches)->Unit(benchmark::kMicrosecond);

void BM_WassersteinSorted(benchmark::State& state) {
  auto a = Uniforms(100000, 7);
  auto b = Uniforms(90000, 8, 0.01);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  for (auto _ : state) benchmark::DoNotOptimize(Wasserstein(a, b).value);
  state.SetItemsProcessed(state.iterations() * (a.size() + b.size()));
}
BENCHMARK(BM_WassersteinSorted)->Unit(benchmark::kMicrosecond);

void BM_SortValues(benchmark::State& state) {
  const auto values = Uniforms(static_cast<size_t>(state.range(0)), 12);
  for (auto _ : state) {
    std::vector<double> copy = values;
    SortValues(copy);
    benchmark::DoNotOptimize(copy.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SortValues)->Arg(100000)->Arg(1000000)->Arg(10000000)->Unit(benchmark::kMillisecond);

// The same with std::sort, what SortValues replaced.
void BM_StdSort(benchmark::State& state) {
  const auto values = Uniforms(static_cast<size_t>(state.range(0)), 12);
  for (auto _ : state) {
    std::vector<double> copy = values;
    std::sort(copy.begin(), copy.end());
    benchmark::DoNotOptimize(copy.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_StdSort)->Arg(1000000)->Unit(benchmark::kMillisecond);

Eigen::MatrixXd Block(Eigen::Index rows, int columns, bool with_missing) {
  const auto values = Uniforms(static_cast<size_t>(rows) * columns, 9);
  Eigen::MatrixXd block(rows, columns);
  for (Eigen::Index i = 0; i < rows; ++i) {
    for (int j = 0; j < columns; ++j) {
      const double v = values[i * columns + j];
      block(i, j) = (with_missing && v < 0.05) ? std::numeric_limits<double>::quiet_NaN() : v;
    }
  }
  return block;
}

void BM_CoMomentsAddRow(benchmark::State& state) {
  const int k = static_cast<int>(state.range(0));
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rows =
      Block(4096, k, true);
  for (auto _ : state) {
    CoMoments m(k);
    for (Eigen::Index i = 0; i < rows.rows(); ++i) {
      m.AddRow(std::span<const double>(rows.row(i).data(), k));
    }
    benchmark::DoNotOptimize(m.Count(0, 0));
  }
  state.SetItemsProcessed(state.iterations() * rows.rows());
}
BENCHMARK(BM_CoMomentsAddRow)->Arg(8)->Arg(32);

void BM_CoMomentsAddRows(benchmark::State& state) {
  const int k = static_cast<int>(state.range(0));
  const Eigen::MatrixXd block = Block(4096, k, true);
  for (auto _ : state) {
    CoMoments m(k);
    for (Eigen::Index start = 0; start < block.rows(); start += 1024) {
      m.AddRows(block.middleRows(start, 1024));
    }
    benchmark::DoNotOptimize(m.Count(0, 0));
  }
  state.SetItemsProcessed(state.iterations() * block.rows());
}
BENCHMARK(BM_CoMomentsAddRows)->Arg(8)->Arg(32);

}  // namespace
}  // namespace mlgate::stats
