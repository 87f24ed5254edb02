// The model check kinds, registered by name.
#include "checks/model/champion.h"
#include "checks/model/freshness.h"
#include "checks/model/metric.h"
#include "checks/registry.h"

namespace mlgate {

void RegisterModelChecks(Registry& registry) {
  registry.Add(FreshnessCheckKind());
  registry.Add(MetricCheckKind());
  registry.Add(ChampionCheckKind());
}

}  // namespace mlgate
