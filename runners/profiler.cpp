#include "runners/profiler.h"

#include <fmt/format.h>

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <unordered_map>
#include <vector>

#include "checks/cell.h"
#include "checks/result.h"
#include "checks/stats/parallel_for.h"
#include "checks/stats/sort.h"
#include "checks/stats/usable_cores.h"
#include "runners/sources/csv.h"

namespace mlgate {
namespace {

// Whether a text starting with `c` may be a bool: true, false, yes or no in any case.
constexpr bool MayStartBool(char c) {
  const char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  return lower == 't' || lower == 'f' || lower == 'y' || lower == 'n';
}

// Type conformance of one non-null text, as a bit per ColumnType.
uint32_t Classify(std::string_view text, std::optional<double>* number) {
  uint32_t mask = 1u << static_cast<int>(ColumnType::kString);
  if (auto parsed = ParseNumber(text)) {
    *number = parsed->value;
    mask |= 1u << static_cast<int>(ColumnType::kFloat);
    if (parsed->is_int) mask |= 1u << static_cast<int>(ColumnType::kInt);
    return mask;
  }
  if (text.size() >= 10 && text[4] == '-') {
    if (text.size() == 10) {
      if (ParseDate(text)) {
        mask |= 1u << static_cast<int>(ColumnType::kDate);
        mask |= 1u << static_cast<int>(ColumnType::kTimestamp);
      }
    } else if (ParseTimestamp(text)) {
      mask |= 1u << static_cast<int>(ColumnType::kTimestamp);
    }
    return mask;
  }
  if (!text.empty() && text.size() <= 5 && MayStartBool(text[0]) && ParseBool(text)) {
    mask |= 1u << static_cast<int>(ColumnType::kBool);
  }
  return mask;
}

struct ColumnPlan {
  ColumnNeeds needs;
  std::vector<std::shared_ptr<const ValueRule>> rules;
  std::optional<ColumnType> declared;
};

// Value buffers of blocks already merged, handed to the blocks parsed next. A buffer given back
// to the allocator came back as fresh pages, each faulted in and cleared by the kernel again:
// that was a tenth of a pass's time.
class ValueBufferPool {
 public:
  explicit ValueBufferPool(size_t limit) : limit_(limit) {}

  // An empty buffer with room for `capacity` values.
  std::vector<double> Take(size_t capacity) {
    std::vector<double> buffer;
    {
      std::lock_guard lock(mutex_);
      if (!free_.empty()) {
        buffer = std::move(free_.back());
        free_.pop_back();
      }
    }
    buffer.reserve(capacity);
    return buffer;
  }

  // Taken by value, so a buffer the pool does not keep is freed here, not left with the caller.
  void Give(std::vector<double> buffer) {
    if (buffer.capacity() == 0) return;
    buffer.clear();
    std::lock_guard lock(mutex_);
    if (free_.size() < limit_) free_.push_back(std::move(buffer));
  }

 private:
  size_t limit_;
  std::mutex mutex_;
  std::vector<std::vector<double>> free_;
};

// One block's (or a merged run of blocks') statistics.
struct Partial {
  Profile profile;
  // value -> first line, per column that needs uniqueness.
  std::vector<std::unordered_map<std::string, int64_t>> seen;
  // Per column (in the merged total only): 1 once its value counts stopped for good, because
  // the column is numeric and its table overflowed; every later block's values then count as
  // "other". Decided in file order, so the counts do not depend on the thread count.
  std::vector<uint8_t> counts_frozen;
  size_t bytes = 0;  // of the blocks' text
};

// Rows of co-moment values gathered before they are folded into the co-moments: small enough
// to stay in cache, large enough for the matrix products to pay off.
constexpr size_t kComomentChunkRows = 2048;

constexpr uint32_t kFloatBit = 1u << static_cast<int>(ColumnType::kFloat);

// The gate does not declare the column as text.
bool DeclaredNumeric(const ColumnProfile& column) {
  return !column.declared_type || *column.declared_type == ColumnType::kInt ||
         *column.declared_type == ColumnType::kFloat;
}

// Every value so far is a number, and the gate does not declare the column as text.
bool AllNumeric(const ColumnProfile& column) {
  return DeclaredNumeric(column) &&
         column.type_ok[static_cast<int>(ColumnType::kFloat)] == column.present;
}

// The counts of the column, were it numeric, are of no more use: its table overflowed (an
// overflowed table only says "many distinct values"), or its counts are wanted only to tell its
// kind and it has more distinct values than a categorical column may have.
bool CountsDoneIfNumeric(const ColumnProfile& column) {
  const size_t kind_limit = column.needs.counts_for_kind_up_to;
  return column.frequencies.overflowed() ||
         (kind_limit != 0 && column.frequencies.distinct() > kind_limit);
}

// A block's type tallies of one column: how many values had each type mask (the types a text
// fits, a bit per ColumnType), and the types no value has missed yet. One count per cell instead
// of one per type; the profile's per-type tallies are filled in from it when the block is taken.
struct TypeTally {
  std::array<int64_t, size_t{1} << kColumnTypeCount> by_mask{};
  uint32_t unmissed = (1u << kColumnTypeCount) - 1;

