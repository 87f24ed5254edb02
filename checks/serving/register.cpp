// The serving check kinds, registered by name.
#include "checks/registry.h"

namespace mlgate {

void RegisterServingChecks(Registry& /*registry*/) {}

}  // namespace mlgate
