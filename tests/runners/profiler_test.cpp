#include "runners/profiler.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "checks/cell.h"
#include "tests/test_util.h"

namespace mlgate {
namespace {

using ::testing::HasSubstr;

DatasetDecl Dataset() {
  DatasetDecl d;
  d.name = "d";
  d.null_values = {"", "NA"};
  return d;
}

StatusOr<Profile> ProfileText(const std::string& csv, int threads, size_t block_bytes,
                              const ProfileRequest& request,
                              const DatasetDecl& dataset = Dataset()) {
  ProfilerOptions options;
  options.threads = threads;
  options.block_bytes = block_bytes;
  return ProfileCsv(OpenMemory(csv, "mem.csv"), dataset, request, options);
}

TEST(ProfilerTest, CountsNullsTypesAndMoments) {
  ProfileRequest request;
  request.all_columns.moments = true;
  request.all_columns.frequencies = true;
  auto p = ProfileText(
      "a,b,c,d\n1,x,2012-01-01,true\n2,NA,2012-02-30,false\n,y,2013-03-04,true\n"
      "4.5,\"x\",2014-01-01T10:00:00Z,nan\n",
      1, 1 << 20, request);
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->rows, 4);
  const ColumnProfile* a = p->Find("a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->present, 3);
  EXPECT_EQ(a->nulls, 1);
  EXPECT_EQ(a->type_ok[static_cast<int>(ColumnType::kInt)], 2);
  EXPECT_EQ(a->InferredType(), ColumnType::kFloat);
  EXPECT_DOUBLE_EQ(a->moments.mean(), 7.5 / 3);
  EXPECT_DOUBLE_EQ(a->moments.max(), 4.5);
  const ColumnProfile* b = p->Find("b");
  EXPECT_EQ(b->nulls, 1);
  EXPECT_EQ(b->frequencies.Count("x"), 2);
  EXPECT_EQ(b->InferredType(), ColumnType::kString);
  const ColumnProfile* c = p->Find("c");
  // 2012-02-30 is not a date, and a timestamp is not a date either.
  EXPECT_EQ(c->type_ok[static_cast<int>(ColumnType::kDate)], 2);
  EXPECT_EQ(c->type_misses[static_cast<int>(ColumnType::kDate)].first_line, 3);
  EXPECT_EQ(c->type_misses[static_cast<int>(ColumnType::kDate)].first_value, "2012-02-30");
  const ColumnProfile* d = p->Find("d");
  // "nan" is a missing value (DESIGN §8), so d is all bool.
  EXPECT_EQ(d->nulls, 1);
  EXPECT_EQ(d->InferredType(), ColumnType::kBool);
}

TEST(ProfilerTest, TypeTalliesAndFirstMissesAcrossBlocksWhateverTheThreadCount) {
  // v cycles through an int, a float, a date, a bool and a word, one per row, so over 5000 rows
  // each form is 1000 values; the first row that is not an int is line 3 ("2.5").
  const char* const kForms[] = {"17", "2.5", "2021-06-01", "true", "word"};
  std::string csv = "v\n";
  for (int i = 0; i < 5000; ++i) csv += std::string(kForms[i % 5]) + "\n";
  for (int threads : {1, 2, 3}) {
    for (size_t block_bytes : {size_t{256}, size_t{1} << 20}) {
      auto p = ProfileText(csv, threads, block_bytes, ProfileRequest{});
      ASSERT_TRUE(p.ok()) << p.status().message();
      const ColumnProfile& v = *p->Find("v");
      const auto ok = [&](ColumnType t) { return v.type_ok[static_cast<int>(t)]; };
      const auto miss = [&](ColumnType t) { return v.type_misses[static_cast<int>(t)]; };
      EXPECT_EQ(v.present, 5000);
      EXPECT_EQ(ok(ColumnType::kInt), 1000);
      EXPECT_EQ(ok(ColumnType::kFloat), 2000);  // ints are floats too
      EXPECT_EQ(ok(ColumnType::kDate), 1000);
      EXPECT_EQ(ok(ColumnType::kTimestamp), 1000);  // a date is a timestamp at midnight
      EXPECT_EQ(ok(ColumnType::kBool), 1000);
      EXPECT_EQ(ok(ColumnType::kString), 5000);
      EXPECT_EQ(miss(ColumnType::kInt).violations, 4000);
      EXPECT_EQ(miss(ColumnType::kInt).first_line, 3);
      EXPECT_EQ(miss(ColumnType::kInt).first_value, "2.5");
      EXPECT_EQ(miss(ColumnType::kFloat).first_line, 4);
      EXPECT_EQ(miss(ColumnType::kFloat).first_value, "2021-06-01");
      EXPECT_EQ(miss(ColumnType::kDate).first_line, 2);
      EXPECT_EQ(miss(ColumnType::kDate).first_value, "17");
      EXPECT_EQ(miss(ColumnType::kBool).violations, 4000);
      EXPECT_EQ(miss(ColumnType::kBool).first_line, 2);
      EXPECT_EQ(miss(ColumnType::kString).violations, 0);
      EXPECT_EQ(miss(ColumnType::kString).first_line, 0);
      EXPECT_EQ(v.InferredType(), ColumnType::kString);
    }
  }
}

// Equal within floating-point rounding of a different merge order (NaN equals NaN).
void ExpectClose(double got, double want) {
  if (std::isnan(want)) {
    EXPECT_TRUE(std::isnan(got));
    return;
  }
  EXPECT_NEAR(got, want, 1e-12 * std::max(1.0, std::fabs(want)));
}

TEST(ProfilerTest, BitIdenticalWhateverTheThreadCount) {
  std::string csv = "x\n";
  for (int i = 0; i < 3000; ++i) csv += std::to_string(std::sin(i) * 1e3) + "\n";
  ProfileRequest request;
  request.all_columns.moments = true;
  auto one = ProfileText(csv, 1, 256, request);
  ASSERT_TRUE(one.ok());
  for (int threads : {2, 3, 7}) {
    auto many = ProfileText(csv, threads, 256, request);
    ASSERT_TRUE(many.ok());
    EXPECT_EQ(many->columns[0].moments.mean(), one->columns[0].moments.mean());
    EXPECT_EQ(many->columns[0].moments.m2(), one->columns[0].moments.m2());
  }
}

TEST(ProfilerTest, SameResultWhateverTheThreadCountAndBlockSize) {
  std::string csv = "id,x,cat\n";
  for (int i = 0; i < 5000; ++i) {
    csv += std::to_string(i % 4000) + "," + std::to_string(std::sin(i) * 100) + ",\"c" +
           std::to_string(i % 7) + (i % 13 == 0 ? "\nwrapped" : "") + "\"\n";
  }
  ProfileRequest request;
  request.all_columns.moments = true;
  request.all_columns.values = true;
  request.all_columns.frequencies = true;
  request.columns["id"].unique = true;
  auto reference = ProfileText(csv, 1, 1 << 30, request);
  ASSERT_TRUE(reference.ok()) << reference.status().message();
  for (int threads : {1, 3}) {
    for (size_t block : {size_t{300}, size_t{65536}}) {
      auto p = ProfileText(csv, threads, block, request);
      ASSERT_TRUE(p.ok()) << p.status().message();
      ASSERT_EQ(p->rows, 5000);
      for (size_t c = 0; c < p->columns.size(); ++c) {
        const auto& got = p->columns[c];
        const auto& want = reference->columns[c];
        EXPECT_EQ(got.present, want.present);
        EXPECT_EQ(got.values, want.values) << "threads " << threads << " block " << block;
        ExpectClose(got.moments.mean(), want.moments.mean());
        ExpectClose(got.moments.variance(), want.moments.variance());
        EXPECT_EQ(got.frequencies.Sorted(), want.frequencies.Sorted());
        EXPECT_EQ(got.duplicates.violations, want.duplicates.violations);
        EXPECT_EQ(got.duplicates.first_line, want.duplicates.first_line);
      }
    }
  }
  const ColumnProfile* id = reference->Find("id");
  EXPECT_EQ(id->duplicates.violations, 1000);
  // Row 4001 (value 0 again) starts after 4001 records, 308 of which wrapped a line before it.
  EXPECT_EQ(id->duplicates.first_value, "0");
  EXPECT_EQ(id->duplicates.first_line, 2 + 4000 + (4000 / 13 + 1));
}

TEST(ProfilerTest, SketchModeIsTheSameWhateverTheThreadCount) {
  std::string csv = "x,y\n";
  for (int i = 0; i < 60000; ++i) {
    csv +=
        std::to_string(std::sin(i * 0.7) * 1e3) + "," + std::to_string((i * 7919) % 60000) + "\n";
  }
  ProfileRequest request;
  request.all_columns.moments = true;
  request.all_columns.values = true;
  request.all_columns.aligned = true;
  auto profile = [&](int threads) {
    ProfilerOptions options;
    options.threads = threads;
    options.block_bytes = 4096;
    options.memory_budget = 64 * 1024;  // far less than 2 x 60000 doubles: sketch mode
    return ProfileCsv(OpenMemory(csv, "mem.csv"), Dataset(), request, options);
  };
  auto one = profile(1);
  ASSERT_TRUE(one.ok()) << one.status().message();
  for (int threads : {2, 3, 5}) {
    auto many = profile(threads);
    ASSERT_TRUE(many.ok()) << many.status().message();
    for (size_t c = 0; c < 2; ++c) {
      const ColumnProfile& a = one->columns[c];
      const ColumnProfile& b = many->columns[c];
      ASSERT_TRUE(a.sketch.has_value());
      ASSERT_TRUE(b.sketch.has_value());
      EXPECT_EQ(a.sketch->count(), 60000u);
      EXPECT_EQ(b.sketch->count(), 60000u);
      for (double q : {0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99}) {
        EXPECT_EQ(a.sketch->Quantile(q).value, b.sketch->Quantile(q).value)
            << "threads " << threads << " column " << c << " q " << q;
      }
      EXPECT_EQ(a.moments.mean(), b.moments.mean());
    }
    EXPECT_EQ(one->comoments->Pearson(0, 1).value, many->comoments->Pearson(0, 1).value);
  }
  // And the sketch is within its bound: y is a permutation of 0..59999.
  const stats::KllSketch& y = *one->columns[1].sketch;
  for (double q : {0.1, 0.5, 0.9}) {
    EXPECT_NEAR(y.Quantile(q).value / 60000, q, y.RankErrorBound()) << q;
  }
}

TEST(ProfilerTest, OverTheBudgetTheLargestColumnsBecomeSketchesFirst) {
  // x has a value in every row, y in every other one, z in every fourth: 60000, 30000 and
  // 15000 doubles, 840 KB in all. A 400 KB budget is passed when x and y together hold it; x,
  // the largest, becomes a sketch, and y and z (360 KB at the end) stay exact.
  std::string csv = "x,y,z,w\n";
  std::vector<double> y_values, z_values;
  for (int i = 0; i < 60000; ++i) {
    const int64_t y = (i * int64_t{7919}) % 60000, z = (i * int64_t{104729}) % 60000;
    csv += fmt::format("{},{},{},{}\n", i, i % 2 == 0 ? std::to_string(y) : "",
                       i % 4 == 0 ? std::to_string(z) : "", i % 3);
    if (i % 2 == 0) y_values.push_back(y);
    if (i % 4 == 0) z_values.push_back(z);
  }
  std::sort(y_values.begin(), y_values.end());
  std::sort(z_values.begin(), z_values.end());
  ProfileRequest request;
  request.all_columns.moments = true;
  request.columns["x"].values = true;
  request.columns["y"].values = true;
  request.columns["z"].values = true;
  request.columns["y"].aligned = true;
  request.columns["z"].aligned = true;
  for (int threads : {1, 2, 3}) {
    ProfilerOptions options;
    options.threads = threads;
    options.block_bytes = 4096;
    options.memory_budget = 400 * 1000;
    auto p = ProfileCsv(OpenMemory(csv, "mem.csv"), Dataset(), request, options);
    ASSERT_TRUE(p.ok()) << p.status().message();
    const ColumnProfile& x = *p->Find("x");
    const ColumnProfile& y = *p->Find("y");
    const ColumnProfile& z = *p->Find("z");
    ASSERT_TRUE(x.sketch.has_value()) << threads;
    EXPECT_EQ(x.sketch->count(), 60000u);
    EXPECT_TRUE(x.values.empty());
    // The memory itself is given back, not only the values cleared.
    EXPECT_EQ(x.values.capacity(), 0u);
    EXPECT_EQ(y.aligned.capacity(), 0u);
    EXPECT_NEAR(x.sketch->Quantile(0.5).value / 60000, 0.5, x.sketch->RankErrorBound());
    EXPECT_FALSE(y.sketch.has_value()) << threads;
    EXPECT_FALSE(z.sketch.has_value()) << threads;
    EXPECT_EQ(y.values, y_values);
    EXPECT_EQ(z.values, z_values);
    // The row-aligned values went first, and the moments never depend on the switch.
    EXPECT_FALSE(p->aligned_exact);
    EXPECT_TRUE(y.aligned.empty());
    EXPECT_DOUBLE_EQ(x.moments.mean(), 29999.5);
    EXPECT_FALSE(p->Find("w")->sketch.has_value());
  }
}

TEST(ProfilerTest, NumericCountsPastTheCapAreTheSameWhateverTheThreadCount) {
  // x: numeric with many distinct values, so its value counts stop once the table overflows;
  // late in the file a repeated early value and a text value. Which blocks still count values
  // one by one is decided in file order, never by which thread got there first.
  std::string csv = "x,c\n";
  for (int i = 0; i < 6000; ++i) {
    std::string x = std::to_string(i);
    if (i == 5000) x = "oops";
    if (i > 5000 && i % 100 == 0) x = "7";
    csv += x + ",c" + std::to_string(i % 3) + "\n";
  }
  ProfileRequest request;
  request.all_columns.frequencies = true;
  request.max_distinct = 100;
  auto one = ProfileText(csv, 1, 512, request);
  ASSERT_TRUE(one.ok()) << one.status().message();
  const ColumnProfile* x = one->Find("x");
  EXPECT_EQ(x->present, 6000);
  EXPECT_EQ(x->type_ok[static_cast<int>(ColumnType::kFloat)], 5999);
  EXPECT_EQ(x->frequencies.total(), 6000);
  EXPECT_TRUE(x->frequencies.overflowed());
  EXPECT_EQ(x->frequencies.distinct(), 100u);
  EXPECT_FALSE(x->counts_stopped_for_kind);  // the cap stopped it, no check's wish
  // "7" was counted once, in the first block; its late repeats came after the counts stopped.
  EXPECT_EQ(x->frequencies.Count("7"), 1);
  EXPECT_EQ(x->frequencies.Count("oops"), 0);
  // c is categorical: counted exactly.
  EXPECT_EQ(one->Find("c")->frequencies.Count("c1"), 2000);
  for (int threads : {2, 3, 5}) {
    auto many = ProfileText(csv, threads, 512, request);
    ASSERT_TRUE(many.ok()) << many.status().message();
    for (size_t c = 0; c < 2; ++c) {
      EXPECT_EQ(many->columns[c].frequencies.Sorted(), one->columns[c].frequencies.Sorted())
          << "threads " << threads;
      EXPECT_EQ(many->columns[c].frequencies.other_count(),
                one->columns[c].frequencies.other_count());
    }
  }
}

TEST(ColumnNeedsTest, CountsForTheKindOnlyUnlessSomeCheckWantsThemAll) {
  ColumnNeeds kind_only;
  kind_only.frequencies = true;
  kind_only.counts_for_kind_up_to = 5;
  ColumnNeeds all_counts;
  all_counts.frequencies = true;
  ColumnNeeds no_counts;
  no_counts.values = true;

  ColumnNeeds a = no_counts;
  a.Add(kind_only);  // the first to want counts sets how many
  EXPECT_TRUE(a.frequencies);
  EXPECT_EQ(a.counts_for_kind_up_to, 5u);
  a.Add(no_counts);
  EXPECT_EQ(a.counts_for_kind_up_to, 5u);
  ColumnNeeds wider = kind_only;
  wider.counts_for_kind_up_to = 20;
  a.Add(wider);
  EXPECT_EQ(a.counts_for_kind_up_to, 20u);
  a.Add(all_counts);
  EXPECT_EQ(a.counts_for_kind_up_to, 0u);
  a.Add(kind_only);  // once every count is wanted, it stays so
  EXPECT_EQ(a.counts_for_kind_up_to, 0u);
  ColumnNeeds b = all_counts;
  b.Add(kind_only);
  EXPECT_EQ(b.counts_for_kind_up_to, 0u);
}

TEST(ProfilerTest, CountsWantedForTheKindStopPastItWhateverTheThreadCount) {
  // n: 50 distinct integers; k: 3; s: 40 texts; full: n again, whose counts a check wants whole;
  // t: n's numbers after a text in the first row.
  std::string csv = "n,k,s,full,t\n";
  for (int i = 0; i < 3000; ++i) {
    csv += fmt::format("{},{},s{},{},{}\n", i % 50, i % 3, i % 40, i % 50,
                       i == 0 ? std::string("word") : std::to_string(i % 50));
  }
  ProfileRequest request;
  request.all_columns.frequencies = true;
  request.all_columns.counts_for_kind_up_to = 5;
  ColumnNeeds every_count;
  every_count.frequencies = true;
  request.columns["full"] = every_count;
  auto one = ProfileText(csv, 1, 256, request);
  ASSERT_TRUE(one.ok()) << one.status().message();
  // The first block had more than 5 distinct numbers: its counts are kept, and every later value
  // is "other".
  const ColumnProfile* n = one->Find("n");
  EXPECT_TRUE(n->counts_stopped_for_kind);
  EXPECT_TRUE(n->frequencies.overflowed());
  EXPECT_GT(n->frequencies.distinct(), 5u);
  EXPECT_LT(n->frequencies.distinct(), 50u);
  EXPECT_EQ(n->frequencies.total(), 3000);
  EXPECT_EQ(n->frequencies.Count("0"), 1);
  // Within the limit, texts, a column whose counts are wanted whole, and one with text before
  // its numbers: counted exactly.
  EXPECT_EQ(one->Find("k")->frequencies.Count("2"), 1000);
  EXPECT_EQ(one->Find("s")->frequencies.distinct(), 40u);
  EXPECT_EQ(one->Find("s")->frequencies.Count("s7"), 75);
  EXPECT_EQ(one->Find("full")->frequencies.distinct(), 50u);
  EXPECT_EQ(one->Find("full")->frequencies.Count("49"), 60);
  EXPECT_EQ(one->Find("t")->frequencies.distinct(), 51u);
  EXPECT_EQ(one->Find("t")->frequencies.Count("0"), 59);
  for (const char* whole : {"k", "s", "full", "t"}) {
    EXPECT_FALSE(one->Find(whole)->frequencies.overflowed()) << whole;
    EXPECT_FALSE(one->Find(whole)->counts_stopped_for_kind) << whole;
  }
  for (int threads : {2, 3, 5}) {
    auto many = ProfileText(csv, threads, 256, request);
    ASSERT_TRUE(many.ok()) << many.status().message();
    for (size_t c = 0; c < 5; ++c) {
      EXPECT_EQ(many->columns[c].frequencies.Sorted(), one->columns[c].frequencies.Sorted())
          << "threads " << threads << ", column " << c;
      EXPECT_EQ(many->columns[c].frequencies.other_count(),
                one->columns[c].frequencies.other_count());
      EXPECT_EQ(many->columns[c].counts_stopped_for_kind, one->columns[c].counts_stopped_for_kind);
    }
  }
}

TEST(ProfilerTest, CorrelationValuesAcrossChunksWithAndWithoutGaps) {
  // Co-moments are gathered in chunks of rows; some chunks here have missing values and most
  // do not. Pearson must equal the two-pass value over the pairwise-complete rows, and the
  // row-aligned values must be the file's values in file order.
  std::string csv = "x,y\n";
  std::vector<double> xs, ys;
  for (int i = 0; i < 9000; ++i) {
    const double x = std::sin(i * 0.37) * 10;
    const double y = 0.5 * x + std::cos(i * 1.3);
    const bool y_missing = i >= 4000 && i < 4100;
    csv += fmt::format("{},{}\n", x, y_missing ? std::string("NA") : fmt::format("{}", y));
    xs.push_back(x);
    ys.push_back(y_missing ? std::nan("") : y);
  }
  long double n = 0, sx = 0, sy = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    if (std::isnan(ys[i])) continue;
    n += 1;
    sx += xs[i];
    sy += ys[i];
  }
  long double sxx = 0, syy = 0, sxy = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    if (std::isnan(ys[i])) continue;
    sxx += (xs[i] - sx / n) * (xs[i] - sx / n);
    syy += (ys[i] - sy / n) * (ys[i] - sy / n);
    sxy += (xs[i] - sx / n) * (ys[i] - sy / n);
  }
  const double truth = static_cast<double>(sxy / std::sqrt(sxx * syy));
  ProfileRequest request;
  request.all_columns.aligned = true;
  for (int threads : {1, 2}) {
    for (size_t block : {size_t{4096}, size_t{1} << 20}) {
      auto p = ProfileText(csv, threads, block, request);
      ASSERT_TRUE(p.ok()) << p.status().message();
      ASSERT_TRUE(p->comoments.has_value());
      EXPECT_EQ(p->comoments->Count(0, 1), 8900);
      EXPECT_NEAR(p->comoments->Pearson(0, 1).value, truth, 1e-12 * std::fabs(truth));
      const auto& aligned_x = p->Find("x")->aligned;
      const auto& aligned_y = p->Find("y")->aligned;
      ASSERT_EQ(aligned_x.size(), 9000u);
      ASSERT_EQ(aligned_y.size(), 9000u);
      for (size_t i = 0; i < xs.size(); ++i) {
        ASSERT_EQ(aligned_x[i], xs[i]) << i;
        if (std::isnan(ys[i])) {
          ASSERT_TRUE(std::isnan(aligned_y[i])) << i;
        } else {
          ASSERT_EQ(aligned_y[i], ys[i]) << i;
        }
      }
      // Pearson alone needs only the co-moments: the same value, and no row's values kept.
      ProfileRequest pearson_only;
      pearson_only.all_columns.comoments = true;
      auto q = ProfileText(csv, threads, block, pearson_only);
      ASSERT_TRUE(q.ok()) << q.status().message();
      ASSERT_TRUE(q->comoments.has_value());
      EXPECT_EQ(q->comoment_columns, (std::vector<std::string>{"x", "y"}));
      EXPECT_EQ(q->comoments->Count(0, 1), 8900);
      EXPECT_EQ(q->comoments->Pearson(0, 1).value, p->comoments->Pearson(0, 1).value);
      EXPECT_TRUE(q->Find("x")->aligned.empty());
      EXPECT_TRUE(q->Find("y")->aligned.empty());
    }
  }
}

