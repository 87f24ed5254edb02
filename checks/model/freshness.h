// The `freshness` check kind.
#pragma once

#include "checks/registry.h"

namespace mlgate {

KindInfo FreshnessCheckKind();

}  // namespace mlgate
