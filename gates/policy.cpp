#include "gates/policy.h"

namespace mlgate {

std::optional<Action> RequestedAction(const Result& result, Action on_fail, const Policy& policy,
                                      bool strict) {
  switch (result.outcome) {
    case Outcome::kFail:
      return on_fail;
    case Outcome::kError:
      return policy.on_error;
    case Outcome::kWarn:
      if (strict || policy.warn_as_fail) return on_fail;
      return std::nullopt;
    case Outcome::kPass:
    case Outcome::kSkip:
      return std::nullopt;
  }
  return std::nullopt;
}

Decision Decide(const std::vector<Action>& requests) {
  auto severity = [](Action a) {
    switch (a) {
      case Action::kRollback:
        return 3;
      case Action::kBlock:
        return 2;
      case Action::kRetrain:
        return 1;
      case Action::kWarn:
        return 0;
    }
    return 2;
  };
  int worst = 0;
  for (Action a : requests) worst = std::max(worst, severity(a));
  switch (worst) {
    case 3:
      return Decision::kRollback;
    case 2:
      return Decision::kBlock;
    case 1:
      return Decision::kRetrain;
    default:
      return Decision::kPromote;
  }
}

}  // namespace mlgate
