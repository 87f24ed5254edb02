// Counts of distinct string values, capped: past `max_distinct` values, new values are counted
// together as "other" so memory stays bounded on high-cardinality columns.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
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
  size_t distinct() const { return counts_.size(); }
  bool overflowed() const { return other_count_ > 0; }
  size_t max_distinct() const { return max_distinct_; }
  int64_t Count(std::string_view value) const;

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  size_t max_distinct_;
  std::unordered_map<std::string, int64_t, Hash, std::equal_to<>> counts_;
  int64_t other_count_ = 0;
  int64_t total_ = 0;
};

}  // namespace mlgate::stats
