#include "checks/check.h"

#include <fmt/format.h>

#include <filesystem>

namespace mlgate {
namespace {

std::string Reference(OptionReader& options, const std::string& key, bool required,
                      const std::set<std::string>& declared, const char* what,
                      const std::string& fallback) {
  std::string name = required ? options.RequiredString(key) : options.String(key, fallback);
  if (name.empty() || declared.count(name)) return name;
  std::vector<std::string> candidates(declared.begin(), declared.end());
  std::string hint = ClosestMatch(name, candidates);
  options.Error(
      key.empty() ? YAML::Node() : options.Node(key),
      fmt::format("{}: '{}' names {} '{}', which the gate does not declare{}", options.what(), key,
                  what, name, hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
  return name;
}

}  // namespace

std::string CheckContext::DatasetRef(OptionReader& options, const std::string& key,
                                     bool required) const {
  return Reference(options, key, required, datasets, "dataset", "");
}

std::string CheckContext::ModelRef(OptionReader& options, const std::string& key, bool required,
                                   const std::string& fallback) const {
  return Reference(options, key, required, models, "model", fallback);
}

std::string CheckContext::EndpointRef(OptionReader& options, const std::string& key,
                                      bool required) const {
  return Reference(options, key, required, endpoints, "endpoint", "");
}

std::string CheckContext::Resolve(const std::string& path) const {
  if (path.empty() || path.rfind("git:", 0) == 0) return path;
  std::filesystem::path p(path);
  if (p.is_absolute() || base_dir.empty()) return path;
  return (std::filesystem::path(base_dir) / p).lexically_normal().string();
}

}  // namespace mlgate
