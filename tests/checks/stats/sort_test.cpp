// SortValues must order values exactly as std::sort does, on both sides of its radix threshold.
#include "checks/stats/sort.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

namespace mlgate::stats {
namespace {

// Equal as sorted sequences; -0.0 and +0.0 compare equal, so only their values are compared.
void ExpectSortedLikeStd(std::vector<double> values) {
  std::vector<double> want = values;
  std::sort(want.begin(), want.end());
  SortValues(values);
  ASSERT_EQ(values.size(), want.size());
  for (size_t i = 0; i < values.size(); ++i) {
    ASSERT_EQ(values[i], want[i]) << "at " << i;
  }
  EXPECT_TRUE(std::is_sorted(values.begin(), values.end()));
}

TEST(SortValuesTest, SmallInputsAndEdgeValues) {
  ExpectSortedLikeStd({});
  ExpectSortedLikeStd({3.0});
  ExpectSortedLikeStd({2.0, -1.0, 0.0, -0.0, 1e-310, -1e-310, 5.0, 5.0});
}

TEST(SortValuesTest, LargeInputsOfEveryShape) {
  std::mt19937_64 rng(11);
  std::normal_distribution<double> normal(0, 1);
  // Above the radix threshold, with 11-bit digits and with 8-bit ones.
  for (size_t n : {size_t{200000}, size_t{600000}}) {
    std::vector<double> mixed(n), integers(n), positive(n), extremes(n);
    for (size_t i = 0; i < n; ++i) {
      mixed[i] = normal(rng) * std::pow(10.0, static_cast<double>(i % 40) - 20);
      integers[i] = std::floor(normal(rng) * 1000);  // many ties, low digits shared
      positive[i] = std::exp(normal(rng));
    }
    const double big = std::numeric_limits<double>::max();
    const double tiny = std::numeric_limits<double>::denorm_min();
    const std::vector<double> specials = {big, -big, tiny, -tiny, 0.0, -0.0, 1.0, -1.0};
    for (size_t i = 0; i < n; ++i) extremes[i] = specials[i % specials.size()];
    ExpectSortedLikeStd(mixed);
    ExpectSortedLikeStd(integers);
    ExpectSortedLikeStd(positive);
    ExpectSortedLikeStd(extremes);
    ExpectSortedLikeStd(std::vector<double>(n, 42.5));  // every digit shared: no pass at all
    // -0.0 before +0.0, as the bit order has it.
    std::vector<double> zeros(n);
    for (size_t i = 0; i < n; ++i) zeros[i] = i % 2 ? 0.0 : -0.0;
    SortValues(zeros);
    EXPECT_TRUE(std::signbit(zeros[0]));
    EXPECT_FALSE(std::signbit(zeros[n - 1]));
    EXPECT_TRUE(std::signbit(zeros[n / 2 - 1]));
    EXPECT_FALSE(std::signbit(zeros[n / 2]));
  }
}

// One scratch buffer shared by columns of falling and rising sizes, whose keys need an odd or an
// even number of passes (so the result ends in the scratch or in the values' own storage).
TEST(SortValuesTest, ScratchIsReusedAcrossColumns) {
  std::mt19937_64 rng(12);
  std::normal_distribution<double> normal(0, 1);
  std::vector<std::vector<double>> columns(4);
  const size_t sizes[] = {300000, 70000, 150000, 400000};
  for (size_t i = 0; i < sizes[0]; ++i) columns[0].push_back(normal(rng));
  // Few digits differ between integers: some passes are skipped.
  for (size_t i = 0; i < sizes[1]; ++i) columns[1].push_back(std::floor(normal(rng) * 50));
  for (size_t i = 0; i < sizes[2]; ++i) columns[2].push_back(std::exp(normal(rng)));
  for (size_t i = 0; i < sizes[3]; ++i) columns[3].push_back(normal(rng) * 1e300);
  std::vector<uint64_t> scratch;
  for (auto& values : columns) {
    std::vector<double> want = values;
    std::sort(want.begin(), want.end());
    SortValues(values, scratch);
    ASSERT_EQ(values, want);
  }
  EXPECT_EQ(scratch.size(), 400000u);  // grown to the largest column, once per growth
}

// A piece of a longer array is sorted in place, on both sides of the radix threshold, and the
// values around it are left alone.
TEST(SortValuesTest, APieceOfALongerArray) {
  std::mt19937_64 rng(5);
  std::normal_distribution<double> normal(0, 1);
  for (size_t piece : {size_t{1000}, size_t{100000}}) {
    std::vector<double> values(piece + 3000);
    for (double& v : values) v = normal(rng);
    const std::vector<double> before = values;
    std::vector<uint64_t> scratch;
    SortValues(std::span<double>(values.data() + 1000, piece), scratch);
    std::vector<double> want(before.begin() + 1000, before.begin() + 1000 + piece);
    std::sort(want.begin(), want.end());
    EXPECT_TRUE(std::equal(want.begin(), want.end(), values.begin() + 1000)) << piece;
    EXPECT_TRUE(std::equal(before.begin(), before.begin() + 1000, values.begin())) << piece;
    EXPECT_TRUE(std::equal(before.end() - 2000, before.end(), values.end() - 2000)) << piece;
  }
}

}  // namespace
}  // namespace mlgate::stats
