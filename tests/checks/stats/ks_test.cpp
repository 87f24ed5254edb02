// Tests for checks/stats/ks: scipy.stats.ks_2samp(method="auto") oracle values, the exact
// p-value grid, edge cases, and KS from sketches against the exact answer and its bound.
#include "checks/stats/ks.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/checks/stats/stats_oracle.h"

namespace mlgate::stats {
namespace {

using testing::LoadFixture;
using testing::NearAbs;
using testing::NearRel;
using testing::Num;
using testing::SortedSample;

TEST(KsTest, MatchesScipyKs2samp) {
  const auto fixture = LoadFixture("stats_ks.json");
  int exact = 0, asymptotic = 0;
  for (const auto& c : fixture.at("cases")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const auto ref = SortedSample(c.at("reference"));
    const auto cur = SortedSample(c.at("current"));
    const KsResult r = KsTwoSample(ref, cur);
    ASSERT_TRUE(r.defined());
    EXPECT_TRUE(NearRel(r.statistic, Num(c.at("statistic"))));
    EXPECT_EQ(r.sign, c.at("sign").get<int>());
    EXPECT_EQ(r.location, Num(c.at("location")));
    EXPECT_EQ(r.n_reference, static_cast<int64_t>(ref.size()));
    if (c.at("method") == "exact") {
      EXPECT_EQ(r.method, KsMethod::kExact);
      EXPECT_TRUE(NearAbs(r.p_value, Num(c.at("p_value")), 1e-6));
      ++exact;
    } else {
      EXPECT_EQ(r.method, KsMethod::kAsymptotic);
      EXPECT_TRUE(NearAbs(r.p_value, Num(c.at("p_value")), 1e-4));
      ++asymptotic;
    }
  }
  EXPECT_GE(exact, 10);
  EXPECT_GE(asymptotic, 5);
}

TEST(KsTest, ExactPValueGridMatchesScipy) {
  const auto fixture = LoadFixture("stats_ks.json");
  int failures_expected = 0;
  for (const auto& row : fixture.at("exact_grid")) {
    const int64_t n1 = row.at("n1").get<int64_t>();
    const int64_t n2 = row.at("n2").get<int64_t>();
    const double d = row.at("d").get<double>();
    const std::optional<double> p = KsExactPValue(n1, n2, d);
    SCOPED_TRACE(::testing::Message() << "n1=" << n1 << " n2=" << n2 << " d=" << d);
    if (row.at("ok").get<bool>()) {
      ASSERT_TRUE(p.has_value());
      // The same operations in the same order as scipy: equal to rounding.
      EXPECT_TRUE(NearRel(*p, Num(row.at("p")), 1e-12, 1e-300));
    } else {
      // scipy gives up on the exact method here (and falls back to the asymptotic one).
      EXPECT_FALSE(p.has_value());
      ++failures_expected;
    }
  }
  EXPECT_GE(failures_expected, 1);
}

TEST(KsTest, EmptySampleIsUndefined) {
  const std::vector<double> empty, some = {1.0, 2.0};
  const KsResult a = KsTwoSample(empty, some);
  EXPECT_FALSE(a.defined());
  EXPECT_TRUE(std::isnan(a.statistic));
  EXPECT_TRUE(std::isnan(a.p_value));
  EXPECT_EQ(a.why_undefined, "the reference sample is empty");
  EXPECT_EQ(KsTwoSample(some, empty).why_undefined, "the current sample is empty");
  const std::vector<double> with_nan = {1.0, std::nan("")};
  EXPECT_EQ(KsTwoSample(some, with_nan).why_undefined, "a sample contains NaN");
}

TEST(KsTest, AllEqualValuesGiveZeroAndOne) {
  const std::vector<double> a(30, 4.0), b(17, 4.0);
  const KsResult r = KsTwoSample(a, b);
  ASSERT_TRUE(r.defined());
  EXPECT_EQ(r.statistic, 0.0);
  EXPECT_EQ(r.p_value, 1.0);
}

std::vector<double> Lcg(int n, uint64_t seed, double shift) {
  std::vector<double> v;
  v.reserve(n);
  uint64_t state = seed;
  for (int i = 0; i < n; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    v.push_back(static_cast<double>(state >> 11) / 9007199254740992.0 + shift);
  }
  return v;
}

TEST(KsTest, SketchesAgreeWithExactWithinBound) {
  auto a = Lcg(200000, 1, 0.0);
  auto b = Lcg(150000, 2, 0.01);
  KllSketch sa(200, 7), sb(200, 8);
  for (double x : a) sa.Add(x);
  for (double x : b) sb.Add(x);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  const KsResult exact = KsTwoSample(a, b);
  const SketchKsResult approx = KsFromSketches(sa, sb);
  ASSERT_TRUE(approx.defined());
  EXPECT_GT(approx.statistic_error_bound, 0);
  EXPECT_NEAR(approx.statistic_error_bound, sa.RankErrorBound() + sb.RankErrorBound(), 1e-15);
  EXPECT_LE(std::abs(approx.statistic - exact.statistic), approx.statistic_error_bound);
  EXPECT_LE(approx.p_value_low, approx.p_value);
  EXPECT_LE(approx.p_value, approx.p_value_high);
  EXPECT_EQ(approx.n_reference, 200000);
}

TEST(KsTest, ExactSketchesGiveTheExactTest) {
  const auto a = Lcg(150, 3, 0.0);
  const auto b = Lcg(120, 4, 0.2);
  KllSketch sa, sb;
  for (double x : a) sa.Add(x);
  for (double x : b) sb.Add(x);
  ASSERT_TRUE(sa.exact() && sb.exact());
  auto as = a, bs = b;
  std::sort(as.begin(), as.end());
  std::sort(bs.begin(), bs.end());
  const KsResult exact = KsTwoSample(as, bs);
  const SketchKsResult from_sketch = KsFromSketches(sa, sb);
  EXPECT_EQ(from_sketch.statistic, exact.statistic);
  EXPECT_EQ(from_sketch.p_value, exact.p_value);
  EXPECT_EQ(from_sketch.statistic_error_bound, 0.0);
}

TEST(KsTest, EmptySketchIsUndefined) {
  KllSketch empty, some;
  some.Add(1.0);
  EXPECT_EQ(KsFromSketches(empty, some).why_undefined, "the reference sample is empty");
  EXPECT_EQ(KsFromSketches(some, empty).why_undefined, "the current sample is empty");
}

}  // namespace
}  // namespace mlgate::stats
