// The probe engine against real servers on loopback: fast, slow, failing, hanging up, never
// answering, refusing, and stalling once. Assertions are on counts and orderings, and on lower
// bounds that sleeps guarantee, never on how fast this machine happens to be.
#include "runners/probe/probe.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "checks/serving/latency.h"
#include "tests/runners/probe_servers.h"

namespace mlgate {
namespace {

using testing::ClosedPort;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::LoopbackServer;
using ::testing::Not;
using ::testing::Pair;
using testing::RawServer;

EndpointDecl Endpoint(const std::string& url, double timeout_s = 5) {
  EndpointDecl e;
  e.name = "model";
  e.url = url;
  e.timeout_s = timeout_s;
  return e;
}

LoadSpec Closed(int64_t requests, int64_t concurrency, int64_t warmup) {
  LoadSpec load;
  load.model = "closed";
  load.requests = requests;
  load.concurrency = concurrency;
  load.warmup = warmup;
  load.timeout_s = 0;  // the endpoint's
  return load;
}

LoadSpec Open(double rate, double duration_s, int64_t concurrency, int64_t warmup) {
  LoadSpec load;
  load.model = "open";
  load.rate = rate;
  load.duration_s = duration_s;
  load.concurrency = concurrency;
  load.warmup = warmup;
  load.timeout_s = 0;
  return load;
}

// Counts requests and answers 200 (or 500 for every `fail_every`-th when > 0).
struct CountingHandler {
  std::atomic<int> seen{0};
  int fail_every = 0;
  int delay_ms = 0;
  void Install(httplib::Server& server, const std::string& path = "/ok") {
    auto handle = [this](const httplib::Request&, httplib::Response& res) {
      int n = ++seen;
      if (delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
      if (fail_every > 0 && n % fail_every == 0) {
        res.status = 500;
        res.set_content("{}", "application/json");
        return;
      }
      res.set_content(R"({"weather":"sun"})", "application/json");
    };
    server.Get(path, handle);
    server.Post(path, handle);
  }
};

TEST(ProbeEngine, ClosedModelCountsEveryRequestAndKeepsConnections) {
  CountingHandler handler;
  LoopbackServer server([&](httplib::Server& s) { handler.Install(s); });
  auto report = RunProbe(Endpoint(server.Url("/ok")), Closed(200, 4, 20));
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->model, "closed");
  EXPECT_EQ(report->url, server.Url("/ok"));
  EXPECT_EQ(report->requests, 200);
  EXPECT_EQ(report->errors, 0);
  EXPECT_TRUE(report->error_kinds.empty());
  EXPECT_EQ(report->latencies_ms.size(), 200u);
  EXPECT_EQ(report->warmup_requests, 20);
  EXPECT_EQ(handler.seen.load(), 220);  // warm-up sent, nothing retried
  EXPECT_EQ(report->connections, 4);    // keep-alive: one connection per request in flight
  EXPECT_EQ(report->http_version, "1.1");
  EXPECT_GT(report->elapsed_s, 0);
  for (double ms : report->latencies_ms) EXPECT_GT(ms, 0);
}

TEST(ProbeEngine, ServerClosingConnectionsMakesTheProbeReconnect) {
  CountingHandler handler;
  LoopbackServer server([&](httplib::Server& s) { handler.Install(s); }, /*keep_alive_max=*/1);
  auto report = RunProbe(Endpoint(server.Url("/ok")), Closed(60, 3, 6));
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->errors, 0);
  EXPECT_EQ(report->latencies_ms.size(), 60u);
  EXPECT_EQ(report->connections, 66);  // every answer closed its connection
}

TEST(ProbeEngine, ServerErrorsAreCountedExactlyByKind) {
  CountingHandler handler;
  handler.fail_every = 5;
  LoopbackServer server([&](httplib::Server& s) { handler.Install(s); });
  auto report = RunProbe(Endpoint(server.Url("/ok")), Closed(100, 4, 7));
  ASSERT_TRUE(report.ok()) << report.status().message();
  // Any 100 consecutive request numbers hold exactly 20 multiples of 5.
  EXPECT_EQ(report->requests, 100);
  EXPECT_EQ(report->errors, 20);
  EXPECT_THAT(report->error_kinds, ElementsAre(Pair("http 500", 20)));
  EXPECT_EQ(report->latencies_ms.size(), 80u);
  EXPECT_DOUBLE_EQ(SummarizeLatency(*report).error_rate, 0.2);
}

TEST(ProbeEngine, SlowServerIsSlowerThanFastServer) {
  CountingHandler fast, slow;
  slow.delay_ms = 30;
  LoopbackServer fast_server([&](httplib::Server& s) { fast.Install(s); });
  LoopbackServer slow_server([&](httplib::Server& s) { slow.Install(s); });
  auto fast_report = RunProbe(Endpoint(fast_server.Url("/ok")), Closed(40, 4, 4));
  auto slow_report = RunProbe(Endpoint(slow_server.Url("/ok")), Closed(40, 4, 4));
  ASSERT_TRUE(fast_report.ok());
  ASSERT_TRUE(slow_report.ok());
  const double slowest_min =
      *std::min_element(slow_report->latencies_ms.begin(), slow_report->latencies_ms.end());
  EXPECT_GE(slowest_min, 30.0);  // every answer slept 30 ms
  EXPECT_LT(SummarizeLatency(*fast_report).p50_ms, SummarizeLatency(*slow_report).p50_ms);
}

TEST(ProbeEngine, HangUpsAreErrorsNotSamples) {
  RawServer server(RawServer::Mode::kHangUp);
  auto report = RunProbe(Endpoint(server.Url("/")), Closed(30, 3, 0));
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->requests, 30);
  EXPECT_EQ(report->errors, 30);
  EXPECT_TRUE(report->latencies_ms.empty());
  EXPECT_THAT(report->error_kinds, ElementsAre(Pair("empty reply", 30)));
  EXPECT_EQ(server.hang_ups(), 30);
}

