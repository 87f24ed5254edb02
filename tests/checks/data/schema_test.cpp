// The schema check judged end to end: real CSV files, the real profiler, the real runner.
#include "checks/data/schema.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>

#include "gates/loader.h"
#include "runners/run.h"
#include "tests/test_util.h"

namespace mlgate {
namespace {

using ::testing::HasSubstr;

class SchemaCheckTest : public ::testing::Test {
 protected:
  // Runs a gate with one schema check (inline columns) over `csv`; returns the verdict.
  Verdict Judge(const std::string& csv, const std::string& check_options, int threads = 1) {
    dir_.Write("data.csv", csv);
    std::string gate_text =
        "mlgate: 1\nname: t\ndatasets: { d: { path: data.csv, null_values: "
        "[\"\", NA] } }\nchecks:\n  - { id: s, kind: schema, dataset: d, " +
        check_options + " }\n";
    std::string gate_path = dir_.Write("gate.yaml", gate_text);
    auto gate = LoadGate(gate_path);
    EXPECT_TRUE(gate.ok()) << gate.status().message();
    RunOptions options;
    options.threads = threads;
    auto verdict = RunGate(gate.value(), options);
    EXPECT_TRUE(verdict.ok());
    return verdict.value();
  }

  static const Result& Find(const Verdict& v, const std::string& subject,
                            const std::string& statistic) {
    for (const auto& r : v.results) {
      if (r.subject == subject && r.statistic == statistic) return r;
    }
    ADD_FAILURE() << "no result " << subject << "/" << statistic;
    static Result none;
    return none;
  }

