// Tests for checks/stats/kolmogorov: scipy.stats.kstwo, kstwobign and scipy.special.smirnov
// oracle values over grids that reach every method branch.
#include "checks/stats/kolmogorov.h"

#include <gtest/gtest.h>

#include "tests/checks/stats/stats_oracle.h"

namespace mlgate::stats {
namespace {

using testing::LoadFixture;
using testing::NearAbs;
using testing::NearRel;
using testing::Num;

TEST(KolmogorovTest, TwoSidedFiniteNMatchesKstwo) {
  const auto fixture = LoadFixture("stats_ks.json");
  int compared = 0;
  for (const auto& row : fixture.at("kstwo")) {
    const int64_t n = row.at("n").get<int64_t>();
    const double x = row.at("x").get<double>();
    const double sf = Num(row.at("sf"));
    const double cdf = Num(row.at("cdf"));
    // Absolute agreement everywhere, relative agreement in the tails (small p-values).
    EXPECT_TRUE(NearAbs(KsTwoSidedSf(n, x), sf, 1e-12)) << "n=" << n << " x=" << x;
    EXPECT_TRUE(NearAbs(KsTwoSidedCdf(n, x), cdf, 1e-12)) << "n=" << n << " x=" << x;
    if (sf > 1e-300 && sf < 0.5) {
      EXPECT_TRUE(NearRel(KsTwoSidedSf(n, x), sf, 1e-9, 0)) << "n=" << n << " x=" << x;
    }
    ++compared;
  }
  EXPECT_GT(compared, 300);
}

TEST(KolmogorovTest, LimitDistributionMatchesKstwobign) {
  const auto fixture = LoadFixture("stats_ks.json");
  for (const auto& row : fixture.at("kstwobign")) {
    const double x = row.at("x").get<double>();
    EXPECT_TRUE(NearRel(KolmogorovSf(x), Num(row.at("sf")), 1e-12, 1e-15)) << "x=" << x;
  }
}

TEST(KolmogorovTest, OneSidedMatchesSmirnov) {
  const auto fixture = LoadFixture("stats_ks.json");
  for (const auto& row : fixture.at("smirnov")) {
    const int64_t n = row.at("n").get<int64_t>();
    const double x = row.at("x").get<double>();
    EXPECT_TRUE(NearRel(SmirnovSf(n, x), Num(row.at("sf")), 1e-9, 1e-14))
        << "n=" << n << " x=" << x;
  }
}

TEST(KolmogorovTest, InvalidArgumentsGiveNaN) {
  EXPECT_TRUE(std::isnan(KsTwoSidedSf(0, 0.5)));
  EXPECT_TRUE(std::isnan(KsTwoSidedSf(10, std::nan(""))));
  EXPECT_TRUE(std::isnan(SmirnovSf(0, 0.5)));
  EXPECT_TRUE(std::isnan(SmirnovSf(5, 1.5)));
  EXPECT_TRUE(std::isnan(KolmogorovSf(std::nan(""))));
  EXPECT_EQ(KolmogorovSf(-1.0), 1.0);
}

}  // namespace
}  // namespace mlgate::stats
