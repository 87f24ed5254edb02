// Requests and answers of the example's model server, on top of the trainer's model code.
#include "examples/seattle-weather/serve/api.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace mlgate::seattle_weather::serve {
namespace {

constexpr std::array<std::string_view, 4> kMeasurements = {"precipitation", "temp_max", "temp_min",
                                                           "wind"};

bool Uses(const train::Model& model, std::string_view feature) {
  return std::find(model.features.begin(), model.features.end(), feature) != model.features.end();
}

bool NeedsDate(const train::Model& model) {
  return Uses(model, "doy_sin") || Uses(model, "doy_cos");
}

}  // namespace

std::vector<std::string> RequestFields(const train::Model& model) {
  std::vector<std::string> fields;
  if (NeedsDate(model)) fields.emplace_back("date");
  for (std::string_view m : kMeasurements) {
    if (Uses(model, m)) fields.emplace_back(m);
  }
  return fields;
}

bool ParseRequest(std::string_view body, const train::Model& model, train::Day* day,
                  std::string* error) {
  const nlohmann::json request = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (request.is_discarded() || !request.is_object()) {
    *error = "the body must be a JSON object";
    return false;
  }
  train::Day parsed;
  auto date = request.find("date");
  if (date != request.end()) {
    if (!date->is_string() || !train::SetCalendar(date->get<std::string>(), &parsed)) {
      *error = "'date' must be a YYYY-MM-DD date";
      return false;
    }
  } else if (NeedsDate(model)) {
    *error = "'date' is required (YYYY-MM-DD): the model uses the day of the year";
    return false;
  }
  double* targets[4] = {&parsed.precipitation, &parsed.temp_max, &parsed.temp_min, &parsed.wind};
  for (size_t j = 0; j < kMeasurements.size(); ++j) {
    if (!Uses(model, kMeasurements[j])) continue;
    const std::string name(kMeasurements[j]);
    auto it = request.find(name);
    if (it == request.end() || !it->is_number()) {
      *error = "'" + name + "' must be a number";
      return false;
    }
    *targets[j] = it->get<double>();
    if (!std::isfinite(*targets[j])) {
      *error = "'" + name + "' must be finite";
      return false;
    }
  }
  *day = std::move(parsed);
  return true;
}

nlohmann::json Answer(const train::Model& model, const train::Day& day) {
  const Eigen::VectorXd p = train::PredictProba(model, day);
  Eigen::Index best = 0;
  p.maxCoeff(&best);
  nlohmann::json probabilities = nlohmann::json::object();
  for (int k = 0; k < train::kClassCount; ++k) {
    probabilities[std::string(train::kClasses[k])] = p(k);
  }
  return {{"weather", std::string(train::kClasses[best])}, {"p", probabilities}};
}

}  // namespace mlgate::seattle_weather::serve
