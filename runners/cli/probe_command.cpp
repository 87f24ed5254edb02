// `mlgate probe`: parses the load from flags, runs the probe engine, prints and writes results.
#include "runners/cli/probe_command.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "gates/gate.h"
#include "gates/report/report.h"
#include "runners/probe/probe.h"
#include "runners/probe/probe_report.h"

namespace mlgate {
namespace {

struct ProbeArgs {
  std::string url;
  int64_t concurrency = 8;
  int64_t requests = 1000;
  int64_t warmup = 100;
  double rate = 0;
  double duration_s = 0;
  double timeout_s = 5;
  std::string method;
  std::string body;
  std::string body_file;
  std::vector<std::string> headers;
  std::string json;
  int expect_status = 0;
  std::string expect_json_field;
  bool no_progress = false;
  int threads = 0;  // event loops of the closed model; 0: one per core
  // Which flags were given (CLI11 knows; copied here so the run needs no Option pointers).
  bool has_rate = false, has_duration = false, has_requests = false, has_body = false,
       has_body_file = false;
};

// Replaces ${env:NAME} in `text`; a missing variable is an error naming the variable only.
StatusOr<std::string> ExpandEnv(const std::string& text, const std::string& where) {
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t open = text.find("${env:", pos);
    if (open == std::string::npos) break;
    size_t close = text.find('}', open);
    if (close == std::string::npos) {
      return InvalidArgument(fmt::format("{}: '${{env:' without a closing '}}'", where));
    }
    out.append(text, pos, open - pos);
    std::string name = text.substr(open + 6, close - open - 6);
    const char* value = std::getenv(name.c_str());
    if (name.empty() || value == nullptr) {
      return InvalidArgument(fmt::format("{}: environment variable '{}' is not set", where, name));
    }
    out += value;
    pos = close + 1;
  }
  out.append(text, pos, std::string::npos);
  return out;
}

// Builds the endpoint and load from the flags; InvalidArgument on any inconsistency.
Status BuildRequest(const ProbeArgs& args, EndpointDecl* endpoint, LoadSpec* load) {
  if (args.has_body && args.has_body_file) {
    return InvalidArgument("give --body or --body-file, not both");
  }
  if (args.has_rate != args.has_duration) {
    return InvalidArgument("the open model needs both --rate and --duration");
  }
  if (args.has_rate && args.has_requests) {
    return InvalidArgument(
        "--requests applies to the closed model; the open model sends rate x duration requests");
  }
  endpoint->name = "probe";
  endpoint->url = args.url;
  if (args.has_body) endpoint->body = args.body;
  if (args.has_body_file) {
    std::ifstream in(args.body_file, std::ios::binary);
    if (!in) return InvalidArgument(fmt::format("cannot read --body-file '{}'", args.body_file));
    std::stringstream content;
    content << in.rdbuf();
    endpoint->body = content.str();
  }
  endpoint->method =
      args.method.empty() ? ((args.has_body || args.has_body_file) ? "POST" : "GET") : args.method;
  // Methods are case-sensitive on the wire and servers know them in upper case.
  for (char& c : endpoint->method)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const auto& header : args.headers) {
    size_t colon = header.find(':');
    if (colon == std::string::npos || colon == 0) {
      // Never echo the text: it may hold a token.
      return InvalidArgument("--header takes 'Name: value'");
    }
    std::string name = header.substr(0, colon);
    std::string raw = header.substr(colon + 1);
    size_t first = raw.find_first_not_of(" \t");
    raw = first == std::string::npos ? std::string() : raw.substr(first);
    StatusOr<std::string> value = ExpandEnv(raw, fmt::format("--header '{}'", name));
    if (!value.ok()) return value.status();
    endpoint->headers[name] = *value;
  }
  endpoint->timeout_s = args.timeout_s;
  endpoint->expect_status = args.expect_status;
  endpoint->expect_json_field = args.expect_json_field;

  load->model = args.has_rate ? "open" : "closed";
  load->concurrency = args.concurrency;
  load->requests = args.requests;
  load->warmup = args.warmup;
  load->rate = args.rate;
  load->duration_s = args.duration_s;
  load->timeout_s = args.timeout_s;
  return Status::Ok();
}

