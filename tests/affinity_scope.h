// Narrows the calling thread's CPU affinity for a test's scope, as taskset or a container's
// cpuset would; threads started meanwhile inherit it.
#pragma once

#include <sched.h>

namespace mlgate::testing {

class AffinityScope {
 public:
  // Keeps the first `count` CPUs of the current mask.
  explicit AffinityScope(int count) {
    CPU_ZERO(&saved_);
    if (sched_getaffinity(0, sizeof(saved_), &saved_) != 0) return;
    cpu_set_t narrowed;
    CPU_ZERO(&narrowed);
    int kept = 0;
    for (int cpu = 0; cpu < CPU_SETSIZE && kept < count; ++cpu) {
      if (!CPU_ISSET(cpu, &saved_)) continue;
      CPU_SET(cpu, &narrowed);
      ++kept;
    }
    ok_ = kept == count && sched_setaffinity(0, sizeof(narrowed), &narrowed) == 0;
  }
  ~AffinityScope() { sched_setaffinity(0, sizeof(saved_), &saved_); }
  AffinityScope(const AffinityScope&) = delete;
  AffinityScope& operator=(const AffinityScope&) = delete;

  // False when the mask has fewer CPUs than asked for, or could not be changed.
  bool ok() const { return ok_; }

 private:
  cpu_set_t saved_;
  bool ok_ = false;
};

}  // namespace mlgate::testing
