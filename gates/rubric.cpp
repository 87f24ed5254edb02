#include "gates/rubric.h"

namespace mlgate {

const std::vector<RubricTest>& RubricTests() {
  static const std::vector<RubricTest> kTests = {
      {"data-1", "Data", "feature expectations are captured in a schema"},
      {"data-2", "Data", "all features are beneficial"},
      {"data-3", "Data", "no feature's cost is too much"},
      {"data-4", "Data", "features adhere to meta-level requirements"},
      {"data-5", "Data", "the data pipeline has appropriate privacy controls"},
      {"data-6", "Data", "new features can be added quickly"},
      {"data-7", "Data", "all input feature code is tested"},
      {"model-1", "Model", "model specs are reviewed and submitted"},
      {"model-2", "Model", "offline and online metrics correlate"},
      {"model-3", "Model", "all hyperparameters have been tuned"},
      {"model-4", "Model", "the impact of model staleness is known"},
      {"model-5", "Model", "a simpler model is not better"},
      {"model-6", "Model", "model quality is sufficient on all important data slices"},
      {"model-7", "Model", "the model has been tested for considerations of inclusion"},
      {"infra-1", "Infrastructure", "training is reproducible"},
      {"infra-2", "Infrastructure", "model specs are unit tested"},
      {"infra-3", "Infrastructure", "the ML pipeline is integration tested"},
      {"infra-4", "Infrastructure", "model quality is validated before attempting to serve it"},
      {"infra-5", "Infrastructure",
       "the model allows debugging by observing the step-by-step computation of training or "
       "inference on a single example"},
      {"infra-6", "Infrastructure",
       "models are tested via a canary process before they enter production serving "
       "environments"},
      {"infra-7", "Infrastructure",
       "models can be quickly and safely rolled back to a previous serving version"},
      {"monitor-1", "Monitoring", "dependency changes result in notification"},
      {"monitor-2", "Monitoring", "data invariants hold in training and serving inputs"},
      {"monitor-3", "Monitoring", "training and serving features compute the same values"},
      {"monitor-4", "Monitoring", "models are not too stale"},
      {"monitor-5", "Monitoring", "the model is numerically stable"},
      {"monitor-6", "Monitoring",
       "the model has not experienced regressions in training speed, serving latency, "
       "throughput, or RAM usage"},
      {"monitor-7", "Monitoring",
       "the model has not experienced a regression in prediction quality on served data"},
  };
  return kTests;
}

const RubricTest* FindRubricTest(std::string_view id) {
  for (const auto& t : RubricTests()) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

std::vector<std::string> RubricIds() {
  std::vector<std::string> ids;
  for (const auto& t : RubricTests()) ids.emplace_back(t.id);
  return ids;
}

}  // namespace mlgate
