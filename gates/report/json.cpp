// The JSON verdict (DESIGN §7, docs/verdict.schema.json): a machine-readable copy of the whole
// verdict. Keys keep the documented order; numbers round-trip; non-finite numbers become null
// with the reason in the result's message; strings are repaired to valid UTF-8 first, so
// serialisation can neither throw nor emit invalid JSON.
#include <cmath>
#include <nlohmann/json.hpp>

#include "gates/report/escape.h"
#include "gates/report/format.h"
#include "gates/report/report.h"

namespace mlgate {
namespace {

using Json = nlohmann::ordered_json;

Json Text(std::string_view text) { return Json(report::RepairUtf8(text)); }

// Empty strings mean "unknown" in the verdict model; the JSON says so with null.
Json TextOrNull(std::string_view text) { return text.empty() ? Json(nullptr) : Text(text); }

Json Number(double value) { return std::isfinite(value) ? Json(value) : Json(nullptr); }

Json Number(const std::optional<double>& value) { return value ? Number(*value) : Json(nullptr); }

// Copies `value` into an ordered document: keys and strings repaired, non-finite numbers null.
Json Clean(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      Json out = Json::object();
      for (const auto& [key, item] : value.items()) out[report::RepairUtf8(key)] = Clean(item);
      return out;
    }
    case nlohmann::json::value_t::array: {
      Json out = Json::array();
      for (const auto& item : value) out.push_back(Clean(item));
      return out;
    }
    case nlohmann::json::value_t::string:
      return Text(value.get_ref<const std::string&>());
    case nlohmann::json::value_t::number_float:
      return Number(value.get<double>());
    case nlohmann::json::value_t::number_integer:
      return Json(value.get<std::int64_t>());
    case nlohmann::json::value_t::number_unsigned:
      return Json(value.get<std::uint64_t>());
    case nlohmann::json::value_t::boolean:
      return Json(value.get<bool>());
    case nlohmann::json::value_t::binary:  // not JSON; the schema has no place for it
    case nlohmann::json::value_t::discarded:
    case nlohmann::json::value_t::null:
      return Json(nullptr);
  }
  return Json(nullptr);
}

Json Details(const nlohmann::json& details) {
  if (details.is_null()) return Json::object();
  if (details.is_object()) return Clean(details);
  Json wrapped = Json::object();  // the schema promises an object
  wrapped["value"] = Clean(details);
  return wrapped;
}

Json ResultJson(const Verdict& verdict, const Result& r) {
  Json out = Json::object();
  out["check"] = Text(r.check);
  out["kind"] = Text(report::KindOf(verdict, r));
  out["subject"] = Text(r.subject);
  out["outcome"] = std::string(OutcomeName(r.outcome));
  out["action"] = std::string(ActionName(r.action));
  out["statistic"] = TextOrNull(r.statistic);
  out["observed"] = Number(r.observed);
  if (r.p_value) out["p_value"] = Number(*r.p_value);
  out["threshold"] = Number(r.threshold);
  out["comparison"] = TextOrNull(r.comparison);
  out["message"] = Text(report::MessageWithNotes(r));
  Json rubric = Json::array();
  for (const auto& id : r.rubric) rubric.push_back(Text(id));
  out["rubric"] = std::move(rubric);
  out["duration_s"] = Number(r.duration_s);
  out["details"] = Details(r.details);
  return out;
}

}  // namespace

std::string RenderJson(const Verdict& verdict) {
  Json doc = Json::object();
  doc["format"] = 1;
  doc["gate"] = Text(verdict.gate);
  doc["decision"] = std::string(DecisionName(verdict.decision));
  doc["started_at"] = TextOrNull(verdict.started_at);
  doc["duration_s"] = Number(verdict.duration_s);

  Json git = Json::object();
  const auto& g = verdict.git;
  git["commit"] = g.known ? TextOrNull(g.commit) : Json(nullptr);
  git["branch"] = g.known ? TextOrNull(g.branch) : Json(nullptr);  // null when detached
  git["dirty"] = g.known ? Json(g.dirty) : Json(nullptr);
  Json sources = Json::array();
  for (const auto& source : g.sources) {
    Json s = Json::object();
    s["spec"] = Text(source.spec);
    s["commit"] = TextOrNull(source.commit);
    sources.push_back(std::move(s));
  }
  git["sources"] = std::move(sources);
  doc["git"] = std::move(git);

  Json ci = Json::object();
  ci["provider"] = TextOrNull(verdict.ci.provider);
  ci["run_id"] = TextOrNull(verdict.ci.run_id);
  ci["url"] = TextOrNull(verdict.ci.url);
  doc["ci"] = std::move(ci);

  const Counts counts = verdict.counts();
  Json c = Json::object();
  c["pass"] = counts.pass;
  c["warn"] = counts.warn;
  c["fail"] = counts.fail;
  c["error"] = counts.error;
  c["skip"] = counts.skip;
  doc["counts"] = std::move(c);

  Json results = Json::array();
  for (const auto& r : verdict.results) results.push_back(ResultJson(verdict, r));
  doc["results"] = std::move(results);

  // Every string was repaired above; `replace` only guards against a future path that forgets.
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace mlgate
