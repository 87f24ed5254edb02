// From judged results to the gate's decision (DESIGN §6).
#pragma once

#include <optional>
#include <vector>

#include "checks/result.h"
#include "gates/gate.h"
#include "gates/verdict.h"

namespace mlgate {

// The action a result asks for, or nothing when it asks for none: a fail asks for its
// check's on_fail; an error asks for policy.on_error; a warn asks for on_fail only when
// `strict` or policy.warn_as_fail; pass and skip ask for nothing.
std::optional<Action> RequestedAction(const Result& result, Action on_fail, const Policy& policy,
                                      bool strict);

// The most severe request: rollback > block > retrain > promote. A `warn` action never changes
// the decision.
Decision Decide(const std::vector<Action>& requests);

}  // namespace mlgate
