// mlgate-example-serve: the seattle-weather example's model server. It serves the model the
// example's trainer wrote (--model predictions/model.json):
//   POST /predict {"date":"2015-03-15","precipitation":..,"temp_max":..,"temp_min":..,"wind":..}
//        -> {"weather": "...", "p": {"drizzle":..,"fog":..,"rain":..,"snow":..,"sun":..}}
//        (400 with {"error": "..."} for a request it cannot score)
//   GET  /health -> {"status": "ok"}
// The first line on stdout is the port it listens on (useful with --port 0). SIGINT or SIGTERM
// stops it cleanly. Exit codes: 0 stopped by a signal, 1 the model or the port could not be had,
// 2 a bad command line.
#include <fmt/format.h>
#include <httplib.h>
#include <signal.h>
#include <sys/socket.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <thread>

// httplib includes <resolv.h>, whose `_res` macro would rename a parameter in Eigen's headers.
#undef _res
#include "examples/seattle-weather/serve/api.h"

namespace {

namespace serve = mlgate::seattle_weather::serve;
namespace train = mlgate::seattle_weather::train;

int Serve(const train::Model& model, const std::string& host, int port, int delay_ms, int threads) {
  // Block the stop signals in every thread the server starts; one thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  httplib::Server server;
  // Probes and benchmarks keep their connections: do not make them reconnect every 5 requests.
  server.set_keep_alive_max_count(100000);
  // httplib writes headers and body separately: without this, Nagle holds the body until the
  // client's delayed ACK, adding 40 ms to every answer on a kept-alive connection.
  server.set_tcp_nodelay(true);
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.Get("/health", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"status":"ok"})", "application/json");
  });
  server.Post("/predict", [&model, delay_ms](const httplib::Request& req, httplib::Response& res) {
    if (delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    train::Day day;
    std::string error;
    if (!serve::ParseRequest(req.body, model, &day, &error)) {
      res.status = 400;
      res.set_content(nlohmann::json{{"error", error}}.dump(), "application/json");
      return;
    }
    res.set_content(serve::Answer(model, day).dump(), "application/json");
  });

  // Debian's build of httplib listens with a backlog of 5, so a client opening more connections
  // at once than that can wait a whole SYN retransmission (1 s). Keep the listening socket to
  // listen again with a full backlog.
  int listen_fd = -1;
  server.set_socket_options([&listen_fd](socket_t sock) {
    int one = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    listen_fd = sock;
  });
  int bound =
      port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    std::cerr << "mlgate-example-serve: cannot listen on " << host << ":" << port << "\n";
    return 1;
  }
  if (listen_fd >= 0) ::listen(listen_fd, SOMAXCONN);
  std::cout << bound << std::endl;
  std::cerr << "mlgate-example-serve: listening on http://" << host << ":" << bound
            << " (POST /predict, GET /health; " << threads << " threads";
  if (delay_ms > 0) std::cerr << ", " << delay_ms << " ms delay";
  std::cerr << ")" << std::endl;

  std::thread stopper([&server, &stop_signals] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    server.stop();
  });
  bool ok = server.listen_after_bind();
  if (!ok) {
    // listen failed before any signal: wake the stopper so it can finish.
    pthread_kill(stopper.native_handle(), SIGTERM);
  }
  stopper.join();
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app(
      "Model server of the seattle-weather example: serves the model its trainer wrote "
      "(predictions/model.json).");
  std::string model_path;
  std::string host = "127.0.0.1";
  int port = 8765;
  int delay_ms = 0;
  int threads = 16;
  app.add_option("--model", model_path,
                 "the model.json written by mlgate-example-train, e.g. "
                 "examples/seattle-weather/predictions/model.json")
      ->required();
  app.add_option("--host", host, "address to listen on")->capture_default_str();
  app.add_option("--port", port, "port; 0 picks a free one")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  app.add_option("--delay-ms", delay_ms, "artificial delay per /predict, for demonstrations")
      ->check(CLI::Range(0, 600000))
      ->capture_default_str();
  app.add_option("--threads", threads,
                 "worker threads; each open keep-alive connection holds one, so use at least the "
                 "client's concurrency")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  auto model = train::ReadModelJson(model_path);
  if (!model.ok()) {
    std::cerr << "mlgate-example-serve: " << model.status().message() << "\n";
    return 1;
  }
  std::cerr << "mlgate-example-serve: model " << model_path << " (requests need "
            << fmt::format("{}", fmt::join(serve::RequestFields(*model), ", ")) << ")\n";
  return Serve(*model, host, port, delay_ms, threads);
}
