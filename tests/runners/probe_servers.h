// Real HTTP servers on loopback for the probe's tests: cpp-httplib servers in a thread of the
// test process on an ephemeral port, and raw sockets for the misbehaviours httplib cannot show
// (never answering, hanging up without an answer, refusing connections).
#pragma once

#include <arpa/inet.h>
#include <httplib.h>
// glibc's <resolv.h>, which httplib includes, defines `_res` as a macro, and Eigen (reached
// through the checks' headers) names a parameter `_res`.
#undef _res
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mlgate::testing {

// An httplib server on 127.0.0.1:<ephemeral> serving until destroyed.
class LoopbackServer {
 public:
  // `setup` installs handlers; keep-alive connections serve up to `keep_alive_max` requests.
  explicit LoopbackServer(const std::function<void(httplib::Server&)>& setup,
                          size_t keep_alive_max = 100000, size_t threads = 16) {
    server_.set_keep_alive_max_count(keep_alive_max);
    // Without it the answer's second write waits for the client's delayed ACK (40 ms).
    server_.set_tcp_nodelay(true);
    server_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    setup(server_);
    int listen_fd = -1;
    server_.set_socket_options([&listen_fd](socket_t sock) {
      int one = 1;
      ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
      listen_fd = sock;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    // Debian's httplib listens with a backlog of 5: a burst of connects beyond it waits a whole
    // SYN retransmission (1 s). Listening again only widens the queue.
    if (listen_fd >= 0) ::listen(listen_fd, SOMAXCONN);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() is a no-op until the accept loop runs, so wait for it.
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~LoopbackServer() {
    server_.stop();
    thread_.join();
  }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  int port() const { return port_; }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

// A listening TCP socket on 127.0.0.1:<ephemeral>; `serve` (if any) runs in a thread with each
// accepted connection until the object is destroyed.
class RawServer {
 public:
  enum class Mode {
    kNeverAnswer,  // accepts nothing: the kernel completes handshakes, nobody ever answers
    kHangUp,       // reads the request, then closes without a byte of answer
  };

  explicit RawServer(Mode mode) : mode_(mode) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    ::listen(fd_, 64);
    socklen_t len = sizeof(addr);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    if (mode_ == Mode::kHangUp) thread_ = std::thread([this] { HangUpLoop(); });
  }
  ~RawServer() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    for (int c : held_) ::close(c);
    ::close(fd_);
  }
  RawServer(const RawServer&) = delete;
  RawServer& operator=(const RawServer&) = delete;

  int port() const { return port_; }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int hang_ups() const { return hang_ups_.load(); }

 private:
  void HangUpLoop() {
    std::vector<std::pair<int, std::string>> open;
    while (!stop_) {
      std::vector<pollfd> fds{{fd_, POLLIN, 0}};
      for (auto& [c, buffer] : open) fds.push_back({c, POLLIN, 0});
      if (::poll(fds.data(), fds.size(), 20) <= 0) continue;
      if (fds[0].revents & POLLIN) {
        int c = ::accept(fd_, nullptr, nullptr);
        if (c >= 0) open.emplace_back(c, std::string());
      }
      for (size_t i = 1; i < fds.size(); ++i) {
        if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        auto& [c, buffer] = open[i - 1];
        char chunk[4096];
        ssize_t n = ::read(c, chunk, sizeof(chunk));
        if (n > 0) buffer.append(chunk, static_cast<size_t>(n));
        if (n <= 0 || buffer.find("\r\n\r\n") != std::string::npos) {
          if (n > 0) ++hang_ups_;
          ::close(c);
          c = -1;
        }
      }
      std::erase_if(open, [](const auto& entry) { return entry.first < 0; });
    }
    for (auto& [c, buffer] : open) ::close(c);
  }

  Mode mode_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> hang_ups_{0};
  std::vector<int> held_;
  std::thread thread_;
};

// A port on 127.0.0.1 where nothing listens (bound, then released).
inline int ClosedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// Handlers shared by the tests.
inline void ServeOk(httplib::Server& server) {
  auto ok = [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"ok":true,"weather":"sun"})", "application/json");
  };
  server.Get("/ok", ok);
  server.Post("/ok", ok);
}

}  // namespace mlgate::testing