TEST(ProfilerTest, ExactValuesComeOutSortedWhateverTheThreadCount) {
  // Many blocks of values in no order, with ties, negative zero and a missing value now and
  // then: the profile holds exactly the file's finite values, ascending, and says so.
  std::string csv = "x,label\n";
  std::vector<double> want;
  for (int i = 0; i < 20000; ++i) {
    double x = i % 97 == 0 ? -0.0 : std::round(std::sin(i * 1.3) * 5e4) / 8;
    csv += (i % 31 == 0 ? std::string("NA") : fmt::format("{}", x)) + "," + std::to_string(i % 3) +
           "\n";
    if (i % 31 != 0) want.push_back(x);
  }
  std::sort(want.begin(), want.end());
  ProfileRequest request;
  request.all_columns.values = true;
  for (int threads : {1, 2, 3}) {
    auto p = ProfileText(csv, threads, 4096, request);
    ASSERT_TRUE(p.ok()) << p.status().message();
    const ColumnProfile& x = *p->Find("x");
    EXPECT_TRUE(x.values_sorted);
    ASSERT_EQ(x.values, want) << "threads " << threads;
    EXPECT_EQ(p->Find("label")->values.size(), 20000u);
    EXPECT_TRUE(std::is_sorted(p->Find("label")->values.begin(), p->Find("label")->values.end()));
  }
}

