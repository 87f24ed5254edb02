#include "checks/registry.h"

namespace mlgate {

const std::vector<std::string>& KnownKindNames() {
  static const std::vector<std::string> kNames = {"schema",       "drift",    "correlation",
                                                  "distribution", "metric",   "champion",
                                                  "latency",      "freshness"};
  return kNames;
}

void Registry::Add(KindInfo info) { kinds_.push_back(std::move(info)); }

const KindInfo* Registry::Find(const std::string& name) const {
  for (const auto& kind : kinds_) {
    if (kind.name == name) return &kind;
  }
  return nullptr;
}

std::vector<std::string> Registry::Names() const {
  std::vector<std::string> names;
  for (const auto& kind : kinds_) names.push_back(kind.name);
  return names;
}

const Registry& Registry::Default() {
  static const Registry registry = [] {
    Registry r;
    RegisterDataChecks(r);
    RegisterModelChecks(r);
    RegisterServingChecks(r);
    return r;
  }();
  return registry;
}

}  // namespace mlgate
