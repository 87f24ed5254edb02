// Helpers for the checks/stats tests: loading the oracle fixtures written by
// tests/oracles/gen_stats.py, expanding their sample specs, and tolerance comparisons.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mlgate::stats::testing {

inline nlohmann::json LoadFixture(const std::string& name) {
  const std::string path = std::string(MLGATE_SOURCE_DIR) + "/tests/oracles/fixtures/" + name;
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  return nlohmann::json::parse(in);
}

// A fixture number: null stands for NaN.
inline double Num(const nlohmann::json& j) {
  return j.is_null() ? std::numeric_limits<double>::quiet_NaN() : j.get<double>();
}

// The sample a gen_stats.py spec stands for: the same MINSTD generator and the same
// floating-point operations in the same order, so the values are identical.
inline std::vector<double> Expand(const nlohmann::json& spec) {
  const int64_t n = spec.at("n").get<int64_t>();
  const std::string kind = spec.at("kind").get<std::string>();
  const double loc = spec.value("loc", 0.0);
  const double scale = spec.value("scale", 1.0);
  const int per_value = kind == "normalish" ? 4 : 1;
  std::vector<double> u;
  u.reserve(n * per_value);
  int64_t state = spec.at("seed").get<int64_t>();
  for (int64_t i = 0; i < n * per_value; ++i) {
    state = (48271 * state) % 2147483647;
    u.push_back(static_cast<double>(state) / 2147483647.0);
  }
  std::vector<double> out;
  out.reserve(n);
  for (int64_t i = 0; i < n; ++i) {
    double t = 0;
    if (kind == "uniform") {
      t = u[i];
    } else if (kind == "normalish") {
      t = u[4 * i] + u[4 * i + 1] + u[4 * i + 2] + u[4 * i + 3] - 2.0;
    } else if (kind == "cube") {
      t = u[i] * u[i] * u[i];
    } else if (kind == "pareto") {
      t = 1.0 / u[i] - 1.0;
    } else if (kind == "ties") {
      t = std::floor(u[i] * spec.at("levels").get<double>());
    } else {
      ADD_FAILURE() << "unknown sample kind " << kind;
    }
    out.push_back(loc + scale * t);
  }
  // Prove the expansion matches Python's: the first values exactly, the sum to rounding.
  const auto& first = spec.at("check_first");
  for (size_t i = 0; i < first.size(); ++i) EXPECT_EQ(out[i], first[i].get<double>());
  long double sum = 0;
  for (double v : out) sum += v;
  const double expected_sum = spec.at("check_sum").get<double>();
  EXPECT_NEAR(static_cast<double>(sum), expected_sum, 1e-9 * std::max(1.0, std::abs(expected_sum)));
  return out;
}

// A sample stored inline (array) or as a spec (object).
inline std::vector<double> Sample(const nlohmann::json& j) {
  return j.is_array() ? j.get<std::vector<double>>() : Expand(j);
}

inline std::vector<double> SortedSample(const nlohmann::json& j) {
  std::vector<double> v = Sample(j);
  std::sort(v.begin(), v.end());
  return v;
}

// |actual - expected| <= rel * |expected| (or <= abs_floor near zero); NaN matches NaN.
inline ::testing::AssertionResult NearRel(double actual, double expected, double rel = 1e-9,
                                          double abs_floor = 1e-12) {
  if (std::isnan(expected) && std::isnan(actual)) return ::testing::AssertionSuccess();
  const double tolerance = std::max(rel * std::abs(expected), abs_floor);
  if (std::abs(actual - expected) <= tolerance) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "actual " << actual << " expected " << expected << " (diff " << actual - expected
         << ", tolerance " << tolerance << ")";
}

// |actual - expected| <= tolerance; NaN matches NaN.
inline ::testing::AssertionResult NearAbs(double actual, double expected, double tolerance) {
  if (std::isnan(expected) && std::isnan(actual)) return ::testing::AssertionSuccess();
  if (std::abs(actual - expected) <= tolerance) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "actual " << actual << " expected " << expected
                                       << " (diff " << actual - expected << ")";
}

}  // namespace mlgate::stats::testing
