// Helpers shared by the data check kinds that judge column statistics (drift, distribution,
// correlation): interval options, numbers in messages, column classification, and a column's
// numeric values in the forms the statistics take (sorted exact values or a quantile sketch).
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "checks/options.h"
#include "checks/profile.h"
#include "checks/result.h"
#include "checks/stats/kll.h"
#include "checks/status.h"

namespace mlgate::data_checks {

// A closed interval; a missing end is unbounded. At least one end is set once read.
struct Bounds {
  std::optional<double> lo, hi;

  bool Contains(double v) const;
  // The rule as reports show it: "0.3 <= share <= 0.6", "mean >= 2", "std <= 5".
  std::string Comparison(const std::string& statistic) const;
  // The bound `v` breaks (lo when below, hi when above); when it breaks none, hi if set, else lo.
  double Threshold(double v) const;
  // {"min": lo, "max": hi} with the unset end as null.
  nlohmann::json ToJson() const;
};

// Reads `node` as `[lo, hi]` (either may be null: unbounded) or, when `scalar_is_max`, a single
// number as `[null, hi]`. Requires lo <= hi and at least one end. Problems become diagnostics on
// `options` (positioned at `node`) naming `label`; nullopt then.
std::optional<Bounds> ReadBounds(OptionReader& options, const YAML::Node& node,
                                 const std::string& label, bool scalar_is_max);

// A number as messages and comparisons show it: up to 6 significant digits ("0.05", "1e-06",
// "0.0166667"), "nan" / "inf" for non-finite values. Exact values travel in Result fields.
std::string Num(double v);

// The `error` result for a dataset whose profile could not be had, or that has no data rows
// (nothing can be judged from it); nullopt when the profile is usable. `role` names the dataset
// in the message ("reference", "current", "dataset").
std::optional<Result> DatasetProblem(const std::string& name, const std::string& role,
                                     const StatusOr<const Profile*>& profile);

// Finite numeric values held for a column: its exact values, or its sketch's count.
int64_t NumericCount(const ColumnProfile& column);

// The column's exact values, ascending: the column's own when the profiler left them sorted,
// else a sorted copy kept in `storage`. Requires column.exact(); valid while both live.
std::span<const double> SortedValues(const ColumnProfile& column, std::vector<double>* storage);

// The column's sketch; for an exact column, a sketch of its values with the largest accuracy
// parameter (exact while they fit in it), so an exact side can meet a sketched one.
stats::KllSketch SketchOf(const ColumnProfile& column);

// Distinct non-null values (as text) over one or two columns' frequency tables. `overflowed` is
// set when a table hit its cap: the true count is then larger than the one returned.
size_t DistinctValues(const ColumnProfile& a, const ColumnProfile* b, bool* overflowed);

// A frequency table's counts for JSON details: {"value": count, ...} while there are at most
// `limit` values, else null (too many to list; counts stay available in aggregate).
nlohmann::json CountsJson(const std::vector<std::string>& categories,
                          const std::vector<int64_t>& counts, size_t limit);

// The first `limit` items of `items` as a JSON array (reports stay small on wide tables).
nlohmann::json FirstItems(const std::vector<std::string>& items, size_t limit);

}  // namespace mlgate::data_checks
