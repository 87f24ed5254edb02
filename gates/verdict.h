// The finished verdict of a gate run: what every reporter renders, as plain data.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "checks/result.h"

namespace mlgate {

enum class Decision { kPromote, kBlock, kRollback, kRetrain };
std::string_view DecisionName(Decision decision);
int ExitCode(Decision decision);  // DESIGN §6: 0 promote, 1 block, 3 rollback, 4 retrain

struct Counts {
  int pass = 0, warn = 0, fail = 0, error = 0, skip = 0;
  int total() const { return pass + warn + fail + error + skip; }
};

struct GitContext {
  bool known = false;  // false outside a repository
  std::string commit, branch;
  bool dirty = false;
  struct Source {
    std::string spec;    // "git:main:models/x.csv"
    std::string commit;  // what the ref resolved to
  };
  std::vector<Source> sources;
};

struct CiContext {
  std::string provider;  // "github", "gitlab", "jenkins", "" when not in CI
  std::string run_id, url;
};

// A check as reports list it (results refer to it by id).
struct CheckSummary {
  std::string id, kind;
  int line = 0;
  double duration_s = 0;
};

struct Verdict {
  std::string gate;       // gate name
  std::string gate_file;  // path of the gate file
  Decision decision = Decision::kBlock;
  std::string started_at;  // RFC 3339 UTC
  double duration_s = 0;
  std::string hostname;
  GitContext git;
  CiContext ci;
  std::vector<CheckSummary> checks;
  std::vector<Result> results;

  Counts counts() const;
  std::vector<const Result*> ResultsOf(std::string_view check_id) const;
};

}  // namespace mlgate
