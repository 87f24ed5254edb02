// How many threads a parallel step should start by default.
#pragma once

namespace mlgate {

// The cores this process may run on: those of its CPU affinity mask (what `taskset`, a cgroup
// cpuset or a CI runner's container allows), not every core of the machine. At least 1.
int UsableCores();

}  // namespace mlgate
