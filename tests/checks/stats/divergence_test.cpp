// Tests for checks/stats/divergence: PSI, Jensen-Shannon, L-infinity and Wasserstein against
// numpy/scipy oracle values, undefined cases, and Wasserstein from sketches within its bound.
#include "checks/stats/divergence.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "checks/stats/binning.h"
#include "tests/checks/stats/stats_oracle.h"

namespace mlgate::stats {
namespace {

using testing::LoadFixture;
using testing::NearRel;
using testing::Num;
using testing::SortedSample;

TEST(DivergenceTest, NumericPsiJsWassersteinMatchOracle) {
  const auto fixture = LoadFixture("stats_divergence.json");
  for (const auto& c : fixture.at("numeric")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const auto ref_counts = c.at("reference_counts").get<std::vector<int64_t>>();
    const auto cur_counts = c.at("current_counts").get<std::vector<int64_t>>();
    const Value psi = Psi(ref_counts, cur_counts);
    const Value js = JensenShannon(ref_counts, cur_counts);
    ASSERT_TRUE(psi.defined() && js.defined());
    EXPECT_TRUE(NearRel(psi.value, Num(c.at("psi"))));
    EXPECT_TRUE(NearRel(js.value, Num(c.at("js"))));
    const auto ref = SortedSample(c.at("reference"));
    const auto cur = SortedSample(c.at("current"));
    EXPECT_TRUE(NearRel(Wasserstein(ref, cur).value, Num(c.at("wasserstein"))));
    const Value normed = WassersteinNormed(ref, cur);
    if (c.at("wasserstein_normed").is_null()) {
      EXPECT_FALSE(normed.defined());
      EXPECT_EQ(normed.why_undefined,
                "the reference needs at least two values to normalize by its spread");
    } else {
      EXPECT_TRUE(NearRel(normed.value, Num(c.at("wasserstein_normed"))));
    }
  }
}

TEST(DivergenceTest, CategoricalPsiJsLinfMatchOracle) {
  const auto fixture = LoadFixture("stats_divergence.json");
  for (const auto& c : fixture.at("categorical")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const AlignedCounts aligned =
        AlignCategories(c.at("reference").get<std::map<std::string, int64_t>>(),
                        c.at("current").get<std::map<std::string, int64_t>>());
    EXPECT_EQ(aligned.categories, c.at("categories").get<std::vector<std::string>>());
    EXPECT_TRUE(NearRel(Psi(aligned.reference, aligned.current).value, Num(c.at("psi"))));
    EXPECT_TRUE(NearRel(JensenShannon(aligned.reference, aligned.current).value, Num(c.at("js"))));
    EXPECT_TRUE(NearRel(LInfinity(aligned.reference, aligned.current).value, Num(c.at("linf"))));
  }
}

TEST(DivergenceTest, WassersteinMatchesScipy) {
  const auto fixture = LoadFixture("stats_divergence.json");
  for (const auto& c : fixture.at("wasserstein")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const auto ref = SortedSample(c.at("reference"));
    const auto cur = SortedSample(c.at("current"));
    EXPECT_TRUE(NearRel(Wasserstein(ref, cur).value, Num(c.at("wasserstein"))));
    EXPECT_TRUE(NearRel(SampleStdDev(ref).value, Num(c.at("std"))));
    EXPECT_TRUE(NearRel(WassersteinNormed(ref, cur).value, Num(c.at("wasserstein_normed"))));
  }
}

TEST(DivergenceTest, HandComputedValues) {
  // Two bins, 50/50 against 90/10: PSI = 0.4 ln(0.9/0.5) - 0.4 ln(0.1/0.5).
  const std::vector<int64_t> r = {5, 5}, c = {9, 1};
  EXPECT_NEAR(Psi(r, c).value, 0.4 * std::log(1.8) - 0.4 * std::log(0.2), 1e-15);
  EXPECT_DOUBLE_EQ(LInfinity(r, c).value, 0.4);
  // Disjoint supports are as far apart as Jensen-Shannon (base 2) goes.
  EXPECT_DOUBLE_EQ(JensenShannon(std::vector<int64_t>{1, 0}, std::vector<int64_t>{0, 1}).value,
                   1.0);
  // An empty bin on one side is floored at 1e-4 for PSI, so PSI stays finite.
  const Value floored = Psi(std::vector<int64_t>{10, 0}, std::vector<int64_t>{5, 5});
  EXPECT_NEAR(floored.value, (0.5 - 1.0) * std::log(0.5) + (0.5 - 1e-4) * std::log(0.5 / 1e-4),
              1e-12);
  EXPECT_EQ(JensenShannon(r, r).value, 0.0);
  const std::vector<double> a = {0, 1}, b = {2, 3};
  EXPECT_DOUBLE_EQ(Wasserstein(a, b).value, 2.0);
}

TEST(DivergenceTest, UndefinedInputsSayWhy) {
  const std::vector<int64_t> zero = {0, 0}, some = {1, 2}, three = {1, 1, 1};
  EXPECT_EQ(Psi(zero, some).why_undefined, "the reference sample is empty");
  EXPECT_EQ(Psi(some, zero).why_undefined, "the current sample is empty");
  EXPECT_EQ(JensenShannon(some, three).why_undefined, "the two samples have different bins");
  EXPECT_EQ(LInfinity(std::vector<int64_t>{}, std::vector<int64_t>{}).why_undefined,
            "there are no bins");
  EXPECT_TRUE(std::isnan(Psi(zero, some).value));
  const std::vector<double> empty, one = {1.0};
  EXPECT_EQ(Wasserstein(empty, one).why_undefined, "the reference sample is empty");
  EXPECT_EQ(Wasserstein(one, empty).why_undefined, "the current sample is empty");
  EXPECT_FALSE(WassersteinNormed(one, one).defined());
  const std::vector<double> with_inf = {1.0, INFINITY};
  EXPECT_EQ(Wasserstein(one, with_inf).why_undefined, "a sample contains NaN or an infinity");
  EXPECT_FALSE(SampleStdDev(one).defined());
  EXPECT_FALSE(
      PsiFromProportions(std::vector<double>{0.5, -0.5}, std::vector<double>{0.5, 0.5}).defined());
}

TEST(DivergenceTest, ConstantReferenceNormalizesByTheFloor) {
  const std::vector<double> ref(10, 2.0), cur = {2.0, 3.0};
  EXPECT_DOUBLE_EQ(WassersteinNormed(ref, cur).value, 0.5 / 0.001);
}

TEST(DivergenceTest, SketchWassersteinWithinBound) {
  std::vector<double> a, b;
  uint64_t state = 5;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  for (int i = 0; i < 300000; ++i) a.push_back(next() * 10);
  for (int i = 0; i < 200000; ++i) b.push_back(next() * 10 + 0.3);
  KllSketch sa(200, 1), sb(200, 2);
  for (double x : a) sa.Add(x);
  for (double x : b) sb.Add(x);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  const double exact = Wasserstein(a, b).value;
  const SketchEstimate approx = WassersteinFromSketches(sa, sb);
  ASSERT_TRUE(approx.defined());
  EXPECT_GT(approx.error_bound, 0);
  EXPECT_LE(std::abs(approx.value - exact), approx.error_bound);
  const double std_ref = SampleStdDev(a).value;
  const SketchEstimate normed = WassersteinNormedFromSketches(sa, sb, std_ref);
  EXPECT_DOUBLE_EQ(normed.value, approx.value / std_ref);
  EXPECT_DOUBLE_EQ(normed.error_bound, approx.error_bound / std_ref);
  EXPECT_FALSE(WassersteinNormedFromSketches(sa, sb, std::nan("")).defined());
  EXPECT_FALSE(WassersteinFromSketches(KllSketch(), sb).defined());
}

TEST(DivergenceTest, ExactSketchesGiveExactWasserstein) {
  const std::vector<double> a = {1.0, 1.0, 2.0, 5.0}, b = {1.0, 3.0, 3.0};
  KllSketch sa, sb;
  for (double x : a) sa.Add(x);
  for (double x : b) sb.Add(x);
  const SketchEstimate approx = WassersteinFromSketches(sa, sb);
  EXPECT_EQ(approx.error_bound, 0.0);
  EXPECT_DOUBLE_EQ(approx.value, Wasserstein(a, b).value);
}

}  // namespace
}  // namespace mlgate::stats
