// The `distribution` check kind.
#pragma once

#include "checks/registry.h"

namespace mlgate {

KindInfo DistributionCheckKind();

}  // namespace mlgate
