// Tests of the JSON verdict (gates/report/json.cpp): golden files, the documented key order,
// null for non-finite numbers with the reason in the message, exact round trip of numbers, and
// repaired UTF-8.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "gates/report/report.h"
#include "tests/gates/report_testing.h"

namespace mlgate {
namespace {

using mlgate::testing::EmptyVerdict;
using mlgate::testing::ExpectGolden;
using mlgate::testing::HostileVerdict;
using mlgate::testing::SampleVerdict;

TEST(RenderJson, MatchesGoldenFiles) {
  ExpectGolden("sample.json", RenderJson(SampleVerdict()));
  ExpectGolden("hostile.json", RenderJson(HostileVerdict()));
  ExpectGolden("empty.json", RenderJson(EmptyVerdict()));
}

TEST(RenderJson, WritesTheDocumentedKeysInOrder) {
  const auto doc = nlohmann::ordered_json::parse(RenderJson(SampleVerdict()));
  std::vector<std::string> keys;
  for (const auto& [key, value] : doc.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"format", "gate", "decision", "started_at",
                                            "duration_s", "git", "ci", "counts", "results"}));
  EXPECT_EQ(doc["format"], 1);
  EXPECT_EQ(doc["decision"], "block");
  EXPECT_EQ(doc["started_at"], "2026-03-14T09:26:53.589Z");
  EXPECT_EQ(doc["git"]["commit"], "3f1c2a9d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39");
  EXPECT_EQ(doc["git"]["dirty"], false);
  EXPECT_EQ(doc["git"]["sources"][0]["spec"], "git:main:models/champion/predictions.csv");
  EXPECT_EQ(doc["ci"]["run_id"], "8123456789");
  EXPECT_EQ(doc["counts"], nlohmann::ordered_json::parse(
                               R"({"pass": 4, "warn": 1, "fail": 2, "error": 2, "skip": 1})"));
  ASSERT_EQ(doc["results"].size(), 10u);

  const auto& drift = doc["results"][1];
  keys.clear();
  for (const auto& [key, value] : drift.items()) keys.push_back(key);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"check", "kind", "subject", "outcome", "action", "statistic",
                                      "observed", "p_value", "threshold", "comparison", "message",
                                      "rubric", "duration_s", "details"}));
  EXPECT_EQ(drift["action"], "retrain");
  EXPECT_EQ(drift["details"]["n_reference"], 730);
  EXPECT_EQ(drift["rubric"], nlohmann::ordered_json::parse(R"(["monitor-2", "monitor-3"])"));
}

TEST(RenderJson, WritesPValueOnlyForHypothesisTests) {
  const auto doc = nlohmann::json::parse(RenderJson(SampleVerdict()));
  EXPECT_TRUE(doc["results"][1].contains("p_value"));   // ks
  EXPECT_FALSE(doc["results"][0].contains("p_value"));  // schema
  EXPECT_FALSE(doc["results"][9].contains("p_value"));  // latency
}

TEST(RenderJson, NumbersRoundTripExactly) {
  const auto doc = nlohmann::json::parse(RenderJson(SampleVerdict()));
  EXPECT_EQ(doc["results"][1]["p_value"].get<double>(), 0.0012345678901234567);
  EXPECT_EQ(doc["results"][4]["observed"].get<double>(), 0.020000000000000018);
  EXPECT_EQ(doc["results"][6]["observed"].get<double>(), 0.7142857142857143);
  const auto hostile = nlohmann::json::parse(RenderJson(HostileVerdict()));
  EXPECT_EQ(hostile["results"][4]["observed"].get<double>(), 1e-300);
  EXPECT_EQ(hostile["results"][4]["threshold"].get<double>(), 1.7976931348623157e308);
}

