// Typed reading of a YAML mapping of options (a check's, a dataset's, the policy's), with
// defaults, ranges, and diagnostics that carry the line and column of the offending node.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace mlgate {

// One problem in an input file, positioned (1-based) inside it.
struct Diagnostic {
  int line = 0;
  int column = 0;
  std::string message;
};

// Returns the candidate closest to `word` by edit distance when it is close enough to be a
// plausible typo (distance <= max(1, size/3)), else an empty string.
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

// Reads options out of one YAML mapping. Every getter marks its key as known; Unknown keys are
// reported by Finish() with a "did you mean" hint. Getters never throw: a wrong type or a value
// out of range becomes a Diagnostic and the default is returned, so all problems of a file are
// reported in one pass.
class OptionReader {
 public:
  // `node` must be a mapping (anything else is reported once); `what` names it in messages,
  // e.g. "check 'drift'".
  OptionReader(const YAML::Node& node, std::string what, std::vector<Diagnostic>* diagnostics);

  bool Has(const std::string& key) const;
  // Marks keys as valid without reading them (read elsewhere).
  void Allow(std::initializer_list<std::string_view> keys);

  std::string String(const std::string& key, const std::string& fallback);
  std::optional<std::string> OptionalString(const std::string& key);
  std::string RequiredString(const std::string& key);
  // One of `allowed`; anything else is a diagnostic listing the allowed values.
  std::string Enum(const std::string& key, const std::string& fallback,
                   const std::vector<std::string>& allowed);
  double Double(const std::string& key, double fallback, double min = -1e308, double max = 1e308);
  std::optional<double> OptionalDouble(const std::string& key, double min = -1e308,
                                       double max = 1e308);
  int64_t Int(const std::string& key, int64_t fallback, int64_t min = INT64_MIN,
              int64_t max = INT64_MAX);
  std::optional<int64_t> OptionalInt(const std::string& key, int64_t min = INT64_MIN,
                                     int64_t max = INT64_MAX);
  bool Bool(const std::string& key, bool fallback);
  // A scalar or a sequence of scalars; a scalar becomes a one-element list.
  std::vector<std::string> StringList(const std::string& key);
  // The raw node (Undefined/Null when absent); the key becomes known.
  YAML::Node Node(const std::string& key);

  // Reports unknown keys. Call once, after every getter.
  void Finish();

  // Records a diagnostic positioned at `node` (or at the mapping when `node` is not valid).
  void Error(const YAML::Node& node, const std::string& message);
  void Error(const std::string& key, const std::string& message);  // at the key's value

  const YAML::Node& node() const { return node_; }
  const std::string& what() const { return what_; }
  std::vector<Diagnostic>* diagnostics() const { return diagnostics_; }

 private:
  YAML::Node node_;
  std::string what_;
  std::vector<Diagnostic>* diagnostics_;
  std::set<std::string, std::less<>> known_;
  bool is_map_ = false;
};

// Position of a node (1-based); {0,0} when yaml-cpp has none.
Diagnostic At(const YAML::Node& node, std::string message);

// What went wrong when yaml-cpp could not parse `text`, positioned where it stopped, in words a
// user can act on: "invalid YAML: ...". Nesting past yaml-cpp's depth limit is named as such
// (yaml-cpp itself says "bad file"), and a line indented with a tab at or before the failure is
// pointed at, since that is the usual cause of the parser's less helpful messages.
Diagnostic YamlErrorDiagnostic(const YAML::Exception& error, std::string_view text);

// Parses a YAML scalar as a finite double / integer / bool the way YAML 1.2 core schema does.
std::optional<double> ScalarToDouble(const std::string& text);
std::optional<int64_t> ScalarToInt(const std::string& text);
std::optional<bool> ScalarToBool(const std::string& text);

}  // namespace mlgate
