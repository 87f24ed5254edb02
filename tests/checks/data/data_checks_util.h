// Helpers for the drift, distribution and correlation tests: run a gate over real CSV files
// with the real profiler and runner, find results, and load the oracle fixtures written by
// tests/oracles/gen_checks.py.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "gates/loader.h"
#include "gates/verdict.h"
#include "runners/run.h"
#include "tests/test_util.h"

namespace mlgate::testing {

// A path inside the source tree.
inline std::string SourcePath(const std::string& relative) {
  return std::string(MLGATE_SOURCE_DIR) + "/" + relative;
}

inline nlohmann::json LoadChecksFixture(const std::string& name) {
  std::ifstream in(SourcePath("tests/oracles/fixtures/" + name));
  EXPECT_TRUE(in.good()) << "cannot open fixture " << name;
  return nlohmann::json::parse(in);
}

// A fixture case by name (fails the test when absent).
inline nlohmann::json FixtureCase(const nlohmann::json& fixture, const std::string& name) {
  for (const auto& c : fixture.at("cases")) {
    if (c.at("name") == name) return c;
  }
  ADD_FAILURE() << "no fixture case " << name;
  return nlohmann::json::object();
}

struct RunSettings {
  size_t memory_budget = 0;  // 0: the default
  int threads = 1;
  size_t block_bytes = 0;  // 0: the default (one block for small files)
};

// Writes a gate with the given datasets (name -> CSV path, or "profile:PATH" for a stored
// profile) and one check (`check` is the body of a YAML flow mapping, without the id), runs it,
// and returns the verdict. CSV datasets read "" and NA as missing.
class GateRunner {
 public:
  Verdict Run(const std::map<std::string, std::string>& datasets, const std::string& check,
              RunSettings settings = {}) {
    std::string text = "mlgate: 1\nname: t\ndatasets:\n";
    for (const auto& [name, path] : datasets) {
      if (path.rfind("profile:", 0) == 0) {
        text += "  " + name + ": { profile: \"" + path.substr(8) + "\" }\n";
      } else {
        text += "  " + name + ": { path: \"" + path + "\", null_values: [\"\", NA] }\n";
      }
    }
    text += "checks:\n  - { id: c, " + check + " }\n";
    std::string gate_path = dir_.Write("gate.yaml", text);
    auto gate = LoadGate(gate_path);
    EXPECT_TRUE(gate.ok()) << gate.status().message() << "\n" << text;
    if (!gate.ok()) return Verdict{};
    RunOptions options;
    options.threads = settings.threads;
    options.memory_budget = settings.memory_budget;
    options.block_bytes = settings.block_bytes;
    auto verdict = RunGate(gate.value(), options);
    EXPECT_TRUE(verdict.ok()) << verdict.status().message();
    return verdict.ok() ? verdict.value() : Verdict{};
  }

  // Loads a gate with one check and returns the loader's message ("" when it loads).
  std::string LoadError(const std::map<std::string, std::string>& datasets,
                        const std::string& check) {
    std::string text = "mlgate: 1\nname: t\ndatasets:\n";
    for (const auto& [name, path] : datasets)
      text += "  " + name + ": { path: \"" + path + "\" }\n";
    text += "checks:\n  - { id: c, " + check + " }\n";
    auto gate = LoadGate(dir_.Write("gate.yaml", text));
    return gate.ok() ? "" : gate.status().message();
  }

  // Writes a file into the test's temporary directory and returns its path.
  std::string Write(const std::string& name, const std::string& content) {
    return dir_.Write(name, content);
  }

 private:
  TempDir dir_;
};

// The result with this subject (and statistic, when given); fails the test when absent.
inline const Result& FindResult(const Verdict& verdict, const std::string& subject,
                                const std::string& statistic = "") {
  for (const auto& r : verdict.results) {
    if (r.subject == subject && (statistic.empty() || r.statistic == statistic)) return r;
  }
  std::string seen;
  for (const auto& r : verdict.results) seen += " " + r.subject + "/" + r.statistic;
  ADD_FAILURE() << "no result " << subject << "/" << statistic << "; results:" << seen;
  static const Result kNone;
  return kNone;
}

// Statistics agree to 1e-9 relative (with a floor for values at zero).
inline void ExpectStatistic(double actual, double expected, const std::string& what) {
  EXPECT_NEAR(actual, expected, 1e-9 * std::abs(expected) + 1e-12) << what;
}

}  // namespace mlgate::testing
