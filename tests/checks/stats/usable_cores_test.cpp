// UsableCores follows the calling thread's CPU affinity, as taskset or a container's cpuset set it.
#include "checks/stats/usable_cores.h"

#include <gtest/gtest.h>
#include <sched.h>

#include "tests/affinity_scope.h"

namespace mlgate {
namespace {

TEST(UsableCoresTest, CountsTheCpusOfTheAffinityMask) {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  ASSERT_EQ(sched_getaffinity(0, sizeof(allowed), &allowed), 0);
  EXPECT_EQ(UsableCores(), CPU_COUNT(&allowed));
  {
    testing::AffinityScope one(1);
    ASSERT_TRUE(one.ok());
    EXPECT_EQ(UsableCores(), 1);
  }
  EXPECT_EQ(UsableCores(), CPU_COUNT(&allowed));
}

}  // namespace
}  // namespace mlgate