TEST(ProbeEngine, NeverAnsweringServerIsReportedWithinItsTimeout) {
  RawServer server(RawServer::Mode::kNeverAnswer);
  const auto begin = std::chrono::steady_clock::now();
  // 1000 requests at 0.3 s would take 75 s one after another; the probe gives up after the
  // first four time out.
  auto report = RunProbe(Endpoint(server.Url("/"), 0.3), Closed(1000, 4, 0));
  const double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(report.status().message(), HasSubstr("4 timeout"));
  EXPECT_LT(took, 30.0);  // a hang guard, far above the expected 0.3 s
}

// A server that answers its first `healthy` requests and is dead from then on: it holds every
// later request far past the probe's timeout (up to 5 s, or until `stopping`).
std::unique_ptr<LoopbackServer> ServerThatStopsAnsweringAfter(int healthy,
                                                              std::atomic<int>& answered,
                                                              std::atomic<bool>& stopping) {
  return std::make_unique<LoopbackServer>([&answered, &stopping, healthy](httplib::Server& s) {
    s.Get("/", [&answered, &stopping, healthy](const httplib::Request&, httplib::Response& res) {
      if (answered.fetch_add(1) >= healthy) {
        for (int i = 0; i < 500 && !stopping.load(); ++i) {
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
      }
      res.set_content("ok", "text/plain");
    });
  });
}

TEST(ProbeEngine, ServerThatStopsAnsweringMidRunStopsTheProbe) {
  std::atomic<int> answered{0};
  std::atomic<bool> stopping{false};
  auto server = ServerThatStopsAnsweringAfter(50, answered, stopping);
  const auto begin = std::chrono::steady_clock::now();
  // 2000 requests at 0.3 s, 4 at a time, would wait about 150 s; the probe stops once ten
  // requests in a row failed and nothing answered for two timeouts.
  auto report = RunProbe(Endpoint(server->Url("/"), 0.3), Closed(2000, 4, 0));
  const double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  stopping = true;
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(report.status().message(),
              HasSubstr("the endpoint stopped answering: after 50 answers"));
  EXPECT_THAT(report.status().message(),
              HasSubstr("requests all failed to connect or timed out (timeout 0.3 s)"));
  EXPECT_LT(took, 30.0);  // a hang guard, far above the expected 1 s
}

TEST(ProbeEngine, NeverAnsweringServerStopsTheOpenModelToo) {
  RawServer server(RawServer::Mode::kNeverAnswer);
  auto report = RunProbe(Endpoint(server.Url("/"), 0.3), Open(100, 60, 4, 0));
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(report.status().message(), HasSubstr("timeout"));
}

TEST(ProbeEngine, RefusedConnectionsMakeTheEndpointUnavailable) {
  auto report = RunProbe(Endpoint("http://127.0.0.1:" + std::to_string(ClosedPort()) + "/"),
                         Closed(50, 2, 5));
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(report.status().message(), HasSubstr("2 connect"));
}

// Every request passes one lock; request number `stall_at` holds it for a second, so the whole
// server stalls once.
struct StallingHandler {
  std::mutex lock;
  std::atomic<int> seen{0};
  int stall_at = 0;
  void Install(httplib::Server& server) {
    server.Get("/ok", [this](const httplib::Request&, httplib::Response& res) {
      int n = ++seen;
      std::lock_guard<std::mutex> hold(lock);
      if (n == stall_at) std::this_thread::sleep_for(std::chrono::milliseconds(1000));
      res.set_content("{}", "application/json");
    });
  }
};

TEST(ProbeEngine, OpenModelShowsAStallThatTheClosedModelHides) {
  StallingHandler open_handler, closed_handler;
  open_handler.stall_at = 100;
  closed_handler.stall_at = 100;
  LoopbackServer open_server([&](httplib::Server& s) { open_handler.Install(s); });
  LoopbackServer closed_server([&](httplib::Server& s) { closed_handler.Install(s); });

  // 200 requests/s for 2 s: about 200 requests fall due during the stall, each waiting for it.
  auto open = RunProbe(Endpoint(open_server.Url("/ok")), Open(200, 2, 8, 0));
  ASSERT_TRUE(open.ok()) << open.status().message();
  const LatencySummary open_summary = SummarizeLatency(*open);
  EXPECT_EQ(open->model, "open");
  EXPECT_EQ(open->requests, 400);
  EXPECT_EQ(open->errors, 0);
  EXPECT_GE(open_summary.max_ms, 1000.0);
  EXPECT_GE(open_summary.p99_ms, 900.0);
  EXPECT_GE(open_summary.p95_ms, 500.0);

  // Two connections: only the two requests in flight during the stall see it.
  auto closed = RunProbe(Endpoint(closed_server.Url("/ok")), Closed(400, 2, 0));
  ASSERT_TRUE(closed.ok()) << closed.status().message();
  const LatencySummary closed_summary = SummarizeLatency(*closed);
  EXPECT_EQ(closed->model, "closed");
  EXPECT_EQ(closed->requests, 400);
  EXPECT_GE(closed_summary.max_ms, 1000.0);
  EXPECT_GE(closed->elapsed_s, 1.0);
  EXPECT_LT(closed_summary.p99_ms, open_summary.p99_ms);
}

TEST(ProbeEngine, OpenModelSendsRateTimesDuration) {
  CountingHandler handler;
  LoopbackServer server([&](httplib::Server& s) { handler.Install(s); });
  auto report = RunProbe(Endpoint(server.Url("/ok")), Open(200, 0.5, 4, 10));
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->model, "open");
  EXPECT_EQ(report->requests, 100);
  EXPECT_EQ(report->warmup_requests, 10);
  EXPECT_EQ(handler.seen.load(), 110);
  EXPECT_EQ(report->errors, 0);
  // The last measured request is due 99/200 s after the first.
  EXPECT_GE(report->elapsed_s, 0.495);
}