// One rewritten line on a terminal's stderr.
ProbeProgress TerminalProgress() {
  ProbeProgress progress;
  progress.update = [](const ProbeTick& tick) {
    std::cerr << fmt::format("\r{:<8} {}/{} requests, {} errors, {:.1f} s   ", tick.phase,
                             tick.done, tick.total, tick.errors, tick.elapsed_s)
              << std::flush;
  };
  return progress;
}

int Run(const ProbeArgs& args) {
  EndpointDecl endpoint;
  LoadSpec load;
  if (Status status = BuildRequest(args, &endpoint, &load); !status.ok()) {
    std::cerr << "mlgate probe: " << status.message() << "\n";
    return 2;
  }
  const bool show_progress = !args.no_progress && ::isatty(STDERR_FILENO);
  ProbeProgress progress = TerminalProgress();
  ProbeOptions options;
  options.event_loops = args.threads;
  StatusOr<LatencyReport> report =
      RunProbe(endpoint, load, show_progress ? &progress : nullptr, options);
  if (show_progress) std::cerr << "\r" << std::string(60, ' ') << "\r" << std::flush;
  if (!report.ok()) {
    std::cerr << "mlgate probe: " << report.status().message() << "\n";
    return report.status().code() == StatusCode::kInvalidArgument ? 2 : 1;
  }
  std::cout << RenderProbeTable(*report, load) << std::flush;
  int code = report->latencies_ms.empty() ? 1 : 0;
  if (code != 0) std::cerr << "mlgate probe: no request succeeded; nothing to measure\n";
  if (!args.json.empty()) {
    if (Status status = WriteFileAtomically(args.json, RenderProbeJson(*report)); !status.ok()) {
      std::cerr << "mlgate probe: " << status.message() << "\n";
      code = 1;
    }
  }
  return code;
}

}  // namespace

void AddProbeCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ProbeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "probe",
      "Measure an endpoint's latency with the engine of the `latency` check: closed model "
      "(--concurrency, --requests, --warmup) or open model (--rate with --duration).");
  cmd->add_option("url", args->url, "http:// or https:// URL to probe")->required();
  auto* concurrency = cmd->add_option("--concurrency,-c", args->concurrency,
                                      "requests in flight (open model: most in flight)");
  concurrency->check(CLI::Range(int64_t{1}, int64_t{10000}))->capture_default_str();
  auto* requests = cmd->add_option("--requests,-n", args->requests,
                                   "closed model: measured requests after the warm-up");
  requests->check(CLI::Range(int64_t{1}, int64_t{100'000'000}))->capture_default_str();
  cmd->add_option("--warmup", args->warmup, "requests sent first and not measured")
      ->check(CLI::Range(int64_t{0}, int64_t{100'000'000}))
      ->capture_default_str();
  auto* rate =
      cmd->add_option("--rate", args->rate, "open model: requests per second (needs --duration)");
  rate->check(CLI::PositiveNumber);
  auto* duration = cmd->add_option("--duration", args->duration_s,
                                   "open model: seconds of sending (needs --rate)");
  duration->check(CLI::PositiveNumber);
  cmd->add_option("--timeout", args->timeout_s, "seconds per request")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--method,-X", args->method, "HTTP method (default GET, POST with a body)");
  auto* body = cmd->add_option("--body,-d", args->body, "request body");
  auto* body_file = cmd->add_option("--body-file", args->body_file, "file holding the body");
  cmd->add_option("--header,-H", args->headers,
                  "'Name: value', repeatable; ${env:NAME} is replaced and never printed")
      ->allow_extra_args(false);
  cmd->add_option("--expect-status", args->expect_status,
                  "the status every answer must have (default: any 2xx)")
      ->check(CLI::Range(100, 599));
  cmd->add_option("--expect-json-field", args->expect_json_field,
                  "a top-level field every JSON answer must have");
  cmd->add_option("--threads,-t", args->threads,
                  "closed model: event loops, a thread each, sharing the connections "
                  "(default 0: one per core, at most --concurrency); the open model uses one")
      ->check(CLI::Range(0, 256))
      ->capture_default_str();
  cmd->add_option("--json", args->json, "write the numbers as JSON to this file");
  cmd->add_flag("--no-progress", args->no_progress, "no progress line on stderr");
  cmd->callback([=] {
    args->has_rate = rate->count() > 0;
    args->has_duration = duration->count() > 0;
    args->has_requests = requests->count() > 0;
    args->has_body = body->count() > 0;
    args->has_body_file = body_file->count() > 0;
    *exit_code = Run(*args);
  });
}

}  // namespace mlgate
