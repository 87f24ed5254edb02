// The table of check kinds: name, documentation of its options, default rubric tests, and the
// factory that builds a check from its gate-file options. `mlgate explain` prints from it.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "checks/check.h"

namespace mlgate {

struct OptionDoc {
  std::string name;
  std::string type;           // "number", "string", "list of columns", "mapping" ...
  std::string default_value;  // as written in a gate file; "" when required or none
  std::string description;
};

struct KindInfo {
  std::string name;
  std::string family;  // "data", "model", "serving"
  std::string summary;
  std::vector<OptionDoc> options;
  std::vector<std::string> rubric;  // default ML Test Score ids
  // When set, the default ids for one check from its gate-file mapping (a correlation check
  // with a target tests data-2, without one monitor-2); `rubric` is then the fallback.
  std::function<std::vector<std::string>(const YAML::Node& check)> rubric_for;
  // Builds the check. Reads options with `options` (which reports unknown keys afterwards);
  // returns null only together with at least one diagnostic.
  std::function<std::unique_ptr<Check>(OptionReader& options, const CheckContext& context)> create;
};

// Kinds the gate-file format knows. A kind listed here but not registered is reported as not
// available in this build rather than as unknown.
const std::vector<std::string>& KnownKindNames();

class Registry {
 public:
  void Add(KindInfo info);
  const KindInfo* Find(const std::string& name) const;
  const std::vector<KindInfo>& kinds() const { return kinds_; }
  std::vector<std::string> Names() const;

  // Every kind this build implements, registered explicitly (no static initializers).
  static const Registry& Default();

 private:
  std::vector<KindInfo> kinds_;
};

// One line per family, each in its family's folder.
void RegisterDataChecks(Registry& registry);
void RegisterModelChecks(Registry& registry);
void RegisterServingChecks(Registry& registry);

}  // namespace mlgate
