// Tests for checks/stats/kll: rank error within the stated bound on a million values, for one
// sketch and for merged shards; determinism; exact mode; state round trip and validation.
#include "checks/stats/kll.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace mlgate::stats {
namespace {

// A deterministic stream: uniform on [0, 1) from a 64-bit LCG, optionally cubed (skewed) and
// with ties (rounded to a grid).
std::vector<double> Stream(size_t n, uint64_t seed, bool skewed = false, double grid = 0) {
  std::vector<double> v;
  v.reserve(n);
  uint64_t state = seed * 2654435761ULL + 1;
  for (size_t i = 0; i < n; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    double x = static_cast<double>(state >> 11) / 9007199254740992.0;
    if (skewed) x = x * x * x * 1000.0;
    if (grid > 0) x = std::floor(x / grid) * grid;
    v.push_back(x);
  }
  return v;
}

double TrueRank(const std::vector<double>& sorted, double x) {
  return static_cast<double>(std::upper_bound(sorted.begin(), sorted.end(), x) - sorted.begin()) /
         static_cast<double>(sorted.size());
}

// The largest |sketch rank - true rank| over 2001 probe points spread over the data's quantiles
// (every retained item would be better but slower; the probes hit every region).
double MaxRankError(const KllSketch& sketch, const std::vector<double>& sorted) {
  double worst = 0;
  for (int i = 0; i <= 2000; ++i) {
    const size_t at = std::min(sorted.size() - 1, sorted.size() * i / 2000);
    const double x = sorted[at];
    worst = std::max(worst, std::abs(sketch.Rank(x).value - TrueRank(sorted, x)));
  }
  return worst;
}

TEST(KllTest, MillionValuesWithinRankBound) {
  for (bool skewed : {false, true}) {
    auto values = Stream(1000000, skewed ? 2 : 1, skewed);
    KllSketch sketch(200, 42);
    for (double x : values) sketch.Add(x);
    std::sort(values.begin(), values.end());
    ASSERT_FALSE(sketch.exact());
    EXPECT_EQ(sketch.count(), 1000000u);
    EXPECT_EQ(sketch.min(), values.front());
    EXPECT_EQ(sketch.max(), values.back());
    const double bound = sketch.RankErrorBound();
    EXPECT_NEAR(bound, 2.296 / std::pow(200.0, 0.9723), 1e-15);
    const double error = MaxRankError(sketch, values);
    RecordProperty(skewed ? "max_rank_error_skewed" : "max_rank_error_uniform",
                   std::to_string(error));
    EXPECT_LE(error, bound);
    EXPECT_GT(error, 0);  // it really is approximate
    // O(k) memory: far fewer than a million items retained.
    EXPECT_LT(sketch.retained(), 1000u);
    // Quantiles: the true rank of the answer is within the bound of the level asked for.
    for (double q : {0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999}) {
      const Value v = sketch.Quantile(q);
      ASSERT_TRUE(v.defined());
      EXPECT_LE(std::abs(TrueRank(values, v.value) - q), bound + 1e-6) << "q=" << q;
    }
    EXPECT_EQ(sketch.Quantile(0).value, values.front());
    EXPECT_EQ(sketch.Quantile(1).value, values.back());
  }
}

TEST(KllTest, LargerKIsTighter) {
  auto values = Stream(1000000, 2);
  KllSketch sketch(2000, 1);
  for (double x : values) sketch.Add(x);
  std::sort(values.begin(), values.end());
  EXPECT_LT(sketch.RankErrorBound(), 0.002);
  EXPECT_LE(MaxRankError(sketch, values), sketch.RankErrorBound());
}

TEST(KllTest, MergedShardsWithinRankBound) {
  auto values = Stream(1000000, 3, /*skewed=*/true);
  // Ten shards of unequal size, each sketched separately, merged in order.
  std::vector<KllSketch> shards;
  size_t begin = 0;
  for (int s = 0; s < 10; ++s) {
    const size_t end = s == 9 ? values.size() : begin + 50000 + 10000 * s;
    KllSketch shard(200, 100 + s);
    for (size_t i = begin; i < end; ++i) shard.Add(values[i]);
    shards.push_back(shard);
    begin = end;
  }
  KllSketch merged(200, 99);
  for (const auto& shard : shards) merged.Merge(shard);
  // A tree of merges too: ((0+1)+(2+3)) + ...
  KllSketch left = shards[0], right = shards[5];
  for (int s = 1; s < 5; ++s) left.Merge(shards[s]);
  for (int s = 6; s < 10; ++s) right.Merge(shards[s]);
  left.Merge(right);
  std::sort(values.begin(), values.end());
  for (const KllSketch* sketch : {&merged, &left}) {
    EXPECT_EQ(sketch->count(), 1000000u);
    EXPECT_EQ(sketch->min(), values.front());
    EXPECT_EQ(sketch->max(), values.back());
    uint64_t weight = 0;
    for (const auto& item : sketch->SortedView()) weight += item.weight;
    EXPECT_EQ(weight, 1000000u);
    const double error = MaxRankError(*sketch, values);
    RecordProperty("max_rank_error_merged", std::to_string(error));
    EXPECT_LE(error, sketch->RankErrorBound());
    EXPECT_LT(sketch->retained(), 1000u);
  }
}

TEST(KllTest, ShardsFedInAscendingOrderStayWithinRankBound) {
  // The profiler sorts each block's values before sketching them; the bound holds for any
  // order of the input, sorted runs included.
  auto values = Stream(1000000, 5, /*skewed=*/true, /*grid=*/0.5);
  KllSketch merged(200, 7);
  for (size_t begin = 0; begin < values.size(); begin += 65536) {
    std::vector<double> block(
        values.begin() + static_cast<std::ptrdiff_t>(begin),
        values.begin() + static_cast<std::ptrdiff_t>(std::min(values.size(), begin + 65536)));
    std::sort(block.begin(), block.end());
    KllSketch shard(200, begin + 1);
    for (double x : block) shard.Add(x);
    merged.Merge(shard);
  }
  std::sort(values.begin(), values.end());
  EXPECT_EQ(merged.count(), 1000000u);
  EXPECT_EQ(merged.min(), values.front());
  EXPECT_EQ(merged.max(), values.back());
  const double error = MaxRankError(merged, values);
  RecordProperty("max_rank_error_sorted_shards", std::to_string(error));
  EXPECT_GT(error, 0);
  EXPECT_LE(error, merged.RankErrorBound());
  EXPECT_LT(merged.retained(), 1000u);
}

TEST(KllTest, MergeOfSmallKTakesItsBound) {
  KllSketch big(400, 1), small(100, 2);
  for (double x : Stream(100000, 4)) big.Add(x);
  for (double x : Stream(100000, 5)) small.Add(x);
  big.Merge(small);
  EXPECT_NEAR(big.RankErrorBound(), 2.296 / std::pow(100.0, 0.9723), 1e-15);
}

TEST(KllTest, DeterministicGivenSeed) {
  const auto values = Stream(300000, 6);
  KllSketch a(200, 5), b(200, 5), c(200, 6);
  for (double x : values) {
    a.Add(x);
    b.Add(x);
    c.Add(x);
  }
  EXPECT_EQ(a.ToState().levels, b.ToState().levels);
  EXPECT_NE(a.ToState().levels, c.ToState().levels);
}

TEST(KllTest, ExactWhileSmall) {
  KllSketch sketch(200);
  const std::vector<double> values = {5, 1, 4, 2, 3, 3};
  for (double x : values) sketch.Add(x);
  EXPECT_TRUE(sketch.exact());
  EXPECT_EQ(sketch.RankErrorBound(), 0.0);
  EXPECT_EQ(sketch.PmfErrorBound(), 0.0);
  EXPECT_EQ(sketch.Rank(3).value, 4.0 / 6);
  EXPECT_EQ(sketch.Rank(0.5).value, 0.0);
  EXPECT_EQ(sketch.Rank(9).value, 1.0);
  EXPECT_EQ(sketch.Quantile(0.5).value, 3);   // the 3rd of 6
  EXPECT_EQ(sketch.Quantile(0.51).value, 3);  // the 4th of 6
  EXPECT_EQ(sketch.Quantile(0.7).value, 4);   // the 5th of 6
}

TEST(KllTest, EmptyAndNaN) {
  KllSketch sketch;
  EXPECT_TRUE(sketch.empty());
  EXPECT_FALSE(sketch.Quantile(0.5).defined());
  EXPECT_EQ(sketch.Quantile(0.5).why_undefined, "the sketch is empty");
  EXPECT_FALSE(sketch.Rank(1).defined());
  EXPECT_TRUE(std::isnan(sketch.min()));
  sketch.Add(std::nan(""));
  EXPECT_TRUE(sketch.empty());
  sketch.Add(2.0);
  EXPECT_FALSE(sketch.Quantile(1.5).defined());
  EXPECT_FALSE(sketch.Rank(std::nan("")).defined());
  // Merging an empty sketch changes nothing; merging into an empty one copies.
  KllSketch empty;
  sketch.Merge(empty);
  EXPECT_EQ(sketch.count(), 1u);
  empty.Merge(sketch);
  EXPECT_EQ(empty.count(), 1u);
  EXPECT_EQ(empty.min(), 2.0);
}

TEST(KllTest, StateRoundTripContinuesIdentically) {
  const auto values = Stream(200000, 7, false, 0.001);  // with ties
  KllSketch original(150, 9);
  for (size_t i = 0; i < 100000; ++i) original.Add(values[i]);
  std::string why;
  std::optional<KllSketch> restored = KllSketch::FromState(original.ToState(), &why);
  ASSERT_TRUE(restored.has_value()) << why;
  for (size_t i = 100000; i < values.size(); ++i) {
    original.Add(values[i]);
    restored->Add(values[i]);
  }
  const KllState a = original.ToState(), b = restored->ToState();
  EXPECT_EQ(a.levels, b.levels);
  EXPECT_EQ(a.n, b.n);
  EXPECT_EQ(a.rng_state, b.rng_state);
  EXPECT_EQ(original.Quantile(0.3).value, restored->Quantile(0.3).value);
}

TEST(KllTest, InvalidStatesAreRejected) {
  KllSketch sketch(64, 1);
  for (double x : Stream(5000, 8)) sketch.Add(x);
  const KllState good = sketch.ToState();
  std::string why;
  ASSERT_TRUE(KllSketch::FromState(good, &why).has_value());

  KllState bad = good;
  bad.n += 1;
  EXPECT_FALSE(KllSketch::FromState(bad, &why).has_value());
  EXPECT_EQ(why, "item weights do not sum to n");

  bad = good;
  bad.k = 3;
  EXPECT_FALSE(KllSketch::FromState(bad, &why).has_value());

  bad = good;
  ASSERT_GE(bad.levels.size(), 2u);
  ASSERT_GE(bad.levels[1].size(), 2u);
  std::swap(bad.levels[1].front(), bad.levels[1].back());
  EXPECT_FALSE(KllSketch::FromState(bad, &why).has_value());
  EXPECT_EQ(why, "a level above zero is not sorted");

  bad = good;
  bad.max = bad.min - 1;
  EXPECT_FALSE(KllSketch::FromState(bad, &why).has_value());

  bad = good;
  bad.levels.clear();
  EXPECT_FALSE(KllSketch::FromState(bad, &why).has_value());
}

}  // namespace
}  // namespace mlgate::stats