TEST(ProbeEngine, OpenModelCountsRequestsThatWaitedPastTheirTimeout) {
  CountingHandler handler;
  handler.delay_ms = 200;
  LoopbackServer server([&](httplib::Server& s) { handler.Install(s); });
  // One connection serving 5 answers/s while 100/s fall due: most wait out their 0.5 s.
  auto report = RunProbe(Endpoint(server.Url("/ok"), 0.5), Open(100, 0.5, 1, 0));
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->requests, 50);
  EXPECT_GE(report->errors, 40);
  // Whether a request times out on its connection or still in the queue depends on when its
  // turn comes; together they are the requests that could not be answered in time.
  EXPECT_GE(report->error_kinds["timeout"] + report->error_kinds["queued past timeout"], 40);
  EXPECT_EQ(report->error_kinds.size(), report->error_kinds.count("timeout") +
                                            report->error_kinds.count("queued past timeout"));
  EXPECT_GE(report->queued_sends, 1);  // one connection for 100 requests/s of 200 ms answers
  EXPECT_GE(report->late_sends, report->queued_sends);
  EXPECT_EQ(report->errors + static_cast<int64_t>(report->latencies_ms.size()), 50);
  for (double ms : report->latencies_ms) EXPECT_LT(ms, 500.0 + 50.0);
}

