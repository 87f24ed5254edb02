// Datasets read from git refs (`git:REF:PATH`) through the whole run, in a real repository made
// in a temporary directory; and the verdict's git context.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "tests/cli_runner.h"
#include "tests/test_util.h"

namespace mlgate {
namespace {

using ::testing::HasSubstr;
using testing::RunMlgate;

class GitDatasetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Git("init -q -b main");
    Git("config user.name tester");
    Git("config user.email tester@example.com");
    dir_.Write("data/d.csv", "a\n1\n2\n");
    dir_.Write(
        "gate.yaml",
        "mlgate: 1\nname: g\ndatasets:\n  head: { path: 'git:HEAD:data/d.csv' }\n"
        "  prev: { path: 'git:HEAD~1:data/d.csv' }\nchecks:\n"
        "  - { id: head, kind: schema, dataset: head, columns: { a: { type: int, max: 5 } } }\n"
        "  - { id: prev, kind: schema, dataset: prev, columns: { a: { type: int, max: 5 } } }\n");
    Git("add -A");
    Git("commit -q -m first");
    first_ = Output("rev-parse HEAD");
    dir_.Write("data/d.csv", "a\n1\n9\n");
    Git("commit -q -am second");
    second_ = Output("rev-parse HEAD");
    // The work tree changes after the commit: git sources must not see it.
    dir_.Write("data/d.csv", "a\nnot-a-number\n");
  }

  void Git(const std::string& args) {
    std::string command = "git -C '" + dir_.path() + "' " + args + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
  }
  std::string Output(const std::string& args) {
    std::string command = "git -C '" + dir_.path() + "' " + args;
    FILE* pipe = popen(command.c_str(), "r");
    char buffer[128] = {};
    std::string out = fgets(buffer, sizeof(buffer), pipe) ? buffer : "";
    pclose(pipe);
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }

  testing::TempDir dir_;
  std::string first_, second_;
};

TEST_F(GitDatasetTest, ReadsEachRefWithoutTouchingTheWorkTree) {
  auto r = RunMlgate("run '" + (dir_ / "gate.yaml") + "' --json '" + (dir_ / "v.json") + "'");
  // HEAD has a 9 (above max 5); HEAD~1 does not; the work tree's text is never read.
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(r.out, HasSubstr("head / a: max = 9"));
  EXPECT_THAT(r.out, ::testing::Not(HasSubstr("prev / a")));
  std::string json = testing::ReadFile(dir_ / "v.json");
  EXPECT_THAT(json, HasSubstr("\"spec\": \"git:HEAD:data/d.csv\""));
  EXPECT_THAT(json, HasSubstr("\"commit\": \"" + second_ + "\""));
  EXPECT_THAT(json, HasSubstr("\"commit\": \"" + first_ + "\""));
  EXPECT_THAT(json, HasSubstr("\"branch\": \"main\""));
  // data/d.csv differs from HEAD in the work tree.
  EXPECT_THAT(json, HasSubstr("\"dirty\": true"));
}

TEST_F(GitDatasetTest, MissingRefOrPathIsAnErrorNamingBoth) {
  dir_.Write("bad.yaml",
             "mlgate: 1\nname: g\ndatasets:\n  a: { path: 'git:nope:data/d.csv' }\n"
             "  b: { path: 'git:HEAD:data/missing.csv' }\nchecks:\n"
             "  - { id: a, kind: schema, dataset: a, columns: { a: int } }\n"
             "  - { id: b, kind: schema, dataset: b, columns: { a: int } }\n");
  auto r = RunMlgate("run '" + (dir_ / "bad.yaml") + "'");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_THAT(r.out, HasSubstr("ref 'nope' not found"));
  EXPECT_THAT(r.out, HasSubstr("'data/missing.csv' does not exist at ref 'HEAD'"));
}

}  // namespace
}  // namespace mlgate
