// Tests for checks/stats/binning: quantile edges and right-closed counts against numpy +
// pandas.cut, sketch-based bins within their bound, category alignment.
#include "checks/stats/binning.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/checks/stats/stats_oracle.h"

namespace mlgate::stats {
namespace {

using testing::LoadFixture;
using testing::Sample;
using testing::SortedSample;

TEST(BinningTest, EdgesAndCountsMatchNumpyAndPandasCut) {
  const auto fixture = LoadFixture("stats_divergence.json");
  for (const auto& c : fixture.at("numeric")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const auto ref = SortedSample(c.at("reference"));
    const auto cur = SortedSample(c.at("current"));
    const auto edges = QuantileBinEdges(ref, c.at("bins").get<int>());
    ASSERT_TRUE(edges.has_value());
    EXPECT_EQ(*edges, c.at("edges").get<std::vector<double>>());
    const auto ref_counts = c.at("reference_counts").get<std::vector<int64_t>>();
    const auto cur_counts = c.at("current_counts").get<std::vector<int64_t>>();
    EXPECT_EQ(CountInBins(ref, *edges), ref_counts);
    EXPECT_EQ(CountInBins(cur, *edges), cur_counts);
    EXPECT_EQ(CountInBinsUnsorted(Sample(c.at("current")), *edges), cur_counts);
  }
}

TEST(BinningTest, ValuesOnAnEdgeGoLeft) {
  const std::vector<double> edges = {1.0, 2.0};
  const std::vector<double> values = {0.5, 1.0, 1.5, 2.0, 2.0000001, 9.0};
  EXPECT_EQ(CountInBins(values, edges), (std::vector<int64_t>{2, 2, 2}));
  const std::vector<double> shuffled = {2.0, 9.0, 1.0, std::nan(""), 0.5, 2.0000001, 1.5};
  EXPECT_EQ(CountInBinsUnsorted(shuffled, edges), (std::vector<int64_t>{2, 2, 2}));
}

TEST(BinningTest, EmptyReferenceHasNoEdges) {
  const std::vector<double> empty;
  EXPECT_FALSE(QuantileBinEdges(empty, 10).has_value());
  const std::vector<double> one = {1.0};
  EXPECT_FALSE(QuantileBinEdges(one, 0).has_value());
  EXPECT_TRUE(QuantileBinEdges(one, 1)->empty());
  EXPECT_FALSE(Proportions(std::vector<int64_t>{0, 0}).has_value());
  EXPECT_FALSE(SketchBinEdges(KllSketch(), 10).has_value());
  EXPECT_FALSE(SketchBinProportions(KllSketch(), std::vector<double>{1.0}).has_value());
}

TEST(BinningTest, ConstantReferenceCollapsesToOneEdge) {
  const std::vector<double> constant(20, 3.0);
  const auto edges = QuantileBinEdges(constant, 10);
  ASSERT_TRUE(edges.has_value());
  EXPECT_EQ(*edges, std::vector<double>{3.0});
}

TEST(BinningTest, SketchBinsWithinPmfBound) {
  std::vector<double> values;
  uint64_t state = 11;
  for (int i = 0; i < 500000; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const double u = static_cast<double>(state >> 11) / 9007199254740992.0;
    values.push_back(u * u);
  }
  KllSketch sketch(200, 3);
  for (double x : values) sketch.Add(x);
  std::sort(values.begin(), values.end());
  const auto edges = SketchBinEdges(sketch, 10);
  ASSERT_TRUE(edges.has_value());
  ASSERT_EQ(edges->size(), 9u);
  const auto estimated = SketchBinProportions(sketch, *edges);
  ASSERT_TRUE(estimated.has_value());
  const auto exact = *Proportions(CountInBins(values, *edges));
  for (size_t i = 0; i < exact.size(); ++i) {
    EXPECT_LE(std::abs((*estimated)[i] - exact[i]), sketch.PmfErrorBound()) << "bin " << i;
    // Each edge sits near its decile.
    EXPECT_NEAR(exact[i], 0.1, sketch.RankErrorBound() * 2 + 1e-6);
  }
}

TEST(BinningTest, AlignsCategoriesSeenOnEitherSide) {
  const std::map<std::string, int64_t> ref = {{"a", 3}, {"b", 0}, {"c", 2}};
  const std::map<std::string, int64_t> cur = {{"b", 0}, {"c", 5}, {"d", 1}};
  const AlignedCounts aligned = AlignCategories(ref, cur);
  EXPECT_EQ(aligned.categories, (std::vector<std::string>{"a", "c", "d"}));
  EXPECT_EQ(aligned.reference, (std::vector<int64_t>{3, 2, 0}));
  EXPECT_EQ(aligned.current, (std::vector<int64_t>{0, 5, 1}));
}

}  // namespace
}  // namespace mlgate::stats
