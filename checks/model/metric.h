// The `metric` check kind.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "checks/registry.h"

namespace mlgate {

KindInfo MetricCheckKind();

// The default rubric ids of one metric check from its gate-file mapping: model-6 with `slices`,
// model-5 with `vs`, infra-4 for plain bounds.
std::vector<std::string> MetricCheckRubric(const YAML::Node& check);

}  // namespace mlgate
