// The judged outcome of one subject of one check (a column, a pair, a metric on a slice, an
// endpoint), as every reporter and the policy see it.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlgate {

enum class Outcome { kPass, kWarn, kFail, kError, kSkip };
enum class Action { kBlock, kWarn, kRollback, kRetrain };

std::string_view OutcomeName(Outcome outcome);  // "pass", "warn", ...
std::string_view ActionName(Action action);     // "block", "warn", "rollback", "retrain"
std::optional<Action> ParseAction(std::string_view name);

struct Result {
  std::string check;    // the check's id
  std::string kind;     // the check's kind
  std::string subject;  // column, "a|b", "metric@slice=value", endpoint ...
  Outcome outcome = Outcome::kError;
  Action action = Action::kBlock;  // what a fail asks for; set by the runner from on_fail/policy
  std::string statistic;           // "ks", "psi", "p95_ms", "null_fraction" ...
  // Non-finite values are kept as they are here; reporters write them as null and the
  // check explains the reason in `message`.
  std::optional<double> observed;
  std::optional<double> p_value;  // hypothesis tests only
  std::optional<double> threshold;
  std::string comparison;  // readable rule, e.g. "p_value >= 0.05"
  std::string message;
  std::vector<std::string> rubric;
  double duration_s = 0;
  nlohmann::json details = nlohmann::json::object();
  // Where the check is declared in the gate file, for annotations (0 = unknown).
  int gate_line = 0;
};

// Convenience constructor for an `error` result: the check could not be judged.
Result ErrorResult(std::string subject, std::string message);

// `text` (a value or column name from the data) in single quotes for a result message, with
// what a reader could not otherwise see written out: backslash and quote escaped, tab, line feed
// and carriage return as \t \n \r, other control characters and bytes that are not UTF-8 as
// \xNN, and invisible or reordering code points (byte-order mark, zero-width and bidirectional
// controls, line and paragraph separators) as \uXXXX. Reporters drop such characters, so
// without this "c\x01d" would read as "cd". More than `max_chars` code points are cut, ending
// in "...".
std::string QuoteDataText(std::string_view text, size_t max_chars = SIZE_MAX);

}  // namespace mlgate