TEST(ProbeEngine, ChecksTheAnswerStatusAndJsonField) {
  CountingHandler handler;
  LoopbackServer server([&](httplib::Server& s) { handler.Install(s); });
  EndpointDecl with_field = Endpoint(server.Url("/ok"));
  with_field.expect_json_field = "weather";
  auto good = RunProbe(with_field, Closed(10, 2, 0));
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good->errors, 0);

  EndpointDecl missing = Endpoint(server.Url("/ok"));
  missing.expect_json_field = "temperature";
  auto bad = RunProbe(missing, Closed(10, 2, 0));
  ASSERT_TRUE(bad.ok());
  EXPECT_THAT(bad->error_kinds, ElementsAre(Pair("no json field 'temperature'", 10)));

  EndpointDecl created = Endpoint(server.Url("/ok"));
  created.expect_status = 201;
  auto status = RunProbe(created, Closed(10, 2, 0));
  ASSERT_TRUE(status.ok());
  EXPECT_THAT(status->error_kinds, ElementsAre(Pair("http 200 (expected 201)", 10)));
}

TEST(ProbeEngine, SendsMethodBodyAndHeaders) {
  std::mutex lock;
  std::vector<std::string> methods, bodies, auth, types;
  LoopbackServer server([&](httplib::Server& s) {
    auto record = [&](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> hold(lock);
      methods.push_back(req.method);
      bodies.push_back(req.body);
      auth.push_back(req.get_header_value("Authorization"));
      types.push_back(req.get_header_value("Content-Type"));
      res.set_content("{}", "application/json");
    };
    s.Post("/predict", record);
    s.Put("/predict", record);
  });
  EndpointDecl e = Endpoint(server.Url("/predict"));
  e.method = "POST";
  e.body = R"({"precipitation":1,"temp_max":10,"temp_min":2,"wind":3})";
  e.headers["Authorization"] = "Bearer s3cret-token";
  auto report = RunProbe(e, Closed(5, 1, 1));
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->errors, 0);
  ASSERT_EQ(methods.size(), 6u);
  EXPECT_EQ(methods[0], "POST");
  EXPECT_EQ(bodies[5], e.body);
  EXPECT_EQ(auth[5], "Bearer s3cret-token");
  EXPECT_EQ(types[5], "application/json");

  e.method = "PUT";
  e.headers["Content-Type"] = "text/plain";
  auto put = RunProbe(e, Closed(1, 1, 0));
  ASSERT_TRUE(put.ok()) << put.status().message();
  EXPECT_EQ(methods.back(), "PUT");
  EXPECT_EQ(bodies.back(), e.body);
  EXPECT_EQ(types.back(), "text/plain");
}

