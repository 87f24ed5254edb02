// Loads and validates a gate file (format 1, DESIGN §5). Every problem is reported as
// "file:line:column: message"; all problems of a file are reported together.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "checks/registry.h"
#include "checks/status.h"
#include "gates/gate.h"

namespace mlgate {

struct LoadOptions {
  // "--set" overrides, "checks.drift.threshold" -> "0.3", applied before validation.
  std::vector<std::pair<std::string, std::string>> overrides;
  // Looks up ${env:NAME}; nullopt when unset. Defaults to the process environment.
  std::function<std::optional<std::string>(const std::string&)> env;
  const Registry* registry = nullptr;  // defaults to Registry::Default()
};

// Returns the gate, or an InvalidArgument status whose message holds one diagnostic per line.
StatusOr<Gate> LoadGate(const std::string& path, const LoadOptions& options = {});
// As LoadGate, from text (tests); `path` names it in messages and sets the base directory.
StatusOr<Gate> LoadGateFromString(const std::string& text, const std::string& path,
                                  const LoadOptions& options = {});

// Splits "checks.drift.threshold=0.3" into key and value; nullopt when there is no '='.
std::optional<std::pair<std::string, std::string>> ParseOverride(const std::string& text);

}  // namespace mlgate
