// Tests for checks/stats/moments: Welford's running moments, their merge, and the batch add the
// profiler uses, against a two-pass computation in long double.
#include "checks/stats/moments.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace mlgate::stats {
namespace {

struct Reference {
  double mean;
  double variance;  // ddof = 1
};

Reference TwoPass(const std::vector<double>& values) {
  long double sum = 0;
  for (double v : values) sum += v;
  const long double mean = sum / static_cast<long double>(values.size());
  long double squares = 0;
  for (double v : values) squares += (v - mean) * (v - mean);
  return {static_cast<double>(mean),
          static_cast<double>(squares / static_cast<long double>(values.size() - 1))};
}

// Values far from zero with a small spread: the case where a naive sum of squares loses every
// digit of the variance.
std::vector<double> OffsetValues(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 0.001);
  std::vector<double> values(n);
  for (double& v : values) v = 1e9 + noise(rng);
  return values;
}

TEST(MomentsTest, WelfordAgreesWithTwoPass) {
  const std::vector<double> values = {2.5, -1.0, 4.0, 4.0, 0.125, 9.75, -3.5};
  Moments m;
  for (double v : values) m.Add(v);
  const Reference want = TwoPass(values);
  EXPECT_EQ(m.count(), 7);
  EXPECT_NEAR(m.mean(), want.mean, 1e-15);
  EXPECT_NEAR(m.variance(), want.variance, 1e-14);
  EXPECT_NEAR(m.std_dev(), std::sqrt(want.variance), 1e-14);
  EXPECT_EQ(m.min(), -3.5);
  EXPECT_EQ(m.max(), 9.75);
}

TEST(MomentsTest, FewerThanTwoValuesHaveNoVariance) {
  Moments empty;
  EXPECT_EQ(empty.count(), 0);
  EXPECT_TRUE(std::isnan(empty.mean()));
  EXPECT_TRUE(std::isnan(empty.variance()));
  EXPECT_TRUE(std::isnan(empty.min()));
  Moments one;
  one.AddAll(std::vector<double>{42.0});
  EXPECT_EQ(one.mean(), 42.0);
  EXPECT_TRUE(std::isnan(one.variance()));
  EXPECT_EQ(one.min(), 42.0);
  EXPECT_EQ(one.max(), 42.0);
}

TEST(MomentsTest, BatchesAgreeWithOneByOneAndWithTwoPassFarFromZero) {
  const std::vector<double> values = OffsetValues(100003, 11);
  const Reference want = TwoPass(values);
  Moments one_by_one;
  for (double v : values) one_by_one.Add(v);
  // Batches of every size from 0 to 9 (the unrolled loop's remainders), then the rest at once.
  Moments batched;
  size_t at = 0;
  for (size_t size = 0; size <= 9; ++size) {
    batched.AddAll(std::span<const double>(values).subspan(at, size));
    at += size;
  }
  batched.AddAll(std::span<const double>(values).subspan(at));
  // The batches' corrected two-pass sums are the more accurate: offset and spread are 12
  // orders of magnitude apart, and Welford's running mean rounds at every value.
  EXPECT_EQ(batched.count(), 100003);
  EXPECT_NEAR(batched.mean(), want.mean, 1e-15 * want.mean);
  EXPECT_NEAR(batched.variance(), want.variance, 1e-7 * want.variance);
  EXPECT_EQ(one_by_one.count(), 100003);
  EXPECT_NEAR(one_by_one.mean(), want.mean, 1e-14 * want.mean);
  EXPECT_NEAR(one_by_one.variance(), want.variance, 1e-4 * want.variance);
  EXPECT_NEAR(want.variance, 1e-6, 2e-8);
  EXPECT_EQ(batched.min(), one_by_one.min());
  EXPECT_EQ(batched.max(), one_by_one.max());
}

TEST(MomentsTest, MergingSplitsInAFixedOrderGivesTheSameBits) {
  const std::vector<double> values = OffsetValues(5000, 12);
  auto in_parts = [&](size_t parts) {
    Moments total;
    const size_t size = values.size() / parts;
    for (size_t p = 0; p < parts; ++p) {
      const size_t end = p + 1 == parts ? values.size() : (p + 1) * size;
      Moments part;
      part.AddAll(std::span<const double>(values).subspan(p * size, end - p * size));
      total.Merge(part);
    }
    return total;
  };
  const Moments two = in_parts(2), again = in_parts(2), seven = in_parts(7);
  EXPECT_EQ(two.mean(), again.mean());
  EXPECT_EQ(two.m2(), again.m2());
  const Reference want = TwoPass(values);
  EXPECT_NEAR(seven.mean(), want.mean, 1e-15 * want.mean);
  // Each merge adds the rounding of the difference of two means near 1e9.
  EXPECT_NEAR(seven.variance(), want.variance, 1e-5 * want.variance);
  Moments empty;
  empty.Merge(seven);
  EXPECT_EQ(empty.m2(), seven.m2());
}

}  // namespace
}  // namespace mlgate::stats
