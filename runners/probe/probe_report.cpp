// Rendering of a probe's measurements for `mlgate probe`.
#include "runners/probe/probe_report.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "checks/serving/latency.h"

namespace mlgate {
namespace {

// Fixed notation with about four significant digits: people compare these by eye.
std::string Ms(double value) {
  if (!std::isfinite(value)) return "-";
  if (value < 10) return fmt::format("{:.3f}", value);
  if (value < 100) return fmt::format("{:.2f}", value);
  if (value < 1000) return fmt::format("{:.1f}", value);
  return fmt::format("{:.0f}", value);
}

std::string LoadLine(const LatencyReport& report, const LoadSpec& load) {
  if (report.model == "open") {
    return fmt::format("open model: {} requests/s for {} s, at most {} in flight, {} warm-up",
                       load.rate, load.duration_s, load.concurrency, report.warmup_requests);
  }
  return fmt::format(
      "closed model: {} in flight over {} event loop{}, {} requests after {} warm-up",
      load.concurrency, report.event_loops, report.event_loops == 1 ? "" : "s", report.requests,
      report.warmup_requests);
}

}  // namespace

std::string RenderProbeJson(const LatencyReport& report) {
  const LatencySummary s = SummarizeLatency(report);
  nlohmann::ordered_json j;
  j["url"] = report.url;
  j["model"] = report.model;
  j["requests"] = s.requests;
  j["errors"] = s.errors;
  j["error_rate"] = s.error_rate;  // NaN is written as null
  j["throughput_rps"] = s.throughput_rps;
  j["latency_ms"] = {{"p50", s.p50_ms},   {"p90", s.p90_ms}, {"p95", s.p95_ms},  {"p99", s.p99_ms},
                     {"p999", s.p999_ms}, {"max", s.max_ms}, {"mean", s.mean_ms}};
  j["samples"] = s.samples;
  j["elapsed_s"] = report.elapsed_s;
  j["warmup"] = report.warmup_requests;
  j["connections"] = report.connections;
  j["event_loops"] = report.event_loops;
  j["late_sends"] = report.late_sends;
  j["queued_sends"] = report.queued_sends;
  j["error_kinds"] = report.error_kinds;
  return j.dump(2) + "\n";
}

std::string RenderProbeTable(const LatencyReport& report, const LoadSpec& load) {
  const LatencySummary s = SummarizeLatency(report);
  std::string out;
  out += fmt::format("probe       {}\n", report.url);
  out += fmt::format("load        {}\n", LoadLine(report, load));
  out +=
      fmt::format("requests    {} measured, {} errors ({:.2f}%), {} latency samples\n", s.requests,
                  s.errors, std::isfinite(s.error_rate) ? 100 * s.error_rate : 0.0, s.samples);
  out += fmt::format("throughput  {:.1f} successful requests/s over {:.3f} s", s.throughput_rps,
                     report.elapsed_s);
  out += fmt::format(", {} connection{}", report.connections, report.connections == 1 ? "" : "s");
  if (!report.http_version.empty()) out += fmt::format(", HTTP/{}", report.http_version);
  out += "\n\n";
  out += fmt::format("{:<12}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}\n", "latency ms", "p50",
                     "p90", "p95", "p99", "p99.9", "max", "mean");
  out += fmt::format("{:<12}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}\n", "", Ms(s.p50_ms),
                     Ms(s.p90_ms), Ms(s.p95_ms), Ms(s.p99_ms), Ms(s.p999_ms), Ms(s.max_ms),
                     Ms(s.mean_ms));
  if (!report.error_kinds.empty()) {
    out += "\nerrors     ";
    bool first = true;
    for (const auto& [kind, count] : report.error_kinds) {
      out += fmt::format("{} {} {}", first ? "" : ",", count, kind);
      first = false;
    }
    out += "\n";
  }
  if (report.late_sends > 0) {
    out += fmt::format(
        "\nnote        {} requests were sent over 1 ms after their intended time, their wait "
        "counted in their latency: {} waited for one of the {} connections (raise --concurrency "
        "to tell that from the server), {} for this machine (a busy client inflates latency)\n",
        report.late_sends, report.queued_sends, load.concurrency,
        report.late_sends - report.queued_sends);
  }
  if (report.model == "closed") {
    out +=
        "\nnote        closed model: a server stall delays the next requests instead of showing in "
        "their latency; --rate R --duration D measures from each request's intended send time\n";
  }
  return out;
}

}  // namespace mlgate
