// Tests of checks/model/freshness.cpp: options and their diagnostics, the judgement against
// max_age_days / warn_age_days with ages served by a fake runner, and the registration.
#include "checks/model/freshness.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <vector>

namespace mlgate {
namespace {

// Serves models and artifact ages from tables, and records which paths were dated.
class FakeInputs : public Inputs {
 public:
  StatusOr<const Profile*> Dataset(const std::string& name) const override {
    return Internal("no dataset " + name);
  }
  StatusOr<const Table*> DatasetTable(const std::string& name) const override {
    return Internal("no table " + name);
  }
  StatusOr<const ModelSpec*> Model(const std::string& name) const override {
    auto it = models.find(name);
    if (it == models.end()) return NotFound("model '" + name + "' is not declared");
    return &it->second;
  }
  StatusOr<LatencyReport> Probe(const std::string& endpoint, const LoadSpec&) const override {
    return Unavailable("no endpoint " + endpoint);
  }
  StatusOr<ArtifactAge> Age(const std::string& path) const override {
    asked.push_back(path);
    auto it = ages.find(path);
    if (it == ages.end()) return NotFound("artifact '" + path + "' does not exist");
    return it->second;
  }

  std::map<std::string, ModelSpec> models;
  std::map<std::string, ArtifactAge> ages;
  mutable std::vector<std::string> asked;
};

ArtifactAge GitAge(double days) {
  ArtifactAge age;
  age.age_days = days;
  age.source = "git commit 1a2b3c4 (2026-01-02)";
  age.commit = "1a2b3c4d5e6f708192a3b4c5d6e7f80912a3b4c5";
  return age;
}

CheckContext Context() {
  CheckContext context;
  context.id = "fresh";
  context.base_dir = "/repo/gates";
  context.models = {"challenger", "champion"};
  return context;
}

struct Built {
  std::unique_ptr<Check> check;
  std::vector<Diagnostic> diagnostics;
  std::string AllMessages() const {
    std::string all;
    for (const auto& d : diagnostics) all += d.message + "\n";
    return all;
  }
};

Built Build(const std::string& yaml) {
  Built built;
  YAML::Node node = YAML::Load(yaml);
  OptionReader reader(node, "check 'fresh'", &built.diagnostics);
  built.check = FreshnessCheckKind().create(reader, Context());
  reader.Finish();
  return built;
}

std::vector<Result> BuildAndJudge(const std::string& yaml, const FakeInputs& inputs) {
  Built built = Build(yaml);
  EXPECT_TRUE(built.diagnostics.empty()) << built.AllMessages();
  if (!built.check) {
    ADD_FAILURE() << "no check built from " << yaml;
    return {};
  }
  return built.check->Judge(inputs);
}

TEST(FreshnessTest, PassWithinTheLimitReportsAgeSourceAndCommit) {
  FakeInputs inputs;
  inputs.ages["/repo/models/m.onnx"] = GitAge(12.5);
  auto results = BuildAndJudge("{ path: ../models/m.onnx, max_age_days: 30 }", inputs);
  ASSERT_EQ(results.size(), 1u);
  const Result& r = results[0];
  EXPECT_EQ(r.outcome, Outcome::kPass) << r.message;
  EXPECT_EQ(r.subject, "../models/m.onnx");
  EXPECT_EQ(r.statistic, "age_days");
  ASSERT_TRUE(r.observed.has_value());
  EXPECT_DOUBLE_EQ(*r.observed, 12.5);
  ASSERT_TRUE(r.threshold.has_value());
  EXPECT_DOUBLE_EQ(*r.threshold, 30);
  EXPECT_EQ(r.comparison, "age_days <= 30");
  EXPECT_FALSE(r.p_value.has_value());
  EXPECT_EQ(r.details["source"], "git commit 1a2b3c4 (2026-01-02)");
  EXPECT_EQ(r.details["commit"], "1a2b3c4d5e6f708192a3b4c5d6e7f80912a3b4c5");
  EXPECT_EQ(r.details["path"], "/repo/models/m.onnx");
  EXPECT_NE(r.message.find("12.5 days"), std::string::npos) << r.message;
  // The path is resolved against the gate file's directory before it is dated.
  EXPECT_EQ(inputs.asked, std::vector<std::string>{"/repo/models/m.onnx"});
}

TEST(FreshnessTest, FailsStrictlyAboveTheLimit) {
  FakeInputs inputs;
  inputs.ages["/abs/at.bin"] = GitAge(30);
  inputs.ages["/abs/over.bin"] = GitAge(30.01);
  auto at = BuildAndJudge("{ path: /abs/at.bin, max_age_days: 30 }", inputs);
  ASSERT_EQ(at.size(), 1u);
  EXPECT_EQ(at[0].outcome, Outcome::kPass);

  auto over = BuildAndJudge("{ path: /abs/over.bin, max_age_days: 30 }", inputs);
  ASSERT_EQ(over.size(), 1u);
  EXPECT_EQ(over[0].outcome, Outcome::kFail);
  EXPECT_DOUBLE_EQ(*over[0].observed, 30.01);
  EXPECT_NE(over[0].message.find("limit of 30 days"), std::string::npos) << over[0].message;
}

TEST(FreshnessTest, WarnsBetweenTheWarningAgeAndTheLimit) {
  FakeInputs inputs;
  inputs.ages["/abs/a.bin"] = GitAge(25);
  inputs.ages["/abs/b.bin"] = GitAge(20);
  inputs.ages["/abs/c.bin"] = GitAge(7.5);
  auto warn = BuildAndJudge("{ path: /abs/a.bin, max_age_days: 30, warn_age_days: 20 }", inputs);
  ASSERT_EQ(warn.size(), 1u);
  EXPECT_EQ(warn[0].outcome, Outcome::kWarn);
  EXPECT_DOUBLE_EQ(*warn[0].threshold, 30);
  EXPECT_EQ(warn[0].details["warn_age_days"], 20);
  EXPECT_NE(warn[0].message.find("warning age of 20 days"), std::string::npos);

  auto edge = BuildAndJudge("{ path: /abs/b.bin, max_age_days: 30, warn_age_days: 20 }", inputs);
  EXPECT_EQ(edge[0].outcome, Outcome::kPass);

  auto fractional =
      BuildAndJudge("{ path: /abs/c.bin, max_age_days: 14, warn_age_days: 7 }", inputs);
  EXPECT_EQ(fractional[0].outcome, Outcome::kWarn);
  EXPECT_EQ(fractional[0].comparison, "age_days <= 14");
}

TEST(FreshnessTest, DatesTheModelArtifact) {
  FakeInputs inputs;
  ModelSpec challenger;
  challenger.name = "challenger";
  challenger.artifact = "/repo/models/challenger.onnx";
  inputs.models["challenger"] = challenger;
  inputs.ages["/repo/models/challenger.onnx"] = GitAge(45);
  auto results = BuildAndJudge("{ model: challenger, max_age_days: 30 }", inputs);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].subject, "challenger");
  EXPECT_EQ(results[0].outcome, Outcome::kFail);
  EXPECT_DOUBLE_EQ(*results[0].observed, 45);
  EXPECT_EQ(inputs.asked, std::vector<std::string>{"/repo/models/challenger.onnx"});
  EXPECT_NE(results[0].message.find("model 'challenger'"), std::string::npos);
}

