// Profiles as artifacts: JSON round trip, shard merging, the memory budget's switch to sketches,
// and stored profiles used as gate datasets.
#include "runners/profile_io.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "runners/profiler.h"
#include "tests/cli_runner.h"
#include "tests/test_util.h"

namespace mlgate {
namespace {

using ::testing::HasSubstr;
using testing::RunMlgate;

ProfileRequest Everything() {
  ProfileRequest request;
  request.all_columns.moments = true;
  request.all_columns.values = true;
  request.all_columns.frequencies = true;
  request.all_columns.aligned = true;
  return request;
}

std::string Csv(int from, int to) {
  std::string csv = "x,y,c\n";
  for (int i = from; i < to; ++i) {
    csv += std::to_string(std::cos(i) * 10) + "," + (i % 9 == 0 ? "" : std::to_string(i * 0.25)) +
           ",k" + std::to_string(i % 4) + "\n";
  }
  return csv;
}

StatusOr<Profile> ProfileOf(const std::string& csv, size_t budget = size_t{1} << 30) {
  DatasetDecl d;
  d.name = "d";
  ProfilerOptions options;
  options.threads = 2;
  options.block_bytes = 4096;
  options.memory_budget = budget;
  return ProfileCsv(OpenMemory(csv, "mem.csv"), d, Everything(), options);
}

TEST(ProfileIoTest, JsonRoundTripIsExact) {
  auto p = ProfileOf(Csv(0, 2000));
  ASSERT_TRUE(p.ok()) << p.status().message();
  std::string json = ProfileToJson(*p);
  auto back = ProfileFromJson(json, "p.json");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->rows, 2000);
  ASSERT_EQ(back->columns.size(), 3u);
  const ColumnProfile& y = back->columns[1];
  EXPECT_EQ(y.nulls, p->columns[1].nulls);
  EXPECT_EQ(y.values, p->columns[1].values);
  EXPECT_EQ(y.moments.mean(), p->columns[1].moments.mean());
  EXPECT_EQ(y.moments.m2(), p->columns[1].moments.m2());
  ASSERT_EQ(y.aligned.size(), 2000u);
  EXPECT_TRUE(std::isnan(y.aligned[0]));  // row 0 has an empty y
  EXPECT_EQ(back->columns[2].frequencies.Sorted(), p->columns[2].frequencies.Sorted());
  ASSERT_TRUE(back->comoments);
  EXPECT_EQ(back->comoments->Pearson(0, 1).value, p->comoments->Pearson(0, 1).value);
  // Writing the read profile gives the same text: nothing is lost or reinterpreted.
  EXPECT_EQ(ProfileToJson(*back), json);
  // The profiler sorts exact values, and reading them back sees that they are.
  EXPECT_TRUE(p->columns[0].values_sorted);
  EXPECT_TRUE(back->columns[0].values_sorted);
}

TEST(ProfileIoTest, ReadsProfilesWithoutTheComomentsNeedAndUnsortedValues) {
  // Profiles written before co-moments were a need of their own have only "aligned"; a profile
  // edited or written elsewhere may hold its values in any order.
  auto p = ProfileOf(Csv(0, 50));
  ASSERT_TRUE(p.ok()) << p.status().message();
  nlohmann::json j = nlohmann::json::parse(ProfileToJson(*p));
  for (auto& column : j["columns"]) {
    ASSERT_TRUE(column["needs"].contains("comoments"));
    column["needs"].erase("comoments");
  }
  auto& values = j["columns"][0]["values"];
  std::reverse(values.begin(), values.end());
  auto back = ProfileFromJson(j.dump(), "old.json");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_TRUE(back->columns[0].needs.aligned);
  EXPECT_FALSE(back->columns[0].needs.comoments);
  EXPECT_TRUE(back->columns[0].needs.NeedsComoments());
  EXPECT_FALSE(back->columns[0].values_sorted);
  EXPECT_TRUE(back->columns[1].values_sorted);
  std::vector<double> sorted = back->columns[0].values;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, p->columns[0].values);
}

