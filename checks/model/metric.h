// The `metric` check kind.
#pragma once

#include "checks/registry.h"

namespace mlgate {

KindInfo MetricCheckKind();

}  // namespace mlgate
