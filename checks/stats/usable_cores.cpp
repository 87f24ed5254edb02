#include "checks/stats/usable_cores.h"

#include <sched.h>

#include <algorithm>
#include <thread>

namespace mlgate {

int UsableCores() {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  // A thread per machine core would time-share the allowed ones and only add switches.
  if (sched_getaffinity(0, sizeof(allowed), &allowed) == 0) {
    return std::max(1, CPU_COUNT(&allowed));
  }
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace mlgate
