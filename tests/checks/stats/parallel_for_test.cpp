// ParallelFor must call the body once per index, on at most the workers it says, and must carry
// a body's exception back to the caller instead of ending the process.
#include "checks/stats/parallel_for.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "checks/stats/usable_cores.h"

namespace mlgate {
namespace {

TEST(ParallelForTest, WorkersAreTheThreadsAskedForCappedByTheItems) {
  EXPECT_EQ(ParallelWorkers(10, 3), 3u);
  EXPECT_EQ(ParallelWorkers(2, 8), 2u);
  EXPECT_EQ(ParallelWorkers(0, 4), 1u);
  EXPECT_EQ(ParallelWorkers(1000, 0), static_cast<size_t>(UsableCores()));
}

TEST(ParallelForTest, EveryIndexOnceOnTheSaidWorkers) {
  for (int threads : {1, 2, 3, 5}) {
    const size_t count = 997;
    std::vector<std::atomic<int>> calls(count);
    std::vector<std::atomic<int>> by_worker(ParallelWorkers(count, threads));
    std::mutex mutex;
    std::set<std::thread::id> thread_ids;
    ParallelFor(
        count,
        [&](size_t index, size_t worker) {
          ++calls[index];
          ASSERT_LT(worker, by_worker.size());
          ++by_worker[worker];
          std::lock_guard lock(mutex);
          thread_ids.insert(std::this_thread::get_id());
        },
        threads);
    for (size_t i = 0; i < count; ++i) ASSERT_EQ(calls[i], 1) << "index " << i;
    int total = 0;
    for (auto& n : by_worker) total += n;
    EXPECT_EQ(total, static_cast<int>(count));
    EXPECT_LE(thread_ids.size(), static_cast<size_t>(threads));
    // Worker 0 is the calling thread.
    if (threads == 1) {
      EXPECT_EQ(*thread_ids.begin(), std::this_thread::get_id());
    }
  }
}

TEST(ParallelForTest, NoItemsNoCalls) {
  int calls = 0;
  ParallelFor(
      0, [&](size_t, size_t) { ++calls; }, 4);
  EXPECT_EQ(calls, 0);
}

TEST(ParallelForTest, ABodysExceptionReachesTheCaller) {
  for (int threads : {1, 3}) {
    std::atomic<int> calls{0};
    try {
      ParallelFor(
          100,
          [&](size_t index, size_t) {
            ++calls;
            if (index == 7) throw std::runtime_error("item 7 failed");
          },
          threads);
      FAIL() << "no exception with " << threads << " threads";
    } catch (const std::runtime_error& e) {
      EXPECT_EQ(std::string(e.what()), "item 7 failed");
    }
    // Items after the failure may be skipped, but never run twice.
    EXPECT_GE(calls, 8);
    EXPECT_LE(calls, 100);
  }
}

}  // namespace
}  // namespace mlgate