TEST(ProfileIoTest, MergingShardsEqualsProfilingTheWhole) {
  auto whole = ProfileOf(Csv(0, 3000));
  auto a = ProfileOf(Csv(0, 1000));
  auto b = ProfileOf(Csv(1000, 3000));
  ASSERT_TRUE(whole.ok() && a.ok() && b.ok());
  Profile merged = *a;
  ASSERT_TRUE(MergeProfiles(merged, *b).ok());
  EXPECT_EQ(merged.rows, whole->rows);
  for (size_t i = 0; i < merged.columns.size(); ++i) {
    EXPECT_EQ(merged.columns[i].values, whole->columns[i].values);
    EXPECT_EQ(merged.columns[i].nulls, whole->columns[i].nulls);
    ASSERT_EQ(merged.columns[i].moments.count(), whole->columns[i].moments.count());
    // Text columns have no moments (count 0, mean NaN); numeric ones must agree.
    if (whole->columns[i].moments.count() > 0) {
      EXPECT_NEAR(merged.columns[i].moments.mean(), whole->columns[i].moments.mean(), 1e-12);
    }
    EXPECT_EQ(merged.columns[i].frequencies.Sorted(), whole->columns[i].frequencies.Sorted());
  }
  EXPECT_TRUE(merged.columns[0].values_sorted);  // two sorted shards merge sorted
  EXPECT_EQ(whole->columns[0].moments.count(), 3000);
  EXPECT_EQ(whole->columns[1].moments.count(), 3000 - 334);  // every 9th y is empty
  EXPECT_NEAR(merged.comoments->Pearson(0, 1).value, whole->comoments->Pearson(0, 1).value, 1e-12);
}

TEST(ProfileIoTest, MergeRefusesDifferentColumns) {
  auto a = ProfileOf(Csv(0, 10));
  auto b = ProfileOf("x,z,c\n1,2,3\n");
  ASSERT_TRUE(a.ok() && b.ok());
  Status status = MergeProfiles(a.value(), *b);
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("column 2 is 'y' in one and 'z' in the other"));
}

TEST(ProfileIoTest, BeyondTheBudgetValuesBecomeSketchesWithinTheirBound) {
  std::string csv = "v\n";
  const int n = 100000;
  for (int i = 0; i < n; ++i) csv += std::to_string((i * 7919) % n) + "\n";
  // 64 KB of values: far less than 100000 doubles.
  auto p = ProfileOf(csv, 64 * 1024);
  ASSERT_TRUE(p.ok()) << p.status().message();
  const ColumnProfile& v = p->columns[0];
  ASSERT_FALSE(v.exact());
  EXPECT_TRUE(v.values.empty());
  EXPECT_TRUE(v.aligned.empty());
  EXPECT_FALSE(p->aligned_exact);
  EXPECT_EQ(v.sketch->count(), static_cast<uint64_t>(n));
  double bound = v.sketch->RankErrorBound();
  EXPECT_GT(bound, 0.0);
  EXPECT_LT(bound, 0.01);
  // The values are a permutation of 0..n-1: the true q-quantile is about q*n.
  for (double q : {0.1, 0.5, 0.9}) {
    double estimate = v.sketch->Quantile(q).value;
    EXPECT_NEAR(estimate / n, q, bound) << "q=" << q;
  }
  // Co-moments survive the switch: Pearson is still available.
  EXPECT_TRUE(p->comoments.has_value());
  // Sketch mode is deterministic too.
  auto again = ProfileOf(csv, 64 * 1024);
  EXPECT_EQ(again->columns[0].sketch->Quantile(0.5).value, v.sketch->Quantile(0.5).value);
}

TEST(ProfileIoTest, FittingAMergedProfileToABudgetSketchesTheLargestColumnsFirst) {
  // x has a value on every row, y misses every 9th: x holds the most values.
  auto a = ProfileOf(Csv(0, 3000));
  auto b = ProfileOf(Csv(3000, 6000));
  ASSERT_TRUE(a.ok() && b.ok());
  Profile merged = *a;
  ASSERT_TRUE(MergeProfiles(merged, *b).ok());
  ASSERT_TRUE(merged.aligned_exact);
  const std::vector<double> x_values = merged.columns[0].values;  // sorted
  const std::vector<double> y_values = merged.columns[1].values;
  ASSERT_EQ(merged.columns[0].values.size(), 6000u);
  ASSERT_EQ(y_values.size(), 6000u - 667);
  // Room for y's values but not for x's as well: x becomes a sketch, y stays exact.
  EXPECT_EQ(FitProfileToBudget(merged, 6000 * sizeof(double)), 1u);
  EXPECT_FALSE(merged.aligned_exact);
  EXPECT_TRUE(merged.columns[0].aligned.empty());
  ASSERT_FALSE(merged.columns[0].exact());
  EXPECT_TRUE(merged.columns[0].values.empty());
  // The memory itself is given back, not only the values cleared.
  EXPECT_EQ(merged.columns[0].values.capacity(), 0u);
  EXPECT_EQ(merged.columns[0].aligned.capacity(), 0u);
  EXPECT_EQ(merged.columns[0].sketch->count(), 6000u);
  EXPECT_EQ(merged.columns[0].sketch->min(), x_values.front());
  EXPECT_EQ(merged.columns[0].sketch->max(), x_values.back());
  EXPECT_TRUE(merged.columns[1].exact());
  EXPECT_EQ(merged.columns[1].values, y_values);
  // Within budget nothing changes; a budget of nothing sketches every numeric column.
  EXPECT_EQ(FitProfileToBudget(merged, 6000 * sizeof(double)), 0u);
  EXPECT_EQ(FitProfileToBudget(merged, 0), 1u);
  EXPECT_FALSE(merged.columns[1].exact());
  EXPECT_EQ(merged.columns[1].values.capacity(), 0u);
  EXPECT_EQ(merged.columns[1].sketch->count(), 6000u - 667);
}