  void FillIn(ColumnProfile& column) const {
    for (int t = 0; t < kColumnTypeCount; ++t) {
      int64_t ok = 0;
      for (size_t mask = 0; mask < by_mask.size(); ++mask) {
        if (mask & (size_t{1} << t)) ok += by_mask[mask];
      }
      column.type_ok[t] = ok;
      column.type_misses[t].violations = column.present - ok;
    }
  }
};

uint64_t SketchSeed(size_t block, size_t column) {
  return 0x9E3779B97F4A7C15ull * (block + 1) ^ (0xC2B2AE3D27D4EB4Full * (column + 1));
}

// Values are sketched a piece of this many at a time (a few MB, so the sort stays in cache).
constexpr size_t kSketchPiece = size_t{1} << 18;

// Sketches values that are no longer needed one by one (so they may be reordered): each piece in
// ascending order, which spares the sketch sorting its buffer at every compaction. KLL's error
// bound holds for every order of the input.
stats::KllSketch SketchOf(std::vector<double>& values, uint64_t seed) {
  thread_local std::vector<uint64_t> scratch;
  stats::KllSketch sketch(kProfileSketchK, seed);
  for (size_t at = 0; at < values.size(); at += kSketchPiece) {
    std::span<double> piece(values.data() + at, std::min(kSketchPiece, values.size() - at));
    stats::SortValues(piece, scratch);
    for (double v : piece) sketch.Add(v);
  }
  return sketch;
}

// Appends a block's values to the total's. The total's buffer is sized once for the whole file
// (`expected` values, estimated from the file's size), so each value is written once where it
// stays: joining the blocks' buffers at the end wrote every value twice, into fresh pages both
// times, and held the column twice over at the peak.
void AppendValues(std::vector<double>& total, const std::vector<double>& block, size_t expected) {
  if (block.empty()) return;
  const size_t needed = total.size() + block.size();
  if (needed > total.capacity()) {
    total.reserve(std::max({expected, needed, total.capacity() + total.capacity() / 2}));
  }
  total.insert(total.end(), block.begin(), block.end());
}

class BlockProfiler : public CsvRecordSink {
 public:
  BlockProfiler(const std::string& source, const std::vector<ColumnPlan>& plans,
                const DatasetDecl& dataset, const std::vector<std::string>& header,
                size_t max_distinct, size_t block_index, std::vector<uint8_t> sketched,
                bool keep_aligned, std::vector<uint8_t> counts_frozen, size_t expected_rows,
                ValueBufferPool& pool)
      : source_(source),
        plans_(plans),
        dataset_(dataset),
        block_index_(block_index),
        sketched_(std::move(sketched)),
        keep_aligned_(keep_aligned),
        counts_saturated_(std::move(counts_frozen)),
        pool_(pool) {
    sketched_.resize(header.size(), 0);
    partial_.profile.columns.resize(header.size());
    partial_.seen.resize(header.size());
    partial_.counts_frozen.assign(header.size(), 0);
    type_tallies_.resize(header.size());
    aligned_slot_.assign(header.size(), -1);
    // A column whose counts the merged total already froze is saturated from the start: this
    // block's counts will be merged as "other" anyway.
    counts_saturated_.resize(header.size(), 0);
    for (size_t i = 0; i < header.size(); ++i) {
      if (plans[i].needs.NeedsComoments()) {
        aligned_slot_[i] = static_cast<int>(partial_.profile.comoment_columns.size());
        partial_.profile.comoment_columns.push_back(header[i]);
      }
    }
    const size_t width = partial_.profile.comoment_columns.size();
    if (width > 0) {
      chunk_.assign(width * kComomentChunkRows, stats::kNaN);
      comoments_.emplace(static_cast<int>(width));
    }
    for (size_t i = 0; i < header.size(); ++i) {
      auto& column = partial_.profile.columns[i];
      column.name = header[i];
      column.needs = plans[i].needs;
      column.rules = plans[i].rules;
      column.rule_tallies.resize(plans[i].rules.size());
      column.declared_type = plans[i].declared;
      column.frequencies = stats::FrequencyTable(max_distinct);
      // Grown one doubling at a time, the values would be copied and faulted in again and again.
      if (column.needs.values) column.values = pool_.Take(expected_rows);
      if (keep_aligned_ && column.needs.aligned) column.aligned = pool_.Take(expected_rows);
    }
  }

