// The `drift` check kind: a reference and a current dataset compared column by column
// (docs/data-checks.md).
#pragma once

#include "checks/registry.h"

namespace mlgate {

// The kind's name, documented options, default rubric and factory, for the registry.
KindInfo DriftCheckKind();

}  // namespace mlgate
