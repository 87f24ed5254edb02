// The `schema` check kind.
#pragma once

#include "checks/registry.h"

namespace mlgate {

KindInfo SchemaCheckKind();

}  // namespace mlgate
