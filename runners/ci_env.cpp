// CI provider detection from environment variables (see ci_env.h for the variables read).
#include "runners/ci_env.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace mlgate {
namespace {

// The variable's value, with unset and empty alike: CI systems export some variables empty.
std::string Get(const EnvLookup& env, const std::string& name) { return env(name).value_or(""); }

std::string FirstSet(const EnvLookup& env, const std::string& first, const std::string& second) {
  std::string value = Get(env, first);
  return value.empty() ? Get(env, second) : value;
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

CiContext DetectCi(const EnvLookup& env) {
  CiContext ci;
  if (Get(env, "GITHUB_ACTIONS") == "true") {
    ci.provider = "github";
    ci.run_id = Get(env, "GITHUB_RUN_ID");
    std::string server = Get(env, "GITHUB_SERVER_URL");
    if (server.empty()) server = "https://github.com";
    while (!server.empty() && server.back() == '/') server.pop_back();
    std::string repository = Get(env, "GITHUB_REPOSITORY");
    if (!repository.empty() && !ci.run_id.empty()) {
      ci.url = server + "/" + repository + "/actions/runs/" + ci.run_id;
    }
    return ci;
  }
  if (!Get(env, "GITLAB_CI").empty()) {
    ci.provider = "gitlab";
    ci.run_id = FirstSet(env, "CI_PIPELINE_ID", "CI_JOB_ID");
    ci.url = FirstSet(env, "CI_JOB_URL", "CI_PIPELINE_URL");
    return ci;
  }
  if (!Get(env, "JENKINS_URL").empty()) {
    ci.provider = "jenkins";
    ci.run_id = FirstSet(env, "BUILD_NUMBER", "BUILD_ID");
    ci.url = Get(env, "BUILD_URL");
    return ci;
  }
  std::string generic = Lower(Get(env, "CI"));
  if (generic == "true" || generic == "1") ci.provider = "ci";
  return ci;
}

CiContext DetectCi() {
  return DetectCi([](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  });
}

}  // namespace mlgate
