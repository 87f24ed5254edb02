#include "runners/profile_io.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "runners/profiler.h"

namespace mlgate {
namespace {

using nlohmann::json;

// JSON has no NaN or infinity: they are written as null (or as strings for infinities) and read
// back as they were.
json Number(double v) {
  if (std::isnan(v)) return nullptr;
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return v;
}

double ToDouble(const json& j) {
  if (j.is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (j.is_string()) {
    return j.get<std::string>() == "-inf" ? -std::numeric_limits<double>::infinity()
                                          : std::numeric_limits<double>::infinity();
  }
  return j.get<double>();
}

json Numbers(const std::vector<double>& values) {
  json out = json::array();
  for (double v : values) out.push_back(Number(v));
  return out;
}

std::vector<double> ToDoubles(const json& j) {
  std::vector<double> out;
  out.reserve(j.size());
  for (const auto& v : j) out.push_back(ToDouble(v));
  return out;
}

json Tally(const RuleTally& t) {
  return {{"count", t.violations}, {"first_line", t.first_line}, {"first_value", t.first_value}};
}

RuleTally ToTally(const json& j) {
  RuleTally t;
  t.violations = j.at("count").get<int64_t>();
  t.first_line = j.at("first_line").get<int64_t>();
  t.first_value = j.at("first_value").get<std::string>();
  return t;
}

json SketchJson(const stats::KllSketch& sketch) {
  stats::KllState s = sketch.ToState();
  json levels = json::array();
  for (const auto& level : s.levels) levels.push_back(Numbers(level));
  return {{"k", s.k},
          {"min_k", s.min_k},
          {"n", s.n},
          {"min", Number(s.min)},
          {"max", Number(s.max)},
          {"rng_state", std::to_string(s.rng_state)},
          {"levels", levels}};
}

stats::KllState ToSketchState(const json& j) {
  stats::KllState s;
  s.k = j.at("k").get<uint32_t>();
  s.min_k = j.at("min_k").get<uint32_t>();
  s.n = j.at("n").get<uint64_t>();
  s.min = ToDouble(j.at("min"));
  s.max = ToDouble(j.at("max"));
  s.rng_state = std::stoull(j.at("rng_state").get<std::string>());
  for (const auto& level : j.at("levels")) s.levels.push_back(ToDoubles(level));
  return s;
}

json ColumnJson(const ColumnProfile& c) {
  json types = json::object();
  for (int t = 0; t < kColumnTypeCount; ++t) {
    types[std::string(ColumnTypeName(static_cast<ColumnType>(t)))] = {
        {"ok", c.type_ok[t]}, {"misses", Tally(c.type_misses[t])}};
  }
  json out = {
      {"name", c.name},
      {"present", c.present},
      {"nulls", c.nulls},
      {"non_finite", c.non_finite},
      {"types", types},
      {"moments",
       {{"count", c.moments.count()},
        {"mean", Number(c.moments.count() ? c.moments.mean() : 0.0)},
        {"m2", Number(c.moments.m2())},
        {"min", Number(c.moments.min())},
        {"max", Number(c.moments.max())}}},
      {"needs",
       {{"moments", c.needs.moments},
        {"values", c.needs.values},
        {"frequencies", c.needs.frequencies},
        {"comoments", c.needs.comoments},
        {"aligned", c.needs.aligned}}},
  };
  if (c.declared_type) out["declared_type"] = std::string(ColumnTypeName(*c.declared_type));
  if (c.needs.values) {
    if (c.sketch) {
      out["sketch"] = SketchJson(*c.sketch);
    } else {
      out["values"] = Numbers(c.values);
    }
  }
  if (c.needs.aligned && !c.aligned.empty()) out["aligned"] = Numbers(c.aligned);
  if (c.needs.frequencies) {
    json counts = json::object();
    for (const auto& [value, count] : c.frequencies.Sorted()) counts[value] = count;
    out["frequencies"] = {{"counts", counts},
                          {"other", c.frequencies.other_count()},
                          {"max_distinct", c.frequencies.max_distinct()}};
  }
  return out;
}

ColumnProfile ToColumn(const json& j) {
  ColumnProfile c;
  c.name = j.at("name").get<std::string>();
  c.present = j.at("present").get<int64_t>();
  c.nulls = j.at("nulls").get<int64_t>();
  c.non_finite = j.at("non_finite").get<int64_t>();
  const json& types = j.at("types");
  for (int t = 0; t < kColumnTypeCount; ++t) {
    const json& entry = types.at(std::string(ColumnTypeName(static_cast<ColumnType>(t))));
    c.type_ok[t] = entry.at("ok").get<int64_t>();
    c.type_misses[t] = ToTally(entry.at("misses"));
  }
  const json& m = j.at("moments");
  c.moments =
      stats::Moments::FromParts(m.at("count").get<int64_t>(), ToDouble(m.at("mean")),
                                ToDouble(m.at("m2")), ToDouble(m.at("min")), ToDouble(m.at("max")));
  if (m.at("count").get<int64_t>() == 0) {
    c.moments = stats::Moments();
  }
  const json& needs = j.at("needs");
  c.needs.moments = needs.at("moments").get<bool>();
  c.needs.values = needs.at("values").get<bool>();
  c.needs.frequencies = needs.at("frequencies").get<bool>();
  c.needs.aligned = needs.at("aligned").get<bool>();
  // Profiles written before co-moments were a need of their own have only "aligned".
  c.needs.comoments = needs.value("comoments", false);
  if (j.contains("declared_type")) {
    c.declared_type = ParseColumnType(j.at("declared_type").get<std::string>());
  }
  if (j.contains("values")) {
    c.values = ToDoubles(j.at("values"));
    c.values_sorted = std::is_sorted(c.values.begin(), c.values.end());
  }
  if (j.contains("sketch")) {
    std::string why;
    auto sketch = stats::KllSketch::FromState(ToSketchState(j.at("sketch")), &why);
    if (!sketch) throw std::runtime_error("column '" + c.name + "': invalid sketch: " + why);
    c.sketch = std::move(*sketch);
  }
  if (j.contains("aligned")) c.aligned = ToDoubles(j.at("aligned"));
  if (j.contains("frequencies")) {
    const json& f = j.at("frequencies");
    c.frequencies = stats::FrequencyTable(f.at("max_distinct").get<size_t>());
    for (const auto& [value, count] : f.at("counts").items()) {
      c.frequencies.Add(value, count.get<int64_t>());
    }
    int64_t other = f.at("other").get<int64_t>();
    if (other > 0) c.frequencies.AddOther(other);
  }
  return c;
}

json CoMomentsJson(const stats::CoMoments& comoments) {
  stats::CoMomentsState s = comoments.ToState();
  return {{"columns", s.columns},
          {"origin", Numbers(s.origin)},
          {"count", Numbers(s.count)},
          {"mean", Numbers(s.mean)},
          {"m2", Numbers(s.m2)},
          {"cross", Numbers(s.cross)},
          {"constant", Numbers(s.constant)},
          {"is_constant", s.is_constant}};
}

stats::CoMomentsState ToCoMomentsState(const json& j) {
  stats::CoMomentsState s;
  s.columns = j.at("columns").get<int>();
  s.origin = ToDoubles(j.at("origin"));
  s.count = ToDoubles(j.at("count"));
  s.mean = ToDoubles(j.at("mean"));
  s.m2 = ToDoubles(j.at("m2"));
  s.cross = ToDoubles(j.at("cross"));
  s.constant = ToDoubles(j.at("constant"));
  s.is_constant = j.at("is_constant").get<std::vector<uint8_t>>();
  return s;
}

}  // namespace

std::string ProfileToJson(const Profile& profile) {
  json columns = json::array();
  for (const auto& c : profile.columns) columns.push_back(ColumnJson(c));
  json out = {{"format", "mlgate-profile"},
              {"version", kProfileFormatVersion},
              {"source", profile.source},
              {"rows", profile.rows},
              {"aligned_exact", profile.aligned_exact},
              {"columns", columns}};
  if (profile.comoments) {
    out["comoments"] = CoMomentsJson(*profile.comoments);
    out["comoment_columns"] = profile.comoment_columns;
  }
  return out.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

StatusOr<Profile> ProfileFromJson(const std::string& text, const std::string& path) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return DataError(fmt::format("{}: not valid JSON", path));
  if (!j.is_object() || j.value("format", "") != "mlgate-profile") {
    return DataError(
        fmt::format("{}: not an mlgate profile (no \"format\": \"mlgate-profile\")", path));
  }
  int version = j.value("version", 0);
  if (version != kProfileFormatVersion) {
    return DataError(
        fmt::format("{}: profile version {} is not supported; this mlgate reads "
                    "version {}",
                    path, version, kProfileFormatVersion));
  }
  try {
    Profile p;
    p.source = j.at("source").get<std::string>();
    p.rows = j.at("rows").get<int64_t>();
    p.aligned_exact = j.at("aligned_exact").get<bool>();
    for (const auto& c : j.at("columns")) p.columns.push_back(ToColumn(c));
    if (j.contains("comoments")) {
      std::string why;
      auto comoments = stats::CoMoments::FromState(ToCoMomentsState(j.at("comoments")), &why);
      if (!comoments) return DataError(fmt::format("{}: invalid co-moments: {}", path, why));
      p.comoments = std::move(*comoments);
      p.comoment_columns = j.at("comoment_columns").get<std::vector<std::string>>();
    }
    return p;
  } catch (const std::exception& e) {
    return DataError(fmt::format("{}: malformed profile: {}", path, e.what()));
  }
}

StatusOr<Profile> ReadProfileFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(fmt::format("{}: cannot read the profile", path));
  std::stringstream text;
  text << in.rdbuf();
  return ProfileFromJson(text.str(), path);
}

Status MergeProfiles(Profile& into, const Profile& shard) {
  if (into.columns.size() != shard.columns.size()) {
    return DataError(fmt::format("cannot merge profiles of {} and {}: {} columns against {}",
                                 into.source, shard.source, into.columns.size(),
                                 shard.columns.size()));
  }
  for (size_t i = 0; i < into.columns.size(); ++i) {
    if (into.columns[i].name != shard.columns[i].name) {
      return DataError(fmt::format(
          "cannot merge profiles of {} and {}: column {} is '{}' in one "
          "and '{}' in the other",
          into.source, shard.source, i + 1, into.columns[i].name, shard.columns[i].name));
    }
  }
  into.rows += shard.rows;
  bool exact = into.aligned_exact && shard.aligned_exact;
  for (size_t i = 0; i < into.columns.size(); ++i) {
    ColumnProfile& a = into.columns[i];
    const ColumnProfile& b = shard.columns[i];
    a.present += b.present;
    a.nulls += b.nulls;
    a.non_finite += b.non_finite;
    for (int t = 0; t < kColumnTypeCount; ++t) {
      a.type_ok[t] += b.type_ok[t];
      a.type_misses[t].Merge(b.type_misses[t]);
    }
    a.moments.Merge(b.moments);
    a.frequencies.Merge(b.frequencies);
    a.counts_stopped_for_kind |= b.counts_stopped_for_kind;
    if (a.needs.values || b.needs.values) {
      if (a.exact() && b.exact()) {
        const auto middle = static_cast<std::ptrdiff_t>(a.values.size());
        a.values.insert(a.values.end(), b.values.begin(), b.values.end());
        // Two sorted shards merge into the sorted whole, as profiling the whole gives it.
        if (a.values_sorted && b.values_sorted) {
          std::inplace_merge(a.values.begin(), a.values.begin() + middle, a.values.end());
        } else {
          a.values_sorted = false;
        }
      } else {
        stats::KllSketch merged(kProfileSketchK, 0x5eed + i);
        auto add = [&](const ColumnProfile& c) {
          if (c.sketch) {
            merged.Merge(*c.sketch);
          } else {
            for (double v : c.values) merged.Add(v);
          }
        };
        add(a);
        add(b);
        a.sketch = std::move(merged);
        a.values = std::vector<double>();
      }
    }
    a.needs.Add(b.needs);
    if (exact) {
      a.aligned.insert(a.aligned.end(), b.aligned.begin(), b.aligned.end());
    } else {
      a.aligned = std::vector<double>();
    }
  }
  into.aligned_exact = exact;
  if (into.comoments && shard.comoments && into.comoment_columns == shard.comoment_columns) {
    into.comoments->Merge(*shard.comoments);
  } else {
    into.comoments.reset();
    into.comoment_columns.clear();
  }
  into.source += "+" + shard.source;
  return Status::Ok();
}

size_t FitProfileToBudget(Profile& profile, size_t budget) {
  std::vector<size_t> held(profile.columns.size());
  size_t held_aligned = 0;
  for (size_t i = 0; i < profile.columns.size(); ++i) {
    held[i] = profile.columns[i].values.size();
    held_aligned += profile.columns[i].aligned.size();
  }
  const BudgetCuts cuts =
      CutsForBudget(std::move(held), held_aligned, profile.aligned_exact, budget);
  if (cuts.drop_aligned) {
    for (auto& c : profile.columns) c.aligned = std::vector<double>();
    profile.aligned_exact = false;
  }
  for (size_t i : cuts.sketch) {
    ColumnProfile& column = profile.columns[i];
    stats::KllSketch sketch(kProfileSketchK, 0x5eed + i);
    for (double v : column.values) sketch.Add(v);
    column.sketch = std::move(sketch);
    // Released, not cleared: `= {}` assigns an empty list and keeps the memory.
    column.values = std::vector<double>();
    column.values_sorted = false;
  }
  return cuts.sketch.size();
}

}  // namespace mlgate