  Status OnRecord(std::span<const std::string_view> fields, int64_t line) override {
    ++partial_.profile.rows;
    for (size_t i = 0; i < fields.size(); ++i) AddCell(i, fields[i], line);
    if (comoments_ && ++chunk_row_ == kComomentChunkRows) FlushChunk();
    if (mistyped_.column != kNone) return MistypedValueError(line);
    return Status::Ok();
  }

  // The block's statistics; the values of a column that switched to a sketch are handed over
  // as a sketch seeded by the block's position.
  Partial Take() {
    if (comoments_) {
      FlushChunk();
      partial_.profile.comoments = std::move(*comoments_);
      comoments_.reset();
    }
    for (size_t i = 0; i < partial_.profile.columns.size(); ++i) {
      auto& column = partial_.profile.columns[i];
      type_tallies_[i].FillIn(column);
      if (column.needs.values) column.moments.AddAll(column.values);
      if (!sketched_[i] || !column.needs.values) continue;
      column.sketch = SketchOf(column.values, SketchSeed(block_index_, i));
      pool_.Give(std::move(column.values));
    }
    return std::move(partial_);
  }

 private:
  bool IsNullToken(std::string_view text) const {
    for (const auto& token : dataset_.null_values) {
      if (text == token) return true;
    }
    return false;
  }

  void AddCell(size_t index, std::string_view text, int64_t line) {
    ColumnProfile& column = partial_.profile.columns[index];
    if (IsNullToken(text)) {
      ++column.nulls;
      return;
    }
    // The rules get the cell as it is built here: copying it (a std::optional filled in two
    // stores, read back whole) stalled every cell on a failed store forwarding.
    Cell cell{text, std::nullopt};
    const std::optional<double>& number = cell.number;
    uint32_t mask = Classify(text, &cell.number);
    if (number && std::isnan(*number)) {
      // DESIGN §8: NaN is a missing value.
      ++column.nulls;
      return;
    }
    ++column.present;
    if (column.declared_type && !(mask & (1u << static_cast<int>(*column.declared_type))) &&
        mistyped_.column == kNone) {
      mistyped_ = {index, std::string(text)};
    }
    TypeTally& tally = type_tallies_[index];
    ++tally.by_mask[mask];
    if (const uint32_t first_misses = tally.unmissed & ~mask) {
      tally.unmissed &= mask;
      for (int t = 0; t < kColumnTypeCount; ++t) {
        if (first_misses & (1u << t)) column.type_misses[t].Record(line, text);
      }
    }
    if (number) {
      if (std::isfinite(*number)) {
        // A column that keeps its values gets its moments from them in one batch (Take).
        if (column.needs.values) {
          column.values.push_back(*number);
        } else if (column.needs.moments) {
          column.moments.Add(*number);
        }
        if (aligned_slot_[index] >= 0) {
          chunk_[static_cast<size_t>(aligned_slot_[index]) * kComomentChunkRows + chunk_row_] =
              *number;
        }
      } else {
        ++column.non_finite;
      }
    }
    if (column.needs.frequencies) {
      if (counts_saturated_[index]) {
        column.frequencies.AddOther(1);
      } else {
        column.frequencies.Add(text);
        // A numeric column past the distinct-value cap is judged by its numbers, never by its
        // value counts (an overflowed table only says "many distinct values"), so its values
        // are no longer looked up one by one: looking every number up in a full table of
        // thousands of strings was most of the time of a drift check on numeric data. Counts
        // wanted only for the column's kind stop earlier, but in MergeInto: a block cannot tell
        // whether an earlier one had text in the column.
        if (number && column.frequencies.overflowed() && DeclaredNumeric(column) &&
            (tally.unmissed & kFloatBit)) {
          counts_saturated_[index] = 1;
        }
      }
    }
    if (column.needs.unique) {
      auto [it, inserted] = partial_.seen[index].try_emplace(std::string(text), line);
      if (!inserted) column.duplicates.Record(line, text);
    }
    if (!column.rules.empty()) {
      for (size_t r = 0; r < column.rules.size(); ++r) {
        if (column.rules[r]->Violates(cell)) column.rule_tallies[r].Record(line, text);
      }
    }
  }

