// The interface every check kind implements, and what the runner offers checks: a planner to
// declare what they need, and the measured inputs to judge.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "checks/model/model_spec.h"
#include "checks/options.h"
#include "checks/profile.h"
#include "checks/result.h"
#include "checks/serving/load.h"
#include "checks/status.h"
#include "checks/table.h"

namespace mlgate {

// Collects, before anything is read, what each check needs from each dataset, so that every
// dataset is read exactly once.
class Planner {
 public:
  virtual ~Planner() = default;
  // Statistics of `columns` of `dataset` (every column when empty).
  virtual void NeedColumns(const std::string& dataset, const std::vector<std::string>& columns,
                           const ColumnNeeds& needs) = 0;
  // A rule tallied over the non-null values of one column; find its tally with
  // ColumnProfile::Tally(rule.get()).
  virtual void NeedRule(const std::string& dataset, const std::string& column,
                        std::shared_ptr<const ValueRule> rule) = 0;
  // The whole dataset in memory (small files: predictions).
  virtual void NeedTable(const std::string& dataset) = 0;
};

// When a model artifact last changed.
struct ArtifactAge {
  double age_days = 0;
  std::string source;  // "git commit 1a2b3c4 (2026-01-02)" or "file time"
  std::string commit;  // full id of that commit when the age comes from git, else ""
};

// What the runner measured. Every getter returns an error Status when the input could not be
// read; checks turn that into an `error` result naming the input.
class Inputs {
 public:
  virtual ~Inputs() = default;
  virtual StatusOr<const Profile*> Dataset(const std::string& name) const = 0;
  virtual StatusOr<const Table*> DatasetTable(const std::string& name) const = 0;
  virtual StatusOr<const ModelSpec*> Model(const std::string& name) const = 0;
  // Applies `load` to the endpoint and returns the samples (runs when called).
  virtual StatusOr<LatencyReport> Probe(const std::string& endpoint,
                                        const LoadSpec& load) const = 0;
  virtual StatusOr<ArtifactAge> Age(const std::string& path) const = 0;
};

class Check {
 public:
  virtual ~Check() = default;
  // Declares what the check needs. Called once, before any data is read.
  virtual void Plan(Planner& planner) = 0;
  // Judges. Never throws; anything that cannot be judged is an `error` result. The runner fills
  // check id, kind, action, rubric and timing of each returned result.
  virtual std::vector<Result> Judge(const Inputs& inputs) const = 0;
};

// What a check's factory may consult while reading its options.
struct CheckContext {
  std::string id;
  std::string base_dir;  // directory of the gate file; relative paths resolve against it
  std::set<std::string> datasets, models, endpoints;
  // Model name -> the dataset holding its predictions, so that a model check can plan the
  // table it will read (the model's spec itself is only served at judge time).
  std::map<std::string, std::string> model_datasets;

  // Reads a key naming a declared dataset/model/endpoint; an undeclared name is a diagnostic
  // with a "did you mean" hint. Returns "" when absent and not required.
  std::string DatasetRef(OptionReader& options, const std::string& key, bool required) const;
  std::string ModelRef(OptionReader& options, const std::string& key, bool required,
                       const std::string& fallback = "") const;
  std::string EndpointRef(OptionReader& options, const std::string& key, bool required) const;
  // `path` made absolute against base_dir (unchanged when already absolute or git:REF:PATH).
  std::string Resolve(const std::string& path) const;
};

}  // namespace mlgate
