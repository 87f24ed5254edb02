#include "runners/run.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <exception>

#include "gates/policy.h"
#include "runners/ci_env.h"
#include "runners/git/git_repo.h"
#include "runners/inputs.h"

namespace mlgate {
namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string Hostname() {
  char buffer[256] = {};
  if (gethostname(buffer, sizeof(buffer) - 1) != 0) return "localhost";
  return buffer;
}

void RedactResult(Result& r, const std::vector<std::string>& secrets) {
  if (secrets.empty()) return;
  r.subject = Redact(r.subject, secrets);
  r.message = Redact(r.message, secrets);
  r.comparison = Redact(r.comparison, secrets);
  // Replacing bytes that are not UTF-8 (rather than throwing) keeps one odd value from ending
  // the run before any report is written.
  std::string details = r.details.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string redacted = Redact(details, secrets);
  if (redacted != details) {
    r.details = nlohmann::json::parse(redacted, nullptr, /*allow_exceptions=*/false);
    if (r.details.is_discarded()) r.details = nlohmann::json::object();
  }
}

}  // namespace

std::string NowRfc3339() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

StatusOr<Verdict> RunGate(Gate& gate, const RunOptions& options) {
  auto start = std::chrono::steady_clock::now();
  for (const auto& id : options.only) {
    bool found = std::any_of(gate.checks.begin(), gate.checks.end(),
                             [&](const CheckDecl& c) { return c.id == id; });
    if (!found) {
      std::vector<std::string> ids;
      for (const auto& c : gate.checks) ids.push_back(c.id);
      std::string hint = ClosestMatch(id, ids);
      return InvalidArgument(
          fmt::format("--only {}: the gate has no check with that id{}", id,
                      hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
    }
  }
  auto selected = [&](const CheckDecl& c) {
    return options.only.empty() ||
           std::find(options.only.begin(), options.only.end(), c.id) != options.only.end();
  };

  Verdict verdict;
  verdict.gate = gate.name;
  verdict.gate_file = gate.file;
  verdict.started_at = NowRfc3339();
  verdict.hostname = Hostname();
  verdict.ci = DetectCi();
  if (auto repo = GitRepo::Discover(gate.base_dir); repo.ok()) {
    if (auto context = repo->Context(); context.ok()) {
      verdict.git.known = true;
      verdict.git.commit = context->commit;
      verdict.git.branch = context->branch;
      verdict.git.dirty = context->dirty;
    }
  }

  GatePlanner planner;
  for (auto& c : gate.checks) {
    if (selected(c)) c.check->Plan(planner);
  }
  GateInputs inputs(gate);
  ProfilerOptions profiler;
  profiler.threads = options.threads;
  if (options.memory_budget > 0) profiler.memory_budget = options.memory_budget;
  if (options.block_bytes > 0) profiler.block_bytes = options.block_bytes;
  inputs.Measure(planner, profiler, options.progress);

  std::vector<Action> requests;
  for (auto& c : gate.checks) {
    if (!selected(c)) continue;
    auto check_start = std::chrono::steady_clock::now();
    std::vector<Result> results;
    try {
      results = c.check->Judge(inputs);
    } catch (const std::exception& e) {
      results = {ErrorResult(c.id, fmt::format("internal error while judging: {}", e.what()))};
    }
    if (results.empty()) {
      // A check that produced nothing was not judged: never let that read as a pass.
      results.push_back(ErrorResult(c.id, "the check produced no result"));
    }
    double duration = SecondsSince(check_start);
    for (auto& r : results) {
      r.check = c.id;
      r.kind = c.kind;
      r.action = r.outcome == Outcome::kError ? gate.policy.on_error : c.on_fail;
      if (r.rubric.empty()) r.rubric = c.rubric;
      if (r.duration_s == 0) r.duration_s = duration / static_cast<double>(results.size());
      r.gate_line = c.line;
      RedactResult(r, gate.secrets);
      if (auto action = RequestedAction(r, c.on_fail, gate.policy, options.strict)) {
        requests.push_back(*action);
      }
    }
    verdict.checks.push_back(CheckSummary{c.id, c.kind, c.line, duration});
    for (auto& r : results) verdict.results.push_back(std::move(r));
  }
  verdict.git.sources = inputs.git_sources();
  verdict.decision = Decide(requests);
  verdict.duration_s = SecondsSince(start);
  return verdict;
}

}  // namespace mlgate
