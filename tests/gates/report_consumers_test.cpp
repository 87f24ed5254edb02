// Runs real consumers on rendered reports, written to a temporary directory with the atomic
// writer: xmllint (well-formedness), junitparser (reads the JUnit XML back and must agree with
// the JSON counts and results) and ajv (validates the JSON verdict against
// docs/verdict.schema.json). Each consumer is also shown a broken input it must reject, so a
// consumer that silently accepts everything cannot pass. Missing tools fail the test with the
// command that installs them.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gates/report/report.h"
#include "tests/gates/report_testing.h"

namespace mlgate {
namespace {

namespace fs = std::filesystem;
using mlgate::testing::ReadFileOrEmpty;
using mlgate::testing::SourceDir;

constexpr char kInstallHint[] = "run scripts/install-deps.sh to install the test tools";

struct CommandRun {
  int exit_code;
  std::string output;  // stdout and stderr together
};

std::string Quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

class ConsumersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "mlgate-report-consumers-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    if (!HasFailure()) fs::remove_all(dir_, ec);  // kept on failure, for a look at the files
  }

  CommandRun Shell(const std::string& command) {
    const std::string log = (dir_ / "command.log").string();
    const int status = std::system((command + " >" + Quote(log) + " 2>&1").c_str());
    const int code = status == -1 ? -1 : WIFEXITED(status) ? WEXITSTATUS(status) : 128;
    return {code, ReadFileOrEmpty(log)};
  }

  // Writes the JUnit and JSON reports of `verdict` as <name>.xml and <name>.json.
  void Write(const std::string& name, const Verdict& verdict) {
    ASSERT_TRUE(WriteFileAtomically(Path(name + ".xml"), RenderJunit(verdict)).ok());
    ASSERT_TRUE(WriteFileAtomically(Path(name + ".json"), RenderJson(verdict)).ok());
  }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  static std::vector<std::pair<std::string, Verdict>> Samples() {
    return {{"sample", mlgate::testing::SampleVerdict()},
            {"hostile", mlgate::testing::HostileVerdict()},
            {"empty", mlgate::testing::EmptyVerdict()}};
  }

  fs::path dir_;
};

TEST_F(ConsumersTest, XmllintFindsTheJunitReportsWellFormed) {
  ASSERT_EQ(Shell("command -v xmllint").exit_code, 0) << "xmllint is missing: " << kInstallHint;
  for (const auto& [name, verdict] : Samples()) {
    Write(name, verdict);
    const CommandRun run = Shell("xmllint --noout " + Quote(Path(name + ".xml")));
    EXPECT_EQ(run.exit_code, 0) << name << ".xml is not well-formed:\n" << run.output;
  }
  // The same check rejects a document cut short.
  std::string xml = RenderJunit(mlgate::testing::SampleVerdict());
  xml.resize(xml.size() / 2);
  std::ofstream(Path("truncated.xml"), std::ios::binary) << xml;
  EXPECT_NE(Shell("xmllint --noout " + Quote(Path("truncated.xml"))).exit_code, 0);
}

TEST_F(ConsumersTest, JunitparserReadsWhatTheJsonVerdictSays) {
  ASSERT_EQ(Shell("/usr/bin/python3 -c 'import junitparser'").exit_code, 0)
      << "python3-junitparser is missing: " << kInstallHint;
  const std::string script = SourceDir() + "/tests/consumers/junit_agrees_with_json.py";
  for (const auto& [name, verdict] : Samples()) {
    Write(name, verdict);
    const CommandRun run = Shell("/usr/bin/python3 " + Quote(script) + " " +
                                 Quote(Path(name + ".xml")) + " " + Quote(Path(name + ".json")));
    EXPECT_EQ(run.exit_code, 0) << run.output;
    EXPECT_NE(run.output.find("agrees with"), std::string::npos) << run.output;
  }
  // Reports of different runs disagree, and the script says so.
  const CommandRun mismatch = Shell("/usr/bin/python3 " + Quote(script) + " " +
                                    Quote(Path("sample.xml")) + " " + Quote(Path("hostile.json")));
  EXPECT_EQ(mismatch.exit_code, 1) << mismatch.output;
  EXPECT_NE(mismatch.output.find("JSON counts say"), std::string::npos) << mismatch.output;
}

TEST_F(ConsumersTest, AjvValidatesTheJsonVerdictAgainstItsSchema) {
  const std::string ajv = SourceDir() + "/node_modules/.bin/ajv";
  ASSERT_TRUE(fs::exists(ajv)) << ajv << " is missing: " << kInstallHint
                               << " (it runs npm install in the repository)";
  const std::string command =
      Quote(ajv) +
      " validate --spec=draft2020 --strict=true --all-errors -c ajv-formats "
      "-s " +
      Quote(SourceDir() + "/docs/verdict.schema.json") + " -d ";
  for (const auto& [name, verdict] : Samples()) {
    Write(name, verdict);
    const CommandRun run = Shell(command + Quote(Path(name + ".json")));
    EXPECT_EQ(run.exit_code, 0) << name << ".json does not match the schema:\n" << run.output;
  }
  // The schema is strict enough to reject a verdict with a wrong decision and an unknown key.
  std::string json = RenderJson(mlgate::testing::SampleVerdict());
  json.replace(json.find("\"block\""), 7, "\"maybe\"");
  json.replace(json.find("\"kind\""), 6, "\"sort\"");
  std::ofstream(Path("tampered.json"), std::ios::binary) << json;
  const CommandRun run = Shell(command + Quote(Path("tampered.json")));
  EXPECT_NE(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("/decision"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("additionalProperty: 'sort'"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace mlgate
