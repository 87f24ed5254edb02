// KLL quantile sketch: insertion with lazy compaction, merge with a general compaction pass,
// rank and quantile queries over the weighted sorted view.
#include "checks/stats/kll.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace mlgate::stats {
namespace {

constexpr uint32_t kMinLevelWidth = 8;  // DataSketches' m: no level is ever narrower
constexpr size_t kMaxLevels = 64;       // 2^64 values would be needed to go past this

// round(k * (2/3)^depth) in integers, so capacities never depend on floating-point rounding.
uint32_t ShrunkCapacity(uint32_t k, size_t depth) {
  if (depth > 30) return 0;  // k * (2/3)^31 < 1 for every allowed k
  uint64_t power_of_three = 1;
  for (size_t i = 0; i < depth; ++i) power_of_three *= 3;
  const uint64_t twice = (static_cast<uint64_t>(k) << 1 << depth) / power_of_three;
  return static_cast<uint32_t>((twice + 1) >> 1);
}

}  // namespace

KllSketch::KllSketch(uint32_t k, uint64_t seed)
    : k_(std::clamp(k, kMinK, kMaxK)), min_k_(k_), rng_state_(seed), levels_(1) {}

size_t KllSketch::retained() const { return static_cast<size_t>(retained_); }

uint32_t KllSketch::LevelCapacity(size_t num_levels, size_t level) const {
  return std::max(kMinLevelWidth, ShrunkCapacity(k_, num_levels - level - 1));
}

uint64_t KllSketch::TotalCapacity(size_t num_levels) const {
  uint64_t total = 0;
  for (size_t h = 0; h < num_levels; ++h) total += LevelCapacity(num_levels, h);
  return total;
}

uint64_t KllSketch::CachedTotalCapacity() {
  // The capacity depends only on k and the number of levels, which rarely changes; summing it
  // on every insertion was most of the cost of an insertion.
  if (capacity_levels_ != levels_.size()) {
    capacity_ = TotalCapacity(levels_.size());
    capacity_levels_ = levels_.size();
  }
  return capacity_;
}

bool KllSketch::NextBit() {
  // splitmix64: one 64-bit state, trivially stored and restored.
  rng_state_ += 0x9E3779B97F4A7C15ULL;
  uint64_t z = rng_state_;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return (z >> 63) != 0;
}

void KllSketch::CompactLevel(std::vector<std::vector<double>>& levels, size_t level) {
  std::vector<double>& items = levels[level];
  // Values fed in ascending order (a profiler block sorts its values first) arrive sorted.
  if (level == 0 && !std::is_sorted(items.begin(), items.end())) {
    std::sort(items.begin(), items.end());
  }
  const size_t population = items.size();
  // With an odd population the smallest item stays behind so the promoted half is exact.
  const size_t begin = population % 2;
  const size_t half = (population - begin) / 2;
  const size_t offset = NextBit() ? 1 : 0;
  // The scratch buffers keep their capacity from one compaction to the next.
  promoted_.clear();
  for (size_t i = 0; i < half; ++i) promoted_.push_back(items[begin + offset + 2 * i]);
  std::vector<double>& above = levels[level + 1];
  merged_.clear();
  merged_.reserve(above.size() + promoted_.size());
  std::merge(above.begin(), above.end(), promoted_.begin(), promoted_.end(),
             std::back_inserter(merged_));
  above.swap(merged_);
  items.resize(begin);
}

void KllSketch::CompressForInsert() {
  // Compact the lowest level at or over its capacity; one must be, since the sketch is full.
  size_t level = 0;
  while (levels_[level].size() < LevelCapacity(levels_.size(), level)) ++level;
  if (level == levels_.size() - 1) levels_.emplace_back();
  CompactLevel(levels_, level);
  retained_ = 0;
  for (const auto& items : levels_) retained_ += items.size();
}

void KllSketch::AddToLevelZero(double x) {
  while (retained_ >= CachedTotalCapacity()) CompressForInsert();
  levels_[0].push_back(x);
  ++retained_;
}

void KllSketch::Add(double x) {
  if (std::isnan(x)) return;
  if (n_ == 0) {
    min_ = max_ = x;
  } else {
    min_ = std::min(min_, x);
    max_ = std::max(max_, x);
  }
  AddToLevelZero(x);
  ++n_;
}

void KllSketch::Merge(const KllSketch& other) {
  if (other.empty()) return;
  const uint64_t final_n = n_ + other.n_;
  if (empty()) {
    min_ = other.min_;
    max_ = other.max_;
  } else {
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
  }
  // Weight-1 items go in as ordinary insertions; higher levels are merged level by level and
  // then compacted in one pass from the bottom (DataSketches' general compress).
  for (double x : other.levels_[0]) AddToLevelZero(x);
  if (other.levels_.size() >= 2) {
    std::vector<std::vector<double>> work(std::max(levels_.size(), other.levels_.size()));
    work[0] = std::move(levels_[0]);
    for (size_t h = 1; h < work.size(); ++h) {
      const std::vector<double> empty_level;
      const auto& mine = h < levels_.size() ? levels_[h] : empty_level;
      const auto& theirs = h < other.levels_.size() ? other.levels_[h] : empty_level;
      work[h].reserve(mine.size() + theirs.size());
      std::merge(mine.begin(), mine.end(), theirs.begin(), theirs.end(),
                 std::back_inserter(work[h]));
    }
    size_t num_levels = work.size();
    uint64_t current = 0;
    for (const auto& items : work) current += items.size();
    uint64_t target = TotalCapacity(num_levels);
    for (size_t h = 0; h < num_levels; ++h) {
      if (h == num_levels - 1) work.emplace_back();
      if (current >= target && work[h].size() >= LevelCapacity(num_levels, h)) {
        const size_t before = work[h].size() + work[h + 1].size();
        CompactLevel(work, h);
        current -= before - (work[h].size() + work[h + 1].size());
        if (h == num_levels - 1) {
          ++num_levels;
          target += LevelCapacity(num_levels, 0);
        }
      }
    }
    work.resize(num_levels);
    levels_ = std::move(work);
    retained_ = 0;
    for (const auto& items : levels_) retained_ += items.size();
  }
  n_ = final_n;
  if (!other.exact()) min_k_ = std::min(min_k_, other.min_k_);
}