  testing::TempDir dir_;
};

const char* kCsv =
    "id,temp,city,code\n"
    "1,10.5,oslo,AB-1\n"
    "2,-3,bergen,AB-2\n"
    "3,NA,oslo,XY-3\n"
    "3,40,paris,AB-4\n"
    "x5,12,oslo,AB-5\n";

TEST_F(SchemaCheckTest, TypeMismatchesNameCountAndFirstLine) {
  Verdict v = Judge(kCsv, "columns: { id: int, temp: float, city: string, code: string }");
  const Result& id = Find(v, "id", "type_mismatches");
  EXPECT_EQ(id.outcome, Outcome::kFail);
  EXPECT_EQ(id.observed, 1.0);
  EXPECT_EQ(id.message, "1 of 5 values are not int, first at line 6: 'x5'");
  EXPECT_EQ(id.details["first_line"], 6);
  const Result& temp = Find(v, "temp", "type_mismatches");
  EXPECT_EQ(temp.outcome, Outcome::kPass);
  EXPECT_EQ(temp.observed, 0.0);
  EXPECT_EQ(v.decision, Decision::kBlock);
}

TEST_F(SchemaCheckTest, RangeRulesReportObservedExtremesAndViolations) {
  Verdict v = Judge(kCsv, "columns: { id: {}, temp: { min: 0, max: 35 }, city: {}, code: {} }");
  const Result& min = Find(v, "temp", "min");
  EXPECT_EQ(min.outcome, Outcome::kFail);
  EXPECT_EQ(min.observed, -3.0);
  EXPECT_EQ(min.threshold, 0.0);
  EXPECT_EQ(min.comparison, "min >= 0");
  EXPECT_EQ(min.message, "1 value below min 0, first at line 3: '-3'");
  const Result& max = Find(v, "temp", "max");
  EXPECT_EQ(max.outcome, Outcome::kFail);
  EXPECT_EQ(max.observed, 40.0);
  EXPECT_EQ(max.details["first_line"], 5);
}

// A short list is compared value by value, a long one looked up by hash: both judge alike,
// texts that differ from an allowed value in length or in one byte included.
TEST_F(SchemaCheckTest, AllowedValuesShortAndLongListsJudgeAlike) {
  std::string csv = "v\n";
  for (const char* text : {"c07", "c7", "c070", "C07", "c19", "c20", "", "c00"}) {
    csv += std::string(text) + "\n";
  }
  for (int size : {4, 16, 17, 40}) {
    std::string list;
    for (int i = 0; i < size; ++i) list += fmt::format("{}c{:02}", i ? ", " : "", i);
    Verdict v = Judge(csv, "columns: { v: { allowed: [" + list + "] } }");
    const Result& allowed = Find(v, "v", "not_allowed");
    // c7, c070 and C07 are never allowed; c07 from 8 values on, c19 from 20, c20 from 21; c00
    // always; the empty text is a null.
    const double want = 3 + (size <= 7) + (size <= 19) + (size <= 20);
    EXPECT_EQ(allowed.observed, want) << size;
    EXPECT_THAT(allowed.message,
                HasSubstr(size <= 7 ? "first at line 2: 'c07'" : "first at line 3: 'c7'"))
        << size;
  }
}

TEST_F(SchemaCheckTest, NullsAllowedValuesRegexAndUniqueness) {
  Verdict v = Judge(kCsv,
                    "columns: { id: { unique: true }, temp: { nullable: false }, "
                    "city: { allowed: [oslo, bergen] }, code: { regex: '^AB-[0-9]+$' } }");
  const Result& nulls = Find(v, "temp", "null_fraction");
  EXPECT_EQ(nulls.outcome, Outcome::kFail);
  EXPECT_DOUBLE_EQ(*nulls.observed, 0.2);
  EXPECT_EQ(nulls.message, "1 of 5 values missing (20%)");
  const Result& allowed = Find(v, "city", "not_allowed");
  EXPECT_EQ(allowed.outcome, Outcome::kFail);
  EXPECT_EQ(allowed.observed, 1.0);
  EXPECT_THAT(allowed.message, HasSubstr("first at line 5: 'paris'"));
  const Result& regex = Find(v, "code", "regex_mismatches");
  EXPECT_EQ(regex.observed, 1.0);
  EXPECT_THAT(regex.message, HasSubstr("first at line 4: 'XY-3'"));
  const Result& unique = Find(v, "id", "duplicates");
  EXPECT_EQ(unique.outcome, Outcome::kFail);
  EXPECT_EQ(unique.observed, 1.0);
  EXPECT_EQ(unique.details["first_line"], 5);
}

TEST_F(SchemaCheckTest, MaxNullFractionPassesWithinLimit) {
  Verdict v =
      Judge(kCsv, "columns: { id: {}, temp: { max_null_fraction: 0.25 }, city: {}, code: {} }");
  const Result& nulls = Find(v, "temp", "null_fraction");
  EXPECT_EQ(nulls.outcome, Outcome::kPass);
  EXPECT_EQ(nulls.threshold, 0.25);
}

TEST_F(SchemaCheckTest, MissingAndExtraColumns) {
  Verdict v = Judge(kCsv,
                    "columns: { id: int, wind: float, gust: { required: false } }, "
                    "extra_columns: warn");
  EXPECT_EQ(Find(v, "wind", "present").outcome, Outcome::kFail);
  EXPECT_EQ(Find(v, "gust", "present").outcome, Outcome::kSkip);
  EXPECT_EQ(Find(v, "city", "extra_column").outcome, Outcome::kWarn);
  Verdict forbid = Judge(kCsv, "columns: { id: {}, temp: {}, city: {} }");
  EXPECT_EQ(Find(forbid, "code", "extra_column").outcome, Outcome::kFail);
}

TEST_F(SchemaCheckTest, InfiniteValuesBreakBoundsAndAreTheObservedExtreme) {
  const double inf = std::numeric_limits<double>::infinity();
  // Only infinite values: judged, not "no numeric values" (an error that on_error may pass).
  Verdict only = Judge("v\ninf\n-Infinity\nNaN\n", "columns: { v: { min: 0, max: 10 } }");
  const Result& max = Find(only, "v", "max");
  EXPECT_EQ(max.outcome, Outcome::kFail);
  EXPECT_EQ(max.observed, inf);
  EXPECT_EQ(max.message, "1 value above max 10, first at line 2: 'inf'");
  const Result& min = Find(only, "v", "min");
  EXPECT_EQ(min.outcome, Outcome::kFail);
  EXPECT_EQ(min.observed, -inf);
  // Among finite values within the bound, the infinite one is the observed extreme.
  Verdict mixed = Judge("v\n5\ninf\n", "columns: { v: { max: 10 } }");
  EXPECT_EQ(Find(mixed, "v", "max").observed, inf);
  // A finite value beyond the bound is the observed extreme as before.
  Verdict finite = Judge("v\n5\n12\n", "columns: { v: { max: 10 } }");
  EXPECT_EQ(Find(finite, "v", "max").observed, 12.0);
  // Infinities within a bound leave it passing.
  Verdict within = Judge("v\n5\n-inf\n", "columns: { v: { max: 10 } }");
  EXPECT_EQ(Find(within, "v", "max").outcome, Outcome::kPass);
}

TEST_F(SchemaCheckTest, MessagesShowValuesAndNamesAsTheyAre) {
  Verdict v = Judge("a,\"b\x01\"\n\xef\xbb\xbfx,1\n", "columns: { a: { allowed: [x] } }");
  EXPECT_EQ(Find(v, "a", "not_allowed").message,
            "1 of 1 values are outside the allowed values, first at line 2: '\\ufeffx'");
  EXPECT_EQ(Find(v, "b\x01", "extra_column").message,
            "column 'b\\x01' is not in the schema (extra_columns: forbid)");
}

TEST_F(SchemaCheckTest, RowCountBounds) {
  Verdict v = Judge(kCsv, "columns: { id: {}, temp: {}, city: {}, code: {} }, rows: { min: 10 }");
  const Result& rows = Find(v, "(rows)", "row_count");
  EXPECT_EQ(rows.outcome, Outcome::kFail);
  EXPECT_EQ(rows.observed, 5.0);
  EXPECT_EQ(rows.comparison, "row_count >= 10");
  Verdict ok = Judge(kCsv,
                     "columns: { id: {}, temp: {}, city: {}, code: {} }, "
                     "rows: { min: 1, max: 5 }");
  EXPECT_EQ(Find(ok, "(rows)", "row_count").outcome, Outcome::kPass);
  EXPECT_EQ(ok.decision, Decision::kPromote);
}

TEST_F(SchemaCheckTest, HeaderOnlyFileIsAnErrorNotAPass) {
  Verdict v = Judge("id,temp\n", "columns: { id: int, temp: float }");
  ASSERT_EQ(v.results.size(), 1u);
  EXPECT_EQ(v.results[0].outcome, Outcome::kError);
  EXPECT_THAT(v.results[0].message, HasSubstr("has no data rows"));
  EXPECT_EQ(v.decision, Decision::kBlock);
}

TEST_F(SchemaCheckTest, UnreadableDataIsAnErrorThatBlocks) {
  Verdict v = Judge("a,b\n1,2\n3\n", "columns: { a: int, b: int }");
  ASSERT_EQ(v.results.size(), 1u);
  EXPECT_EQ(v.results[0].outcome, Outcome::kError);
  EXPECT_THAT(v.results[0].message, HasSubstr("data.csv:3"));
  EXPECT_EQ(v.decision, Decision::kBlock);
}

TEST_F(SchemaCheckTest, ResultsDoNotDependOnThreadCount) {
  std::string csv = "id,v\n";
  for (int i = 0; i < 20000; ++i)
    csv += std::to_string(i % 15000) + "," + std::to_string(i * 0.5 - 7) + "\n";
  auto serial = Judge(csv, "columns: { id: { unique: true }, v: { min: 0 } }", 1);
  auto parallel = Judge(csv, "columns: { id: { unique: true }, v: { min: 0 } }", 4);
  ASSERT_EQ(serial.results.size(), parallel.results.size());
  for (size_t i = 0; i < serial.results.size(); ++i) {
    EXPECT_EQ(serial.results[i].message, parallel.results[i].message);
    EXPECT_EQ(serial.results[i].observed, parallel.results[i].observed);
  }
  EXPECT_EQ(Find(serial, "id", "duplicates").observed, 5000.0);
  EXPECT_EQ(Find(serial, "v", "min").observed, -7.0);
  EXPECT_EQ(Find(serial, "v", "min").details["violations"], 14);
}

}  // namespace
}  // namespace mlgate
