// The statistics of one dataset, gathered in one streaming pass: what every data check judges.
// Partial profiles of chunks merge, so a dataset can be profiled in parallel or in shards.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checks/cell.h"
#include "checks/stats/comoments.h"
#include "checks/stats/frequency.h"
#include "checks/stats/kll.h"
#include "checks/stats/moments.h"

namespace mlgate {

// One non-null cell as the profiler hands it to rules: its text and, when the text parses as a
// number, that number.
struct Cell {
  std::string_view text;
  std::optional<double> number;
};

// A per-value predicate tallied during the pass (a schema's range, regex, allowed values ...).
// Implementations must be safe to call from several threads at once.
class ValueRule {
 public:
  virtual ~ValueRule() = default;
  virtual bool Violates(const Cell& cell) const = 0;
};

// How many values broke a rule, and the first of them (by line in the file).
struct RuleTally {
  int64_t violations = 0;
  int64_t first_line = 0;  // 0: none
  std::string first_value;
  void Record(int64_t line, std::string_view value);
  void Merge(const RuleTally& other);
};

// What the profiler must collect for one column, beyond counts and types (always collected).
struct ColumnNeeds {
  bool moments = false;      // count, mean, std, min, max of numeric values
  bool values = false;       // the numeric values themselves (quantiles, KS, bins)
  bool frequencies = false;  // counts of distinct values
  // When nonzero, the counts are wanted only to tell a categorical column from a numeric one
  // (drift's `auto`, `psi` and `js`): a column whose values are all numbers needs them only up to
  // this many distinct values, and the profiler stops counting it past that, as it does any
  // numeric column past the table's cap. 0: every count is wanted.
  size_t counts_for_kind_up_to = 0;
  bool unique = false;     // duplicate detection
  bool comoments = false;  // co-moments with the other such columns (Pearson correlation)
  // Row-aligned numeric values (Spearman correlation), and co-moments as well.
  bool aligned = false;
  bool NeedsComoments() const { return comoments || aligned; }
  void Add(const ColumnNeeds& other);
};

struct ColumnProfile {
  std::string name;
  int64_t present = 0;  // non-null values
  int64_t nulls = 0;
  // Per ColumnType: how many non-null values parse as that type, and the first that did not.
  std::array<int64_t, kColumnTypeCount> type_ok{};
  std::array<RuleTally, kColumnTypeCount> type_misses;
  int64_t non_finite = 0;  // values that parse as float but are NaN or infinite
  stats::Moments moments;  // over finite numeric values
  // Finite numeric values, when needs.values, while they fit the memory budget (exact mode).
  std::vector<double> values;
  bool values_sorted = false;  // `values` are in ascending order (the profiler sorts them)
  // Beyond the budget the values become this quantile sketch (sketch mode); `values` is then
  // empty. Statistics computed from it carry its rank-error bound.
  std::optional<stats::KllSketch> sketch;
  // Row-aligned numeric values (NaN where missing or not a number), when needs.aligned and
  // exact mode; one per data row.
  std::vector<double> aligned;
  stats::FrequencyTable frequencies;
  // The profiler stopped counting values one by one before the table's cap, because the counts
  // were wanted only to tell the column's kind and it looked numeric (needs.counts_for_kind_up_to):
  // later values are counted as "other".
  bool counts_stopped_for_kind = false;
  RuleTally duplicates;  // when needs.unique
  // Rule tallies, parallel to the rules requested for this column.
  std::vector<std::shared_ptr<const ValueRule>> rules;
  std::vector<RuleTally> rule_tallies;
  ColumnNeeds needs;
  std::optional<ColumnType> declared_type;  // from the dataset's `types`, when given

  // The most specific type every non-null value fits (string when none is left; string for an
  // all-null column).
  ColumnType InferredType() const;
  // The declared type when there is one, else the inferred type.
  ColumnType Type() const { return declared_type ? *declared_type : InferredType(); }
  double NullFraction() const;
  // True when the numeric values are held exactly (no sketch).
  bool exact() const { return !sketch.has_value(); }
  const RuleTally* Tally(const ValueRule* rule) const;
};

struct Profile {
  std::string source;  // path or "git:REF:PATH" as the user wrote it
  int64_t rows = 0;
  std::vector<ColumnProfile> columns;  // in header order
  // Co-moments of the columns that need alignment (in header order), over pairwise-complete
  // rows: Pearson correlation in exact and sketch mode alike.
  std::vector<std::string> comoment_columns;
  std::optional<stats::CoMoments> comoments;
  // False once the aligned values were dropped to stay within the memory budget.
  bool aligned_exact = true;
  const ColumnProfile* Find(std::string_view name) const;
};

}  // namespace mlgate
