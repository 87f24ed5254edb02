// The `distribution` check kind: bounds on one column's statistics and category shares
// (docs/data-checks.md).
#pragma once

#include "checks/registry.h"

namespace mlgate {

// The kind's name, documented options, default rubric and factory, for the registry.
KindInfo DistributionCheckKind();

}  // namespace mlgate
