#include "runners/inputs.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>

#include "runners/git/git_repo.h"
#if __has_include("runners/probe/probe.h")
#include "runners/probe/probe.h"
#define MLGATE_HAS_PROBE 1
#endif
#include "runners/profile_io.h"
#include "runners/sources/table_reader.h"

namespace mlgate {

void GatePlanner::NeedColumns(const std::string& dataset, const std::vector<std::string>& columns,
                              const ColumnNeeds& needs) {
  ProfileRequest& request = profiles_[dataset];
  if (columns.empty()) {
    request.all_columns.Add(needs);
  } else {
    for (const auto& c : columns) request.columns[c].Add(needs);
  }
}

void GatePlanner::NeedRule(const std::string& dataset, const std::string& column,
                           std::shared_ptr<const ValueRule> rule) {
  profiles_[dataset].rules[column].push_back(std::move(rule));
}

void GatePlanner::NeedTable(const std::string& dataset) { tables_.insert(dataset); }

StatusOr<std::unique_ptr<ByteSource>> OpenDataset(const Gate& gate, const DatasetDecl& dataset,
                                                  std::string* resolved_commit) {
  std::string name = dataset.written_path.empty() ? dataset.path : dataset.written_path;
  if (IsGitSpec(dataset.path)) {
    auto blob = ReadGitSpec(dataset.path, gate.base_dir);
    // Like a file's errors, which name the path, this names the spec only: callers say which
    // dataset it belongs to (validate prefixes "dataset 'x'", checks name their role).
    if (!blob.ok()) return blob.status();
    if (resolved_commit) *resolved_commit = blob->commit;
    return OpenMemory(std::move(blob->bytes), name);
  }
  return OpenFile(dataset.path, name);
}

namespace {

// A one-line progress display on stderr, redrawn in place (terminals only).
class ProgressLine {
 public:
  ProgressLine(bool enabled, std::string label) : enabled_(enabled), label_(std::move(label)) {}
  void Update(int64_t bytes) {
    if (!enabled_) return;
    std::fprintf(stderr, "\r  reading %s: %.1f MB", label_.c_str(), bytes / 1e6);
    std::fflush(stderr);
    shown_ = true;
  }
  ~ProgressLine() {
    if (shown_) std::fprintf(stderr, "\r\033[K");
  }

 private:
  bool enabled_;
  bool shown_ = false;
  std::string label_;
};

}  // namespace

void GateInputs::Measure(const GatePlanner& planner, const ProfilerOptions& options,
                         bool progress) {
  for (const auto& [name, request] : planner.profiles()) {
    const DatasetDecl* dataset = gate_.FindDataset(name);
    if (dataset == nullptr) {
      profiles_.emplace(name, NotFound(fmt::format("dataset '{}' is not declared", name)));
      continue;
    }
    if (!dataset->profile.empty()) {
      profiles_.emplace(name, ReadProfileFile(dataset->profile));
      continue;
    }
    auto source = Open(*dataset);
    if (!source.ok()) {
      profiles_.emplace(name, source.status());
      continue;
    }
    ProgressLine line(progress, dataset->written_path);
    ProfilerOptions with_progress = options;
    with_progress.on_progress = [&line](int64_t bytes) { line.Update(bytes); };
    profiles_.emplace(name,
                      ProfileCsv(std::move(source.value()), *dataset, request, with_progress));
  }
  for (const auto& name : planner.tables()) {
    const DatasetDecl* dataset = gate_.FindDataset(name);
    if (dataset == nullptr) {
      tables_.emplace(name, NotFound(fmt::format("dataset '{}' is not declared", name)));
      continue;
    }
    auto source = Open(*dataset);
    if (!source.ok()) {
      tables_.emplace(name, source.status());
      continue;
    }
    CsvOptions csv;
    csv.delimiter = dataset->delimiter;
    csv.header = dataset->header;
    tables_.emplace(name, ReadCsvTable(std::move(source.value()), csv, dataset->null_values));
  }
}

StatusOr<std::unique_ptr<ByteSource>> GateInputs::Open(const DatasetDecl& dataset) {
  std::string commit;
  auto source = OpenDataset(gate_, dataset, &commit);
  if (source.ok() && !commit.empty()) {
    git_sources_.push_back(GitContext::Source{dataset.written_path, commit});
  }
  return source;
}

StatusOr<const Profile*> GateInputs::Dataset(const std::string& name) const {
  auto it = profiles_.find(name);
  if (it == profiles_.end()) {
    return Internal(fmt::format("dataset '{}' was not planned for profiling", name));
  }
  if (!it->second.ok()) return it->second.status();
  return &it->second.value();
}

StatusOr<const Table*> GateInputs::DatasetTable(const std::string& name) const {
  auto it = tables_.find(name);
  if (it == tables_.end()) {
    return Internal(fmt::format("dataset '{}' was not planned as a table", name));
  }
  if (!it->second.ok()) return it->second.status();
  return &it->second.value();
}

StatusOr<const ModelSpec*> GateInputs::Model(const std::string& name) const {
  const ModelSpec* model = gate_.FindModel(name);
  if (model == nullptr) return NotFound(fmt::format("model '{}' is not declared", name));
  return model;
}

StatusOr<LatencyReport> GateInputs::Probe(const std::string& endpoint, const LoadSpec& load) const {
  const EndpointDecl* decl = gate_.FindEndpoint(endpoint);
  if (decl == nullptr) return NotFound(fmt::format("endpoint '{}' is not declared", endpoint));
#ifdef MLGATE_HAS_PROBE
  return RunProbe(*decl, load);
#else
  (void)load;
  return Unavailable(
      fmt::format("endpoint '{}': probing is not available in this build", endpoint));
#endif
}

StatusOr<ArtifactAge> GateInputs::Age(const std::string& path) const {
  return ArtifactAgeOf(path, static_cast<double>(std::time(nullptr)));
}

}  // namespace mlgate
