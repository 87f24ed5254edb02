// The command line as a user meets it: help, version, exit codes, reports, bad input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/cli_runner.h"
#include "tests/test_util.h"

namespace mlgate {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::RunMlgate;

const std::string kExample = std::string(MLGATE_SOURCE_DIR) + "/examples/seattle-weather/";

TEST(CliTest, HelpAndVersion) {
  auto help = RunMlgate("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("Examples:"));
  EXPECT_THAT(help.out, HasSubstr("infer-schema"));
  auto version = RunMlgate("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_THAT(version.out, HasSubstr("mlgate " MLGATE_VERSION));
  auto run_help = RunMlgate("run --help");
  EXPECT_THAT(run_help.out, HasSubstr("Exit codes: 0 promote, 1 block, 2 invalid"));
}

TEST(CliTest, BadCommandLineExitsTwo) {
  EXPECT_EQ(RunMlgate("").exit_code, 2);
  EXPECT_EQ(RunMlgate("frobnicate").exit_code, 2);
  EXPECT_EQ(RunMlgate("run").exit_code, 2);
  auto bad_set = RunMlgate("run '" + kExample + "gate.yaml' --set nonsense");
  EXPECT_EQ(bad_set.exit_code, 2);
  EXPECT_THAT(bad_set.out, HasSubstr("expected KEY=VALUE"));
  auto bad_only = RunMlgate("run '" + kExample + "gate.yaml' --only nope");
  EXPECT_EQ(bad_only.exit_code, 2);
  EXPECT_THAT(bad_only.out, HasSubstr("--only nope: the gate has no check with that id"));
}

TEST(CliTest, InvalidGateFileExitsTwoWithPosition) {
  testing::TempDir dir;
  std::string gate =
      dir.Write("g.yaml", "mlgate: 1\nname: x\nchecks:\n  - { id: a, kind: nope }\n");
  auto r = RunMlgate("run '" + gate + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.out, HasSubstr(gate + ":4:20: check 'a': unknown check kind 'nope'"));
  auto missing = RunMlgate("validate '" + dir.path() + "/absent.yaml'");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.out, HasSubstr("absent.yaml: cannot read the gate file"));
}

TEST(CliTest, ValidateChecksReferencedFiles) {
  auto ok = RunMlgate("validate '" + kExample + "gate.yaml'");
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_THAT(ok.out, HasSubstr("valid gate 'seattle-weather'"));
  testing::TempDir dir;
  std::string gate =
      dir.Write("g.yaml",
                "mlgate: 1\nname: x\ndatasets: { d: { path: nowhere.csv } }\n"
                "checks:\n  - { id: a, kind: schema, dataset: d, columns: { a: int } }\n");
  auto r = RunMlgate("validate '" + gate + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.out, HasSubstr("g.yaml:3: dataset 'd':"));
  EXPECT_THAT(r.out, HasSubstr("nowhere.csv"));
}

TEST(CliTest, ExampleGateWritesAllReportsAndExitsWithTheDecision) {
  testing::TempDir dir;
  auto r = RunMlgate("run '" + kExample + "gate.yaml' --junit '" + (dir / "j.xml") + "' --json '" +
                     (dir / "v.json") + "' --markdown '" + (dir / "s.md") + "'");
  // 2015 had hotter and wetter days than 2012-2013: the inferred schema asks for retraining.
  EXPECT_EQ(r.exit_code, 4) << r.out;
  EXPECT_TRUE(std::filesystem::exists(dir / "j.xml"));
  EXPECT_TRUE(std::filesystem::exists(dir / "v.json"));
  EXPECT_TRUE(std::filesystem::exists(dir / "s.md"));
  std::string json = testing::ReadFile(dir / "v.json");
  EXPECT_THAT(json, HasSubstr("\"decision\": \"retrain\""));
  // No temporary files are left beside the reports.
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 3);
}

TEST(CliTest, QuietPrintsOnlyTheDecision) {
  auto r = RunMlgate("run -q '" + kExample + "gate.yaml'");
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
}

TEST(CliTest, SecretsNeverAppearInOutput) {
  testing::TempDir dir;
  dir.Write("d.csv", "a\nhunter2-secret\n");
  std::string gate = dir.Write(
      "g.yaml",
      "mlgate: 1\nname: s\ndatasets: { d: { path: d.csv } }\nchecks:\n"
      "  - { id: a, kind: schema, dataset: d, columns: { a: { allowed: ['${env:ALLOWED}'] } } }\n");
  auto r = RunMlgate(
      "run '" + gate + "' --json '" + (dir / "v.json") + "' --junit '" + (dir / "j.xml") + "'",
      "ALLOWED=hunter2-secret");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, Not(HasSubstr("hunter2")));
  EXPECT_THAT(testing::ReadFile(dir / "v.json"), Not(HasSubstr("hunter2")));
  EXPECT_THAT(testing::ReadFile(dir / "j.xml"), Not(HasSubstr("hunter2")));
}

TEST(CliTest, ExplainListsKindsAndOptions) {
  auto list = RunMlgate("explain");
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_THAT(list.out, HasSubstr("schema"));
  auto schema = RunMlgate("explain schema");
  EXPECT_EQ(schema.exit_code, 0);
  EXPECT_THAT(schema.out, HasSubstr("extra_columns"));
  EXPECT_THAT(schema.out, HasSubstr("data-1"));
  auto typo = RunMlgate("explain shema");
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_THAT(typo.out, HasSubstr("did you mean 'schema'?"));
}

}  // namespace
}  // namespace mlgate
