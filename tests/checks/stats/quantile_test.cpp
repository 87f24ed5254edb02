// Tests for checks/stats/quantile: numpy.quantile(method="linear") oracle values.
#include "checks/stats/quantile.h"

#include <gtest/gtest.h>

#include "tests/checks/stats/stats_oracle.h"

namespace mlgate::stats {
namespace {

using testing::LoadFixture;
using testing::Num;

TEST(QuantileTest, MatchesNumpyBitForBit) {
  const auto fixture = LoadFixture("stats_quantile.json");
  int compared = 0;
  for (const auto& c : fixture.at("cases")) {
    const auto values = c.at("values").get<std::vector<double>>();
    const auto qs = c.at("qs").get<std::vector<double>>();
    const auto& expected = c.at("expected");
    for (size_t i = 0; i < qs.size(); ++i) {
      const Value q = QuantileSorted(values, qs[i]);
      ASSERT_TRUE(q.defined());
      // numpy's arithmetic is reproduced exactly, so the values are identical.
      EXPECT_EQ(q.value, Num(expected[i])) << "n=" << values.size() << " q=" << qs[i];
      ++compared;
    }
  }
  EXPECT_GT(compared, 100);
}

TEST(QuantileTest, EmptySampleAndBadLevelAreUndefined) {
  const std::vector<double> empty;
  const Value none = QuantileSorted(empty, 0.5);
  EXPECT_FALSE(none.defined());
  EXPECT_TRUE(std::isnan(none.value));
  EXPECT_EQ(none.why_undefined, "the sample is empty");
  const std::vector<double> one = {1.0, 2.0};
  EXPECT_FALSE(QuantileSorted(one, 1.5).defined());
  EXPECT_FALSE(QuantileSorted(one, -0.1).defined());
  EXPECT_FALSE(QuantileSorted(one, std::nan("")).defined());
}

TEST(QuantileTest, ManyLevelsAtOnce) {
  const std::vector<double> v = {10, 20, 30, 40};
  const std::vector<double> qs = {0, 0.5, 1};
  const auto out = QuantilesSorted(v, qs);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].value, 10);
  EXPECT_EQ(out[1].value, 25);
  EXPECT_EQ(out[2].value, 40);
}

}  // namespace
}  // namespace mlgate::stats