std::vector<WeightedValue> KllSketch::SortedView() const {
  std::vector<WeightedValue> view;
  view.reserve(retained_);
  for (size_t h = 0; h < levels_.size(); ++h) {
    const uint64_t weight = uint64_t{1} << h;
    for (double x : levels_[h]) view.push_back({x, weight});
  }
  std::stable_sort(view.begin(), view.end(), [](const WeightedValue& a, const WeightedValue& b) {
    return a.value < b.value;
  });
  return view;
}

Value KllSketch::Quantile(double q) const {
  if (empty()) return Value::Undefined("the sketch is empty");
  if (!(q >= 0.0 && q <= 1.0)) return Value::Undefined("the quantile level is not in [0, 1]");
  if (q == 0.0) return Value::Of(min_);
  if (q == 1.0) return Value::Of(max_);
  const double target = q * static_cast<double>(n_);
  uint64_t cumulative = 0;
  const std::vector<WeightedValue> view = SortedView();
  for (const WeightedValue& item : view) {
    cumulative += item.weight;
    if (static_cast<double>(cumulative) >= target) return Value::Of(item.value);
  }
  return Value::Of(max_);
}

Value KllSketch::Rank(double x) const {
  if (empty()) return Value::Undefined("the sketch is empty");
  if (std::isnan(x)) return Value::Undefined("the value is NaN");
  uint64_t below = 0;
  for (double item : levels_[0]) below += item <= x ? 1 : 0;
  for (size_t h = 1; h < levels_.size(); ++h) {
    const auto& items = levels_[h];
    const auto count = std::upper_bound(items.begin(), items.end(), x) - items.begin();
    below += static_cast<uint64_t>(count) << h;
  }
  return Value::Of(static_cast<double>(below) / static_cast<double>(n_));
}

double KllSketch::RankErrorBound() const {
  return exact() ? 0.0 : 2.296 / std::pow(static_cast<double>(min_k_), 0.9723);
}

double KllSketch::PmfErrorBound() const {
  return exact() ? 0.0 : 2.446 / std::pow(static_cast<double>(min_k_), 0.9433);
}

KllState KllSketch::ToState() const {
  KllState state;
  state.k = k_;
  state.min_k = min_k_;
  state.n = n_;
  state.min = min_;
  state.max = max_;
  state.rng_state = rng_state_;
  state.levels = levels_;
  return state;
}

std::optional<KllSketch> KllSketch::FromState(const KllState& state, std::string* why_invalid) {
  auto invalid = [&](const char* why) -> std::optional<KllSketch> {
    if (why_invalid != nullptr) *why_invalid = why;
    return std::nullopt;
  };
  if (state.k < kMinK || state.k > kMaxK) return invalid("k is out of range");
  if (state.min_k < kMinK || state.min_k > state.k) return invalid("min_k is out of range");
  if (state.levels.empty() || state.levels.size() > kMaxLevels) {
    return invalid("the number of levels is out of range");
  }
  if (state.n == 0) {
    for (const auto& items : state.levels) {
      if (!items.empty()) return invalid("an empty sketch retains items");
    }
  } else if (std::isnan(state.min) || std::isnan(state.max) || state.min > state.max) {
    return invalid("min and max are not a valid range");
  }
  uint64_t weight_total = 0;
  uint64_t retained = 0;
  for (size_t h = 0; h < state.levels.size(); ++h) {
    const auto& items = state.levels[h];
    for (double x : items) {
      if (std::isnan(x) || x < state.min || x > state.max) {
        return invalid("a retained item is NaN or outside [min, max]");
      }
    }
    if (h > 0 && !std::is_sorted(items.begin(), items.end())) {
      return invalid("a level above zero is not sorted");
    }
    const uint64_t count = items.size();
    if (count != 0 && (h >= 63 || count > (~uint64_t{0} >> h))) {
      return invalid("item weights overflow");
    }
    weight_total += count << h;
    retained += count;
  }
  if (weight_total != state.n) return invalid("item weights do not sum to n");

  KllSketch sketch(state.k);
  sketch.min_k_ = state.min_k;
  sketch.n_ = state.n;
  sketch.min_ = state.n == 0 ? kNaN : state.min;
  sketch.max_ = state.n == 0 ? kNaN : state.max;
  sketch.rng_state_ = state.rng_state;
  sketch.levels_ = state.levels;
  sketch.retained_ = retained;
  return sketch;
}

}  // namespace mlgate::stats
