// The trivial baseline a model must beat (ML Test Score model-5, "a simpler model is not
// better"): scikit-learn's DummyClassifier (most frequent class, class priors as scores) and
// DummyRegressor (mean of the labels), fitted on one set of labels and applied to any rows.
#pragma once

#include <string>
#include <vector>

#include "checks/stats/metric_data.h"

namespace mlgate::stats {

struct TrivialModel {
  MetricTask task = MetricTask::kClassification;
  int32_t majority = -1;       // most frequent label code (the smallest on ties, as numpy.argmax)
  std::vector<double> priors;  // per class code: share of labels
  double mean = 0;             // regression: mean of the labels
  std::string description;     // e.g. "majority class 'rain' (41% of labels)"
};

// Fits on the labels of `data` (requires at least one row).
TrivialModel FitTrivial(const MetricData& data);

// `data` with the model's outputs replaced by the trivial model's: every row predicted as the
// majority class with the class priors as scores (score columns only where `data` has them), or
// the mean as the estimate. Labels, classes and positive class are kept.
MetricData PredictTrivial(const TrivialModel& model, const MetricData& data);

}  // namespace mlgate::stats
