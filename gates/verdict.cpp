#include "gates/verdict.h"

namespace mlgate {

std::string_view DecisionName(Decision decision) {
  switch (decision) {
    case Decision::kPromote:
      return "promote";
    case Decision::kBlock:
      return "block";
    case Decision::kRollback:
      return "rollback";
    case Decision::kRetrain:
      return "retrain";
  }
  return "block";
}

int ExitCode(Decision decision) {
  switch (decision) {
    case Decision::kPromote:
      return 0;
    case Decision::kBlock:
      return 1;
    case Decision::kRollback:
      return 3;
    case Decision::kRetrain:
      return 4;
  }
  return 1;
}

Counts Verdict::counts() const {
  Counts c;
  for (const auto& r : results) {
    switch (r.outcome) {
      case Outcome::kPass:
        ++c.pass;
        break;
      case Outcome::kWarn:
        ++c.warn;
        break;
      case Outcome::kFail:
        ++c.fail;
        break;
      case Outcome::kError:
        ++c.error;
        break;
      case Outcome::kSkip:
        ++c.skip;
        break;
    }
  }
  return c;
}

std::vector<const Result*> Verdict::ResultsOf(std::string_view check_id) const {
  std::vector<const Result*> out;
  for (const auto& r : results) {
    if (r.check == check_id) out.push_back(&r);
  }
  return out;
}

}  // namespace mlgate