TEST(FreshnessTest, ModelWithoutArtifactIsAnError) {
  FakeInputs inputs;
  ModelSpec champion;
  champion.name = "champion";
  inputs.models["champion"] = champion;
  auto results = BuildAndJudge("{ model: champion, max_age_days: 30 }", inputs);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].outcome, Outcome::kError);
  EXPECT_EQ(results[0].subject, "champion");
  EXPECT_NE(results[0].message.find("declares no 'artifact'"), std::string::npos);
  EXPECT_TRUE(inputs.asked.empty());
}

TEST(FreshnessTest, MissingArtifactIsAnErrorNamingIt) {
  FakeInputs inputs;
  auto results = BuildAndJudge("{ path: /abs/gone.bin, max_age_days: 30 }", inputs);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].outcome, Outcome::kError);
  EXPECT_EQ(results[0].message, "artifact '/abs/gone.bin' does not exist");
  EXPECT_EQ(results[0].statistic, "age_days");
  EXPECT_FALSE(results[0].observed.has_value());
}

TEST(FreshnessTest, OptionDiagnostics) {
  struct Case {
    std::string yaml, expected;  // a fragment of one diagnostic
  };
  const Case cases[] = {
      {"{ path: m.bin }", "missing required option 'max_age_days'"},
      {"{ max_age_days: 30 }", "missing 'model'"},
      {"{ model: challenger, path: m.bin, max_age_days: 30 }", "not both"},
      {"{ path: m.bin, max_age_days: 10, warn_age_days: 20 }", "must not exceed"},
      {"{ path: m.bin, max_age_days: -1 }", "max_age_days"},
      {"{ path: m.bin, max_age_days: soon }", "max_age_days"},
      {"{ path: 'git:main:m.bin', max_age_days: 3 }", "work-tree file"},
      {"{ model: challengr, max_age_days: 30 }", "did you mean 'challenger'"},
      {"{ path: m.bin, max_age_day: 30 }", "max_age_days"},  // typo: unknown key + missing
  };
  for (const auto& c : cases) {
    Built built = Build(c.yaml);
    EXPECT_FALSE(built.diagnostics.empty()) << c.yaml;
    EXPECT_NE(built.AllMessages().find(c.expected), std::string::npos) << c.yaml << " gave:\n"
                                                                       << built.AllMessages();
  }
  Built typo = Build("{ path: m.bin, max_age_days: 30, warn_age_day: 3 }");
  EXPECT_NE(typo.AllMessages().find("warn_age_days"), std::string::npos) << typo.AllMessages();
}

TEST(FreshnessTest, KindInfoAndRegistration) {
  KindInfo info = FreshnessCheckKind();
  EXPECT_EQ(info.name, "freshness");
  EXPECT_EQ(info.family, "model");
  EXPECT_EQ(info.rubric, std::vector<std::string>{"monitor-4"});
  std::vector<std::string> names;
  for (const auto& option : info.options) names.push_back(option.name);
  EXPECT_EQ(names, (std::vector<std::string>{"model", "path", "max_age_days", "warn_age_days"}));
  const KindInfo* registered = Registry::Default().Find("freshness");
  ASSERT_NE(registered, nullptr);
  EXPECT_EQ(registered->family, "model");
  EXPECT_TRUE(static_cast<bool>(registered->create));
}

}  // namespace
}  // namespace mlgate
