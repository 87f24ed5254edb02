// Tests of runners/ci_env.{h,cpp}: provider, run id and run address from each CI system's own
// variables, with the environment passed in as a table.
#include "runners/ci_env.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <optional>
#include <string>

namespace mlgate {
namespace {

CiContext Detect(const std::map<std::string, std::string>& vars) {
  return DetectCi([&vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  });
}

TEST(CiEnvTest, GitHubActions) {
  CiContext ci = Detect({{"CI", "true"},
                         {"GITHUB_ACTIONS", "true"},
                         {"GITHUB_RUN_ID", "1658821493"},
                         {"GITHUB_SERVER_URL", "https://github.com"},
                         {"GITHUB_REPOSITORY", "octo-org/octo-repo"}});
  EXPECT_EQ(ci.provider, "github");
  EXPECT_EQ(ci.run_id, "1658821493");
  EXPECT_EQ(ci.url, "https://github.com/octo-org/octo-repo/actions/runs/1658821493");
}

TEST(CiEnvTest, GitHubEnterpriseServerAndMissingParts) {
  CiContext enterprise = Detect({{"GITHUB_ACTIONS", "true"},
                                 {"GITHUB_RUN_ID", "42"},
                                 {"GITHUB_SERVER_URL", "https://ghe.example.com/"},
                                 {"GITHUB_REPOSITORY", "ml/models"}});
  EXPECT_EQ(enterprise.url, "https://ghe.example.com/ml/models/actions/runs/42");

  CiContext no_server =
      Detect({{"GITHUB_ACTIONS", "true"}, {"GITHUB_RUN_ID", "7"}, {"GITHUB_REPOSITORY", "a/b"}});
  EXPECT_EQ(no_server.url, "https://github.com/a/b/actions/runs/7");

  CiContext no_run = Detect({{"GITHUB_ACTIONS", "true"}, {"GITHUB_REPOSITORY", "a/b"}});
  EXPECT_EQ(no_run.provider, "github");
  EXPECT_EQ(no_run.run_id, "");
  EXPECT_EQ(no_run.url, "");
}

TEST(CiEnvTest, GitLabPrefersThePipeline) {
  CiContext ci = Detect({{"CI", "true"},
                         {"GITLAB_CI", "true"},
                         {"CI_PIPELINE_ID", "987654"},
                         {"CI_JOB_ID", "123456789"},
                         {"CI_JOB_URL", "https://gitlab.example.com/g/p/-/jobs/123456789"},
                         {"CI_PIPELINE_URL", "https://gitlab.example.com/g/p/-/pipelines/987654"}});
  EXPECT_EQ(ci.provider, "gitlab");
  EXPECT_EQ(ci.run_id, "987654");
  EXPECT_EQ(ci.url, "https://gitlab.example.com/g/p/-/jobs/123456789");

  CiContext job_only =
      Detect({{"GITLAB_CI", "true"},
              {"CI_PIPELINE_ID", ""},
              {"CI_JOB_ID", "55"},
              {"CI_PIPELINE_URL", "https://gitlab.example.com/g/p/-/pipelines/9"}});
  EXPECT_EQ(job_only.run_id, "55");
  EXPECT_EQ(job_only.url, "https://gitlab.example.com/g/p/-/pipelines/9");
}

TEST(CiEnvTest, Jenkins) {
  CiContext ci = Detect({{"JENKINS_URL", "https://ci.example.com/"},
                         {"BUILD_NUMBER", "311"},
                         {"BUILD_ID", "2026-01-02_03-04-05"},
                         {"BUILD_URL", "https://ci.example.com/job/gate/311/"}});
  EXPECT_EQ(ci.provider, "jenkins");
  EXPECT_EQ(ci.run_id, "311");
  EXPECT_EQ(ci.url, "https://ci.example.com/job/gate/311/");

  CiContext build_id = Detect({{"JENKINS_URL", "https://ci.example.com/"}, {"BUILD_ID", "12"}});
  EXPECT_EQ(build_id.run_id, "12");
  EXPECT_EQ(build_id.url, "");
}

TEST(CiEnvTest, GenericCiAndNoCi) {
  EXPECT_EQ(Detect({{"CI", "true"}}).provider, "ci");
  EXPECT_EQ(Detect({{"CI", "TRUE"}}).provider, "ci");
  EXPECT_EQ(Detect({{"CI", "1"}}).provider, "ci");
  CiContext generic = Detect({{"CI", "true"}, {"BUILD_NUMBER", "3"}});
  EXPECT_EQ(generic.run_id, "");
  EXPECT_EQ(generic.url, "");

  EXPECT_EQ(Detect({}).provider, "");
  EXPECT_EQ(Detect({{"CI", "false"}}).provider, "");
  EXPECT_EQ(Detect({{"CI", ""}}).provider, "");
  // Only "true" means GitHub Actions; anything else falls through to the next rule.
  EXPECT_EQ(Detect({{"GITHUB_ACTIONS", "false"}, {"CI", "true"}}).provider, "ci");
  EXPECT_EQ(Detect({{"GITLAB_CI", ""}}).provider, "");
}

TEST(CiEnvTest, TheProcessEnvironmentOverloadReadsRealVariables) {
  // Set GitHub's variables for this process (restored afterwards), which take precedence over
  // whatever CI the test itself runs under.
  const char* names[] = {"GITHUB_ACTIONS", "GITHUB_RUN_ID", "GITHUB_SERVER_URL",
                         "GITHUB_REPOSITORY"};
  std::map<std::string, std::optional<std::string>> saved;
  for (const char* name : names) {
    const char* value = std::getenv(name);
    saved[name] = value != nullptr ? std::optional<std::string>(value) : std::nullopt;
  }
  setenv("GITHUB_ACTIONS", "true", 1);
  setenv("GITHUB_RUN_ID", "31337", 1);
  setenv("GITHUB_SERVER_URL", "https://github.com", 1);
  setenv("GITHUB_REPOSITORY", "mlgate/env-test", 1);
  CiContext ci = DetectCi();
  for (const auto& [name, value] : saved) {
    if (value) {
      setenv(name.c_str(), value->c_str(), 1);
    } else {
      unsetenv(name.c_str());
    }
  }
  EXPECT_EQ(ci.provider, "github");
  EXPECT_EQ(ci.run_id, "31337");
  EXPECT_EQ(ci.url, "https://github.com/mlgate/env-test/actions/runs/31337");
}

}  // namespace
}  // namespace mlgate