TEST(ProfileIoTest, RejectsWhatIsNotAProfile) {
  EXPECT_THAT(ProfileFromJson("{", "p.json").status().message(),
              HasSubstr("p.json: not valid JSON"));
  EXPECT_THAT(ProfileFromJson("{\"a\":1}", "p.json").status().message(),
              HasSubstr("not an mlgate profile"));
  EXPECT_THAT(
      ProfileFromJson("{\"format\":\"mlgate-profile\",\"version\":9}", "p.json").status().message(),
      HasSubstr("profile version 9 is not supported"));
  EXPECT_THAT(
      ProfileFromJson("{\"format\":\"mlgate-profile\",\"version\":1}", "p.json").status().message(),
      HasSubstr("p.json: malformed profile"));
}

TEST(ProfileIoTest, CommandLineProfileMergeAndStoredProfileDataset) {
  testing::TempDir dir;
  dir.Write("a.csv", Csv(0, 500));
  dir.Write("b.csv", Csv(500, 900));
  ASSERT_EQ(RunMlgate("profile '" + (dir / "a.csv") + "' -o '" + (dir / "a.json") + "'").exit_code,
            0);
  ASSERT_EQ(RunMlgate("profile '" + (dir / "b.csv") + "' -o '" + (dir / "b.json") + "'").exit_code,
            0);
  auto merged = RunMlgate("profile --merge '" + (dir / "a.json") + "' '" + (dir / "b.json") +
                          "' -o '" + (dir / "ab.json") + "'");
  ASSERT_EQ(merged.exit_code, 0) << merged.out;
  EXPECT_THAT(merged.out, HasSubstr("900 rows, 3 columns (exact)"));
  // A schema check judged from the stored profile: counts and types are answerable, per-value
  // rules are not (an error, never a pass).
  std::string gate =
      dir.Write("g.yaml",
                "mlgate: 1\nname: p\ndatasets: { ref: { profile: ab.json } }\nchecks:\n"
                "  - { id: s, kind: schema, dataset: ref, columns: { x: float, y: { type: float, "
                "max_null_fraction: 0.2 }, c: { allowed: [k0, k1, k2, k3] } } }\n");
  auto run = RunMlgate("run '" + gate + "' --json '" + (dir / "v.json") + "'");
  EXPECT_EQ(run.exit_code, 1) << run.out;
  std::string json = testing::ReadFile(dir / "v.json");
  EXPECT_THAT(json, HasSubstr("not_allowed cannot be judged from"));
  EXPECT_THAT(json, HasSubstr("\"error\": 1"));
  EXPECT_THAT(json, HasSubstr("\"fail\": 0"));
  auto bad = RunMlgate("profile --merge '" + (dir / "a.json") + "' -o '" + (dir / "x.json") + "'");
  EXPECT_EQ(bad.exit_code, 2);
  // The merge keeps to --memory-budget: 900 x values and 800 y values (13600 bytes) fit in 14K;
  // in 7K only y's do.
  auto fits = RunMlgate("profile --merge '" + (dir / "a.json") + "' '" + (dir / "b.json") +
                        "' --memory-budget 14K -o '" + (dir / "fits.json") + "'");
  ASSERT_EQ(fits.exit_code, 0) << fits.out;
  EXPECT_THAT(fits.out, HasSubstr("900 rows, 3 columns (exact)"));
  auto small = RunMlgate("profile --merge '" + (dir / "a.json") + "' '" + (dir / "b.json") +
                         "' --memory-budget 7K -o '" + (dir / "small.json") + "'");
  ASSERT_EQ(small.exit_code, 0) << small.out;
  EXPECT_THAT(small.out, HasSubstr("900 rows, 3 columns (1 sketched)"));
  auto junk = RunMlgate("profile --merge '" + (dir / "a.json") + "' '" + (dir / "b.json") +
                        "' --memory-budget lots -o '" + (dir / "junk.json") + "'");
  EXPECT_EQ(junk.exit_code, 2);
  EXPECT_THAT(junk.out, HasSubstr("--memory-budget lots: expected a size"));
}

}  // namespace
}  // namespace mlgate
