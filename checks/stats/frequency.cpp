#include "checks/stats/frequency.h"

namespace mlgate::stats {

void FrequencyTable::Add(std::string_view value, int64_t count) {
  total_ += count;
  auto it = counts_.find(value);
  if (it != counts_.end()) {
    it->second += count;
  } else if (counts_.size() < max_distinct_) {
    counts_.emplace(std::string(value), count);
  } else {
    other_count_ += count;
  }
}

void FrequencyTable::Merge(const FrequencyTable& other) {
  // Sorted order makes which values overflow independent of hash-table iteration order.
  for (const auto& [value, count] : other.Sorted()) Add(value, count);
  total_ += other.other_count_;
  other_count_ += other.other_count_;
}

std::map<std::string, int64_t> FrequencyTable::Sorted() const {
  return std::map<std::string, int64_t>(counts_.begin(), counts_.end());
}

int64_t FrequencyTable::Count(std::string_view value) const {
  auto it = counts_.find(value);
  return it == counts_.end() ? 0 : it->second;
}

}  // namespace mlgate::stats