  // Folds the gathered rows (column-major, NaN where missing) into the co-moments and, in exact
  // mode, appends them to the columns' aligned values.
  void FlushChunk() {
    if (chunk_row_ == 0) return;
    const auto rows = static_cast<Eigen::Index>(chunk_row_);
    const auto width = static_cast<Eigen::Index>(partial_.profile.comoment_columns.size());
    Eigen::Map<const Eigen::MatrixXd, 0, Eigen::OuterStride<>> matrix(
        chunk_.data(), rows, width, Eigen::OuterStride<>(kComomentChunkRows));
    comoments_->AddRows(matrix);
    for (size_t i = 0; i < aligned_slot_.size(); ++i) {
      if (aligned_slot_[i] < 0) continue;
      double* column = chunk_.data() + static_cast<size_t>(aligned_slot_[i]) * kComomentChunkRows;
      if (keep_aligned_ && partial_.profile.columns[i].needs.aligned) {
        auto& aligned = partial_.profile.columns[i].aligned;
        aligned.insert(aligned.end(), column, column + chunk_row_);
      }
      std::fill(column, column + chunk_row_, stats::kNaN);
    }
    chunk_row_ = 0;
  }

  // A value that is not of the type the gate declares for its column: the checks would judge
  // the column as that type and silently leave the value out.
  Status MistypedValueError(int64_t line) const {
    const ColumnProfile& column = partial_.profile.columns[mistyped_.column];
    return DataError(fmt::format(
        "{}:{}: field {} ({}): {} is not {}, the type dataset '{}' declares for it", source_, line,
        QuoteDataText(column.name), mistyped_.column + 1, QuoteDataText(mistyped_.text, 60),
        ColumnTypeName(*column.declared_type), dataset_.name));
  }

