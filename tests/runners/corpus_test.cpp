// Bad input never crashes: every folder of tests/corpus/ holding an expect.yaml is one case, run
// through the real binary (see tests/corpus/README.md for the format). A case passes when mlgate
// exits with the expected code, prints every expected message, prints none of the forbidden
// ones, is not killed by a signal or the timeout, and no sanitizer reports anything. Truncation
// tests feed mlgate prefixes of a valid gate file and a valid CSV file: each is judged or
// rejected with a message naming the file, never a crash.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/cli_runner.h"
#include "tests/test_util.h"

namespace mlgate {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::RunMlgate;

const fs::path kCorpus = fs::path(MLGATE_SOURCE_DIR) / "tests" / "corpus";
// Inputs of the truncation tests; it is not a case.
constexpr char kTruncationFolder[] = "truncation";
// Never set when a case runs, so a gate can refer to an environment variable that is unset.
constexpr char kUnsetVariable[] = "MLGATE_CORPUS_UNSET";

std::string ShellQuote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs `command` in a shell; for the tools that read mlgate's reports back.
testing::CommandResult Shell(const std::string& command) {
  testing::CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) result.out.append(buffer, n);
  int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

struct Case {
  std::string name;  // the folder's name
  fs::path dir;
  std::string command = "run";
  std::string gate = "gate.yaml";
  std::vector<std::string> args;
  std::map<std::string, std::string> env;
  int exit_code = -1;
  std::vector<std::string> output;
  std::vector<std::string> absent;
  std::string problem;  // why expect.yaml could not be read, if it could not
};

// Names the case in test output instead of dumping its bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

std::vector<std::string> Strings(const YAML::Node& node) {
  std::vector<std::string> out;
  if (!node) return out;
  if (node.IsScalar()) return {node.Scalar()};
  for (const auto& item : node) out.push_back(item.Scalar());
  return out;
}

void ReadExpectations(const YAML::Node& expect, Case& c) {
  if (expect["command"]) c.command = expect["command"].Scalar();
  if (expect["gate"]) c.gate = expect["gate"].Scalar();
  c.args = Strings(expect["args"]);
  if (expect["env"]) {
    for (const auto& entry : expect["env"]) c.env[entry.first.Scalar()] = entry.second.Scalar();
  }
  if (expect["exit"]) c.exit_code = expect["exit"].as<int>();
  c.output = Strings(expect["output"]);
  c.absent = Strings(expect["absent"]);
}

// Reads dir/expect.yaml. A file that cannot be read, or has a key this reader does not know (a
// misspelt expectation would otherwise be skipped), makes the case fail with the reason.
Case ReadCase(const fs::path& dir) {
  Case c;
  c.name = dir.filename().string();
  c.dir = dir;
  try {
    YAML::Node expect = YAML::LoadFile((dir / "expect.yaml").string());
    static const std::set<std::string> kKeys = {"command", "gate",   "args",  "env",
                                                "exit",    "output", "absent"};
    for (const auto& entry : expect) {
      if (!kKeys.count(entry.first.Scalar())) {
        c.problem = "expect.yaml: unknown key '" + entry.first.Scalar() + "'";
        return c;
      }
    }
    ReadExpectations(expect, c);
  } catch (const YAML::Exception& e) {
    c.problem = std::string("expect.yaml: ") + e.what();
  }
  return c;
}

std::vector<Case> DiscoverCases() {
  std::vector<Case> cases;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(kCorpus, ec)) {
    if (entry.is_directory() && fs::exists(entry.path() / "expect.yaml")) {
      cases.push_back(ReadCase(entry.path()));
    }
  }
  std::sort(cases.begin(), cases.end(),
            [](const Case& a, const Case& b) { return a.name < b.name; });
  return cases;
}

// The shell prefix that runs mlgate inside `dir` with a clean CI environment (so no report is
// appended to a real step summary), `env` set, and a time limit that turns a hang into exit 124.
std::string Prefix(const fs::path& dir, const std::map<std::string, std::string>& env = {}) {
  std::string prefix = "cd " + ShellQuote(dir.string()) +
                       " && env -u CI -u GITHUB_ACTIONS -u GITHUB_STEP_SUMMARY -u " +
                       kUnsetVariable;
  for (const auto& [name, value] : env) prefix += " " + ShellQuote(name + "=" + value);
  return prefix + " timeout -k 5 20";
}

// What every run of mlgate must satisfy, whatever its input.
void ExpectNoCrash(const testing::CommandResult& r) {
  EXPECT_NE(r.exit_code, 124) << "mlgate did not finish within 20 s\n" << r.out;
  EXPECT_LT(r.exit_code, 124) << "mlgate was killed by a signal\n" << r.out;
  EXPECT_THAT(r.out, Not(HasSubstr("Sanitizer"))) << r.out;
  EXPECT_THAT(r.out, Not(HasSubstr("runtime error:"))) << r.out;
}

std::string DecisionOfExitCode(int code) {
  switch (code) {
    case 0:
      return "promote";
    case 1:
      return "block";
    case 3:
      return "rollback";
    case 4:
      return "retrain";
  }
  return "";
}

class CorpusTest : public ::testing::TestWithParam<Case> {};

