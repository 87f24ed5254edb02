// infer-schema writes a schema that the schema check reads back, and that the reference data
// itself satisfies.
#include "runners/infer_schema.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/cli_runner.h"
#include "tests/test_util.h"

namespace mlgate {
namespace {

using ::testing::HasSubstr;
using testing::RunMlgate;

const std::string kWeather = std::string(MLGATE_SOURCE_DIR) + "/examples/seattle-weather/data/";

TEST(InferSchemaTest, InfersTypesRangesDomainsAndUniqueness) {
  testing::TempDir dir;
  std::string schema = dir / "weather.schema.yaml";
  auto r = RunMlgate("infer-schema '" + kWeather + "weather-2012-2013.csv' -o '" + schema + "'");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("6 columns from 731 rows"));
  std::string text = testing::ReadFile(schema);
  EXPECT_THAT(text, HasSubstr("  date:\n    type: date\n    nullable: false\n    unique: true\n"));
  EXPECT_THAT(text, HasSubstr("  precipitation:\n    type: float\n    nullable: false\n    min: 0\n"
                              "    max: 54.1\n"));
  EXPECT_THAT(text, HasSubstr("  weather:\n    type: string\n    nullable: false\n"
                              "    allowed: [drizzle, fog, rain, snow, sun]\n"));
}

TEST(InferSchemaTest, RoundTripThroughTheSchemaCheck) {
  testing::TempDir dir;
  std::string schema = dir / "ref.schema.yaml";
  ASSERT_EQ(RunMlgate("infer-schema '" + kWeather + "weather-2012-2013.csv' -o '" + schema + "'")
                .exit_code,
            0);
  std::string gate = dir.Write(
      "gate.yaml", "mlgate: 1\nname: rt\ndatasets:\n  ref: { path: '" + kWeather +
                       "weather-2012-2013.csv' }\n  cur: { path: '" + kWeather +
                       "weather-2015.csv' }\nchecks:\n"
                       "  - { id: ref, kind: schema, dataset: ref, schema: ref.schema.yaml }\n"
                       "  - { id: cur, kind: schema, dataset: cur, schema: ref.schema.yaml }\n");
  // The reference satisfies the schema inferred from it...
  auto ref = RunMlgate("run '" + gate + "' --only ref");
  EXPECT_EQ(ref.exit_code, 0) << ref.out;
  EXPECT_THAT(ref.out, HasSubstr("PROMOTE"));
  // ...and 2015 breaks it: hotter days than 2012-2013 ever had.
  auto cur = RunMlgate("run '" + gate + "' --only cur --json '" + (dir / "v.json") + "'");
  EXPECT_EQ(cur.exit_code, 1) << cur.out;
  std::string json = testing::ReadFile(dir / "v.json");
  EXPECT_THAT(json,
              HasSubstr("\"message\": \"1 value above max 34.4, first at line 201: '35.0'\""));
}

TEST(InferSchemaTest, EmptyInputIsAClearError) {
  testing::TempDir dir;
  std::string data = dir.Write("empty.csv", "");
  auto r = RunMlgate("infer-schema '" + data + "'");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("empty.csv"));
  std::string header_only = dir.Write("h.csv", "a,b\n");
  auto h = RunMlgate("infer-schema '" + header_only + "'");
  EXPECT_EQ(h.exit_code, 1);
  EXPECT_THAT(h.out, HasSubstr("has no data rows"));
}

}  // namespace
}  // namespace mlgate
