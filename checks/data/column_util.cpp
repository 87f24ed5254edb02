#include "checks/data/column_util.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "checks/stats/sort.h"

namespace mlgate::data_checks {

bool Bounds::Contains(double v) const {
  if (std::isnan(v)) return false;
  if (lo && v < *lo) return false;
  if (hi && v > *hi) return false;
  return true;
}

std::string Bounds::Comparison(const std::string& statistic) const {
  if (lo && hi) return fmt::format("{} <= {} <= {}", Num(*lo), statistic, Num(*hi));
  if (lo) return fmt::format("{} >= {}", statistic, Num(*lo));
  return fmt::format("{} <= {}", statistic, Num(hi.value_or(0)));
}

double Bounds::Threshold(double v) const {
  if (lo && v < *lo) return *lo;
  if (hi && v > *hi) return *hi;
  return hi ? *hi : lo.value_or(0);
}

nlohmann::json Bounds::ToJson() const {
  nlohmann::json out = nlohmann::json::object();
  out["min"] = lo ? nlohmann::json(*lo) : nlohmann::json(nullptr);
  out["max"] = hi ? nlohmann::json(*hi) : nlohmann::json(nullptr);
  return out;
}

std::optional<Bounds> ReadBounds(OptionReader& options, const YAML::Node& node,
                                 const std::string& label, bool scalar_is_max) {
  auto number = [&](const YAML::Node& item, std::optional<double>* out) {
    if (!item.IsDefined() || item.IsNull()) return true;
    if (!item.IsScalar()) {
      options.Error(item,
                    fmt::format("{}: '{}' bounds must be numbers or null", options.what(), label));
      return false;
    }
    auto value = ScalarToDouble(item.Scalar());
    if (!value) {
      options.Error(item, fmt::format("{}: '{}' bound must be a number or null; got '{}'",
                                      options.what(), label, item.Scalar()));
      return false;
    }
    *out = *value;
    return true;
  };
  Bounds bounds;
  const char* shape = scalar_is_max ? "[min, max] or a maximum" : "[min, max]";
  if (node.IsScalar() && scalar_is_max) {
    if (!number(node, &bounds.hi)) return std::nullopt;
  } else if (node.IsSequence() && node.size() == 2) {
    if (!number(node[0], &bounds.lo) || !number(node[1], &bounds.hi)) return std::nullopt;
  } else {
    options.Error(node, fmt::format("{}: '{}' must be {} (null for an open end)", options.what(),
                                    label, shape));
    return std::nullopt;
  }
  if (!bounds.lo && !bounds.hi) {
    options.Error(node, fmt::format("{}: '{}' needs at least one bound", options.what(), label));
    return std::nullopt;
  }
  if (bounds.lo && bounds.hi && *bounds.lo > *bounds.hi) {
    options.Error(node, fmt::format("{}: '{}' has min {} above max {}", options.what(), label,
                                    Num(*bounds.lo), Num(*bounds.hi)));
    return std::nullopt;
  }
  return bounds;
}

std::string Num(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return fmt::format("{:.6g}", v);
}

std::optional<Result> DatasetProblem(const std::string& name, const std::string& role,
                                     const StatusOr<const Profile*>& profile) {
  if (!profile.ok()) {
    return ErrorResult(name, fmt::format("{} dataset '{}' could not be read: {}", role, name,
                                         profile.status().message()));
  }
  const Profile& p = **profile;
  if (p.rows == 0) {
    return ErrorResult(name, fmt::format("{} dataset '{}' ({}) has no data rows: there is "
                                         "nothing to judge",
                                         role, name, p.source));
  }
  return std::nullopt;
}

int64_t NumericCount(const ColumnProfile& column) {
  if (column.sketch) return static_cast<int64_t>(column.sketch->count());
  return static_cast<int64_t>(column.values.size());
}

std::span<const double> SortedValues(const ColumnProfile& column, std::vector<double>* storage) {
  if (column.values_sorted) return column.values;
  *storage = column.values;
  stats::SortValues(*storage);
  return *storage;
}

stats::KllSketch SketchOf(const ColumnProfile& column) {
  if (column.sketch) return *column.sketch;
  stats::KllSketch sketch(stats::KllSketch::kMaxK);
  for (double v : column.values) sketch.Add(v);
  return sketch;
}

size_t DistinctValues(const ColumnProfile& a, const ColumnProfile* b, bool* overflowed) {
  *overflowed = a.frequencies.overflowed() || (b != nullptr && b->frequencies.overflowed());
  if (b == nullptr) return a.frequencies.distinct();
  size_t distinct = a.frequencies.distinct();
  b->frequencies.ForEach([&](std::string_view value, int64_t count) {
    if (count > 0 && !a.frequencies.Contains(value)) ++distinct;
  });
  return distinct;
}

nlohmann::json CountsJson(const std::vector<std::string>& categories,
                          const std::vector<int64_t>& counts, size_t limit) {
  if (categories.size() > limit) return nullptr;
  nlohmann::json out = nlohmann::json::object();
  for (size_t i = 0; i < categories.size() && i < counts.size(); ++i) {
    out[categories[i]] = counts[i];
  }
  return out;
}

nlohmann::json FirstItems(const std::vector<std::string>& items, size_t limit) {
  nlohmann::json out = nlohmann::json::array();
  for (size_t i = 0; i < items.size() && i < limit; ++i) out.push_back(items[i]);
  return out;
}

}  // namespace mlgate::data_checks
