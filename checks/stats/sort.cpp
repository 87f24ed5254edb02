#include "checks/stats/sort.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

namespace mlgate::stats {
namespace {

// Below this, std::sort's n log n is cheaper than the radix passes and their counters.
constexpr size_t kRadixThreshold = 1 << 16;
// From this size on, 8-bit digits: eight passes instead of six, but each scatters into 256
// places instead of 2048, which the caches keep up with once the values no longer fit in them
// (about a quarter faster at a million values and more; slower on smaller arrays).
constexpr size_t kByteDigitsThreshold = 1 << 19;

// Maps a double's bits to an unsigned key with the same order: positive numbers get the sign bit
// set, negative ones are inverted whole (their magnitude order is reversed).
uint64_t Key(double value) {
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return (bits & 0x8000000000000000ull) ? ~bits : bits | 0x8000000000000000ull;
}

double FromKey(uint64_t key) {
  uint64_t bits = (key & 0x8000000000000000ull) ? key & ~0x8000000000000000ull : ~key;
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

// The least-significant-digit radix sort of `values`, `kDigitBits` bits per pass.
template <int kDigitBits>
void RadixSort(std::span<double> values, std::vector<uint64_t>& scratch) {
  constexpr int kDigits = (64 + kDigitBits - 1) / kDigitBits;
  constexpr size_t kBuckets = size_t{1} << kDigitBits;
  const size_t n = values.size();
  // The keys live in the values' own storage (as bit patterns) and in `scratch` by turns, so a
  // sort touches one buffer besides the values, and a caller sorting many columns reuses it.
  if (scratch.size() < n) scratch.resize(n);
  double* in_values = values.data();
  uint64_t* in_scratch = scratch.data();
  std::vector<std::array<uint32_t, kBuckets>> counts(kDigits);
  for (auto& c : counts) c.fill(0);
  for (size_t i = 0; i < n; ++i) {
    const uint64_t key = Key(in_values[i]);
    in_values[i] = std::bit_cast<double>(key);
    for (int d = 0; d < kDigits; ++d) ++counts[d][(key >> (d * kDigitBits)) & (kBuckets - 1)];
  }
  bool keys_in_scratch = false;
  for (int d = 0; d < kDigits; ++d) {
    auto& count = counts[d];
    // A digit that every key shares (the high bits of values of one sign and magnitude range,
    // the low bits of integers) leaves the order as it is: skip its pass.
    if (std::any_of(count.begin(), count.end(), [n](uint32_t c) { return c == n; })) continue;
    uint32_t offset = 0;
    for (auto& c : count) {
      const uint32_t here = c;
      c = offset;
      offset += here;
    }
    const int shift = d * kDigitBits;
    auto scatter = [&](const auto* from, auto* to) {
      using To = std::remove_pointer_t<decltype(to)>;
      for (size_t i = 0; i < n; ++i) {
        const uint64_t key = std::bit_cast<uint64_t>(from[i]);
        to[count[(key >> shift) & (kBuckets - 1)]++] = std::bit_cast<To>(key);
      }
    };
    if (keys_in_scratch) {
      scatter(in_scratch, in_values);
    } else {
      scatter(in_values, in_scratch);
    }
    keys_in_scratch = !keys_in_scratch;
  }
  if (keys_in_scratch) {
    for (size_t i = 0; i < n; ++i) in_values[i] = FromKey(in_scratch[i]);
  } else {
    for (size_t i = 0; i < n; ++i) in_values[i] = FromKey(std::bit_cast<uint64_t>(in_values[i]));
  }
}

}  // namespace

void SortValues(std::vector<double>& values) {
  std::vector<uint64_t> scratch;
  SortValues(values, scratch);
}

void SortValues(std::vector<double>& values, std::vector<uint64_t>& scratch) {
  SortValues(std::span<double>(values), scratch);
}

void SortValues(std::span<double> values, std::vector<uint64_t>& scratch) {
  const size_t n = values.size();
  // The radix passes count digits in 32-bit counters: past 4G values (32 GB of them), the
  // comparison sort.
  if (n < kRadixThreshold || n > std::numeric_limits<uint32_t>::max()) {
    std::sort(values.begin(), values.end());
  } else if (n < kByteDigitsThreshold) {
    RadixSort<11>(values, scratch);
  } else {
    RadixSort<8>(values, scratch);
  }
}

}  // namespace mlgate::stats
