// The runner's side of the check interface: a Planner that gathers needs per dataset, and Inputs
// that serve measured profiles, tables, models, probes and artifact ages.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "checks/check.h"
#include "gates/gate.h"
#include "gates/verdict.h"
#include "runners/profiler.h"
#include "runners/sources/byte_source.h"

namespace mlgate {

class GatePlanner : public Planner {
 public:
  void NeedColumns(const std::string& dataset, const std::vector<std::string>& columns,
                   const ColumnNeeds& needs) override;
  void NeedRule(const std::string& dataset, const std::string& column,
                std::shared_ptr<const ValueRule> rule) override;
  void NeedTable(const std::string& dataset) override;

  const std::map<std::string, ProfileRequest>& profiles() const { return profiles_; }
  const std::set<std::string>& tables() const { return tables_; }

 private:
  std::map<std::string, ProfileRequest> profiles_;
  std::set<std::string> tables_;
};

// Opens a declared dataset's bytes: a file (plain or compressed) or "git:REF:PATH" (read from
// the repository holding the gate file, never from the work tree). For a git source,
// `resolved_commit` (when given) receives the commit the ref resolved to. Errors name the path or
// the git:REF:PATH spec, not the dataset: the caller adds that.
StatusOr<std::unique_ptr<ByteSource>> OpenDataset(const Gate& gate, const DatasetDecl& dataset,
                                                  std::string* resolved_commit = nullptr);

class GateInputs : public Inputs {
 public:
  explicit GateInputs(const Gate& gate) : gate_(gate) {}

  // Reads every planned dataset (each once) and every planned table.
  void Measure(const GatePlanner& planner, const ProfilerOptions& options, bool progress);

  StatusOr<const Profile*> Dataset(const std::string& name) const override;
  StatusOr<const Table*> DatasetTable(const std::string& name) const override;
  StatusOr<const ModelSpec*> Model(const std::string& name) const override;
  StatusOr<LatencyReport> Probe(const std::string& endpoint, const LoadSpec& load) const override;
  StatusOr<ArtifactAge> Age(const std::string& path) const override;

  // The git sources read so far, with the commit each resolved to.
  const std::vector<GitContext::Source>& git_sources() const { return git_sources_; }

 private:
  StatusOr<std::unique_ptr<ByteSource>> Open(const DatasetDecl& dataset);
  const Gate& gate_;
  std::map<std::string, StatusOr<Profile>> profiles_;
  std::map<std::string, StatusOr<Table>> tables_;
  std::vector<GitContext::Source> git_sources_;
};

}  // namespace mlgate
