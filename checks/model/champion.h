// The `champion` check kind.
#pragma once

#include "checks/registry.h"

namespace mlgate {

KindInfo ChampionCheckKind();

}  // namespace mlgate
