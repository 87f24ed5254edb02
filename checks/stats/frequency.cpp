#include "checks/stats/frequency.h"

#include <cstring>

namespace mlgate::stats {
namespace {

// A fast 64-bit hash of short texts (category names, numbers as written): eight bytes at a
// time through a multiply-xorshift mix.
uint64_t HashText(std::string_view text) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ text.size();
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    h = (h ^ word) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, text.data() + i, text.size() - i);
  h = (h ^ tail) * 0x94D049BB133111EBull;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 32;
  return h;
}

}  // namespace

size_t FrequencyTable::Probe(std::string_view value, uint64_t hash) const {
  const size_t mask = slots_.size() - 1;
  const auto tag = static_cast<uint32_t>(hash >> 32);
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.entry == 0) return i;
    if (slot.tag == tag && entries_[slot.entry - 1].first == value) return i;
  }
}

void FrequencyTable::Rehash(size_t slot_count) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(slot_count, Slot{});
  for (const Slot& slot : old) {
    if (slot.entry == 0) continue;
    const uint64_t hash = HashText(entries_[slot.entry - 1].first);
    slots_[Probe(entries_[slot.entry - 1].first, hash)] = slot;
  }
}

void FrequencyTable::Add(std::string_view value, int64_t count) {
  total_ += count;
  if (slots_.empty()) {
    if (max_distinct_ == 0) {
      other_count_ += count;
      return;
    }
    slots_.assign(16, Slot{});
  }
  const uint64_t hash = HashText(value);
  size_t at = Probe(value, hash);
  if (slots_[at].entry != 0) {
    entries_[slots_[at].entry - 1].second += count;
    return;
  }
  if (entries_.size() >= max_distinct_) {
    other_count_ += count;
    return;
  }
  entries_.emplace_back(std::string(value), count);
  slots_[at] = Slot{static_cast<uint32_t>(entries_.size()), static_cast<uint32_t>(hash >> 32)};
  if (entries_.size() * 2 > slots_.size()) Rehash(slots_.size() * 2);
}

void FrequencyTable::Merge(const FrequencyTable& other) {
  // Sorted order makes which values overflow independent of insertion order.
  for (const auto& [value, count] : other.Sorted()) Add(value, count);
  total_ += other.other_count_;
  other_count_ += other.other_count_;
}

std::map<std::string, int64_t> FrequencyTable::Sorted() const {
  return std::map<std::string, int64_t>(entries_.begin(), entries_.end());
}

int64_t FrequencyTable::Count(std::string_view value) const {
  if (slots_.empty()) return 0;
  const Slot& slot = slots_[Probe(value, HashText(value))];
  return slot.entry == 0 ? 0 : entries_[slot.entry - 1].second;
}

}  // namespace mlgate::stats
