// Tests for checks/stats/comoments: Pearson over pairwise-complete rows against
// pandas.DataFrame.corr(), row by row, by blocks, merged across chunks, and through its state.
#include "checks/stats/comoments.h"

#include <gtest/gtest.h>

#include "tests/checks/stats/stats_oracle.h"

namespace mlgate::stats {
namespace {

using testing::LoadFixture;
using testing::NearRel;
using testing::Num;

struct Frame {
  std::string name;
  Eigen::MatrixXd rows;  // rows x columns, NaN missing
  Eigen::MatrixXd pearson;
  Eigen::MatrixXd spearman;
};

std::vector<Frame> LoadFrames() {
  const auto fixture = LoadFixture("stats_correlation.json");
  std::vector<Frame> frames;
  for (const auto& c : fixture.at("cases")) {
    const auto& data = c.at("data");
    const int k = static_cast<int>(data.size());
    const int n = static_cast<int>(data[0].size());
    Frame f{c.at("name").get<std::string>(), Eigen::MatrixXd(n, k), Eigen::MatrixXd(k, k),
            Eigen::MatrixXd(k, k)};
    for (int j = 0; j < k; ++j) {
      for (int i = 0; i < n; ++i) f.rows(i, j) = Num(data[j][i]);
    }
    for (int i = 0; i < k; ++i) {
      for (int j = 0; j < k; ++j) {
        f.pearson(i, j) = Num(c.at("pearson")[i][j]);
        f.spearman(i, j) = Num(c.at("spearman")[i][j]);
      }
    }
    frames.push_back(std::move(f));
  }
  return frames;
}

void ExpectMatrixNear(const CoMoments& m, const Eigen::MatrixXd& expected) {
  const Eigen::MatrixXd actual = m.PearsonMatrix();
  for (int i = 0; i < expected.rows(); ++i) {
    for (int j = 0; j < expected.cols(); ++j) {
      EXPECT_TRUE(NearRel(actual(i, j), expected(i, j))) << "(" << i << ", " << j << ")";
      EXPECT_EQ(m.Pearson(i, j).defined(), !std::isnan(expected(i, j)));
    }
  }
}

TEST(CoMomentsTest, RowByRowMatchesPandas) {
  for (const Frame& f : LoadFrames()) {
    SCOPED_TRACE(f.name);
    CoMoments m(static_cast<int>(f.rows.cols()));
    for (int i = 0; i < f.rows.rows(); ++i) {
      const Eigen::VectorXd row = f.rows.row(i).transpose();
      m.AddRow(std::span<const double>(row.data(), row.size()));
    }
    ExpectMatrixNear(m, f.pearson);
  }
}

TEST(CoMomentsTest, BlocksMatchPandas) {
  for (const Frame& f : LoadFrames()) {
    for (int block : {1, 3, 37, 1000}) {
      SCOPED_TRACE(f.name + " block " + std::to_string(block));
      CoMoments m(static_cast<int>(f.rows.cols()));
      for (Eigen::Index start = 0; start < f.rows.rows(); start += block) {
        const Eigen::Index len = std::min<Eigen::Index>(block, f.rows.rows() - start);
        m.AddRows(f.rows.middleRows(start, len));
      }
      ExpectMatrixNear(m, f.pearson);
    }
  }
}

TEST(CoMomentsTest, MergedChunksMatchPandas) {
  for (const Frame& f : LoadFrames()) {
    SCOPED_TRACE(f.name);
    const int k = static_cast<int>(f.rows.cols());
    const Eigen::Index n = f.rows.rows();
    // Three chunks of different sizes, the middle one by blocks, the others row by row.
    CoMoments first(k), second(k), third(k);
    const Eigen::Index a = n / 5, b = n / 2;
    for (Eigen::Index i = 0; i < a; ++i) {
      const Eigen::VectorXd row = f.rows.row(i).transpose();
      first.AddRow(std::span<const double>(row.data(), row.size()));
    }
    second.AddRows(f.rows.middleRows(a, b - a));
    for (Eigen::Index i = b; i < n; ++i) {
      const Eigen::VectorXd row = f.rows.row(i).transpose();
      third.AddRow(std::span<const double>(row.data(), row.size()));
    }
    CoMoments merged(k);
    merged.Merge(first);
    merged.Merge(second);
    merged.Merge(third);
    ExpectMatrixNear(merged, f.pearson);
    for (int i = 0; i < k; ++i) {
      for (int j = 0; j < k; ++j) {
        int64_t both = 0;
        for (Eigen::Index r = 0; r < n; ++r) {
          both += std::isfinite(f.rows(r, i)) && std::isfinite(f.rows(r, j));
        }
        EXPECT_EQ(merged.Count(i, j), both);
      }
    }
  }
}

TEST(CoMomentsTest, UndefinedPairsSayWhy) {
  CoMoments m(3);
  const double nan = std::nan("");
  const std::vector<std::vector<double>> rows = {
      {1.0, 5.0, nan}, {2.0, 5.0, nan}, {3.0, 5.0, nan}, {nan, 1.0, 4.0}};
  for (const auto& row : rows) m.AddRow(row);
  EXPECT_EQ(m.Pearson(0, 1).why_undefined,
            "a column is constant over the rows where both are present");
  EXPECT_EQ(m.Pearson(0, 2).why_undefined, "no row has both values");
  EXPECT_TRUE(std::isnan(m.Pearson(0, 2).value));
  EXPECT_DOUBLE_EQ(m.Pearson(0, 0).value, 1.0);
  EXPECT_DOUBLE_EQ(m.Covariance(0, 0).value, 1.0);
  EXPECT_FALSE(m.Covariance(1, 2).defined());
  EXPECT_FALSE(m.Pearson(2, 2).defined());  // a single value
}

TEST(CoMomentsTest, ConstantBlocksStayExactlyConstant) {
  // 0.1 is not representable; a block mean of copies of it is not 0.1 either. The block path
  // must still see zero variance.
  Eigen::MatrixXd rows(7, 2);
  for (int i = 0; i < 7; ++i) {
    rows(i, 0) = 0.1;
    rows(i, 1) = i;
  }
  CoMoments m(2);
  m.AddRows(rows);
  m.AddRows(rows);
  EXPECT_FALSE(m.Pearson(0, 1).defined());
  EXPECT_EQ(m.ToState().m2[0], 0.0);
}

// The next uniform value in [0, 1) of a 64-bit LCG: deterministic test data.
double NextUniform(uint64_t& state) {
  state = state * 6364136223846793005ULL + 1442695040888963407ULL;
  return static_cast<double>(state >> 11) / 9007199254740992.0;
}

// Pearson of two columns by two passes in long double: the accurate value for the stored
// doubles.
double TwoPassPearson(const Eigen::MatrixXd& rows, int a, int b) {
  long double n = 0, sa = 0, sb = 0;
  for (Eigen::Index i = 0; i < rows.rows(); ++i) {
    n += 1;
    sa += rows(i, a);
    sb += rows(i, b);
  }
  const long double ma = sa / n, mb = sb / n;
  long double saa = 0, sbb = 0, sab = 0;
  for (Eigen::Index i = 0; i < rows.rows(); ++i) {
    const long double da = rows(i, a) - ma, db = rows(i, b) - mb;
    saa += da * da;
    sbb += db * db;
    sab += da * db;
  }
  return static_cast<double>(sab / std::sqrt(saa * sbb));
}

// `rows` added a block of `block` rows at a time, and one row at a time.
CoMoments InBlocks(const Eigen::MatrixXd& rows, int block) {
  CoMoments m(static_cast<int>(rows.cols()));
  const auto n = static_cast<int>(rows.rows());
  for (int start = 0; start < n; start += block) {
    m.AddRows(rows.middleRows(start, std::min(block, n - start)));
  }
  return m;
}

CoMoments RowByRow(const Eigen::MatrixXd& rows) {
  CoMoments m(static_cast<int>(rows.cols()));
  for (Eigen::Index i = 0; i < rows.rows(); ++i) {
    const Eigen::VectorXd row = rows.row(i).transpose();
    m.AddRow(std::span<const double>(row.data(), row.size()));
  }
  return m;
}

TEST(CoMomentsTest, StaysAccurateFarFromZero) {
  // Values near 1e9 with a spread near 1: Welford's recursion on the raw values (pandas') loses
  // about 1e-8 here, and so would merging block means stored as raw values. Working relative to
  // each column's first value keeps every path within 1e-12.
  const int n = 5000;
  Eigen::MatrixXd rows(n, 2);
  uint64_t state = 3;
  for (int i = 0; i < n; ++i) {
    const double u = NextUniform(state);
    const double v = NextUniform(state);
    rows(i, 0) = 1e9 + u;
    rows(i, 1) = -3e9 + u + 0.7 * v;
  }
  const double truth = TwoPassPearson(rows, 0, 1);
  CoMoments blocks(2), merged(2);
  for (int start = 0; start < n; start += 512) {
    CoMoments part(2);
    part.AddRows(rows.middleRows(start, std::min(512, n - start)));
    merged.Merge(part);
  }
  blocks.AddRows(rows);
  EXPECT_TRUE(NearRel(blocks.Pearson(0, 1).value, truth, 1e-12));
  EXPECT_TRUE(NearRel(merged.Pearson(0, 1).value, truth, 1e-12));
  EXPECT_TRUE(NearRel(RowByRow(rows).Pearson(0, 1).value, truth, 1e-12));
}

TEST(CoMomentsTest, CompleteBlocksAgreeWithRowByRowAndTwoPass) {
  // Blocks without a missing value take a shorter path (one matrix product); it must agree with
  // the row-by-row update and with the accurate value, constant columns included.
  const int n = 3000;
  Eigen::MatrixXd rows(n, 4);
  uint64_t state = 11;
  for (int i = 0; i < n; ++i) {
    const double u = NextUniform(state);
    rows(i, 0) = u * 100 - 50;
    rows(i, 1) = 0.3 * rows(i, 0) + std::sin(i);
    rows(i, 2) = 2.5;  // constant
    rows(i, 3) = 1e6 + std::cos(i * 0.1) * u;
  }
  const CoMoments blocks = InBlocks(rows, 700);
  const CoMoments by_row = RowByRow(rows);
  for (int a = 0; a < 4; ++a) {
    for (int b = 0; b < 4; ++b) {
      EXPECT_EQ(blocks.Count(a, b), n);
      if (a == 2 || b == 2) {
        EXPECT_EQ(blocks.Pearson(a, b).why_undefined,
                  "a column is constant over the rows where both are present");
        EXPECT_FALSE(by_row.Pearson(a, b).defined());
        continue;
      }
      const double truth = TwoPassPearson(rows, a, b);
      EXPECT_TRUE(NearRel(blocks.Pearson(a, b).value, truth, 1e-12)) << a << "," << b;
      EXPECT_TRUE(NearRel(by_row.Pearson(a, b).value, truth, 1e-12)) << a << "," << b;
      EXPECT_TRUE(NearRel(blocks.Covariance(a, b).value, by_row.Covariance(a, b).value, 1e-12));
    }
  }
  EXPECT_EQ(blocks.ToState().cross[1], blocks.ToState().cross[4]);  // symmetric, bit for bit
}

TEST(CoMomentsTest, BlocksLeaveOutColumnsWithoutValues) {
  // A column with no value in a block (a text column, or one that starts late) is left out of
  // that block's products, so the rest take the complete path: every pair must still agree
  // with the row-by-row update, counts exactly.
  const int n = 3000;
  Eigen::MatrixXd rows(n, 5);
  uint64_t state = 12;
  for (int i = 0; i < n; ++i) {
    const double u = NextUniform(state);
    rows(i, 0) = u * 10 - 5;
    rows(i, 1) = std::exp(rows(i, 0) / 3) + std::cos(i);
    rows(i, 2) = kNaN;                           // never a number
    rows(i, 3) = i < 1500 ? kNaN : u * u + 1e3;  // only in the later blocks
    rows(i, 4) = i % 700 == 5 ? kNaN : 7.0;      // constant, missing once a block
  }
  const CoMoments blocks = InBlocks(rows, 700);
  const CoMoments by_row = RowByRow(rows);
  for (int a = 0; a < 5; ++a) {
    for (int b = 0; b < 5; ++b) {
      SCOPED_TRACE(::testing::Message() << a << "," << b);
      EXPECT_EQ(blocks.Count(a, b), by_row.Count(a, b));
      const Value x = blocks.Pearson(a, b);
      const Value y = by_row.Pearson(a, b);
      EXPECT_EQ(x.why_undefined, y.why_undefined);
      EXPECT_EQ(x.defined(), y.defined());
      if (x.defined() && y.defined()) {
        EXPECT_TRUE(NearRel(x.value, y.value, 1e-12));
      }
    }
  }
  EXPECT_EQ(blocks.Count(2, 0), 0);
  EXPECT_EQ(blocks.Pearson(2, 0).why_undefined, "no row has both values");
  EXPECT_EQ(blocks.Count(3, 0), 1500);
  EXPECT_EQ(blocks.Count(4, 4), n - 5);
  EXPECT_EQ(blocks.Pearson(4, 1).why_undefined,
            "a column is constant over the rows where both are present");
  EXPECT_TRUE(NearRel(blocks.Pearson(0, 1).value, TwoPassPearson(rows, 0, 1), 1e-12));
}

TEST(CoMomentsTest, StateRoundTrip) {
  for (const Frame& f : LoadFrames()) {
    SCOPED_TRACE(f.name);
    CoMoments m(static_cast<int>(f.rows.cols()));
    m.AddRows(f.rows.topRows(f.rows.rows() / 2));
    std::string why;
    std::optional<CoMoments> restored = CoMoments::FromState(m.ToState(), &why);
    ASSERT_TRUE(restored.has_value()) << why;
    // The restored accumulator continues exactly as the original.
    for (CoMoments* c : {&m, &*restored}) {
      c->AddRows(f.rows.bottomRows(f.rows.rows() - f.rows.rows() / 2));
    }
    ExpectMatrixNear(*restored, f.pearson);
    const CoMomentsState a = m.ToState(), b = restored->ToState();
    EXPECT_EQ(a.m2, b.m2);
    EXPECT_EQ(a.is_constant, b.is_constant);
  }
  const Frame f = LoadFrames().back();
  CoMoments m(static_cast<int>(f.rows.cols()));
  m.AddRows(f.rows);
  std::string why;
  CoMomentsState bad = m.ToState();
  bad.count[1] += 1;  // no longer symmetric
  EXPECT_FALSE(CoMoments::FromState(bad, &why).has_value());
  EXPECT_EQ(why, "counts must be non-negative integers, symmetric");
  bad = m.ToState();
  bad.mean.pop_back();
  EXPECT_FALSE(CoMoments::FromState(bad, &why).has_value());
  EXPECT_EQ(why, "a matrix does not have columns x columns entries");
  bad = m.ToState();
  bad.m2[0] = -1;
  EXPECT_FALSE(CoMoments::FromState(bad, &why).has_value());
}

}  // namespace
}  // namespace mlgate::stats
