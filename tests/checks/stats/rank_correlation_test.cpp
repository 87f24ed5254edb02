// Tests for checks/stats/rank_correlation: average ranks, Spearman and pairwise Pearson against
// pandas.DataFrame.corr(), and their undefined cases.
#include "checks/stats/rank_correlation.h"

#include <gtest/gtest.h>

#include "tests/checks/stats/stats_oracle.h"

namespace mlgate::stats {
namespace {

using testing::LoadFixture;
using testing::NearRel;
using testing::Num;

TEST(RankCorrelationTest, AverageRanksShareTies) {
  const std::vector<double> v = {10, 20, 10, 30, 20, 20};
  EXPECT_EQ(AverageRanks(v), (std::vector<double>{1.5, 4, 1.5, 6, 4, 4}));
  EXPECT_TRUE(AverageRanks(std::vector<double>{}).empty());
}

TEST(RankCorrelationTest, MatchesPandas) {
  const auto fixture = LoadFixture("stats_correlation.json");
  for (const auto& c : fixture.at("cases")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const auto& data = c.at("data");
    const size_t k = data.size(), n = data[0].size();
    std::vector<std::vector<double>> columns(k);
    Eigen::MatrixXd rows(n, k);
    for (size_t j = 0; j < k; ++j) {
      for (size_t i = 0; i < n; ++i) {
        columns[j].push_back(Num(data[j][i]));
        rows(i, j) = columns[j].back();
      }
    }
    const Eigen::MatrixXd matrix = SpearmanMatrix(rows);
    for (size_t a = 0; a < k; ++a) {
      for (size_t b = 0; b < k; ++b) {
        const double spearman = Num(c.at("spearman")[a][b]);
        const double pearson = Num(c.at("pearson")[a][b]);
        const Value s = Spearman(columns[a], columns[b]);
        EXPECT_TRUE(NearRel(s.value, spearman)) << a << "," << b;
        EXPECT_EQ(s.defined(), !std::isnan(spearman));
        EXPECT_TRUE(NearRel(matrix(a, b), spearman)) << a << "," << b;
        EXPECT_TRUE(NearRel(PearsonPairwise(columns[a], columns[b]).value, pearson));
      }
    }
  }
}

TEST(RankCorrelationTest, UndefinedCasesSayWhy) {
  const double nan = std::nan("");
  const std::vector<double> x = {1, 2, 3}, constant = {4, 4, 4}, gaps = {nan, nan, nan};
  EXPECT_EQ(Spearman(x, constant).why_undefined,
            "a column is constant over the rows where both are present");
  EXPECT_EQ(Spearman(x, gaps).why_undefined, "no row has both values");
  EXPECT_EQ(Spearman(x, std::vector<double>{1, 2}).why_undefined,
            "the two columns differ in length");
  EXPECT_FALSE(PearsonPairwise(x, constant).defined());
  EXPECT_DOUBLE_EQ(Spearman(x, std::vector<double>{3, 2, 1}).value, -1.0);
  EXPECT_DOUBLE_EQ(Spearman(x, std::vector<double>{1, 8, 27}).value, 1.0);
}

}  // namespace
}  // namespace mlgate::stats
