// Work over independent items on every usable core: columns to sort, columns to judge.
#pragma once

#include <cstddef>
#include <functional>

namespace mlgate {

// How many workers ParallelFor runs for `count` items: `threads` (0: every usable core), never
// more than there are items, at least 1.
size_t ParallelWorkers(size_t count, int threads = 0);

// Calls body(index, worker) once for each index in [0, count), on ParallelWorkers(count, threads)
// workers (the calling thread is worker 0), and returns when every call has. Items are taken in
// order as workers come free, so uneven items balance. `worker` lets a body use per-worker state
// (a scratch buffer). An exception from a body is rethrown here, the first one, once every item
// has been called: skipping the rest would race with workers that already took theirs.
void ParallelFor(size_t count, const std::function<void(size_t index, size_t worker)>& body,
                 int threads = 0);

}  // namespace mlgate
