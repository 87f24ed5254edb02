// The model check kinds, registered by name.
#include "checks/model/freshness.h"
#include "checks/registry.h"

namespace mlgate {

void RegisterModelChecks(Registry& registry) { registry.Add(FreshnessCheckKind()); }

}  // namespace mlgate
