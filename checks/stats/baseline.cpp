// The trivial baseline: most frequent class / class priors / mean of the labels.
#include "checks/stats/baseline.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace mlgate::stats {

TrivialModel FitTrivial(const MetricData& data) {
  TrivialModel model;
  model.task = data.task;
  char text[64];
  if (data.task == MetricTask::kRegression) {
    double sum = 0;
    for (double y : data.target) sum += y;
    model.mean = sum / static_cast<double>(data.target.size());
    std::snprintf(text, sizeof text, "%.6g", model.mean);
    model.description = std::string("mean of the labels (") + text + ")";
    return model;
  }
  std::vector<int64_t> counts(static_cast<size_t>(data.classes.size()), 0);
  for (int32_t t : data.truth) ++counts[static_cast<size_t>(t)];
  model.priors.resize(counts.size());
  const double n = static_cast<double>(data.truth.size());
  for (size_t c = 0; c < counts.size(); ++c) {
    model.priors[c] = static_cast<double>(counts[c]) / n;
    if (model.majority < 0 || counts[c] > counts[static_cast<size_t>(model.majority)]) {
      model.majority = static_cast<int32_t>(c);
    }
  }
  std::snprintf(text, sizeof text, "%.3g%%",
                100 * model.priors[static_cast<size_t>(model.majority)]);
  model.description =
      "majority class '" + data.classes.Label(model.majority) + "' (" + text + " of labels)";
  return model;
}

MetricData PredictTrivial(const TrivialModel& model, const MetricData& data) {
  MetricData out;
  out.task = data.task;
  if (data.task == MetricTask::kRegression) {
    out.target = data.target;
    out.estimate.assign(data.target.size(), model.mean);
    // Every error is |y - mean|; the order of rows by it is computed as for any model.
    std::vector<double> error(out.target.size());
    for (size_t i = 0; i < error.size(); ++i) error[i] = std::fabs(out.target[i] - model.mean);
    out.abs_error_order.resize(error.size());
    std::iota(out.abs_error_order.begin(), out.abs_error_order.end(), 0u);
    std::sort(out.abs_error_order.begin(), out.abs_error_order.end(),
              [&](uint32_t a, uint32_t b) { return error[a] < error[b]; });
    return out;
  }
  const size_t n = data.truth.size();
  out.classes = data.classes;
  out.truth = data.truth;
  out.positive = data.positive;
  out.positive_label = data.positive_label;
  out.predicted.assign(n, model.majority);
  auto prior = [&](int32_t code) {
    return code >= 0 && static_cast<size_t>(code) < model.priors.size()
               ? model.priors[static_cast<size_t>(code)]
               : 0.0;
  };
  std::vector<uint32_t> identity(n);
  std::iota(identity.begin(), identity.end(), 0u);  // all scores tie: any order is descending
  if (!data.score.empty()) {
    out.score.assign(n, prior(data.positive));
    out.score_order = identity;
  }
  if (data.has_class_scores()) {
    out.class_scores.resize(data.class_scores.size());
    out.class_score_order.resize(data.class_scores.size());
    for (size_t c = 0; c < data.class_scores.size(); ++c) {
      if (data.class_scores[c].empty()) continue;
      out.class_scores[c].assign(n, prior(static_cast<int32_t>(c)));
      out.class_score_order[c] = identity;
    }
  }
  return out;
}

}  // namespace mlgate::stats
