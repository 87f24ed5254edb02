// Helpers for the metric and champion check tests: in-memory prediction tables and Inputs,
// a recording Planner, and building a check from a YAML mapping as the gate loader does.
#pragma once

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "checks/check.h"
#include "checks/registry.h"

namespace mlgate::testing {

// A table as the CSV reader would give it: rows start at file line 2 (after the header).
inline Table MakeTable(const std::string& source, std::vector<std::string> columns,
                       std::vector<std::vector<std::string>> rows) {
  Table t;
  t.source = source;
  t.columns = std::move(columns);
  t.rows = std::move(rows);
  for (size_t i = 0; i < t.rows.size(); ++i) t.lines.push_back(static_cast<int64_t>(i) + 2);
  return t;
}

// A model spec as the gate file declares it (dataset filled in by FakeInputs::AddModel).
inline ModelSpec ModelOf(const std::string& name, const std::string& label,
                         const std::string& prediction, const std::string& score = "",
                         const std::string& score_prefix = "", const std::string& id = "") {
  ModelSpec spec;
  spec.name = name;
  spec.label = label;
  spec.prediction = prediction;
  spec.score = score;
  spec.score_prefix = score_prefix;
  spec.id = id;
  return spec;
}

// Serves declared models, their prediction tables and other datasets' tables from memory. A
// model may be declared with no table (its predictions file "does not exist"), or with the error
// reading its table gave.
class FakeInputs : public Inputs {
 public:
  void AddModel(ModelSpec spec, std::optional<Table> table) {
    if (spec.dataset.empty()) spec.dataset = spec.name + ".predictions";
    if (table) tables_[spec.dataset] = std::move(*table);
    models_[spec.name] = std::move(spec);
  }
  void AddModel(ModelSpec spec, Status unreadable) {
    if (spec.dataset.empty()) spec.dataset = spec.name + ".predictions";
    errors_.emplace(spec.dataset, std::move(unreadable));
    models_[spec.name] = std::move(spec);
  }
  // A declared dataset read as a table (slice columns joined by id).
  void AddDataset(const std::string& name, Table table) {
    tables_[name] = std::move(table);
    datasets_.insert(name);
  }

  StatusOr<const Profile*> Dataset(const std::string& name) const override {
    return NotFound("no profile '" + name + "' in this test");
  }
  StatusOr<const Table*> DatasetTable(const std::string& name) const override {
    if (auto error = errors_.find(name); error != errors_.end()) return error->second;
    auto it = tables_.find(name);
    if (it == tables_.end()) return NotFound("predictions file of '" + name + "' does not exist");
    return &it->second;
  }
  StatusOr<const ModelSpec*> Model(const std::string& name) const override {
    auto it = models_.find(name);
    if (it == models_.end()) return NotFound("model '" + name + "' is not declared");
    return &it->second;
  }
  StatusOr<LatencyReport> Probe(const std::string&, const LoadSpec&) const override {
    return Unavailable("no endpoints in this test");
  }
  StatusOr<ArtifactAge> Age(const std::string&) const override {
    return Unavailable("no artifacts in this test");
  }

  CheckContext Context() const {
    CheckContext context;
    context.id = "c";
    context.datasets = datasets_;
    for (const auto& [name, spec] : models_) {
      context.models.insert(name);
      context.datasets.insert(spec.dataset);
      context.model_datasets[name] = spec.dataset;
    }
    return context;
  }

 private:
  std::map<std::string, ModelSpec> models_;
  std::map<std::string, Table> tables_;
  std::map<std::string, Status> errors_;
  std::set<std::string> datasets_;
};

class RecordingPlanner : public Planner {
 public:
  void NeedColumns(const std::string&, const std::vector<std::string>&,
                   const ColumnNeeds&) override {
    columns_asked = true;
  }
  void NeedRule(const std::string&, const std::string&, std::shared_ptr<const ValueRule>) override {
  }
  void NeedTable(const std::string& dataset) override { tables.insert(dataset); }

  std::set<std::string> tables;
  bool columns_asked = false;
};

struct BuiltCheck {
  std::unique_ptr<Check> check;
  std::vector<Diagnostic> diagnostics;

  std::string Messages() const {
    std::string all;
    for (const auto& d : diagnostics) all += d.message + "\n";
    return all;
  }
};

// Builds a check of `kind` from a YAML flow mapping of its options, as the loader does.
inline BuiltCheck Build(const std::string& kind, const std::string& yaml,
                        const CheckContext& context) {
  BuiltCheck built;
  const KindInfo* info = Registry::Default().Find(kind);
  EXPECT_NE(info, nullptr) << "kind " << kind << " is not registered";
  if (info == nullptr) return built;
  YAML::Node node = YAML::Load(yaml);
  OptionReader reader(node, "check 'c'", &built.diagnostics);
  reader.Allow({"id", "kind"});
  built.check = info->create(reader, context);
  reader.Finish();
  return built;
}

// Builds (expecting no diagnostics), plans and judges.
inline std::vector<Result> JudgeCheck(const std::string& kind, const std::string& yaml,
                                      const FakeInputs& inputs) {
  BuiltCheck built = Build(kind, yaml, inputs.Context());
  EXPECT_TRUE(built.diagnostics.empty()) << built.Messages();
  if (!built.check) return {};
  RecordingPlanner planner;
  built.check->Plan(planner);
  return built.check->Judge(inputs);
}

// The result with this subject (and statistic, when given); fails the test when absent.
inline const Result& Find(const std::vector<Result>& results, const std::string& subject,
                          const std::string& statistic = "") {
  for (const auto& r : results) {
    if (r.subject == subject && (statistic.empty() || r.statistic == statistic)) return r;
  }
  std::string seen;
  for (const auto& r : results) seen += " " + r.subject + "/" + r.statistic;
  ADD_FAILURE() << "no result " << subject << "/" << statistic << "; results:" << seen;
  static const Result kNone;
  return kNone;
}

// The case called `name` in the array `list` of an oracle fixture file.
inline nlohmann::json MetricsFixtureCase(const std::string& file, const std::string& name,
                                         const std::string& list = "cases") {
  std::ifstream in(std::string(MLGATE_SOURCE_DIR) + "/tests/oracles/fixtures/" + file);
  EXPECT_TRUE(in.good()) << "missing fixture " << file;
  if (!in.good()) return nlohmann::json::object();
  nlohmann::json root = nlohmann::json::parse(in);
  for (const auto& c : root[list]) {
    if (c["name"] == name) return c;
  }
  ADD_FAILURE() << "no case " << name << " in " << file;
  return nlohmann::json::object();
}

// Relative 1e-9, or absolute 1e-12 near zero.
inline void ExpectAgrees(double actual, double expected, const std::string& what = "") {
  EXPECT_NEAR(actual, expected, std::max(1e-12, 1e-9 * std::abs(expected))) << what;
}

}  // namespace mlgate::testing
