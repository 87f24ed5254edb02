#include "gates/policy.h"

#include <gtest/gtest.h>

namespace mlgate {
namespace {

Result WithOutcome(Outcome outcome) {
  Result r;
  r.outcome = outcome;
  return r;
}

TEST(PolicyTest, FailAsksForTheCheckActionAndErrorForThePolicy) {
  Policy policy;
  EXPECT_EQ(RequestedAction(WithOutcome(Outcome::kFail), Action::kRetrain, policy, false),
            Action::kRetrain);
  EXPECT_EQ(RequestedAction(WithOutcome(Outcome::kError), Action::kRetrain, policy, false),
            Action::kBlock);
  policy.on_error = Action::kWarn;
  EXPECT_EQ(RequestedAction(WithOutcome(Outcome::kError), Action::kRetrain, policy, false),
            Action::kWarn);
  EXPECT_FALSE(RequestedAction(WithOutcome(Outcome::kPass), Action::kBlock, policy, false));
  EXPECT_FALSE(RequestedAction(WithOutcome(Outcome::kSkip), Action::kBlock, policy, false));
}

TEST(PolicyTest, WarningsCountOnlyWhenStrict) {
  Policy policy;
  EXPECT_FALSE(RequestedAction(WithOutcome(Outcome::kWarn), Action::kBlock, policy, false));
  EXPECT_EQ(RequestedAction(WithOutcome(Outcome::kWarn), Action::kRollback, policy, true),
            Action::kRollback);
  policy.warn_as_fail = true;
  EXPECT_EQ(RequestedAction(WithOutcome(Outcome::kWarn), Action::kBlock, policy, false),
            Action::kBlock);
}

TEST(PolicyTest, MostSevereRequestDecides) {
  EXPECT_EQ(Decide({}), Decision::kPromote);
  EXPECT_EQ(Decide({Action::kWarn}), Decision::kPromote);
  EXPECT_EQ(Decide({Action::kRetrain}), Decision::kRetrain);
  EXPECT_EQ(Decide({Action::kRetrain, Action::kBlock}), Decision::kBlock);
  EXPECT_EQ(Decide({Action::kBlock, Action::kRollback, Action::kRetrain}), Decision::kRollback);
}

TEST(PolicyTest, ExitCodes) {
  EXPECT_EQ(ExitCode(Decision::kPromote), 0);
  EXPECT_EQ(ExitCode(Decision::kBlock), 1);
  EXPECT_EQ(ExitCode(Decision::kRollback), 3);
  EXPECT_EQ(ExitCode(Decision::kRetrain), 4);
}

}  // namespace
}  // namespace mlgate