// Exact columns are sized for the whole input from its size and the rows per byte seen so far.
// Neither a wrong guess (the first rows are much longer than the rest) nor no guess at all (a
// pipe, whose size is unknown) may lose or reorder a value.
TEST(ProfilerTest, ExactValuesAreWholeWhetherOrNotTheInputForetellsItsSize) {
  std::string csv = "x,y,pad\n";
  std::vector<double> xs, ys;
  for (int i = 0; i < 30000; ++i) {
    const double x = std::round(std::cos(i * 0.7) * 1e4) / 16;
    const bool y_missing = i % 7 == 3;
    csv += fmt::format("{},{},{}\n", x, y_missing ? std::string("NA") : std::to_string(i),
                       i < 3000 ? std::string(300, 'p') : "q");
    xs.push_back(x);
    ys.push_back(y_missing ? std::nan("") : i);
  }
  std::vector<double> sorted_x = xs;
  std::sort(sorted_x.begin(), sorted_x.end());
  ProfileRequest request;
  request.columns["x"].values = true;
  request.columns["x"].aligned = true;
  request.columns["y"].aligned = true;
  testing::TempDir dir;
  const std::string fifo = dir / "pipe.csv";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (bool pipe : {false, true}) {
    for (int threads : {1, 2}) {
      ProfilerOptions options;
      options.threads = threads;
      options.block_bytes = 4096;
      std::thread writer;
      std::unique_ptr<ByteSource> source;
      if (pipe) {
        writer = std::thread([&] { std::ofstream(fifo, std::ios::binary) << csv; });
        auto opened = OpenFile(fifo);
        ASSERT_TRUE(opened.ok()) << opened.status().message();
        source = std::move(opened.value());
        ASSERT_FALSE(source->size().has_value());
      } else {
        source = OpenMemory(csv, "mem.csv");
      }
      auto p = ProfileCsv(std::move(source), Dataset(), request, options);
      if (writer.joinable()) writer.join();
      ASSERT_TRUE(p.ok()) << p.status().message();
      const ColumnProfile& x = *p->Find("x");
      const ColumnProfile& y = *p->Find("y");
      ASSERT_EQ(x.values, sorted_x) << "pipe " << pipe << ", threads " << threads;
      ASSERT_EQ(x.aligned, xs) << "pipe " << pipe << ", threads " << threads;
      ASSERT_EQ(y.aligned.size(), ys.size());
      for (size_t i = 0; i < ys.size(); ++i) {
        if (std::isnan(ys[i])) {
          ASSERT_TRUE(std::isnan(y.aligned[i])) << i;
        } else {
          ASSERT_EQ(y.aligned[i], ys[i]) << i;
        }
      }
    }
  }
}

