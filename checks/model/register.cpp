// The model check kinds, registered by name.
#include "checks/registry.h"

namespace mlgate {

void RegisterModelChecks(Registry& /*registry*/) {}

}  // namespace mlgate