  static constexpr size_t kNone = static_cast<size_t>(-1);
  struct {
    size_t column = kNone;
    std::string text;
  } mistyped_;
  const std::string& source_;
  const std::vector<ColumnPlan>& plans_;
  const DatasetDecl& dataset_;
  size_t block_index_;
  std::vector<uint8_t> sketched_;  // per column: 1 once the total holds it as a sketch
  bool keep_aligned_;              // false once the total dropped the row-aligned values
  Partial partial_;
  // Per column: 1 once its value counts stopped (numeric with many distinct values).
  std::vector<uint8_t> counts_saturated_;
  std::vector<int> aligned_slot_;  // column -> position among co-moment columns, or -1
  std::vector<TypeTally> type_tallies_;
  // The co-moment columns' values of the rows not yet folded in, column-major, a column every
  // kComomentChunkRows entries.
  std::vector<double> chunk_;
  size_t chunk_row_ = 0;
  std::optional<stats::CoMoments> comoments_;
  ValueBufferPool& pool_;
};

// Folds `next` (block number `block`, after `into`'s blocks) into `into`, whose exact columns
// are expected to hold `expected_rows` values in the end; `next`'s buffers go back to `pool`.
void MergeInto(Partial& into, Partial&& next, size_t block, size_t expected_rows,
               ValueBufferPool& pool) {
  into.profile.rows += next.profile.rows;
  into.bytes += next.bytes;
  if (next.profile.comoments) {
    if (into.profile.comoments) {
      into.profile.comoments->Merge(*next.profile.comoments);
    } else {
      into.profile.comoments = std::move(next.profile.comoments);
    }
  }
  for (size_t i = 0; i < into.profile.columns.size(); ++i) {
    ColumnProfile& a = into.profile.columns[i];
    ColumnProfile& b = next.profile.columns[i];
    a.present += b.present;
    a.nulls += b.nulls;
    for (int t = 0; t < kColumnTypeCount; ++t) {
      a.type_ok[t] += b.type_ok[t];
      a.type_misses[t].Merge(b.type_misses[t]);
    }
    a.non_finite += b.non_finite;
    a.moments.Merge(b.moments);
    if (a.sketch) {
      // A block that was parsed before the column switched still holds values; sketching
      // them here gives the same sketch the worker would have made.
      if (!b.sketch && a.needs.values) b.sketch = SketchOf(b.values, SketchSeed(block, i));
      if (b.sketch) a.sketch->Merge(*b.sketch);
    } else {
      AppendValues(a.values, b.values, expected_rows);
    }
    pool.Give(std::move(b.values));
    if (into.profile.aligned_exact) AppendValues(a.aligned, b.aligned, expected_rows);
    pool.Give(std::move(b.aligned));
    if (into.counts_frozen[i]) {
      a.frequencies.AddOther(b.frequencies.total());  // as in the blocks
    } else {
      a.frequencies.Merge(b.frequencies);
      // A numeric column past the cap, or past what tells its kind, is judged by its numbers
      // (see AddCell): its counts stop here, and blocks started from now on stop looking its
      // values up at all. Decided on the total, in file order: a column with text anywhere
      // before is counted whole.
      if (CountsDoneIfNumeric(a) && AllNumeric(a)) {
        into.counts_frozen[i] = 1;
        if (!a.frequencies.overflowed()) a.counts_stopped_for_kind = true;
      }
    }
    a.duplicates.Merge(b.duplicates);
    for (size_t r = 0; r < a.rule_tallies.size(); ++r) a.rule_tallies[r].Merge(b.rule_tallies[r]);
    if (a.needs.unique) {
      auto& seen = into.seen[i];
      // Sorted by line so the first duplicate reported is the earliest one.
      std::vector<std::pair<int64_t, std::string>> later;
      later.reserve(next.seen[i].size());
      for (auto& [value, line] : next.seen[i]) later.emplace_back(line, value);
      std::sort(later.begin(), later.end());
      for (auto& [line, value] : later) {
        auto [it, inserted] = seen.try_emplace(value, line);
        if (!inserted) a.duplicates.Record(line, value);
      }
    }
  }
}

// Sorts the exact columns' values, a column per thread at a time: once here on every core
// instead of in each check.
void SortExactColumns(Partial& total, int threads) {
  const size_t columns = total.profile.columns.size();
  std::vector<std::vector<uint64_t>> scratch(ParallelWorkers(columns, threads));
  ParallelFor(
      columns,
      [&](size_t i, size_t worker) {
        ColumnProfile& column = total.profile.columns[i];
        if (column.sketch) return;
        stats::SortValues(column.values, scratch[worker]);
        column.values_sorted = true;
      },
      threads);
}

// Brings the exact values the total holds back within `budget` (CutsForBudget). A switch is for
// good, and is decided in file order, so which columns switch does not depend on the thread
// count. `sketched` marks the switched columns.
void SketchColumnsOverBudget(Partial& total, size_t budget, std::vector<uint8_t>& sketched) {
  Profile& profile = total.profile;
  std::vector<size_t> held(profile.columns.size(), 0);
  size_t held_aligned = 0;
  for (size_t i = 0; i < profile.columns.size(); ++i) {
    if (!sketched[i]) held[i] = profile.columns[i].values.size();
    held_aligned += profile.columns[i].aligned.size();
  }
  const BudgetCuts cuts =
      CutsForBudget(std::move(held), held_aligned, profile.aligned_exact, budget);
  if (cuts.drop_aligned) {
    for (auto& column : profile.columns) column.aligned = std::vector<double>();
    profile.aligned_exact = false;
  }
  for (size_t i : cuts.sketch) {
    profile.columns[i].sketch = SketchOf(profile.columns[i].values, SketchSeed(SIZE_MAX - 1, i));
    // Released, not cleared: `= {}` assigns an empty list and keeps the memory.
    profile.columns[i].values = std::vector<double>();
    sketched[i] = 1;
  }
}

}  // namespace

BudgetCuts CutsForBudget(std::vector<size_t> held_values, size_t held_aligned, bool aligned_held,
                         size_t budget) {
  BudgetCuts cuts;
  size_t held = held_aligned;
  for (size_t values : held_values) held += values;
  auto over = [&] { return held * sizeof(double) > budget; };
  if (over() && aligned_held) {
    cuts.drop_aligned = true;
    held -= held_aligned;
  }
  while (over()) {
    // The first of the largest, so ties go to the leftmost column.
    auto largest = std::max_element(held_values.begin(), held_values.end());
    if (largest == held_values.end() || *largest == 0) break;
    cuts.sketch.push_back(static_cast<size_t>(largest - held_values.begin()));
    held -= *largest;
    *largest = 0;
  }
  return cuts;
}

StatusOr<Profile> ProfileCsv(std::unique_ptr<ByteSource> source, const DatasetDecl& dataset,
                             const ProfileRequest& request, const ProfilerOptions& options) {
  std::string name = source->name();
  const std::optional<uint64_t> file_bytes = source->size();
  CsvOptions csv;
  csv.delimiter = dataset.delimiter;
  csv.header = dataset.header;
  csv.block_bytes = options.block_bytes;
  auto reader_or = CsvBlockReader::Open(std::move(source), csv);
  if (!reader_or.ok()) return reader_or.status();
  std::unique_ptr<CsvBlockReader> reader = std::move(reader_or.value());
  const std::vector<std::string>& header = reader->header();

  std::vector<ColumnPlan> plans(header.size());
  for (size_t i = 0; i < header.size(); ++i) {
    plans[i].needs = request.all_columns;
    auto it = request.columns.find(header[i]);
    if (it != request.columns.end()) plans[i].needs.Add(it->second);
    auto rules = request.rules.find(header[i]);
    if (rules != request.rules.end()) plans[i].rules = rules->second;
    auto type = dataset.types.find(header[i]);
    if (type != dataset.types.end()) plans[i].declared = type->second;
  }
  for (const auto& [column, type] : dataset.types) {
    if (std::find(header.begin(), header.end(), column) == header.end()) {
      return NotFound(
          fmt::format("{}: dataset '{}' declares a type for column '{}', which the "
                      "file does not have",
                      name, dataset.name, column));
    }
  }

  int threads = options.threads > 0 ? options.threads : UsableCores();

  // Blocks flow reader -> workers -> in-order merge. At most `window` blocks are in flight, so
  // memory is bounded by window * block size plus what the checks keep.
  const size_t window = static_cast<size_t>(threads) * 2;
  std::mutex mutex;
  std::condition_variable cv;
  std::deque<CsvBlock> queue;
  std::map<size_t, StatusOr<Partial>> done;
  bool reading_finished = false;
  size_t next_to_merge = 0;
  size_t in_flight = 0;

  // The total's state that blocks start from, guarded by `mutex`.
  std::vector<uint8_t> sketched(header.size(), 0);
  bool keep_aligned = true;
  std::vector<uint8_t> counts_frozen(header.size(), 0);
  size_t expected_rows = 0;  // rows per block so far, guarded by `mutex`
  // Every block in flight holds a buffer or two per column; more are not kept.
  ValueBufferPool buffers(header.size() * 2 * (window + static_cast<size_t>(threads) + 1));
  auto worker = [&] {
    while (true) {
      CsvBlock block;
      std::vector<uint8_t> frozen, as_sketch;
      bool aligned = true;
      size_t rows = 0;
      {
        std::unique_lock lock(mutex);
        cv.wait(lock, [&] { return !queue.empty() || reading_finished; });
        if (queue.empty()) return;
        block = std::move(queue.front());
        queue.pop_front();
        frozen = counts_frozen;
        as_sketch = sketched;
        aligned = keep_aligned;
        rows = expected_rows;
      }
      BlockProfiler profiler(name, plans, dataset, header, request.max_distinct, block.index,
                             std::move(as_sketch), aligned, std::move(frozen), rows, buffers);
      Status status = ParseCsvBlock(block, csv, header.size(), name, profiler);
      std::unique_lock lock(mutex);
      if (status.ok()) {
        Partial partial = profiler.Take();
        partial.bytes = block.bytes.size();
        done.emplace(block.index, std::move(partial));
      } else {
        done.emplace(block.index, status);
      }
      cv.notify_all();
    }
  };

  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) pool.emplace_back(worker);

