// Log loss and Brier score, row by row in the order scikit-learn performs the arithmetic.
#include "checks/stats/probability_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace mlgate::stats {
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

double Clip(double p) { return std::clamp(p, kEps, 1.0 - kEps); }

double WeightOf(RowWeights weights, size_t row) {
  return weights.empty() ? 1.0 : static_cast<double>(weights[row]);
}

}  // namespace

StatusOr<double> LogLossBinary(std::span<const int32_t> truth, int32_t positive,
                               std::span<const double> score, RowWeights weights) {
  if (truth.empty()) return DataError("no rows to compute log_loss on");
  double sum = 0, total = 0;
  for (size_t i = 0; i < truth.size(); ++i) {
    double w = WeightOf(weights, i);
    if (w == 0) continue;
    // Clip, expand to the two columns [1 - p, p], and divide by their sum (not always exactly 1).
    double p = Clip(score[i]);
    double q = 1.0 - p;
    double row_sum = q + p;
    double mine = truth[i] == positive ? p : q;
    sum += w * -std::log(mine / row_sum);
    total += w;
  }
  return sum / total;
}

StatusOr<double> LogLossMulticlass(std::span<const int32_t> truth,
                                   const std::vector<std::vector<double>>& class_scores,
                                   RowWeights weights, const LabelSet* classes) {
  if (truth.empty()) return DataError("no rows to compute log_loss on");
  std::vector<size_t> columns;
  for (size_t c = 0; c < class_scores.size(); ++c) {
    if (!class_scores[c].empty()) columns.push_back(c);
  }
  if (columns.size() < 2) return DataError("log_loss needs score columns for at least two classes");
  double sum = 0, total = 0;
  for (size_t i = 0; i < truth.size(); ++i) {
    double w = WeightOf(weights, i);
    if (w == 0) continue;
    size_t label = static_cast<size_t>(truth[i]);
    if (label >= class_scores.size() || class_scores[label].empty()) {
      std::string name = classes != nullptr ? "'" + classes->Label(truth[i]) + "'"
                                            : "number " + std::to_string(truth[i]);
      return DataError("label class " + name + " in row " + std::to_string(i + 1) +
                       " has no score column");
    }
    double row_sum = 0;
    for (size_t c : columns) row_sum += Clip(class_scores[c][i]);
    sum += w * -std::log(Clip(class_scores[label][i]) / row_sum);
    total += w;
  }
  return sum / total;
}

StatusOr<double> BrierScore(std::span<const int32_t> truth, int32_t positive,
                            std::span<const double> score, RowWeights weights) {
  if (truth.empty()) return DataError("no rows to compute brier on");
  double sum = 0, total = 0;
  for (size_t i = 0; i < truth.size(); ++i) {
    double w = WeightOf(weights, i);
    if (w == 0) continue;
    if (score[i] < 0 || score[i] > 1) {
      return DataError("brier needs probabilities in [0, 1]; row " + std::to_string(i + 1) +
                       " has score " + std::to_string(score[i]));
    }
    double diff = (truth[i] == positive ? 1.0 : 0.0) - score[i];
    sum += w * (diff * diff);
    total += w;
  }
  return sum / total;
}

}  // namespace mlgate::stats
