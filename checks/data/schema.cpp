#include "checks/data/schema.h"

namespace mlgate {

KindInfo SchemaCheckKind() {
  KindInfo info;
  info.name = "schema";
  return info;
}

}  // namespace mlgate