  Partial total =
      BlockProfiler(name, plans, dataset, header, request.max_distinct, 0, {}, true, {}, 0, buffers)
          .Take();
  Status failure;
  std::vector<uint8_t> total_sketched(header.size(), 0);  // the merging thread's own
  // Merges every finished block that is next in file order. Caller holds the lock.
  auto merge_ready = [&](std::unique_lock<std::mutex>& lock) {
    while (true) {
      auto it = done.find(next_to_merge);
      if (it == done.end()) return;
      StatusOr<Partial> part = std::move(it->second);
      done.erase(it);
      ++next_to_merge;
      --in_flight;
      lock.unlock();
      if (!part.ok()) {
        if (failure.ok()) failure = part.status();
      } else if (failure.ok()) {
        // Rows in the whole file, from the rows per byte so far; a little over, as the
        // reservation costs nothing until written, and falling short means a copy.
        size_t total_rows = 0;
        const Partial& next = part.value();
        const size_t rows_so_far = static_cast<size_t>(total.profile.rows + next.profile.rows);
        if (file_bytes && total.bytes + next.bytes > 0) {
          total_rows = static_cast<size_t>(static_cast<double>(rows_so_far) *
                                           static_cast<double>(*file_bytes) /
                                           static_cast<double>(total.bytes + next.bytes) * 1.05) +
                       1024;
        }
        MergeInto(total, std::move(part.value()), next_to_merge - 1, total_rows, buffers);
        SketchColumnsOverBudget(total, options.memory_budget, total_sketched);
      }
      lock.lock();
      counts_frozen = total.counts_frozen;
      sketched = total_sketched;
      keep_aligned = total.profile.aligned_exact;
      // A little over the average, so a block that is a bit longer still fits.
      expected_rows = static_cast<size_t>(total.profile.rows) / next_to_merge * 9 / 8;
    }
  };

  size_t index = 0;
  while (failure.ok()) {
    CsvBlock block;
    auto more = reader->Next(&block);
    if (!more.ok()) {
      failure = more.status();
      break;
    }
    if (!*more) break;
    block.index = index++;
    if (options.on_progress) options.on_progress(reader->bytes_read());
    std::unique_lock lock(mutex);
    queue.push_back(std::move(block));
    ++in_flight;
    cv.notify_all();
    cv.wait(lock, [&] { return in_flight < window || done.count(next_to_merge); });
    merge_ready(lock);
    cv.wait(lock, [&] { return in_flight < window; });
  }
  {
    std::unique_lock lock(mutex);
    reading_finished = true;
    cv.notify_all();
  }
  while (true) {
    std::unique_lock lock(mutex);
    merge_ready(lock);
    if (in_flight == 0) break;
    cv.wait(lock, [&] { return done.count(next_to_merge) > 0; });
  }
  for (auto& t : pool) t.join();
  if (!failure.ok()) return failure;
  SortExactColumns(total, threads);
  total.profile.source = name;
  return std::move(total.profile);
}

}  // namespace mlgate
