// Benchmarks of the serving side: summarizing latency samples (sort + percentiles + histogram)
// and the probe engine's request rate against an in-process cpp-httplib server on loopback.
#include <benchmark/benchmark.h>
#include <httplib.h>
#include <sys/socket.h>
// glibc's <resolv.h>, which httplib includes, defines `_res` as a macro, and Eigen (reached
// through the checks' headers) names a parameter `_res`.
#undef _res

#include <chrono>
#include <random>
#include <thread>

#include "checks/serving/latency.h"
#include "runners/probe/probe.h"

namespace mlgate {
namespace {

std::vector<double> Samples(size_t n) {
  std::mt19937_64 rng(42);
  std::lognormal_distribution<double> latency(0.0, 0.5);
  std::vector<double> v(n);
  for (auto& x : v) x = latency(rng);
  return v;
}

void BM_SummarizeLatency(benchmark::State& state) {
  LatencyReport report;
  report.latencies_ms = Samples(static_cast<size_t>(state.range(0)));
  report.requests = state.range(0);
  report.elapsed_s = 1;
  for (auto _ : state) benchmark::DoNotOptimize(SummarizeLatency(report));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SummarizeLatency)->Arg(1000)->Arg(100000)->Arg(1000000);

void BM_LatencyHistogram(benchmark::State& state) {
  const std::vector<double> samples = Samples(static_cast<size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(LatencyHistogram(samples));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_LatencyHistogram)->Arg(100000);

// Requests per second of the closed model against a trivial server in this process, with
// range(0) requests in flight over range(1) event loops (0: one per core). Client and server
// share the machine's cores, as they do in bench/probe_vs_wrk.sh.
void BM_ProbeClosedLoopback(benchmark::State& state) {
  httplib::Server server;
  server.set_keep_alive_max_count(1000000);
  server.set_tcp_nodelay(true);
  server.new_task_queue = [] { return new httplib::ThreadPool(16); };
  server.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok", "text/plain");
  });
  int listen_fd = -1;
  server.set_socket_options([&listen_fd](socket_t sock) { listen_fd = sock; });
  const int port = server.bind_to_any_port("127.0.0.1");
  // Debian's httplib listens with a backlog of 5; 8 connects at once would wait for a SYN
  // retransmission.
  ::listen(listen_fd, SOMAXCONN);
  std::thread thread([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));

  EndpointDecl endpoint;
  endpoint.url = "http://127.0.0.1:" + std::to_string(port) + "/";
  LoadSpec load;
  load.requests = 5000;
  load.concurrency = state.range(0);
  load.warmup = 100;
  ProbeOptions options;
  options.event_loops = static_cast<int>(state.range(1));
  double p50 = 0;
  for (auto _ : state) {
    auto report = RunProbe(endpoint, load, nullptr, options);
    if (!report.ok() || report->errors != 0) {
      state.SkipWithError("probe failed");
      break;
    }
    p50 = SummarizeLatency(*report).p50_ms;
  }
  state.SetItemsProcessed(state.iterations() * load.requests);
  state.counters["p50_ms"] = p50;
  server.stop();
  thread.join();
}
BENCHMARK(BM_ProbeClosedLoopback)
    ->ArgNames({"concurrency", "loops"})
    ->Args({1, 1})
    ->Args({8, 1})
    ->Args({8, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace mlgate
