// Datasets read from git refs (`git:REF:PATH`) through the whole run, in a real repository made
// in a temporary directory; the verdict's git context; champion predictions read from a ref, and
// a champion whose ref or path does not exist blocking rather than falling back to
// when_no_champion.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

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

size_t Count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST_F(GitDatasetTest, ValidateNamesTheDatasetOnceForAMissingRef) {
  dir_.Write("bad.yaml",
             "mlgate: 1\nname: g\ndatasets:\n  a: { path: 'git:nope:data/d.csv' }\nchecks:\n"
             "  - { id: a, kind: schema, dataset: a, columns: { a: int } }\n");
  auto r = RunMlgate("validate '" + (dir_ / "bad.yaml") + "'");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_THAT(r.out, HasSubstr("bad.yaml:4: dataset 'a': git:nope:data/d.csv: git: ref 'nope' "
                               "not found in "));
  EXPECT_EQ(Count(r.out, "dataset 'a'"), 1u) << r.out;
}

// A repository whose first commit holds the champion's predictions with 6 of 10 rows right and
// whose second commit replaces them with 10 of 10; the challenger (8 of 10) is a work-tree file.
class GitChampionTest : public GitDatasetTest {
 protected:
  void SetUp() override {
    Git("init -q -b main");
    Git("config user.name tester");
    Git("config user.email tester@example.com");
    dir_.Write("preds/champion.csv", Predictions({1, 1, 1, 1, 1, 1, 0, 0, 0, 0}));
    Git("add -A");
    Git("commit -q -m first");
    first_ = Output("rev-parse HEAD");
    Git("branch prod");
    dir_.Write("preds/champion.csv", Predictions({1, 1, 1, 1, 1, 1, 1, 1, 1, 1}));
    Git("commit -q -am second");
    second_ = Output("rev-parse HEAD");
    dir_.Write("out/challenger.csv", Predictions({1, 1, 1, 1, 1, 1, 1, 1, 0, 0}));
  }

  // id,label,pred for ten rows; right[i] says whether row i's prediction equals its label.
  static std::string Predictions(const std::vector<int>& right) {
    const int truth[] = {1, 0, 1, 1, 0, 0, 1, 0, 1, 0};
    std::string csv = "id,label,pred\n";
    for (size_t i = 0; i < right.size(); ++i) {
      int predicted = right[i] ? truth[i] : 1 - truth[i];
      csv += "d" + std::to_string(i + 1) + "," + std::to_string(truth[i]) + "," +
             std::to_string(predicted) + "\n";
    }
    return csv;
  }

  // A gate comparing the challenger with champion predictions at `spec`.
  std::string Gate(const std::string& name, const std::string& spec,
                   const std::string& when_no_champion = "warn") {
    return dir_.Write(
        name,
        "mlgate: 1\nname: g\nmodels:\n"
        "  challenger: { predictions: { path: out/challenger.csv }, id: id, label: label, "
        "prediction: pred }\n"
        "  champion: { predictions: { path: '" +
            spec +
            "' }, id: id, label: label, prediction: pred }\n"
            "checks:\n  - { id: vs, kind: champion, metric: accuracy, when_no_champion: " +
            when_no_champion + " }\n");
  }
};

TEST_F(GitChampionTest, UnreadableChampionRefOrPathBlocksWhateverWhenNoChampionSays) {
  struct Case {
    std::string spec, message;
  };
  for (const auto& [spec, message] : std::vector<Case>{
           {"git:mian:preds/champion.csv",
            "git:mian:preds/champion.csv: git: ref 'mian' not found in "},
           {"git:main:preds/champoin.csv",
            "git:main:preds/champoin.csv: git: 'preds/champoin.csv' does not exist at ref "
            "'main' (commit "}}) {
    for (const std::string when : {"warn", "pass"}) {
      auto r = RunMlgate("run '" + Gate("bad.yaml", spec, when) + "' --json '" + (dir_ / "v.json") +
                         "'");
      EXPECT_EQ(r.exit_code, 1) << spec << " " << when << ": " << r.out;
      EXPECT_THAT(r.out, HasSubstr("model 'champion' predictions: " + message)) << r.out;
      auto verdict = nlohmann::json::parse(testing::ReadFile(dir_ / "v.json"));
      EXPECT_EQ(verdict["decision"], "block");
      ASSERT_EQ(verdict["results"].size(), 1u);
      EXPECT_EQ(verdict["results"][0]["outcome"], "error");
      EXPECT_EQ(verdict["counts"]["warn"], 0);
      EXPECT_EQ(verdict["counts"]["pass"], 0);
    }
  }
}

TEST_F(GitChampionTest, ChampionPredictionsFromAnEarlierCommitOrABranchAreJudged) {
  for (const std::string spec : {"git:HEAD~1:preds/champion.csv", "git:prod:preds/champion.csv"}) {
    auto r = RunMlgate("run '" + Gate("prev.yaml", spec) + "' --json '" + (dir_ / "v.json") + "'");
    // Against the first commit's 0.6 the challenger's 0.8 is no regression.
    EXPECT_EQ(r.exit_code, 0) << spec << ": " << r.out;
    auto verdict = nlohmann::json::parse(testing::ReadFile(dir_ / "v.json"));
    ASSERT_EQ(verdict["results"].size(), 1u);
    const auto& result = verdict["results"][0];
    EXPECT_EQ(result["outcome"], "pass");
    EXPECT_DOUBLE_EQ(result["details"]["challenger"]["value"].get<double>(), 0.8);
    EXPECT_DOUBLE_EQ(result["details"]["champion"]["value"].get<double>(), 0.6);
    EXPECT_DOUBLE_EQ(result["observed"].get<double>(), 0.8 - 0.6);
    EXPECT_EQ(result["details"]["join"], "id columns 'id' / 'id'");
    ASSERT_EQ(verdict["git"]["sources"].size(), 1u);
    EXPECT_EQ(verdict["git"]["sources"][0]["spec"], spec);
    EXPECT_EQ(verdict["git"]["sources"][0]["commit"], first_);
  }
  // HEAD's champion gets 1.0: the same challenger regresses and the gate blocks.
  auto head = RunMlgate("run '" + Gate("head.yaml", "git:HEAD:preds/champion.csv") + "' --json '" +
                        (dir_ / "v.json") + "'");
  EXPECT_EQ(head.exit_code, 1) << head.out;
  auto verdict = nlohmann::json::parse(testing::ReadFile(dir_ / "v.json"));
  EXPECT_DOUBLE_EQ(verdict["results"][0]["details"]["champion"]["value"].get<double>(), 1.0);
  EXPECT_EQ(verdict["git"]["sources"][0]["commit"], second_);
}

}  // namespace
}  // namespace mlgate
