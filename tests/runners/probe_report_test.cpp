// What `mlgate probe` prints and writes, from hand-made reports.
#include "runners/probe/probe_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace mlgate {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

LatencyReport TenSamples() {
  LatencyReport report;
  report.url = "http://127.0.0.1:8080/predict";
  report.model = "closed";
  for (int i = 1; i <= 10; ++i) report.latencies_ms.push_back(i);
  report.requests = 12;
  report.errors = 2;
  report.error_kinds = {{"http 500", 1}, {"timeout", 1}};
  report.elapsed_s = 0.5;
  report.warmup_requests = 3;
  report.connections = 2;
  report.event_loops = 2;
  report.http_version = "1.1";
  return report;
}

TEST(ProbeReport, JsonHasTheDocumentedKeysAndValues) {
  const nlohmann::json j = nlohmann::json::parse(RenderProbeJson(TenSamples()));
  EXPECT_EQ(j["url"], "http://127.0.0.1:8080/predict");
  EXPECT_EQ(j["model"], "closed");
  EXPECT_EQ(j["requests"], 12);
  EXPECT_EQ(j["errors"], 2);
  EXPECT_DOUBLE_EQ(j["error_rate"].get<double>(), 2.0 / 12.0);
  EXPECT_DOUBLE_EQ(j["throughput_rps"].get<double>(), 20.0);  // 10 answers in 0.5 s
  const nlohmann::json& ms = j["latency_ms"];
  EXPECT_EQ(ms["p50"], 5);
  EXPECT_EQ(ms["p90"], 9);
  EXPECT_EQ(ms["p95"], 10);
  EXPECT_EQ(ms["p99"], 10);
  EXPECT_EQ(ms["p999"], 10);
  EXPECT_EQ(ms["max"], 10);
  EXPECT_EQ(ms["mean"], 5.5);
  EXPECT_EQ(j["samples"], 10);
  EXPECT_EQ(j["error_kinds"]["timeout"], 1);
  EXPECT_EQ(j["warmup"], 3);
  EXPECT_EQ(j["connections"], 2);
  EXPECT_EQ(j["event_loops"], 2);
  // The documented keys come first, in the documented order (checked on the text: parsing
  // sorts keys).
  const std::vector<std::string> documented = {
      "url", "model", "requests", "errors", "error_rate", "throughput_rps", "latency_ms"};
  const std::string text = RenderProbeJson(TenSamples());
  size_t previous = 0;
  for (const auto& key : documented) {
    size_t at = text.find("\"" + key + "\"");
    ASSERT_NE(at, std::string::npos) << key;
    EXPECT_GT(at, previous) << key;
    previous = at;
  }
}

TEST(ProbeReport, NumbersThatCannotBeComputedAreNull) {
  LatencyReport report;
  report.url = "http://x/";
  report.model = "open";
  report.requests = 5;
  report.errors = 5;
  report.elapsed_s = 1;
  const nlohmann::json j = nlohmann::json::parse(RenderProbeJson(report));
  EXPECT_TRUE(j["latency_ms"]["p50"].is_null());
  EXPECT_TRUE(j["latency_ms"]["mean"].is_null());
  EXPECT_EQ(j["error_rate"], 1.0);
  EXPECT_EQ(j["throughput_rps"], 0.0);
  EXPECT_TRUE(nlohmann::json::parse(RenderProbeJson(LatencyReport{}))["error_rate"].is_null());
}

TEST(ProbeReport, TableShowsLoadCountsPercentilesAndErrors) {
  LoadSpec load;
  load.concurrency = 4;
  const std::string table = RenderProbeTable(TenSamples(), load);
  EXPECT_THAT(table, HasSubstr("http://127.0.0.1:8080/predict"));
  EXPECT_THAT(
      table,
      HasSubstr("closed model: 4 in flight over 2 event loops, 12 requests after 3 warm-up"));
  EXPECT_THAT(table, HasSubstr("12 measured, 2 errors (16.67%), 10 latency samples"));
  EXPECT_THAT(table, HasSubstr("20.0 successful requests/s"));
  EXPECT_THAT(table, HasSubstr("HTTP/1.1"));
  EXPECT_THAT(table, HasSubstr("p99.9"));
  EXPECT_THAT(table, HasSubstr("5.000"));  // p50
  EXPECT_THAT(table, HasSubstr("10.00"));  // p95 .. max
  EXPECT_THAT(table, HasSubstr("1 http 500, 1 timeout"));
  EXPECT_THAT(table, HasSubstr("closed model: a server stall"));

  LatencyReport open = TenSamples();
  open.model = "open";
  open.late_sends = 7;
  open.queued_sends = 5;
  load.rate = 50;
  load.duration_s = 2;
  const std::string open_table = RenderProbeTable(open, load);
  EXPECT_THAT(open_table, HasSubstr("open model: 50 requests/s for 2 s, at most 4 in flight"));
  EXPECT_THAT(open_table, HasSubstr("7 requests were sent over 1 ms after their intended time"));
  EXPECT_THAT(open_table, HasSubstr("5 waited for one of the 4 connections"));
  EXPECT_THAT(open_table, HasSubstr("2 for this machine"));
  EXPECT_THAT(open_table, Not(HasSubstr("closed model: a server stall")));
}

}  // namespace
}  // namespace mlgate
