// The data check kinds, registered by name.
#include "checks/data/correlation.h"
#include "checks/data/distribution.h"
#include "checks/data/drift.h"
#include "checks/data/schema.h"
#include "checks/registry.h"

namespace mlgate {

void RegisterDataChecks(Registry& registry) {
  registry.Add(SchemaCheckKind());
  registry.Add(DriftCheckKind());
  registry.Add(DistributionCheckKind());
  registry.Add(CorrelationCheckKind());
}

}  // namespace mlgate
