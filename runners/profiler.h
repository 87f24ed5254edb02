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
