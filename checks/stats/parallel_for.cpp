#include "checks/stats/parallel_for.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "checks/stats/usable_cores.h"

namespace mlgate {

size_t ParallelWorkers(size_t count, int threads) {
  const size_t wanted = static_cast<size_t>(threads > 0 ? threads : UsableCores());
  return std::max<size_t>(1, std::min(wanted, count));
}

void ParallelFor(size_t count, const std::function<void(size_t index, size_t worker)>& body,
                 int threads) {
  if (count == 0) return;
  const size_t workers = ParallelWorkers(count, threads);
  std::atomic<size_t> next{0};
  std::exception_ptr first_error;
  std::mutex error_mutex;
  auto work = [&](size_t worker) {
    for (size_t i = next++; i < count; i = next++) {
      try {
        body(i, worker);
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
      }
    }
  };
  std::vector<std::thread> helpers;
  helpers.reserve(workers - 1);
  for (size_t w = 1; w < workers; ++w) helpers.emplace_back(work, w);
  work(0);
  for (auto& helper : helpers) helper.join();
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace mlgate
