#include "gates/loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "checks/cell.h"
#include "checks/options.h"
#include "gates/rubric.h"

namespace mlgate {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> ProcessEnv(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

// Aliases let a few lines stand for an exponentially large tree (the "billion laughs"), which
// every walk over it would take forever to visit. No real gate file comes near this many nodes.
constexpr size_t kMaxGateNodes = 100000;

// Replaces ${env:NAME} in every scalar of the tree, recording the values as secrets. Returns
// false, with a diagnostic, when the tree (aliases expanded) has more than `*budget` nodes.
bool Interpolate(YAML::Node node, const LoadOptions& options, std::vector<Diagnostic>* diagnostics,
                 std::vector<std::string>* secrets, size_t* budget) {
  if (*budget == 0) {
    diagnostics->push_back(At(node, fmt::format("the gate file expands to more than {} values "
                                                "through its aliases; it is not read further",
                                                kMaxGateNodes)));
    return false;
  }
  --*budget;
  if (node.IsMap()) {
    for (auto entry : node) {
      if (!Interpolate(entry.second, options, diagnostics, secrets, budget)) return false;
    }
    return true;
  }
  if (node.IsSequence()) {
    for (auto item : node) {
      if (!Interpolate(item, options, diagnostics, secrets, budget)) return false;
    }
    return true;
  }
  if (!node.IsScalar()) return true;
  const std::string& text = node.Scalar();
  if (text.find("${") == std::string::npos) return true;
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t start = text.find("${", pos);
    if (start == std::string::npos) {
      out += text.substr(pos);
      break;
    }
    out += text.substr(pos, start - pos);
    size_t end = text.find('}', start);
    if (end == std::string::npos) {
      diagnostics->push_back(At(node, "unterminated '${' (interpolation is written ${env:NAME})"));
      return true;
    }
    std::string inner = text.substr(start + 2, end - start - 2);
    if (inner.rfind("env:", 0) != 0 || inner.size() == 4) {
      diagnostics->push_back(At(node, fmt::format("unknown interpolation '${{{}}}': the only "
                                                  "interpolation is ${{env:NAME}}",
                                                  inner)));
      return true;
    }
    std::string name = inner.substr(4);
    auto value = options.env ? options.env(name) : ProcessEnv(name);
    if (!value) {
      diagnostics->push_back(At(node, fmt::format("environment variable '{}' is not set", name)));
      return true;
    }
    if (!value->empty()) secrets->push_back(*value);
    out += *value;
    pos = end + 1;
  }
  node = out;
  return true;
}

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string current;
  for (char c : text) {
    if (c == separator) {
      parts.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  parts.push_back(current);
  return parts;
}

// Applies one --set override to the tree. Checks are addressed by id: checks.<id>.<key>.
std::string ApplyOverride(YAML::Node root, const std::string& key, const std::string& value) {
  std::vector<std::string> path = Split(key, '.');
  for (const auto& part : path) {
    if (part.empty()) return fmt::format("--set {}: empty key segment", key);
  }
  YAML::Node node = root;
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    const std::string& part = path[i];
    if (node.IsSequence()) {
      YAML::Node found;
      for (auto item : node) {
        if (item.IsMap() && item["id"] && item["id"].IsScalar() && item["id"].Scalar() == part) {
          found.reset(item);
          break;
        }
      }
      if (!found.IsDefined() || found.IsNull()) {
        return fmt::format("--set {}: no item with id '{}'", key, part);
      }
      node.reset(found);
    } else if (node.IsMap()) {
      YAML::Node child = node[part];
      if (!child.IsDefined() || child.IsNull()) {
        if (i + 2 == path.size()) {
          // Creating one level (e.g. a nested option mapping) is allowed.
          node[part] = YAML::Node(YAML::NodeType::Map);
          child = node[part];
        } else {
          return fmt::format("--set {}: '{}' is not in the gate file", key, part);
        }
      }
      node.reset(child);
    } else {
      return fmt::format("--set {}: '{}' is not a mapping", key, path[i > 0 ? i - 1 : 0]);
    }
  }
  if (!node.IsMap()) return fmt::format("--set {}: cannot set a key inside a non-mapping", key);
  YAML::Node target = node[path.back()];
  if (target.IsDefined() && !target.IsNull() && !target.IsScalar()) {
    return fmt::format("--set {}: only single values can be overridden", key);
  }
  node[path.back()] = value;
  return {};
}

class GateBuilder {
 public:
  GateBuilder(std::string path, const LoadOptions& options)
      : path_(std::move(path)), options_(options) {
    gate_.file = path_;
    fs::path p(path_);
    gate_.base_dir = p.has_parent_path() ? p.parent_path().string() : std::string(".");
    registry_ = options.registry ? options.registry : &Registry::Default();
  }

