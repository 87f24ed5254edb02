// Starts the seattle-weather example's model server (mlgate-example-serve) for a test, on a free
// loopback port, and stops it again. Requires MLGATE_EXAMPLE_SERVE (the binary) and
// MLGATE_SOURCE_DIR to be defined by the test's build.
#pragma once

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

extern char** environ;

namespace mlgate::testing {

// The model the example's gate and run.sh serve.
inline std::string ExampleModelPath() {
  return std::string(MLGATE_SOURCE_DIR) + "/examples/seattle-weather/predictions/model.json";
}

// The server process with `args` (e.g. --model, --port 0). The constructor returns once the
// server printed its port (it listens from then on), or once it exited: port() is then 0.
// The destructor stops it with SIGTERM.
class ExampleServer {
 public:
  explicit ExampleServer(std::vector<std::string> args) {
    int fds[2];
    if (::pipe(fds) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    args.insert(args.begin(), MLGATE_EXAMPLE_SERVE);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, MLGATE_EXAMPLE_SERVE, &actions, nullptr, argv.data(), environ) != 0) {
      pid_ = -1;
    }
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    out_ = ::fdopen(fds[0], "r");
    char line[64] = {0};
    if (out_ != nullptr && std::fgets(line, sizeof(line), out_) != nullptr) {
      port_ = std::atoi(line);
    }
  }
  ExampleServer(const ExampleServer&) = delete;
  ExampleServer& operator=(const ExampleServer&) = delete;
  ~ExampleServer() {
    if (pid_ > 0 && !stopped_) Stop();
    if (out_ != nullptr) std::fclose(out_);
  }

  // Sends SIGTERM (a no-op when it already exited), waits, and returns its exit code (-1 when a
  // signal ended it).
  int Stop() {
    stopped_ = true;
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  int port() const { return port_; }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  int port_ = 0;
  bool stopped_ = false;
};

}  // namespace mlgate::testing