TEST(ProfilerTest, IntegersAreTextsOfDigits) {
  ProfileRequest request;
  auto p = ProfileText("v\n+5\n-0\n1234567890123456789\n99999999999999999999\n1e5\n1.0\n-\n007\n",
                       1, 1 << 20, request);
  ASSERT_TRUE(p.ok()) << p.status().message();
  const ColumnProfile* v = p->Find("v");
  EXPECT_EQ(v->present, 8);
  EXPECT_EQ(v->type_ok[static_cast<int>(ColumnType::kFloat)], 7);  // all but "-"
  // +5, -0, the 19-digit one and 007; the 20-digit one does not fit in 64 bits.
  EXPECT_EQ(v->type_ok[static_cast<int>(ColumnType::kInt)], 4);
  EXPECT_EQ(v->type_misses[static_cast<int>(ColumnType::kInt)].first_value, "99999999999999999999");
}

// Texts of every first character the profiler sorts cells by before parsing them: each gets
// exactly the types the parsers give it one by one.
TEST(ProfilerTest, EachTextIsTypedAsTheParsersTypeIt) {
  const std::vector<std::string> texts = {"True",
                                          "YES",
                                          "no",
                                          "N",
                                          "Nope",
                                          "false",
                                          "f",
                                          "FALSE",
                                          "yes!",
                                          "Inf",
                                          "-Infinity",
                                          "+inf",
                                          "infinite",
                                          "+.5",
                                          ".5",
                                          "5.",
                                          "-0",
                                          "+-1",
                                          "red",
                                          "x1",
                                          "#3",
                                          "_",
                                          "~",
                                          "1e5",
                                          "E5",
                                          "2012-01-01",
                                          "2012-02-30",
                                          "2012-01-01T10:00:00Z",
                                          "2012-01-01 10:00",
                                          "t",
                                          "Y",
                                          "i",
                                          "n/a",
                                          "0x10"};
  auto type_bit = [](ColumnType t) { return 1u << static_cast<int>(t); };
  int bools = 0, floats = 0, ints = 0, dates = 0, timestamps = 0;
  for (const std::string& text : texts) {
    auto p = ProfileText("v\n" + text + "\n", 1, 1 << 20, ProfileRequest{});
    ASSERT_TRUE(p.ok()) << text << ": " << p.status().message();
    const ColumnProfile* v = p->Find("v");
    ASSERT_EQ(v->present, 1) << text;
    uint32_t want = type_bit(ColumnType::kString);
    if (ParseBool(text)) want |= type_bit(ColumnType::kBool);
    if (ParseFloat(text)) want |= type_bit(ColumnType::kFloat);
    if (ParseInt(text)) want |= type_bit(ColumnType::kInt);
    if (ParseDate(text)) want |= type_bit(ColumnType::kDate) | type_bit(ColumnType::kTimestamp);
    if (ParseTimestamp(text)) want |= type_bit(ColumnType::kTimestamp);
    uint32_t got = 0;
    for (int t = 0; t < kColumnTypeCount; ++t) {
      if (v->type_ok[t] == 1) got |= 1u << t;
    }
    EXPECT_EQ(got, want) << text;
    bools += (got & type_bit(ColumnType::kBool)) != 0;
    floats += (got & type_bit(ColumnType::kFloat)) != 0;
    ints += (got & type_bit(ColumnType::kInt)) != 0;
    dates += (got & type_bit(ColumnType::kDate)) != 0;
    timestamps += (got & type_bit(ColumnType::kTimestamp)) != 0;
  }
  // True YES no false FALSE; Inf -Infinity +inf +.5 .5 5. -0 1e5; -0; one date; two timestamps
  // besides it.
  EXPECT_EQ(bools, 5);
  EXPECT_EQ(floats, 8);
  EXPECT_EQ(ints, 1);
  EXPECT_EQ(dates, 1);
  EXPECT_EQ(timestamps, 3);
}

TEST(ProfilerTest, MalformedRowNamesTheLine) {
  ProfileRequest request;
  for (int threads : {1, 2}) {
    auto p = ProfileText("a,b\n1,2\n3,4\n5\n6,7\n", threads, 4, request);
    ASSERT_FALSE(p.ok());
    EXPECT_THAT(p.status().message(), HasSubstr("mem.csv:4"));
  }
}

TEST(ProfilerTest, DeclaredTypeMustNameAColumn) {
  DatasetDecl d = Dataset();
  d.types["missing"] = ColumnType::kInt;
  auto p = ProfileText("a\n1\n", 1, 1024, ProfileRequest(), d);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(),
            "mem.csv: dataset 'd' declares a type for column 'missing', which the file does not "
            "have");
}

}  // namespace
}  // namespace mlgate
