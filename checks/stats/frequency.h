// Counts of distinct string values, capped: past `max_distinct` values, new values are counted
// together as "other" so memory stays bounded on high-cardinality columns.
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mlgate::stats {

class FrequencyTable {
 public:
  explicit FrequencyTable(size_t max_distinct = 10000) : max_distinct_(max_distinct) {}

  void Add(std::string_view value, int64_t count = 1) {
    // The profiler counts every cell of a categorical column, and nearly every cell is a value
    // the table already has: that case is found and counted here, without a call.
    if (!slots_.empty()) {
      const uint64_t word = Word(value);
      const size_t at = Probe(value, word, HashText(value, word));
      if (slots_[at].entry != 0) {
        entries_[slots_[at].entry - 1].second += count;
        total_ += count;
        return;
      }
      AddNew(value, count, word, at);
      return;
    }
    AddToEmpty(value, count);
  }
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
  // A text's first 8 bytes as a number, read without looking past the text; for texts of at
  // most 8 bytes it is the whole text, so two such texts of the same length are equal exactly
  // when their words are. Read in at most two loads, whatever the length.
  static uint64_t Word(std::string_view text) {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    if (n >= 8) {
      uint64_t word;
      std::memcpy(&word, p, 8);
      return word;
    }
    if (n >= 4) {
      // Two 4-byte loads that overlap when n < 8: every byte is in one of them.
      uint32_t head, tail;
      std::memcpy(&head, p, 4);
      std::memcpy(&tail, p + n - 4, 4);
      return uint64_t{head} | uint64_t{tail} << 32;
    }
    if (n == 0) return 0;
    // 1 to 3 bytes: the first, the middle and the last cover them all.
    return uint64_t{p[0]} | uint64_t{p[n / 2]} << 8 | uint64_t{p[n - 1]} << 16;
  }
  static uint64_t Mix(uint64_t h) {
    h ^= h >> 31;
    h *= 0x94D049BB133111EBull;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 32;
    return h;
  }
  // A fast 64-bit hash of a text whose Word() is `word`: texts of up to 8 bytes are hashed from
  // the word and the length alone, longer ones eight bytes at a time.
  static uint64_t HashText(std::string_view text, uint64_t word) {
    if (text.size() > 8) return HashLongText(text);
    return Mix(((0x9E3779B97F4A7C15ull ^ text.size()) * 0xBF58476D1CE4E5B9ull) ^ word);
  }
  static uint64_t HashLongText(std::string_view text);
  // The slot holding `value`, or the empty slot where it would go.
  size_t Probe(std::string_view value, uint64_t word, uint64_t hash) const {
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.entry == 0) return i;
      if (slot.word == word && slot.length == value.size() &&
          (value.size() <= 8 || entries_[slot.entry - 1].first == value)) {
        return i;
      }
    }
  }
  // Adds a value the table does not have, whose slot would be `at`: an entry, or "other" past
  // the cap.
  void AddNew(std::string_view value, int64_t count, uint64_t word, size_t at);
  // Add before the first slot exists.
  void AddToEmpty(std::string_view value, int64_t count);
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