TEST(ProbeEngine, RejectsBadInputWithoutRevealingHeaderValues) {
  EndpointDecl e = Endpoint("http://127.0.0.1:1/");
  e.headers["Authorization"] = "Bearer hunter2\r\nX-Injected: 1";
  auto header = RunProbe(e, Closed(1, 1, 0));
  ASSERT_FALSE(header.ok());
  EXPECT_EQ(header.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(header.status().message(), HasSubstr("Authorization"));
  EXPECT_THAT(header.status().message(), Not(HasSubstr("hunter2")));

  auto scheme = RunProbe(Endpoint("ftp://127.0.0.1/x"), Closed(1, 1, 0));
  EXPECT_EQ(scheme.status().code(), StatusCode::kInvalidArgument);
  auto garbage = RunProbe(Endpoint("not a url"), Closed(1, 1, 0));
  EXPECT_EQ(garbage.status().code(), StatusCode::kInvalidArgument);
  auto zero = RunProbe(Endpoint("http://127.0.0.1:1/"), Closed(0, 1, 0));
  EXPECT_EQ(zero.status().code(), StatusCode::kInvalidArgument);
  auto no_rate = RunProbe(Endpoint("http://127.0.0.1:1/"), Open(0, 1, 1, 0));
  EXPECT_EQ(no_rate.status().code(), StatusCode::kInvalidArgument);
  auto no_duration = RunProbe(Endpoint("http://127.0.0.1:1/"), Open(10, 0, 1, 0));
  EXPECT_EQ(no_duration.status().code(), StatusCode::kInvalidArgument);
  LoadSpec weird = Closed(1, 1, 0);
  weird.model = "half-open";
  EXPECT_EQ(RunProbe(Endpoint("http://127.0.0.1:1/"), weird).status().code(),
            StatusCode::kInvalidArgument);
  EndpointDecl method = Endpoint("http://127.0.0.1:1/");
  method.method = "GET /evil";
  EXPECT_EQ(RunProbe(method, Closed(1, 1, 0)).status().code(), StatusCode::kInvalidArgument);
}

TEST(ProbeEngine, ReportsProgressForBothPhases) {
  CountingHandler handler;
  LoopbackServer server([&](httplib::Server& s) { handler.Install(s); });
  std::vector<ProbeTick> ticks;
  ProbeProgress progress;
  progress.interval_s = 0;
  progress.update = [&](const ProbeTick& tick) { ticks.push_back(tick); };
  auto report = RunProbe(Endpoint(server.Url("/ok")), Closed(30, 2, 10), &progress);
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(ticks.empty());
  EXPECT_STREQ(ticks.front().phase, "warmup");
  EXPECT_STREQ(ticks.back().phase, "measure");
  EXPECT_EQ(ticks.back().done, 30);
  EXPECT_EQ(ticks.back().total, 30);
  auto last_warmup = std::find_if(ticks.rbegin(), ticks.rend(), [](const ProbeTick& t) {
    return std::string_view(t.phase) == "warmup";
  });
  ASSERT_NE(last_warmup, ticks.rend());
  EXPECT_EQ(last_warmup->done, 10);
}

ProbeOptions Loops(int event_loops) {
  ProbeOptions options;
  options.event_loops = event_loops;
  return options;
}

TEST(ProbeEngine, SeveralLoopsSendExactlyTheRequestedNumber) {
  CountingHandler handler;
  LoopbackServer server([&](httplib::Server& s) { handler.Install(s); });
  // 7 connections over 3 loops (3 + 2 + 2); 1001 requests do not divide among them.
  auto report = RunProbe(Endpoint(server.Url("/ok")), Closed(1001, 7, 13), nullptr, Loops(3));
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->requests, 1001);
  EXPECT_EQ(report->errors, 0);
  EXPECT_EQ(report->latencies_ms.size(), 1001u);
  EXPECT_EQ(report->warmup_requests, 13);
  EXPECT_EQ(handler.seen.load(), 1014);  // nothing sent twice, nothing sent beyond the count
  EXPECT_EQ(report->connections, 7);     // each loop keeps its own connections alive
  EXPECT_EQ(report->http_version, "1.1");
  EXPECT_GT(report->elapsed_s, 0);
  for (double ms : report->latencies_ms) EXPECT_GT(ms, 0);
}

TEST(ProbeEngine, OneLoopAndMoreLoopsThanConnectionsAgree) {
  CountingHandler handler;
  LoopbackServer server([&](httplib::Server& s) { handler.Install(s); });
  auto one = RunProbe(Endpoint(server.Url("/ok")), Closed(300, 4, 10), nullptr, Loops(1));
  ASSERT_TRUE(one.ok()) << one.status().message();
  EXPECT_EQ(one->requests, 300);
  EXPECT_EQ(one->latencies_ms.size(), 300u);
  EXPECT_EQ(one->connections, 4);
  // Asking for 16 loops with 2 connections runs 2: a loop without a connection has no work.
  auto many = RunProbe(Endpoint(server.Url("/ok")), Closed(300, 2, 10), nullptr, Loops(16));
  ASSERT_TRUE(many.ok()) << many.status().message();
  EXPECT_EQ(many->requests, 300);
  EXPECT_EQ(many->latencies_ms.size(), 300u);
  EXPECT_EQ(many->connections, 2);
  // Fewer requests than connections: each request still sent once.
  auto few = RunProbe(Endpoint(server.Url("/ok")), Closed(3, 8, 0), nullptr, Loops(4));
  ASSERT_TRUE(few.ok()) << few.status().message();
  EXPECT_EQ(few->requests, 3);
  EXPECT_EQ(few->latencies_ms.size(), 3u);
  EXPECT_EQ(handler.seen.load(), 310 + 310 + 3);
}

TEST(ProbeEngine, ErrorsAreCountedAcrossLoops) {
  CountingHandler handler;
  handler.fail_every = 5;
  LoopbackServer server([&](httplib::Server& s) { handler.Install(s); });
  auto report = RunProbe(Endpoint(server.Url("/ok")), Closed(500, 6, 7), nullptr, Loops(3));
  ASSERT_TRUE(report.ok()) << report.status().message();
  // The warm-up ends before the measured phase begins, so the measured requests are the
  // server's numbers 8 to 507: exactly 100 multiples of 5, whichever loop sent them.
  EXPECT_EQ(report->requests, 500);
  EXPECT_EQ(report->errors, 100);
  EXPECT_THAT(report->error_kinds, ElementsAre(Pair("http 500", 100)));
  EXPECT_EQ(report->latencies_ms.size(), 400u);
}

