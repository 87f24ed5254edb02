// The fixed weather model. Its coefficients are scikit-learn 1.2's
// LogisticRegression(max_iter=5000) (lbfgs, C=1, multinomial) fitted on
// examples/seattle-weather/data/weather-2012-2013.csv with features
// [precipitation, temp_max, temp_min, wind]; tests/oracles/gen_serve_model.py refits it and
// records predict_proba for the test to compare with.
#include "examples/seattle-weather/serve/model.h"

#include <algorithm>
#include <cmath>

namespace mlgate::seattle_weather {
namespace {

struct Coefficients {
  double intercept;
  std::array<double, 4> weights;  // precipitation, temp_max, temp_min, wind
};

// In the order of kClasses.
constexpr std::array<Coefficients, 5> kModel = {{
    {1.0890493582136762,
     {-1.6031495474529216, 0.03607413299506899, 0.033483389091832766, -0.24626941021697818}},
    {-0.7536901595993472,
     {-0.7894823301219547, 0.14285425497704712, 0.036579694713483796, -0.6015604130282763}},
    {0.3772716890338518,
     {2.884178916755847, -0.05797104215585211, 0.2106728495463462, 0.18459254757841992}},
    {-1.062661171055719,
     {2.9703624045946273, -0.3059604153211578, -0.21507026356106948, 0.5759937192262943}},
    {0.3500302834077499,
     {-3.4619094437754367, 0.1850030695047253, -0.06566566979056779, 0.0872435564405586}},
}};

constexpr const char* kFields[4] = {"precipitation", "temp_max", "temp_min", "wind"};

}  // namespace

Prediction Predict(const Features& f) {
  const std::array<double, 4> x = {f.precipitation, f.temp_max, f.temp_min, f.wind};
  std::array<double, 5> score{};
  for (size_t k = 0; k < kModel.size(); ++k) {
    score[k] = kModel[k].intercept;
    for (size_t j = 0; j < x.size(); ++j) score[k] += kModel[k].weights[j] * x[j];
  }
  // Subtracting the largest score keeps exp() finite for extreme inputs.
  const double top = *std::max_element(score.begin(), score.end());
  double sum = 0;
  Prediction prediction;
  for (size_t k = 0; k < score.size(); ++k) {
    prediction.p[k] = std::exp(score[k] - top);
    sum += prediction.p[k];
  }
  for (double& p : prediction.p) p /= sum;
  const size_t best = static_cast<size_t>(
      std::max_element(prediction.p.begin(), prediction.p.end()) - prediction.p.begin());
  prediction.weather = kClasses[best];
  return prediction;
}

bool ParseFeatures(std::string_view body, Features* features, std::string* error) {
  nlohmann::json request = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (request.is_discarded() || !request.is_object()) {
    *error = "the body must be a JSON object";
    return false;
  }
  double* targets[4] = {&features->precipitation, &features->temp_max, &features->temp_min,
                        &features->wind};
  for (size_t j = 0; j < 4; ++j) {
    auto it = request.find(kFields[j]);
    if (it == request.end() || !it->is_number()) {
      *error = std::string("'") + kFields[j] + "' must be a number";
      return false;
    }
    *targets[j] = it->get<double>();
    if (!std::isfinite(*targets[j])) {
      *error = std::string("'") + kFields[j] + "' must be finite";
      return false;
    }
  }
  return true;
}

nlohmann::json PredictionJson(const Prediction& prediction) {
  nlohmann::json p = nlohmann::json::object();
  for (size_t k = 0; k < kClasses.size(); ++k) p[std::string(kClasses[k])] = prediction.p[k];
  return {{"weather", std::string(prediction.weather)}, {"p", p}};
}

}  // namespace mlgate::seattle_weather
