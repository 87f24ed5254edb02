// The JSON request and answer of the seattle-weather example's model server. The model itself is
// the trainer's (train/weather_model.h), loaded from the model.json it writes, so the server
// scores a day exactly as the predictions the gate judges were scored.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "examples/seattle-weather/train/weather_model.h"

namespace mlgate::seattle_weather::serve {

// The request fields `model` needs, in a fixed order: "date" when it uses a season feature
// (doy_sin, doy_cos), then each measurement among its features.
std::vector<std::string> RequestFields(const train::Model& model);

// Reads a request such as
//   {"date": "2015-03-15", "precipitation": 55.9, "temp_max": 10.6, "temp_min": 6.1, "wind": 4.2}
// into `day`. Every field of RequestFields(model) is required: "date" a valid YYYY-MM-DD string,
// the measurements finite numbers. A "date" the model does not need must still be valid when
// given; other keys are ignored. Returns false and sets `error` (one sentence naming the field)
// otherwise.
bool ParseRequest(std::string_view body, const train::Model& model, train::Day* day,
                  std::string* error);

// The answer for `day`: {"weather": the most probable class, "p": {class: probability, ...}}
// with one probability per class of train::kClasses, as train::PredictProba computes them.
nlohmann::json Answer(const train::Model& model, const train::Day& day);

}  // namespace mlgate::seattle_weather::serve
