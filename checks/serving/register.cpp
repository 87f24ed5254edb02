// The serving check kinds, registered by name.
#include "checks/registry.h"
#include "checks/serving/latency.h"

namespace mlgate {

void RegisterServingChecks(Registry& registry) { registry.Add(LatencyCheckKind()); }

}  // namespace mlgate
