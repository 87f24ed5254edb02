// The `correlation` check kind.
#pragma once

#include "checks/registry.h"

namespace mlgate {

KindInfo CorrelationCheckKind();

}  // namespace mlgate