  StatusOr<Gate> Build(YAML::Node root) {
    for (const auto& [key, value] : options_.overrides) {
      std::string error = ApplyOverride(root, key, value);
      if (!error.empty()) diagnostics_.push_back(Diagnostic{0, 0, error});
    }
    size_t budget = kMaxGateNodes;
    if (!Interpolate(root, options_, &diagnostics_, &gate_.secrets, &budget)) return Finish();
    if (!root.IsMap()) {
      diagnostics_.push_back(At(root,
                                "a gate file is a mapping with keys mlgate, name, datasets, "
                                "models, endpoints, checks, policy"));
      return Finish();
    }
    OptionReader top(root, "gate", &diagnostics_);
    int64_t format = top.Int("mlgate", 0);
    if (!top.Has("mlgate")) {
      top.Error(root,
                "gate: missing required key 'mlgate' (the format version; write 'mlgate: 1')");
    } else if (format != 1) {
      top.Error("mlgate", fmt::format("gate: format {} is not supported; this mlgate reads "
                                      "format 1",
                                      format));
    }
    gate_.name = top.RequiredString("name");
    top.String("description", "");
    ReadDatasets(top.Node("datasets"));
    ReadModels(top.Node("models"));
    ReadEndpoints(top.Node("endpoints"));
    ReadPolicy(top.Node("policy"));
    ReadRubric(top.Node("rubric"));
    YAML::Node checks = top.Node("checks");
    top.Finish();
    ReadChecks(checks);
    return Finish();
  }

  void AddDiagnostic(Diagnostic d) { diagnostics_.push_back(std::move(d)); }

  StatusOr<Gate> Finish() {
    if (diagnostics_.empty()) return std::move(gate_);
    std::string message;
    for (const auto& d : diagnostics_) {
      if (!message.empty()) message += '\n';
      if (d.line > 0) {
        message += fmt::format("{}:{}:{}: {}", path_, d.line, d.column, d.message);
      } else {
        message += fmt::format("{}: {}", path_, d.message);
      }
    }
    return InvalidArgument(Redact(message, gate_.secrets));
  }

 private:
  std::string Resolve(const std::string& p) const {
    CheckContext context;
    context.base_dir = gate_.base_dir;
    return context.Resolve(p);
  }

  void ReadDataset(const std::string& name, const YAML::Node& node) {
    DatasetDecl d;
    d.name = name;
    d.line = node.Mark().line + 1;
    if (node.IsScalar()) {
      // Shorthand: `reference: data/x.csv`.
      d.written_path = node.Scalar();
      d.path = Resolve(d.written_path);
      gate_.datasets.push_back(std::move(d));
      return;
    }
    OptionReader r(node, fmt::format("dataset '{}'", name), &diagnostics_);
    auto path = r.OptionalString("path");
    auto profile = r.OptionalString("profile");
    if (path && profile) {
      r.Error(node, fmt::format("dataset '{}': give either 'path' or 'profile', not both", name));
    } else if (!path && !profile) {
      r.Error(node, fmt::format("dataset '{}': missing required key 'path' (a data file) or "
                                "'profile' (a stored profile)",
                                name));
    }
    if (path) {
      d.written_path = *path;
      d.path = Resolve(*path);
    }
    if (profile) {
      d.written_path = *profile;
      d.profile = Resolve(*profile);
    }
    std::string delimiter = r.String("delimiter", ",");
    if (delimiter == "\\t" || delimiter == "tab") delimiter = "\t";
    if (delimiter.size() != 1 || delimiter == "\"" || delimiter == "\n" || delimiter == "\r") {
      r.Error("delimiter", fmt::format("dataset '{}': 'delimiter' must be one character other "
                                       "than a quote or line break (use \"\\t\" for tabs)",
                                       name));
    } else {
      d.delimiter = delimiter[0];
    }
    d.header = r.Bool("header", true);
    if (r.Has("null_values")) d.null_values = r.StringList("null_values");
    YAML::Node types = r.Node("types");
    if (types.IsDefined() && !types.IsNull()) {
      if (!types.IsMap()) {
        r.Error(types, fmt::format("dataset '{}': 'types' maps column names to types", name));
      } else {
        for (const auto& entry : types) {
          std::string column = entry.first.Scalar();
          std::string type_name = entry.second.IsScalar() ? entry.second.Scalar() : "";
          auto type = ParseColumnType(type_name);
          if (!type) {
            r.Error(entry.second, fmt::format("dataset '{}': column '{}': unknown type '{}' "
                                              "(bool, int, float, date, timestamp, string)",
                                              name, column, type_name));
          } else {
            d.types[column] = *type;
          }
        }
      }
    }
    r.String("description", "");
    r.Finish();
    gate_.datasets.push_back(std::move(d));
  }

