#include "checks/options.h"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>

namespace mlgate {
namespace {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitute});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string Quote(std::string_view s) { return fmt::format("'{}'", s); }

// True when `text` is a whole number too large for 64 bits (e.g. 2^64), or a number too large for
// a double (e.g. 1e999): such a value is out of range, not malformed, and is reported as such.
bool IntOutOfRange(const std::string& text) {
  int64_t value = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (begin != end && *begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, value);
  return ec == std::errc::result_out_of_range && ptr == end;
}

bool DoubleOutOfRange(const std::string& text) {
  char* end = nullptr;
  errno = 0;
  double value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && errno == ERANGE && std::isinf(value);
}

}  // namespace

std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = SIZE_MAX;
  for (const auto& candidate : candidates) {
    size_t d = EditDistance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  size_t limit = std::max<size_t>(1, word.size() / 3);
  return best_distance <= limit ? best : std::string();
}

Diagnostic At(const YAML::Node& node, std::string message) {
  Diagnostic d;
  d.message = std::move(message);
  if (node.IsDefined() || node.IsNull()) {
    const YAML::Mark mark = node.Mark();
    if (mark.line >= 0) {
      d.line = mark.line + 1;
      d.column = mark.column + 1;
    }
  }
  return d;
}

Diagnostic YamlErrorDiagnostic(const YAML::Exception& error, std::string_view text) {
  Diagnostic d;
  if (error.mark.line >= 0) {
    d.line = error.mark.line + 1;
    d.column = error.mark.column + 1;
  }
  if (dynamic_cast<const YAML::DeepRecursion*>(&error) != nullptr) {
    d.message = "invalid YAML: lists and mappings are nested too deeply to be read";
    return d;
  }
  d.message = "invalid YAML: " + error.msg;
  // yaml-cpp reports a tab in indentation as whatever it could not parse next ("illegal map
  // value", "end of map not found"), often lines later: name the tab instead.
  int line = 1;
  for (size_t start = 0; start < text.size() && (d.line == 0 || line <= d.line); ++line) {
    size_t end = std::min(text.find('\n', start), text.size());
    std::string_view content = text.substr(start, end - start);
    size_t first = content.find_first_not_of(" \t");
    size_t tab = content.find('\t');
    if (first != std::string_view::npos && tab < first && content[first] != '#') {
      std::string stopped =
          d.line > 0 ? fmt::format(" at line {}, column {}", d.line, d.column) : std::string();
      d.message = fmt::format(
          "invalid YAML: line {} is indented with a tab; YAML indents with spaces only (the "
          "parser stopped{}: {})",
          line, stopped, error.msg);
      d.line = line;
      d.column = static_cast<int>(tab) + 1;
      return d;
    }
    start = end + 1;
  }
  return d;
}

