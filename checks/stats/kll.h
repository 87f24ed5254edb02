// A mergeable quantile sketch (Karnin, Lang & Liberty 2016, "KLL"), laid out as Apache
// DataSketches lays it out: levels of sorted items where an item on level h stands for 2^h
// values, level capacities shrinking by 2/3 per level below the top (never below 8), and one
// level at a time compacted (every other item, at a random offset, promoted) when the sketch is
// full. Memory is O(k) items whatever the number of values.
//
// Error: with probability 99%, every rank query (and so every quantile query) is off by at most
// RankErrorBound() as a fraction of the count: 2.296 / k^0.9723 (1.33% at k = 200, 0.17% at
// k = 2000), the constant DataSketches fitted to the 99th percentile of the maximum error of
// this algorithm over many trials. Differences of two ranks (bin proportions) are within
// PmfErrorBound() = 2.446 / k^0.9433. Both bounds are 0 while the sketch is exact (nothing
// compacted yet). A merged sketch has the bound of the smallest k that went into it.
//
// Deterministic: the same seed and the same sequence of Add/Merge calls give the same sketch,
// bit for bit, and a sketch restored from its state continues exactly as the original would.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checks/stats/value.h"

namespace mlgate::stats {

// The complete state of a sketch as plain data, for storing in a profile (as JSON) and
// restoring. `levels[h]` holds the items of weight 2^h; level 0 in arrival order, the others
// ascending.
struct KllState {
  uint32_t k = 0;
  uint32_t min_k = 0;  // the smallest k merged in; sets the error bound
  uint64_t n = 0;      // values added
  double min = kNaN;   // exact extremes (NaN when empty)
  double max = kNaN;
  uint64_t rng_state = 0;
  std::vector<std::vector<double>> levels;
};

// One retained item and how many values it stands for.
struct WeightedValue {
  double value;
  uint64_t weight;
};

class KllSketch {
 public:
  static constexpr uint32_t kDefaultK = 200;
  static constexpr uint32_t kMinK = 8;
  static constexpr uint32_t kMaxK = 65535;

  // k is clamped into [kMinK, kMaxK]. The seed drives the compaction coin flips.
  explicit KllSketch(uint32_t k = kDefaultK, uint64_t seed = 0);

  // Adds one value. NaN is ignored (missing values are not part of any distribution); infinite
  // values are kept.
  void Add(double x);

  // Adds every value of `other`, as if they had been added here; the result's bounds hold for
  // the union. `other` may have a different k.
  void Merge(const KllSketch& other);

  uint64_t count() const { return n_; }
  bool empty() const { return n_ == 0; }
  // True while every value added is still retained (no compaction yet): ranks are exact.
  bool exact() const { return levels_.size() == 1; }
  uint32_t k() const { return k_; }
  double min() const { return min_; }  // NaN when empty
  double max() const { return max_; }  // NaN when empty
  size_t retained() const;

  // An approximate q-quantile: the smallest retained value whose cumulative weight (values
  // <= it) reaches q * count; q = 0 and q = 1 give the exact minimum and maximum. Undefined when
  // the sketch is empty or q is not in [0, 1]. Its rank is within RankErrorBound() of q.
  Value Quantile(double q) const;

  // The approximate fraction of values <= x, within RankErrorBound() of the true fraction.
  // Undefined when the sketch is empty or x is NaN.
  Value Rank(double x) const;

  // Bounds on normalized rank error (see the file comment); 0 while exact().
  double RankErrorBound() const;
  double PmfErrorBound() const;

  // The retained items, ascending, with weights summing to count(). The sketch's CDF is the
  // step function of this list.
  std::vector<WeightedValue> SortedView() const;

  KllState ToState() const;
  // Restores a sketch, checking the state is one a sketch could have (weights sum to n, levels
  // sorted, values within [min, max], k in range). nullopt with `why_invalid` set otherwise.
  static std::optional<KllSketch> FromState(const KllState& state, std::string* why_invalid);

 private:
  uint32_t LevelCapacity(size_t num_levels, size_t level) const;
  uint64_t TotalCapacity(size_t num_levels) const;
  uint64_t CachedTotalCapacity();  // TotalCapacity(levels_.size())
  bool NextBit();
  // Halves level `level` into level + 1 (a single leftover item stays behind when the level
  // holds an odd number). Level + 1 must exist.
  void CompactLevel(std::vector<std::vector<double>>& levels, size_t level);
  void CompressForInsert();
  void AddToLevelZero(double x);

  uint32_t k_;
  uint32_t min_k_;
  uint64_t n_ = 0;
  double min_ = kNaN;
  double max_ = kNaN;
  uint64_t rng_state_;
  std::vector<std::vector<double>> levels_;
  uint64_t retained_ = 0;
  // Not part of the sketch's state: scratch space of CompactLevel, and the total capacity for
  // capacity_levels_ levels.
  std::vector<double> promoted_, merged_;
  uint64_t capacity_ = 0;
  size_t capacity_levels_ = 0;
};

}  // namespace mlgate::stats
