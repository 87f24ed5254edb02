// Tests for checks/stats/contingency: chi2_contingency(correction=False) and the pooled
// two-proportion z-test against scipy oracle values, and their undefined cases.
#include "checks/stats/contingency.h"

#include <gtest/gtest.h>

#include "checks/stats/binning.h"
#include "tests/checks/stats/stats_oracle.h"

namespace mlgate::stats {
namespace {

using testing::LoadFixture;
using testing::NearAbs;
using testing::NearRel;
using testing::Num;

TEST(ContingencyTest, ChiSquareMatchesScipy) {
  const auto fixture = LoadFixture("stats_contingency.json");
  for (const auto& c : fixture.at("chi2")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const auto ref = c.at("reference").get<std::vector<int64_t>>();
    const auto cur = c.at("current").get<std::vector<int64_t>>();
    const ChiSquareResult r = ChiSquareHomogeneity(ref, cur);
    ASSERT_TRUE(r.defined());
    EXPECT_TRUE(NearRel(r.statistic, Num(c.at("statistic"))));
    EXPECT_TRUE(NearAbs(r.p_value, Num(c.at("p_value")), 1e-6));
    // Small p-values must be right relatively too, not just below 1e-6.
    EXPECT_TRUE(NearRel(r.p_value, Num(c.at("p_value")), 1e-9, 1e-300));
    EXPECT_EQ(r.dof, c.at("dof").get<int64_t>());
  }
}

TEST(ContingencyTest, CategoricalChiSquareOverAlignedCategories) {
  const auto fixture = LoadFixture("stats_divergence.json");
  for (const auto& c : fixture.at("categorical")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const AlignedCounts aligned =
        AlignCategories(c.at("reference").get<std::map<std::string, int64_t>>(),
                        c.at("current").get<std::map<std::string, int64_t>>());
    const ChiSquareResult r = ChiSquareHomogeneity(aligned.reference, aligned.current);
    EXPECT_TRUE(NearRel(r.statistic, Num(c.at("chi2"))));
    EXPECT_TRUE(NearAbs(r.p_value, Num(c.at("chi2_p")), 1e-6));
    EXPECT_EQ(r.dof, c.at("dof").get<int64_t>());
  }
}

TEST(ContingencyTest, ChiSquareEdgeCases) {
  const std::vector<int64_t> empty = {0, 0}, some = {3, 4};
  EXPECT_EQ(ChiSquareHomogeneity(empty, some).why_undefined, "the reference sample is empty");
  EXPECT_EQ(ChiSquareHomogeneity(some, empty).why_undefined, "the current sample is empty");
  EXPECT_FALSE(ChiSquareHomogeneity(some, std::vector<int64_t>{1}).defined());
  EXPECT_FALSE(ChiSquareHomogeneity(std::vector<int64_t>{-1, 2}, some).defined());
  // A category empty on both sides is not a category: same result as without it.
  const ChiSquareResult with_gap =
      ChiSquareHomogeneity(std::vector<int64_t>{3, 0, 4}, std::vector<int64_t>{5, 0, 1});
  const ChiSquareResult without =
      ChiSquareHomogeneity(std::vector<int64_t>{3, 4}, std::vector<int64_t>{5, 1});
  EXPECT_EQ(with_gap.statistic, without.statistic);
  EXPECT_EQ(with_gap.dof, 1);
  // One category: scipy's degenerate case.
  const ChiSquareResult single =
      ChiSquareHomogeneity(std::vector<int64_t>{4}, std::vector<int64_t>{9});
  EXPECT_EQ(single.statistic, 0.0);
  EXPECT_EQ(single.p_value, 1.0);
  EXPECT_EQ(single.dof, 0);
}

TEST(ContingencyTest, ZTestMatchesOracle) {
  const auto fixture = LoadFixture("stats_contingency.json");
  for (const auto& c : fixture.at("z")) {
    const TestResult r =
        TwoProportionZTest(c.at("x_reference").get<int64_t>(), c.at("n_reference").get<int64_t>(),
                           c.at("x_current").get<int64_t>(), c.at("n_current").get<int64_t>());
    ASSERT_TRUE(r.defined());
    EXPECT_TRUE(NearRel(r.statistic, Num(c.at("statistic"))));
    EXPECT_TRUE(NearAbs(r.p_value, Num(c.at("p_value")), 1e-6));
    EXPECT_TRUE(NearRel(r.p_value, Num(c.at("p_value")), 1e-9, 1e-300));
  }
}

TEST(ContingencyTest, ZTestEdgeCases) {
  EXPECT_EQ(TwoProportionZTest(0, 0, 1, 2).why_undefined, "the reference sample is empty");
  EXPECT_EQ(TwoProportionZTest(1, 2, 0, 0).why_undefined, "the current sample is empty");
  EXPECT_FALSE(TwoProportionZTest(3, 2, 1, 2).defined());
  const TestResult no_variance = TwoProportionZTest(5, 5, 7, 7);
  EXPECT_FALSE(no_variance.defined());
  EXPECT_EQ(no_variance.why_undefined, "both samples hold only one of the two categories");
  EXPECT_TRUE(std::isnan(no_variance.p_value));
  const TestResult same = TwoProportionZTest(3, 10, 6, 20);
  EXPECT_EQ(same.statistic, 0.0);
  EXPECT_EQ(same.p_value, 1.0);
}

}  // namespace
}  // namespace mlgate::stats
