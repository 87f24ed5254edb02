// McNemar's exact test for two classifiers scored on the same rows: a two-sided binomial test
// on the discordant pairs, as statsmodels' mcnemar(table, exact=True) computes it.
#pragma once

#include <cstdint>
#include <span>

#include "checks/stats/metric_data.h"
#include "checks/status.h"

namespace mlgate::stats {

struct McNemarResult {
  int64_t only_first_correct = 0;   // b: rows the first model gets right and the second wrong
  int64_t only_second_correct = 0;  // c: the other way round
  int64_t both_correct = 0;
  int64_t both_wrong = 0;
  double p_value = 1;
};

// p = min(1, 2 * P[X <= min(b, c)]) for X ~ Binomial(b + c, 1/2); 1 when b + c = 0.
// Requires b, c >= 0.
double McNemarExactPValue(int64_t b, int64_t c);

// The 2x2 table of correctness of `first` and `second` against `truth` (codes from one LabelSet)
// and its exact p-value. Errors (kInvalidArgument): lengths differ, or there are no rows.
StatusOr<McNemarResult> McNemarExact(std::span<const int32_t> truth, std::span<const int32_t> first,
                                     std::span<const int32_t> second);

}  // namespace mlgate::stats
