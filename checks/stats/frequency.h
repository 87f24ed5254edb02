// Counts of distinct string values, capped: past `max_distinct` values, new values are counted
// together as "other" so memory stays bounded on high-cardinality columns.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mlgate::stats {

class FrequencyTable {
 public:
  explicit FrequencyTable(size_t max_distinct = 10000) : max_distinct_(max_distinct) {}

  void Add(std::string_view value, int64_t count = 1);
  // Counts `count` values that are not tracked individually (restoring a stored table).
  void AddOther(int64_t count) {
    other_count_ += count;
    total_ += count;
  }
  // Adds other's counts. Values that no longer fit under the cap move to "other".
  void Merge(const FrequencyTable& other);

  // Counts of tracked values, sorted by value (deterministic order for reports and tests).
  std::map<std::string, int64_t> Sorted() const;
  int64_t other_count() const { return other_count_; }
  int64_t total() const { return total_; }
  size_t distinct() const { return entries_.size(); }
  bool overflowed() const { return other_count_ > 0; }
  size_t max_distinct() const { return max_distinct_; }
  int64_t Count(std::string_view value) const;
  // The value has an entry of its own (not counted as "other"), whatever its count.
  bool Contains(std::string_view value) const;
  // Calls visit(value, count) for each tracked value, in no particular order: cheaper than
  // Sorted() where the order does not matter.
  template <typename Visit>
  void ForEach(Visit visit) const {
    for (const auto& [value, count] : entries_) visit(std::string_view(value), count);
  }

 private:
  // The profiler looks up every cell of a categorical column, so the lookup is an open-addressing
  // probe over a flat array rather than a walk of linked buckets, and a slot holds its text's
  // length and first bytes: a text of up to 8 bytes (most category names, most numbers) is
  // found without reading the entry at all.
  struct Slot {
    uint32_t entry = 0;   // index into entries_ plus one; 0 marks an empty slot
    uint32_t length = 0;  // the text's length
    uint64_t word = 0;    // see Word()
  };
  // The slot holding `value`, or the empty slot where it would go.
  size_t Probe(std::string_view value, uint64_t word, uint64_t hash) const;
  // The entry of `value` plus one, or 0 when it has none.
  uint32_t EntryOf(std::string_view value) const;
  void Rehash(size_t slot_count);

  size_t max_distinct_;
  std::vector<std::pair<std::string, int64_t>> entries_;
  std::vector<Slot> slots_;  // a power of two, at most half full
  int64_t other_count_ = 0;
  int64_t total_ = 0;
};

}  // namespace mlgate::stats
