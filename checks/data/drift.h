// The `drift` check kind.
#pragma once

#include "checks/registry.h"

namespace mlgate {

KindInfo DriftCheckKind();

}  // namespace mlgate
