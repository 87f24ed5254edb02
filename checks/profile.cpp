#include "checks/profile.h"

#include <algorithm>

namespace mlgate {

void RuleTally::Record(int64_t line, std::string_view value) {
  ++violations;
  if (first_line == 0 || line < first_line) {
    first_line = line;
    // At most 200 bytes, cut before a character rather than inside one: a value with a
    // broken UTF-8 sequence at its end cannot be written as JSON.
    size_t length = std::min<size_t>(value.size(), 200);
    while (length > 0 && length < value.size() &&
           (static_cast<unsigned char>(value[length]) & 0xC0) == 0x80) {
      --length;
    }
    first_value = std::string(value.substr(0, length));
  }
}

void RuleTally::Merge(const RuleTally& other) {
  violations += other.violations;
  if (other.first_line != 0 && (first_line == 0 || other.first_line < first_line)) {
    first_line = other.first_line;
    first_value = other.first_value;
  }
}

void ColumnNeeds::Add(const ColumnNeeds& other) {
  moments |= other.moments;
  values |= other.values;
  if (other.frequencies) {
    if (!frequencies) {
      counts_for_kind_up_to = other.counts_for_kind_up_to;
    } else if (counts_for_kind_up_to == 0 || other.counts_for_kind_up_to == 0) {
      counts_for_kind_up_to = 0;  // someone wants every count
    } else {
      counts_for_kind_up_to = std::max(counts_for_kind_up_to, other.counts_for_kind_up_to);
    }
  }
  frequencies |= other.frequencies;
  unique |= other.unique;
  comoments |= other.comoments;
  aligned |= other.aligned;
}

ColumnType ColumnProfile::InferredType() const {
  if (present == 0) return ColumnType::kString;
  for (int i = 0; i < kColumnTypeCount; ++i) {
    if (type_ok[i] == present) return static_cast<ColumnType>(i);
  }
  return ColumnType::kString;
}

double ColumnProfile::NullFraction() const {
  int64_t total = present + nulls;
  return total == 0 ? 0.0 : static_cast<double>(nulls) / static_cast<double>(total);
}

const RuleTally* ColumnProfile::Tally(const ValueRule* rule) const {
  for (size_t i = 0; i < rules.size(); ++i) {
    if (rules[i].get() == rule) return &rule_tallies[i];
  }
  return nullptr;
}

const ColumnProfile* Profile::Find(std::string_view name) const {
  for (const auto& column : columns) {
    if (column.name == name) return &column;
  }
  return nullptr;
}

}  // namespace mlgate