TEST(RenderJson, NonFiniteNumbersBecomeNullAndTheMessageSaysWhy) {
  const auto sample = nlohmann::json::parse(RenderJson(SampleVerdict()));
  EXPECT_TRUE(sample["results"][5]["observed"].is_null());
  EXPECT_EQ(sample["results"][5]["message"],
            "wind is constant in the current data; its correlation is undefined "
            "(observed is NaN)");

  const auto doc = nlohmann::json::parse(RenderJson(HostileVerdict()));
  EXPECT_TRUE(doc["duration_s"].is_null());
  const auto& fail = doc["results"][0];
  EXPECT_TRUE(fail["observed"].is_null());
  EXPECT_EQ(fail["threshold"], 0.2);
  EXPECT_TRUE(fail["details"]["bins"][1].is_null());
  EXPECT_EQ(fail["details"]["bins"][2], 3.0);
  EXPECT_TRUE(fail["details"]["nested"]["low"].is_null());
  const std::string message = fail["message"];
  EXPECT_NE(message.find("(observed is +Inf)"), std::string::npos) << message;
  EXPECT_NE(message.find("(details.bins[1] is NaN)"), std::string::npos) << message;
  EXPECT_NE(message.find("(details.nested.low is -Inf)"), std::string::npos) << message;

  const auto& warn = doc["results"][1];
  EXPECT_TRUE(warn.contains("p_value"));
  EXPECT_TRUE(warn["p_value"].is_null());
  EXPECT_TRUE(warn["duration_s"].is_null());
  const std::string warn_message = warn["message"];
  EXPECT_NE(warn_message.find("(p_value is NaN) (duration_s is NaN)"), std::string::npos)
      << warn_message;

  // The check explained the NaN itself: no note is added.
  EXPECT_EQ(doc["results"][2]["message"],
            "could not read \xef\xbf\xbd\xef\xbf\xbd file; observed is NaN already explained");
}

TEST(RenderJson, InvalidUtf8IsReplacedNotThrown) {
  const std::string text = RenderJson(HostileVerdict());
  const auto doc = nlohmann::json::parse(text);  // throws on invalid UTF-8
  const std::string fffd = "\xef\xbf\xbd";
  EXPECT_EQ(doc["gate"], "g<&\"'>]]>\x01" + fffd);
  EXPECT_EQ(doc["git"]["branch"], "feature/" + fffd + "(");
  EXPECT_EQ(doc["results"][2]["subject"], "bad" + fffd + "(utf8" + fffd + fffd + fffd);
  EXPECT_EQ(doc["results"][0]["details"]["bad" + fffd + "key"], "val" + fffd);
  // Control characters survive as JSON escapes; the text itself holds no raw control byte.
  EXPECT_NE(text.find("\\u0001"), std::string::npos);
  for (char c : text) EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 && c != '\n') << int(c);
}

TEST(RenderJson, UnknownContextIsNull) {
  const auto doc = nlohmann::json::parse(RenderJson(EmptyVerdict()));
  EXPECT_TRUE(doc["git"]["commit"].is_null());
  EXPECT_TRUE(doc["git"]["branch"].is_null());
  EXPECT_TRUE(doc["git"]["dirty"].is_null());
  EXPECT_TRUE(doc["git"]["sources"].is_array());
  EXPECT_TRUE(doc["ci"]["provider"].is_null());
  EXPECT_TRUE(doc["results"].empty());
  EXPECT_EQ(doc["decision"], "promote");
}

TEST(RenderJson, NonObjectDetailsAreWrapped) {
  Verdict v = EmptyVerdict();
  Result r;
  r.check = "c";
  r.outcome = Outcome::kPass;
  r.details = nlohmann::json::array({1, 2});
  v.results.push_back(r);
  r.details = nullptr;
  v.results.push_back(r);
  const auto doc = nlohmann::json::parse(RenderJson(v));
  EXPECT_EQ(doc["results"][0]["details"], nlohmann::json::parse(R"({"value": [1, 2]})"));
  EXPECT_EQ(doc["results"][1]["details"], nlohmann::json::object());
}

}  // namespace
}  // namespace mlgate
