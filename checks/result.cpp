#include "checks/result.h"

namespace mlgate {

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPass:
      return "pass";
    case Outcome::kWarn:
      return "warn";
    case Outcome::kFail:
      return "fail";
    case Outcome::kError:
      return "error";
    case Outcome::kSkip:
      return "skip";
  }
  return "error";
}

std::string_view ActionName(Action action) {
  switch (action) {
    case Action::kBlock:
      return "block";
    case Action::kWarn:
      return "warn";
    case Action::kRollback:
      return "rollback";
    case Action::kRetrain:
      return "retrain";
  }
  return "block";
}

std::optional<Action> ParseAction(std::string_view name) {
  if (name == "block") return Action::kBlock;
  if (name == "warn") return Action::kWarn;
  if (name == "rollback") return Action::kRollback;
  if (name == "retrain") return Action::kRetrain;
  return std::nullopt;
}

Result ErrorResult(std::string subject, std::string message) {
  Result r;
  r.subject = std::move(subject);
  r.outcome = Outcome::kError;
  r.message = std::move(message);
  return r;
}

}  // namespace mlgate
