// The example's weather model: a fixed multinomial logistic regression over the four numeric
// columns of the Seattle weather data, and the JSON request/answer format of its server.
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace mlgate::seattle_weather {

struct Features {
  double precipitation = 0;  // mm
  double temp_max = 0;       // °C
  double temp_min = 0;       // °C
  double wind = 0;           // as in the data set
};

inline constexpr std::array<std::string_view, 5> kClasses = {"drizzle", "fog", "rain", "snow",
                                                             "sun"};

struct Prediction {
  std::string_view weather;   // the most probable class
  std::array<double, 5> p{};  // probability of each of kClasses, summing to 1
};

// Softmax of the fixed linear scores; never fails for finite features.
Prediction Predict(const Features& features);

// Reads {"precipitation": .., "temp_max": .., "temp_min": .., "wind": ..} (other keys ignored).
// Returns false and sets `error` when the body is not such an object of finite numbers.
bool ParseFeatures(std::string_view body, Features* features, std::string* error);

// {"weather": "...", "p": {"drizzle": .., "fog": .., "rain": .., "snow": .., "sun": ..}}
nlohmann::json PredictionJson(const Prediction& prediction);

}  // namespace mlgate::seattle_weather
