// The `correlation` check kind: correlation changes, feature-target and pairwise bounds
// (docs/data-checks.md).
#pragma once

#include "checks/registry.h"

namespace mlgate {

// The kind's name, documented options, default rubric and factory, for the registry.
KindInfo CorrelationCheckKind();

}  // namespace mlgate