TEST(ProbeEngine, SeveralLoopsReportProgressOnTheCallingThread) {
  CountingHandler handler;
  LoopbackServer server([&](httplib::Server& s) { handler.Install(s); });
  std::vector<ProbeTick> ticks;
  bool other_thread = false;
  const auto caller = std::this_thread::get_id();
  ProbeProgress progress;
  progress.interval_s = 0;
  progress.update = [&](const ProbeTick& tick) {
    other_thread = other_thread || std::this_thread::get_id() != caller;
    ticks.push_back(tick);
  };
  auto report = RunProbe(Endpoint(server.Url("/ok")), Closed(200, 4, 20), &progress, Loops(2));
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_FALSE(other_thread);
  ASSERT_FALSE(ticks.empty());
  EXPECT_STREQ(ticks.back().phase, "measure");
  EXPECT_EQ(ticks.back().done, 200);
  int64_t previous = 0;
  for (const ProbeTick& tick : ticks) {
    EXPECT_LE(tick.done, tick.total);
    if (std::string_view(tick.phase) == "measure") {
      EXPECT_GE(tick.done, previous);
      previous = tick.done;
    }
  }
}

TEST(ProbeEngine, NeverAnsweringServerStopsEveryLoop) {
  RawServer server(RawServer::Mode::kNeverAnswer);
  auto report = RunProbe(Endpoint(server.Url("/"), 0.3), Closed(1000, 8, 0), nullptr, Loops(4));
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kUnavailable);
  // The count of the message is the one that decided, whichever loop saw it.
  EXPECT_THAT(report.status().message(), HasSubstr("the first 8 requests all failed (8 timeout"));
}

TEST(ProbeEngine, RefusedConnectionsStopEveryLoop) {
  auto report = RunProbe(Endpoint("http://127.0.0.1:" + std::to_string(ClosedPort()) + "/"),
                         Closed(5000, 4, 5), nullptr, Loops(4));
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(report.status().message(), HasSubstr("the first 4 requests all failed (4 connect"));
}

TEST(ProbeEngine, ServerThatStopsAnsweringMidRunStopsEveryLoop) {
  std::atomic<int> answered{0};
  std::atomic<bool> stopping{false};
  auto server = ServerThatStopsAnsweringAfter(100, answered, stopping);
  const auto begin = std::chrono::steady_clock::now();
  auto report = RunProbe(Endpoint(server->Url("/"), 0.3), Closed(5000, 6, 0), nullptr, Loops(3));
  const double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  stopping = true;
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kUnavailable);
  // Every loop's answers count, and every loop's failures make the run of failures.
  EXPECT_THAT(report.status().message(),
              HasSubstr("the endpoint stopped answering: after 100 answers"));
  EXPECT_LT(took, 30.0);  // a hang guard, far above the expected 1 s
}

TEST(ProbeEngine, OpenModelRunsOneLoopWhateverTheOptions) {
  CountingHandler handler;
  LoopbackServer server([&](httplib::Server& s) { handler.Install(s); });
  auto report = RunProbe(Endpoint(server.Url("/ok")), Open(200, 0.5, 4, 10), nullptr, Loops(4));
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->requests, 100);
  EXPECT_EQ(handler.seen.load(), 110);
  EXPECT_EQ(report->errors, 0);
  EXPECT_GE(report->elapsed_s, 0.495);
}

TEST(ProbeEngine, RejectsANegativeLoopCount) {
  auto report = RunProbe(Endpoint("http://127.0.0.1:1/"), Closed(1, 1, 0), nullptr, Loops(-1));
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidArgument);
}

TEST(ProbeEngine, LoadTimeoutOverridesTheEndpointTimeout) {
  CountingHandler handler;
  handler.delay_ms = 300;
  LoopbackServer server([&](httplib::Server& s) { handler.Install(s); });
  LoadSpec load = Closed(4, 2, 0);
  load.timeout_s = 0.1;
  // The endpoint allows 5 s; the load's 0.1 s applies, so every request times out.
  auto report = RunProbe(Endpoint(server.Url("/ok"), 5), load);
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(report.status().message(), HasSubstr("2 timeout"));
}

}  // namespace
}  // namespace mlgate