  void ReadDatasets(const YAML::Node& node) {
    if (!node.IsDefined() || node.IsNull()) return;
    if (!node.IsMap()) {
      diagnostics_.push_back(At(node,
                                "'datasets' maps dataset names to {path: FILE} or "
                                "{profile: FILE}"));
      return;
    }
    for (const auto& entry : node) {
      std::string name = entry.first.Scalar();
      if (!dataset_names_.insert(name).second) {
        diagnostics_.push_back(
            At(entry.first, fmt::format("dataset '{}' is declared twice", name)));
        continue;
      }
      ReadDataset(name, entry.second);
    }
  }

  void ReadModels(const YAML::Node& node) {
    if (!node.IsDefined() || node.IsNull()) return;
    if (!node.IsMap()) {
      diagnostics_.push_back(At(node, "'models' maps model names to their predictions"));
      return;
    }
    for (const auto& entry : node) {
      ModelSpec m;
      m.name = entry.first.Scalar();
      if (!model_names_.insert(m.name).second) {
        diagnostics_.push_back(
            At(entry.first, fmt::format("model '{}' is declared twice", m.name)));
        continue;
      }
      OptionReader r(entry.second, fmt::format("model '{}'", m.name), &diagnostics_);
      YAML::Node predictions = r.Node("predictions");
      if (!predictions.IsDefined() || predictions.IsNull()) {
        r.Error(entry.second, fmt::format("model '{}': missing required key 'predictions' (a "
                                          "dataset name or {{path: FILE}})",
                                          m.name));
      } else if (predictions.IsScalar()) {
        m.dataset = predictions.Scalar();
        if (!dataset_names_.count(m.dataset)) {
          std::vector<std::string> names(dataset_names_.begin(), dataset_names_.end());
          std::string hint = ClosestMatch(m.dataset, names);
          r.Error(predictions,
                  fmt::format("model '{}': 'predictions' names dataset '{}', which the gate does "
                              "not declare{}",
                              m.name, m.dataset,
                              hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
        }
      } else {
        m.dataset = m.name + ".predictions";
        dataset_names_.insert(m.dataset);
        ReadDataset(m.dataset, predictions);
      }
      m.id = r.String("id", "");
      m.label = r.RequiredString("label");
      m.prediction = r.RequiredString("prediction");
      m.score = r.String("score", "");
      m.score_prefix = r.String("score_prefix", "");
      m.positive = r.String("positive", "");
      auto artifact = r.OptionalString("artifact");
      if (artifact) m.artifact = Resolve(*artifact);
      r.String("description", "");
      if (!m.score.empty() && !m.score_prefix.empty()) {
        r.Error(entry.second, fmt::format("model '{}': give 'score' (binary) or 'score_prefix' "
                                          "(multiclass), not both",
                                          m.name));
      }
      r.Finish();
      gate_.models.push_back(std::move(m));
    }
  }

  void ReadEndpoints(const YAML::Node& node) {
    if (!node.IsDefined() || node.IsNull()) return;
    if (!node.IsMap()) {
      diagnostics_.push_back(At(node, "'endpoints' maps endpoint names to {url: ...}"));
      return;
    }
    for (const auto& entry : node) {
      EndpointDecl e;
      e.name = entry.first.Scalar();
      e.line = entry.second.Mark().line + 1;
      if (!endpoint_names_.insert(e.name).second) {
        diagnostics_.push_back(
            At(entry.first, fmt::format("endpoint '{}' is declared twice", e.name)));
        continue;
      }
      OptionReader r(entry.second, fmt::format("endpoint '{}'", e.name), &diagnostics_);
      e.url = r.RequiredString("url");
      if (!e.url.empty() && e.url.rfind("http://", 0) != 0 && e.url.rfind("https://", 0) != 0) {
        r.Error("url",
                fmt::format("endpoint '{}': 'url' must start with http:// or https://", e.name));
      }
      e.method = r.Enum("method", "GET", {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"});
      auto body = r.OptionalString("body");
      auto body_file = r.OptionalString("body_file");
      if (body && body_file) {
        r.Error(entry.second,
                fmt::format("endpoint '{}': give 'body' or 'body_file', not both", e.name));
      }
      if (body) e.body = *body;
      if (body_file) {
        std::string resolved = Resolve(*body_file);
        std::ifstream in(resolved, std::ios::binary);
        if (!in) {
          r.Error("body_file",
                  fmt::format("endpoint '{}': cannot read body_file '{}'", e.name, *body_file));
        } else {
          std::stringstream ss;
          ss << in.rdbuf();
          e.body = ss.str();
        }
      }
      YAML::Node headers = r.Node("headers");
      if (headers.IsDefined() && !headers.IsNull()) {
        if (!headers.IsMap()) {
          r.Error(headers, fmt::format("endpoint '{}': 'headers' maps names to values", e.name));
        } else {
          for (const auto& h : headers) {
            if (!h.second.IsScalar()) {
              r.Error(h.second, fmt::format("endpoint '{}': header '{}' must be a single value",
                                            e.name, h.first.Scalar()));
              continue;
            }
            e.headers[h.first.Scalar()] = h.second.Scalar();
          }
        }
      }
      e.timeout_s = r.Double("timeout_s", 5, 0.001, 3600);
      e.expect_status = static_cast<int>(r.Int("expect_status", 0, 0, 599));
      e.expect_json_field = r.String("expect_json_field", "");
      r.String("description", "");
      r.Finish();
      gate_.endpoints.push_back(std::move(e));
    }
  }

  void ReadPolicy(const YAML::Node& node) {
    if (!node.IsDefined() || node.IsNull()) return;
    OptionReader r(node, "policy", &diagnostics_);
    std::string on_error = r.Enum("on_error", "block", {"block", "warn", "rollback", "retrain"});
    gate_.policy.on_error = *ParseAction(on_error);
    gate_.policy.warn_as_fail = r.Enum("warn_as", "pass", {"pass", "fail"}) == "fail";
    r.Finish();
  }

  std::vector<std::string> ReadRubricIds(OptionReader& r, const std::string& key) {
    std::vector<std::string> ids = r.StringList(key);
    for (const auto& id : ids) {
      if (!FindRubricTest(id)) {
        std::string hint = ClosestMatch(id, RubricIds());
        r.Error(key, fmt::format("{}: '{}' is not an ML Test Score id (data-1..7, model-1..7, "
                                 "infra-1..7, monitor-1..7){}",
                                 r.what(), id,
                                 hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
      }
    }
    return ids;
  }

  void ReadRubric(const YAML::Node& node) {
    if (!node.IsDefined() || node.IsNull()) return;
    OptionReader r(node, "rubric", &diagnostics_);
    gate_.manual_rubric = ReadRubricIds(r, "manual");
    r.Finish();
  }

  void ReadChecks(const YAML::Node& node) {
    if (!node.IsDefined() || node.IsNull()) {
      diagnostics_.push_back(
          Diagnostic{0, 0, "gate: no 'checks': a gate judges at least one check"});
      return;
    }
    if (!node.IsSequence()) {
      diagnostics_.push_back(
          At(node, "'checks' is a list of checks, each '- { id: ..., kind: ... }'"));
      return;
    }
    std::set<std::string> ids;
    for (const auto& item : node) {
      CheckDecl c;
      c.line = item.Mark().line + 1;
      c.column = item.Mark().column + 1;
      if (!item.IsMap()) {
        diagnostics_.push_back(At(item, "a check is a mapping with at least 'id' and 'kind'"));
        continue;
      }
      std::string label = item["id"] && item["id"].IsScalar()
                              ? fmt::format("check '{}'", item["id"].Scalar())
                              : std::string("check");
      OptionReader r(item, label, &diagnostics_);
      c.id = r.RequiredString("id");
      c.kind = r.RequiredString("kind");
      if (!c.id.empty() && !ids.insert(c.id).second) {
        r.Error("id", fmt::format("check id '{}' is used twice; ids must be unique", c.id));
      }
      std::string on_fail = r.Enum("on_fail", "", {"block", "warn", "rollback", "retrain"});
      c.description = r.String("description", "");
      if (c.kind.empty()) continue;
      const KindInfo* kind = registry_->Find(c.kind);
      if (kind == nullptr) {
        const auto& known = KnownKindNames();
        bool planned = std::find(known.begin(), known.end(), c.kind) != known.end();
        if (planned) {
          r.Error("kind",
                  fmt::format("{}: check kind '{}' is not available in this build", label, c.kind));
        } else {
          std::string hint = ClosestMatch(c.kind, known);
          r.Error("kind",
                  fmt::format("{}: unknown check kind '{}'{} (see 'mlgate explain')", label, c.kind,
                              hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
        }
        continue;
      }
      c.on_fail = on_fail.empty() ? Action::kBlock : *ParseAction(on_fail);
      c.rubric = kind->rubric_for ? kind->rubric_for(item) : kind->rubric;
      YAML::Node rubric = r.Node("rubric");
      if (rubric.IsDefined() && !rubric.IsNull()) {
        if (rubric.IsMap()) {
          OptionReader rr(rubric, label + " rubric", &diagnostics_);
          auto add = ReadRubricIds(rr, "add");
          auto replace = ReadRubricIds(rr, "replace");
          rr.Finish();
          if (rr.Has("replace")) c.rubric = replace;
          for (const auto& id : add) {
            if (std::find(c.rubric.begin(), c.rubric.end(), id) == c.rubric.end()) {
              c.rubric.push_back(id);
            }
          }
        } else {
          for (const auto& id : ReadRubricIds(r, "rubric")) {
            if (std::find(c.rubric.begin(), c.rubric.end(), id) == c.rubric.end()) {
              c.rubric.push_back(id);
            }
          }
        }
      }
      CheckContext context;
      context.id = c.id;
      context.base_dir = gate_.base_dir;
      context.datasets = dataset_names_;
      context.models = model_names_;
      for (const auto& m : gate_.models) context.model_datasets[m.name] = m.dataset;
      context.endpoints = endpoint_names_;
      size_t before = diagnostics_.size();
      c.check = kind->create(r, context);
      r.Finish();
      if (!c.check && diagnostics_.size() == before) {
        r.Error(item, fmt::format("{}: could not be built", label));
      }
      gate_.checks.push_back(std::move(c));
    }
  }

  std::string path_;
  const LoadOptions& options_;
  const Registry* registry_;
  Gate gate_;
  std::vector<Diagnostic> diagnostics_;
  std::set<std::string> dataset_names_, model_names_, endpoint_names_;
};

}  // namespace

std::optional<std::pair<std::string, std::string>> ParseOverride(const std::string& text) {
  size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return std::nullopt;
  return std::make_pair(text.substr(0, eq), text.substr(eq + 1));
}

StatusOr<Gate> LoadGateFromString(const std::string& text, const std::string& path,
                                  const LoadOptions& options) {
  GateBuilder builder(path, options);
  // YAML is UTF-8 text; yaml-cpp passes other bytes through into names, paths and messages.
  if (size_t bad = FirstInvalidUtf8(text); bad != std::string::npos) {
    size_t line_start = text.rfind('\n', bad);  // text[bad] is not a line feed
    line_start = line_start == std::string::npos ? 0 : line_start + 1;
    int64_t line = 1 + std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(bad), '\n');
    size_t column = 1;
    for (size_t p = line_start; p < bad; ++p) {
      if ((static_cast<unsigned char>(text[p]) & 0xC0) != 0x80) ++column;
    }
    return InvalidArgument(
        fmt::format("{}:{}:{}: invalid UTF-8 byte 0x{:02x} (a gate file is "
                    "UTF-8 text)",
                    path, line, column, static_cast<unsigned char>(text[bad])));
  }
  try {
    YAML::Node root = YAML::Load(text);
    if (!root.IsDefined() || root.IsNull()) {
      return InvalidArgument(fmt::format("{}: the gate file is empty", path));
    }
    return builder.Build(root);
  } catch (const YAML::Exception& e) {
    Diagnostic d = YamlErrorDiagnostic(e, text);
    if (d.line > 0) {
      return InvalidArgument(fmt::format("{}:{}:{}: {}", path, d.line, d.column, d.message));
    }
    return InvalidArgument(fmt::format("{}: {}", path, d.message));
  }
}

StatusOr<Gate> LoadGate(const std::string& path, const LoadOptions& options) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    return InvalidArgument(fmt::format("{}: is a directory, not a gate file", path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidArgument(fmt::format("{}: cannot read the gate file", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return LoadGateFromString(ss.str(), path, options);
}

}  // namespace mlgate
