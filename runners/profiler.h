// The profiler: reads a dataset once, on every core, and gathers what the planned checks need.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "checks/profile.h"
#include "checks/status.h"
#include "gates/gate.h"
#include "runners/sources/byte_source.h"

namespace mlgate {

// What to collect from one dataset: the union of every check's needs.
struct ProfileRequest {
  ColumnNeeds all_columns;                     // applied to every column
  std::map<std::string, ColumnNeeds> columns;  // per named column
  std::map<std::string, std::vector<std::shared_ptr<const ValueRule>>> rules;
  size_t max_distinct = 10000;  // frequency-table cap per column
};

struct ProfilerOptions {
  int threads = 0;                // 0: all cores
  size_t block_bytes = 8u << 20;  // records are parsed in blocks of about this size
  // Bytes of exact numeric values (values and row-aligned values of all columns together) this
  // dataset may keep. Beyond it, the row-aligned values are dropped, then the columns holding
  // the most values become quantile sketches, one at a time, until the rest fits.
  size_t memory_budget = size_t{1} << 30;
  // Called from the reading thread after each block with bytes read so far (progress display).
  std::function<void(int64_t bytes)> on_progress;
};

// The memory budget's policy, shared by the profiler and profile merging. Given how many exact
// values each column holds (0 for a column already sketched), how many row-aligned values are
// held and whether they still are: over the budget, the row-aligned values go first, all of them
// (Spearman needs every pair's rows; Pearson reads co-moments and does not notice). Then the
// column holding the most values becomes a sketch, and the next, until the rest fits: so a
// dataset a little over the budget keeps most of its columns exact.
struct BudgetCuts {
  bool drop_aligned = false;
  std::vector<size_t> sketch;  // columns to turn into sketches, in this order
};
BudgetCuts CutsForBudget(std::vector<size_t> held_values, size_t held_aligned, bool aligned_held,
                         size_t budget);

// KLL accuracy parameter of the profiler's sketches (rank error about 0.27%).
constexpr uint32_t kProfileSketchK = 1000;

// Profiles CSV data from `source` as `dataset` declares it (delimiter, header, null tokens,
// types). Results do not depend on the thread count: blocks are merged in file order, which
// columns become sketches is decided then, and every block's sketch is seeded by its position
// in the file.
// Errors (malformed CSV, unreadable file) name file, line and column.
StatusOr<Profile> ProfileCsv(std::unique_ptr<ByteSource> source, const DatasetDecl& dataset,
                             const ProfileRequest& request, const ProfilerOptions& options);

}  // namespace mlgate
