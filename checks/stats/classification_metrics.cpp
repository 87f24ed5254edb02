// Label-based classification metrics from confusion counts.
#include "checks/stats/classification_metrics.h"

#include <string>

namespace mlgate::stats {

int64_t ConfusionMatrix::Total() const {
  int64_t total = 0;
  for (int64_t c : counts) total += c;
  return total;
}

std::vector<int64_t> ConfusionMatrix::TrueTotals() const {
  std::vector<int64_t> totals(static_cast<size_t>(k), 0);
  for (int32_t t = 0; t < k; ++t) {
    for (int32_t p = 0; p < k; ++p) totals[static_cast<size_t>(t)] += at(t, p);
  }
  return totals;
}

std::vector<int64_t> ConfusionMatrix::PredictedTotals() const {
  std::vector<int64_t> totals(static_cast<size_t>(k), 0);
  for (int32_t t = 0; t < k; ++t) {
    for (int32_t p = 0; p < k; ++p) totals[static_cast<size_t>(p)] += at(t, p);
  }
  return totals;
}

std::vector<int32_t> ConfusionMatrix::PresentCodes() const {
  std::vector<int64_t> true_totals = TrueTotals();
  std::vector<int64_t> predicted_totals = PredictedTotals();
  std::vector<int32_t> present;
  for (int32_t c = 0; c < k; ++c) {
    if (true_totals[static_cast<size_t>(c)] + predicted_totals[static_cast<size_t>(c)] > 0) {
      present.push_back(c);
    }
  }
  return present;
}

ConfusionMatrix CountConfusion(std::span<const int32_t> truth, std::span<const int32_t> predicted,
                               int32_t k, RowWeights weights) {
  ConfusionMatrix cm;
  cm.k = k;
  cm.counts.assign(static_cast<size_t>(k) * static_cast<size_t>(k), 0);
  const size_t n = truth.size();
  const size_t stride = static_cast<size_t>(k);
  int64_t* counts = cm.counts.data();
  if (weights.empty()) {
    for (size_t i = 0; i < n; ++i) {
      ++counts[static_cast<size_t>(truth[i]) * stride + static_cast<size_t>(predicted[i])];
    }
  } else {
    for (size_t i = 0; i < n; ++i) {
      counts[static_cast<size_t>(truth[i]) * stride + static_cast<size_t>(predicted[i])] +=
          weights[i];
    }
  }
  return cm;
}

StatusOr<double> Accuracy(const ConfusionMatrix& cm) {
  int64_t total = cm.Total();
  if (total == 0) return DataError("no rows to compute accuracy on");
  int64_t correct = 0;
  for (int32_t c = 0; c < cm.k; ++c) correct += cm.at(c, c);
  return static_cast<double>(correct) / static_cast<double>(total);
}

StatusOr<double> BalancedAccuracy(const ConfusionMatrix& cm) {
  if (cm.Total() == 0) return DataError("no rows to compute balanced_accuracy on");
  std::vector<int64_t> support = cm.TrueTotals();
  double sum = 0;
  int classes = 0;
  for (int32_t c = 0; c < cm.k; ++c) {
    if (support[static_cast<size_t>(c)] == 0) continue;
    sum += static_cast<double>(cm.at(c, c)) / static_cast<double>(support[static_cast<size_t>(c)]);
    ++classes;
  }
  return sum / classes;
}

namespace {

// scikit-learn's _prf_divide with zero_division="warn": 0 where the denominator is 0.
double Ratio(int64_t numerator, int64_t denominator) {
  if (denominator == 0) return 0.0;
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

// The F-score exactly as scikit-learn 1.2 forms it from precision and recall (beta = 1), so
// that rounding agrees with it rather than with 2tp / (2tp + fp + fn).
double F1(double precision, double recall) {
  double denominator = precision + recall;
  if (denominator == 0.0) denominator = 1;
  return 2.0 * precision * recall / denominator;
}

}  // namespace

StatusOr<PrecisionRecallF1> PrecisionRecallF1Score(const ConfusionMatrix& cm, Average average,
                                                   int32_t positive,
                                                   std::string_view positive_label) {
  if (cm.Total() == 0) return DataError("no rows to compute precision and recall on");
  std::vector<int32_t> labels = cm.PresentCodes();
  if (average == Average::kBinary) {
    if (labels.size() > 2) {
      return InvalidArgument(
          "binary precision/recall/f1 need two classes, but labels and "
          "predictions hold " +
          std::to_string(labels.size()) + "; use the _macro, _micro or _weighted variant");
    }
    bool present = false;
    for (int32_t c : labels) present = present || c == positive;
    if (!present && labels.size() == 2) {
      return InvalidArgument("the positive label '" + std::string(positive_label) +
                             "' is neither of the two classes in labels and predictions");
    }
    labels = {positive};
  }

  std::vector<int64_t> true_totals = cm.TrueTotals();
  std::vector<int64_t> predicted_totals = cm.PredictedTotals();
  auto tp_of = [&](int32_t c) { return c < 0 ? int64_t{0} : cm.at(c, c); };
  auto true_of = [&](int32_t c) {
    return c < 0 ? int64_t{0} : true_totals[static_cast<size_t>(c)];
  };
  auto pred_of = [&](int32_t c) {
    return c < 0 ? int64_t{0} : predicted_totals[static_cast<size_t>(c)];
  };

  PrecisionRecallF1 out;
  if (average == Average::kMicro) {
    int64_t tp = 0, pred = 0, truth = 0;
    for (int32_t c : labels) {
      tp += tp_of(c);
      pred += pred_of(c);
      truth += true_of(c);
    }
    out.precision = Ratio(tp, pred);
    out.recall = Ratio(tp, truth);
    out.f1 = F1(out.precision, out.recall);
    return out;
  }

  // Per-label values, then the (weighted) mean as numpy.average forms it.
  double sum_p = 0, sum_r = 0, sum_f = 0, sum_w = 0;
  for (int32_t c : labels) {
    double p = Ratio(tp_of(c), pred_of(c));
    double r = Ratio(tp_of(c), true_of(c));
    double f = F1(p, r);
    double w = average == Average::kWeighted ? static_cast<double>(true_of(c)) : 1.0;
    sum_p += p * w;
    sum_r += r * w;
    sum_f += f * w;
    sum_w += w;
  }
  out.precision = sum_p / sum_w;
  out.recall = sum_r / sum_w;
  out.f1 = sum_f / sum_w;
  return out;
}

}  // namespace mlgate::stats
