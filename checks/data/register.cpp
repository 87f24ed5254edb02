// The data check kinds, registered by name.
#include "checks/data/schema.h"
#include "checks/registry.h"

namespace mlgate {

void RegisterDataChecks(Registry& registry) { registry.Add(SchemaCheckKind()); }

}  // namespace mlgate
