#include "gates/gate.h"

namespace mlgate {

const DatasetDecl* Gate::FindDataset(const std::string& name) const {
  for (const auto& d : datasets) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

const EndpointDecl* Gate::FindEndpoint(const std::string& name) const {
  for (const auto& e : endpoints) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

const ModelSpec* Gate::FindModel(const std::string& name) const {
  for (const auto& m : models) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::string Redact(std::string text, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    size_t pos = 0;
    while ((pos = text.find(secret, pos)) != std::string::npos) {
      text.replace(pos, secret.size(), "***");
      pos += 3;
    }
  }
  return text;
}

}  // namespace mlgate
