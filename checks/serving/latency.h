// The `latency` check kind.
#pragma once

#include "checks/registry.h"

namespace mlgate {

KindInfo LatencyCheckKind();

}  // namespace mlgate