std::optional<double> ScalarToDouble(const std::string& text) {
  if (text == ".inf" || text == ".Inf" || text == "+.inf") return HUGE_VAL;
  if (text == "-.inf" || text == "-.Inf") return -HUGE_VAL;
  double value = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (begin != end && *begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<int64_t> ScalarToInt(const std::string& text) {
  int64_t value = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (begin != end && *begin == '+') ++begin;
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::optional<bool> ScalarToBool(const std::string& text) {
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  return std::nullopt;
}

OptionReader::OptionReader(const YAML::Node& node, std::string what,
                           std::vector<Diagnostic>* diagnostics)
    : node_(node), what_(std::move(what)), diagnostics_(diagnostics) {
  is_map_ = node_.IsMap();
  if (!is_map_ && node_.IsDefined() && !node_.IsNull()) {
    diagnostics_->push_back(At(node_, fmt::format("{} must be a mapping of options", what_)));
  }
}

bool OptionReader::Has(const std::string& key) const {
  return is_map_ && node_[key].IsDefined() && !node_[key].IsNull();
}

void OptionReader::Allow(std::initializer_list<std::string_view> keys) {
  for (auto k : keys) known_.emplace(k);
}

void OptionReader::Error(const YAML::Node& node, const std::string& message) {
  if (node.IsDefined()) {
    diagnostics_->push_back(At(node, message));
  } else {
    diagnostics_->push_back(At(node_, message));
  }
}

void OptionReader::Error(const std::string& key, const std::string& message) {
  Error(is_map_ ? node_[key] : YAML::Node(), message);
}

YAML::Node OptionReader::Node(const std::string& key) {
  known_.insert(key);
  if (!is_map_) return YAML::Node();
  return node_[key];
}

std::optional<std::string> OptionReader::OptionalString(const std::string& key) {
  YAML::Node value = Node(key);
  if (!value.IsDefined() || value.IsNull()) return std::nullopt;
  if (!value.IsScalar()) {
    Error(value, fmt::format("{}: '{}' must be a single value", what_, key));
    return std::nullopt;
  }
  return value.Scalar();
}

std::string OptionReader::String(const std::string& key, const std::string& fallback) {
  return OptionalString(key).value_or(fallback);
}

std::string OptionReader::RequiredString(const std::string& key) {
  known_.insert(key);
  if (!Has(key)) {
    Error(node_, fmt::format("{}: missing required key '{}'", what_, key));
    return {};
  }
  return OptionalString(key).value_or("");
}

std::string OptionReader::Enum(const std::string& key, const std::string& fallback,
                               const std::vector<std::string>& allowed) {
  auto value = OptionalString(key);
  if (!value) return fallback;
  if (std::find(allowed.begin(), allowed.end(), *value) != allowed.end()) return *value;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  std::string hint = ClosestMatch(*value, allowed);
  Error(Node(key),
        fmt::format("{}: '{}' must be one of {}; got {}{}", what_, key, list, Quote(*value),
                    hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
  return fallback;
}

std::optional<double> OptionReader::OptionalDouble(const std::string& key, double min, double max) {
  auto text = OptionalString(key);
  if (!text) return std::nullopt;
  auto value = ScalarToDouble(*text);
  if (!value && DoubleOutOfRange(*text)) {
    Error(Node(key), fmt::format("{}: '{}' must be between {} and {}; got {}", what_, key, min, max,
                                 Quote(*text)));
    return std::nullopt;
  }
  if (!value) {
    Error(Node(key), fmt::format("{}: '{}' must be a number; got {}", what_, key, Quote(*text)));
    return std::nullopt;
  }
  if (*value < min || *value > max) {
    Error(Node(key),
          fmt::format("{}: '{}' must be between {} and {}; got {}", what_, key, min, max, *value));
    return std::nullopt;
  }
  return value;
}

double OptionReader::Double(const std::string& key, double fallback, double min, double max) {
  return OptionalDouble(key, min, max).value_or(fallback);
}

std::optional<int64_t> OptionReader::OptionalInt(const std::string& key, int64_t min, int64_t max) {
  auto text = OptionalString(key);
  if (!text) return std::nullopt;
  auto value = ScalarToInt(*text);
  if (!value && IntOutOfRange(*text)) {
    Error(Node(key), fmt::format("{}: '{}' must be between {} and {}; got {}", what_, key, min, max,
                                 Quote(*text)));
    return std::nullopt;
  }
  if (!value) {
    Error(Node(key),
          fmt::format("{}: '{}' must be a whole number; got {}", what_, key, Quote(*text)));
    return std::nullopt;
  }
  if (*value < min || *value > max) {
    Error(Node(key),
          fmt::format("{}: '{}' must be between {} and {}; got {}", what_, key, min, max, *value));
    return std::nullopt;
  }
  return value;
}

int64_t OptionReader::Int(const std::string& key, int64_t fallback, int64_t min, int64_t max) {
  return OptionalInt(key, min, max).value_or(fallback);
}

bool OptionReader::Bool(const std::string& key, bool fallback) {
  auto text = OptionalString(key);
  if (!text) return fallback;
  auto value = ScalarToBool(*text);
  if (!value) {
    Error(Node(key),
          fmt::format("{}: '{}' must be true or false; got {}", what_, key, Quote(*text)));
    return fallback;
  }
  return *value;
}

std::vector<std::string> OptionReader::StringList(const std::string& key) {
  YAML::Node value = Node(key);
  std::vector<std::string> out;
  if (!value.IsDefined() || value.IsNull()) return out;
  if (value.IsScalar()) return {value.Scalar()};
  if (!value.IsSequence()) {
    Error(value, fmt::format("{}: '{}' must be a list", what_, key));
    return out;
  }
  for (const auto& item : value) {
    if (!item.IsScalar()) {
      Error(item, fmt::format("{}: every item of '{}' must be a single value", what_, key));
      continue;
    }
    out.push_back(item.Scalar());
  }
  return out;
}

void OptionReader::Finish() {
  if (!is_map_) return;
  std::vector<std::string> candidates(known_.begin(), known_.end());
  // yaml-cpp keeps every entry of a mapping but looks keys up by their first occurrence, so a
  // repeated key would be silently ignored.
  std::map<std::string, int> first_line;
  for (const auto& entry : node_) {
    std::string key = entry.first.IsScalar() ? entry.first.Scalar() : std::string("?");
    Diagnostic here = At(entry.first, "");
    auto [seen, inserted] = first_line.emplace(key, here.line);
    if (!inserted) {
      diagnostics_->push_back(At(
          entry.first,
          fmt::format("{}: key '{}' is given twice{}; keys of a mapping must be unique", what_, key,
                      seen->second > 0 ? fmt::format(" (first on line {})", seen->second)
                                       : std::string())));
      continue;
    }
    if (known_.count(key)) continue;
    std::string hint = ClosestMatch(key, candidates);
    diagnostics_->push_back(At(
        entry.first, fmt::format("{}: unknown key '{}'{}", what_, key,
                                 hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint))));
  }
}

}  // namespace mlgate
