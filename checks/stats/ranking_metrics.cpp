// ROC AUC and average precision by one sweep over rows in descending score order.
#include "checks/stats/ranking_metrics.h"

#include <cmath>
#include <string>

namespace mlgate::stats {
namespace {

// Walks the rows in descending score order and calls `step(tp, fp)` once per distinct score
// with the weighted positives and negatives of that tie group.
template <typename Step>
void ForEachThreshold(const BinaryScores& rows, RowWeights weights, Step&& step) {
  std::vector<uint32_t> local;
  std::span<const uint32_t> order = rows.order;
  if (order.empty()) {
    local = DescendingOrder(rows.score);
    order = local;
  }
  const size_t n = order.size();
  size_t i = 0;
  while (i < n) {
    double value = rows.score[order[i]];
    double tp = 0, fp = 0;
    for (; i < n && rows.score[order[i]] == value; ++i) {
      uint32_t row = order[i];
      double w = weights.empty() ? 1.0 : static_cast<double>(weights[row]);
      if (rows.truth[row] == rows.positive) {
        tp += w;
      } else {
        fp += w;
      }
    }
    step(tp, fp);
  }
}

}  // namespace

StatusOr<double> RocAuc(const BinaryScores& rows, RowWeights weights) {
  // Area under the step-wise ROC curve with a diagonal across each tie group: the trapezoid
  // rule that sklearn.metrics.auc applies to roc_curve's points. Counts are integers, so the
  // area (in units of positives x negatives) is exact until the final division.
  double area = 0, tp_total = 0, fp_total = 0;
  ForEachThreshold(rows, weights, [&](double tp, double fp) {
    area += fp * (tp_total + tp / 2);
    tp_total += tp;
    fp_total += fp;
  });
  if (tp_total == 0 || fp_total == 0) {
    return DataError("only one class present in the labels: ROC AUC is not defined");
  }
  return area / (tp_total * fp_total);
}

StatusOr<double> AveragePrecision(const BinaryScores& rows, RowWeights weights) {
  if (rows.score.empty()) return DataError("no rows to compute average_precision on");
  double positives = 0;
  if (weights.empty()) {
    for (int32_t t : rows.truth) positives += t == rows.positive ? 1 : 0;
  } else {
    for (size_t i = 0; i < rows.truth.size(); ++i) {
      if (rows.truth[i] == rows.positive) positives += weights[i];
    }
  }
  // No positives: scikit-learn sets recall to 1 everywhere and the sum collapses to the
  // precision at the highest threshold, which is 0.
  if (positives == 0) return 0.0;
  double sum = 0, tps = 0, fps = 0, previous_recall = 0;
  ForEachThreshold(rows, weights, [&](double tp, double fp) {
    tps += tp;
    fps += fp;
    if (tp + fp == 0) return;  // a tie group drawn zero times: no point on the curve
    double recall = tps / positives;
    sum += (recall - previous_recall) * (tps / (tps + fps));
    previous_recall = recall;
  });
  return sum;
}

StatusOr<double> RocAucOvr(std::span<const int32_t> truth,
                           const std::vector<std::vector<double>>& class_scores,
                           const std::vector<std::vector<uint32_t>>& orders, RowWeights weights,
                           const LabelSet* classes) {
  auto name = [&](size_t c) {
    return classes != nullptr && c < static_cast<size_t>(classes->size())
               ? "'" + classes->Label(static_cast<int32_t>(c)) + "'"
               : "number " + std::to_string(c);
  };
  const size_t k = class_scores.size();
  if (k == 0) return DataError("roc_auc_ovr needs one score column per class");
  std::vector<double> support(k, 0);
  for (size_t i = 0; i < truth.size(); ++i) {
    double w = weights.empty() ? 1.0 : static_cast<double>(weights[i]);
    support[static_cast<size_t>(truth[i])] += w;
  }
  std::vector<size_t> columns;
  for (size_t c = 0; c < k; ++c) {
    bool has_column = !class_scores[c].empty();
    if (support[c] > 0 && !has_column) {
      return DataError("label class " + name(c) + " has no score column");
    }
    if (has_column && support[c] == 0) {
      return DataError("class " + name(c) +
                       " has a score column but never occurs as a label: its one-vs-rest ROC AUC "
                       "is not defined");
    }
    if (has_column) columns.push_back(c);
  }
  if (columns.size() < 2) return DataError("roc_auc_ovr needs at least two classes");
  // scikit-learn insists the columns are probabilities: np.allclose(1, row sums).
  for (size_t i = 0; i < truth.size(); ++i) {
    if (!weights.empty() && weights[i] == 0) continue;
    double sum = 0;
    for (size_t c : columns) sum += class_scores[c][i];
    if (!(std::fabs(1.0 - sum) <= 1e-8 + 1e-5 * std::fabs(sum))) {
      return DataError("class scores must be probabilities summing to 1 in every row (row " +
                       std::to_string(i + 1) + " sums to " + std::to_string(sum) + ")");
    }
  }
  double total = 0;
  for (size_t c : columns) {
    BinaryScores rows;
    rows.truth = truth;
    rows.positive = static_cast<int32_t>(c);
    rows.score = class_scores[c];
    if (c < orders.size()) rows.order = orders[c];
    auto auc = RocAuc(rows, weights);
    if (!auc.ok()) return auc.status();
    total += *auc;
  }
  return total / static_cast<double>(columns.size());
}

}  // namespace mlgate::stats
