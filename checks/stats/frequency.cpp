#include "checks/stats/frequency.h"

#include <cstring>

namespace mlgate::stats {

uint64_t FrequencyTable::HashLongText(std::string_view text) {
  uint64_t h = (0x9E3779B97F4A7C15ull ^ text.size()) * 0xBF58476D1CE4E5B9ull;
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t chunk;
    std::memcpy(&chunk, text.data() + i, 8);
    h = (h ^ chunk) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  }
  if (i < text.size()) h ^= Word(text.substr(i)) * 0x94D049BB133111EBull;
  return Mix(h);
}

void FrequencyTable::Rehash(size_t slot_count) {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(slot_count, Slot{});
  for (const Slot& slot : old) {
    if (slot.entry == 0) continue;
    const std::string& text = entries_[slot.entry - 1].first;
    slots_[Probe(text, slot.word, HashText(text, slot.word))] = slot;
  }
}

void FrequencyTable::AddToEmpty(std::string_view value, int64_t count) {
  if (max_distinct_ == 0) {
    total_ += count;
    other_count_ += count;
    return;
  }
  slots_.assign(16, Slot{});
  const uint64_t word = Word(value);
  AddNew(value, count, word, Probe(value, word, HashText(value, word)));
}

void FrequencyTable::AddNew(std::string_view value, int64_t count, uint64_t word, size_t at) {
  total_ += count;
  if (entries_.size() >= max_distinct_) {
    other_count_ += count;
    return;
  }
  entries_.emplace_back(std::string(value), count);
  slots_[at] =
      Slot{static_cast<uint32_t>(entries_.size()), static_cast<uint32_t>(value.size()), word};
  if (entries_.size() * 2 > slots_.size()) Rehash(slots_.size() * 2);
}

void FrequencyTable::Merge(const FrequencyTable& other) {
  if (entries_.size() + other.entries_.size() <= max_distinct_) {
    // Every value fits: the counts are the same in any order.
    for (const auto& [value, count] : other.entries_) Add(value, count);
  } else {
    // Sorted order makes which values overflow independent of insertion order.
    for (const auto& [value, count] : other.Sorted()) Add(value, count);
  }
  total_ += other.other_count_;
  other_count_ += other.other_count_;
}

std::map<std::string, int64_t> FrequencyTable::Sorted() const {
  return std::map<std::string, int64_t>(entries_.begin(), entries_.end());
}

uint32_t FrequencyTable::EntryOf(std::string_view value) const {
  if (slots_.empty()) return 0;
  const uint64_t word = Word(value);
  return slots_[Probe(value, word, HashText(value, word))].entry;
}

bool FrequencyTable::Contains(std::string_view value) const { return EntryOf(value) != 0; }

int64_t FrequencyTable::Count(std::string_view value) const {
  const uint32_t entry = EntryOf(value);
  return entry == 0 ? 0 : entries_[entry - 1].second;
}

}  // namespace mlgate::stats
