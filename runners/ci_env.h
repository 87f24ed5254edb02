// Which CI system runs mlgate, and the run's id and web address, read from the environment
// variables each system documents. Feeds the `ci` block of the verdict.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "gates/verdict.h"

namespace mlgate {

// Looks up one environment variable; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

// Detects, in this order (a variable set to "" counts as unset):
//  - GitHub Actions (GITHUB_ACTIONS=true): provider "github", run_id GITHUB_RUN_ID, url
//    ${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID} (empty when any
//    part is missing; server defaults to https://github.com, as on github.com runners);
//  - GitLab CI (GITLAB_CI set): "gitlab", run_id CI_PIPELINE_ID (else CI_JOB_ID), url
//    CI_JOB_URL (else CI_PIPELINE_URL);
//  - Jenkins (JENKINS_URL set): "jenkins", run_id BUILD_NUMBER (else BUILD_ID), url BUILD_URL;
//  - any other CI that sets CI=true or CI=1: "ci", no id or url;
//  - otherwise an empty provider.
CiContext DetectCi(const EnvLookup& env);
// The same, from the process environment.
CiContext DetectCi();

}  // namespace mlgate