TEST_P(CorpusTest, ExitsWithItsCodeAndMessages) {
  const Case& c = GetParam();
  ASSERT_EQ(c.problem, "");
  ASSERT_TRUE(c.command == "run" || c.command == "validate") << c.command;
  ASSERT_TRUE(c.exit_code >= 0 && !c.output.empty()) << "expect.yaml needs 'exit' and 'output'";
  testing::TempDir reports;
  std::string args = c.command + " " + ShellQuote(c.gate);
  for (const auto& arg : c.args) args += " " + ShellQuote(arg);
  if (c.command == "run") {
    args += " --json " + ShellQuote(reports / "verdict.json") + " --junit " +
            ShellQuote(reports / "junit.xml") + " --markdown " + ShellQuote(reports / "summary.md");
  }
  auto r = RunMlgate(args, Prefix(c.dir, c.env));
  ExpectNoCrash(r);
  EXPECT_EQ(r.exit_code, c.exit_code) << r.out;
  for (const auto& message : c.output) EXPECT_THAT(r.out, HasSubstr(message));
  for (const auto& message : c.absent) EXPECT_THAT(r.out, Not(HasSubstr(message)));
  if (c.command != "run") return;

  const bool judged = !DecisionOfExitCode(r.exit_code).empty();
  // A verdict exists exactly when something was judged, and it agrees with the exit code.
  ASSERT_EQ(fs::exists(reports / "verdict.json"), judged) << r.out;
  if (!judged) return;
  std::string json = testing::ReadFile(reports / "verdict.json");
  auto verdict = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(verdict.is_discarded()) << json;
  EXPECT_EQ(verdict.value("decision", ""), DecisionOfExitCode(r.exit_code));
  auto xmllint = Shell("xmllint --noout " + ShellQuote(reports / "junit.xml"));
  EXPECT_EQ(xmllint.exit_code, 0) << "junit.xml is not well-formed XML\n" << xmllint.out;
  for (const auto& report : {"verdict.json", "junit.xml", "summary.md"}) {
    std::string text = testing::ReadFile(reports / report);
    for (const auto& message : c.absent) EXPECT_THAT(text, Not(HasSubstr(message))) << report;
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, CorpusTest, ::testing::ValuesIn(DiscoverCases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           std::string name = info.param.name;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// Every folder is a case (a misnamed expect file would otherwise drop it silently), and the
// cases are the ones the build registered with CTest (a case added since must be built first).
TEST(CorpusLayoutTest, EveryFolderIsARegisteredCase) {
  std::vector<std::string> folders;
  for (const auto& entry : fs::directory_iterator(kCorpus)) {
    if (!entry.is_directory() || entry.path().filename() == kTruncationFolder) continue;
    folders.push_back(entry.path().filename().string());
    EXPECT_TRUE(fs::exists(entry.path() / "expect.yaml")) << folders.back();
  }
  std::sort(folders.begin(), folders.end());
  std::string listed;
  for (const auto& folder : folders) listed += (listed.empty() ? "" : ",") + folder;
  EXPECT_EQ(listed, MLGATE_CORPUS_CASES) << "reconfigure and rebuild to register the cases";
  EXPECT_GE(folders.size(), 60u);
}

// Cut points worth trying in `text`: around every structural character, and at the ends, at
// most `limit` of them spread over the text (every prefix would take minutes under ASan).
std::vector<size_t> CutPoints(const std::string& text, size_t limit) {
  std::set<size_t> cuts = {0, 1, 2, text.size() - 1};
  for (size_t i = 1; i < text.size(); ++i) {
    if (std::string_view("\n\r:,{}[]\"'#-").find(text[i - 1]) != std::string_view::npos) {
      cuts.insert(i);
    }
    if (static_cast<unsigned char>(text[i]) >= 0x80) cuts.insert(i);  // inside UTF-8
  }
  std::vector<size_t> all(cuts.begin(), cuts.end());
  if (all.size() <= limit) return all;
  std::vector<size_t> sample;
  for (size_t k = 0; k < limit; ++k) sample.push_back(all[k * all.size() / limit]);
  return sample;
}

// A prefix of a valid input is judged, or rejected with a message naming the file it is wrong
// about, but never crashes mlgate.
void FeedPrefixes(const std::string& file, const std::string& command, size_t limit) {
  const fs::path source = kCorpus / kTruncationFolder;
  const std::string full = testing::ReadFile(source / file);
  ASSERT_GT(full.size(), 100u);
  testing::TempDir dir;
  for (const char* name : {"gate.yaml", "data.csv"}) {
    dir.Write(name, testing::ReadFile(source / name));
  }
  auto whole = RunMlgate(command + " gate.yaml", Prefix(dir.path()));
  ASSERT_EQ(whole.exit_code, 0) << whole.out;
  std::map<int, int> exits;
  for (size_t cut : CutPoints(full, limit)) {
    dir.Write(file, full.substr(0, cut));
    auto r = RunMlgate(command + " gate.yaml", Prefix(dir.path()));
    SCOPED_TRACE(file + " cut after " + std::to_string(cut) + " bytes: ...'" +
                 full.substr(cut > 20 ? cut - 20 : 0, std::min<size_t>(cut, 20)) + "'");
    ExpectNoCrash(r);
    ++exits[r.exit_code];
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1 || r.exit_code == 2) << r.out;
    if (command == "validate") {
      EXPECT_NE(r.exit_code, 1) << r.out;
    }
    if (r.exit_code != 0) {
      EXPECT_THAT(r.out, HasSubstr(file)) << r.out;
    }
  }
  // Both outcomes occur, so the cut points reach into the structure of the file.
  int rejected = exits[command == "validate" ? 2 : 1];
  std::printf("%s: %d prefixes accepted, %d rejected\n", file.c_str(), exits[0], rejected);
  EXPECT_GE(exits[0], 5);
  EXPECT_GE(rejected, 30);
}

TEST(CorpusTruncationTest, EveryPrefixOfAGateFileLoadsOrNamesTheFile) {
  FeedPrefixes("gate.yaml", "validate", 120);
}

TEST(CorpusTruncationTest, EveryPrefixOfACsvFileIsJudgedOrNamesTheFile) {
  FeedPrefixes("data.csv", "run", 80);
}

}  // namespace
}  // namespace mlgate
