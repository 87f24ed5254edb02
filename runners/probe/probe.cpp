// The HTTP probe engine: event loops, each one libcurl multi handle on one thread, driven by
// curl_multi_socket_action over its own epoll set so that a wake-up touches only the connections
// that are ready. Each loop owns a fixed pool of easy handles (one per request in flight) whose
// connections its multi handle keeps alive and reuses. A closed-model phase spreads its requests
// over the loops through one shared counter; the open model runs one loop, so that one schedule
// decides every send.
#include "runners/probe/probe.h"

#include <curl/curl.h>
#include <fmt/format.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include "checks/stats/usable_cores.h"

namespace mlgate {
namespace {

using Clock = std::chrono::steady_clock;
using Seconds = std::chrono::duration<double>;
using Millis = std::chrono::duration<double, std::milli>;

// Most requests one probe may plan; keeps a mistyped rate from exhausting memory.
constexpr int64_t kMaxRequests = 100'000'000;
// A due open-model request sent later than this counts as a late send.
constexpr auto kLateSend = std::chrono::milliseconds(1);
constexpr const char* kQueuedPastTimeout = "queued past timeout";
// Longest sleep of a loop: bounds how late progress and the give-up rules are looked at.
constexpr auto kLongestWait = std::chrono::milliseconds(100);
// Readiness events one epoll_wait returns at most.
constexpr int kMaxEvents = 64;

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t DiscardBody(char* /*data*/, size_t size, size_t count, void* /*user*/) {
  return size * count;
}

size_t KeepBody(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

std::string ErrorKind(CURLcode code) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return "timeout";
    case CURLE_COULDNT_CONNECT:
      return "connect";
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return "resolve";
    case CURLE_GOT_NOTHING:
      return "empty reply";
    case CURLE_RECV_ERROR:
      return "receive";
    case CURLE_SEND_ERROR:
      return "send";
    case CURLE_PARTIAL_FILE:
      return "truncated answer";
    case CURLE_WEIRD_SERVER_REPLY:
      return "malformed answer";
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
      return "tls";
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return "http2";
    default:
      // curl's generic text for the code; never its error buffer, which may quote the request.
      return fmt::format("curl: {}", curl_easy_strerror(code));
  }
}

// Failures that say nothing reached a server.
bool IsUnreachable(std::string_view kind) {
  return kind == "timeout" || kind == "connect" || kind == "resolve" || kind == kQueuedPastTimeout;
}

std::string HttpVersionName(long version) {
  switch (version) {
    case CURL_HTTP_VERSION_1_0:
      return "1.0";
    case CURL_HTTP_VERSION_1_1:
      return "1.1";
    case CURL_HTTP_VERSION_2_0:
      return "2";
    case CURL_HTTP_VERSION_3:
      return "3";
    default:
      return "";
  }
}

bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsTokenChar);
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

Status ValidateUrl(const std::string& url) {
  CURLU* handle = curl_url();
  CURLUcode rc = curl_url_set(handle, CURLUPART_URL, url.c_str(), 0);
  char* scheme = nullptr;
  if (rc == CURLUE_OK) rc = curl_url_get(handle, CURLUPART_SCHEME, &scheme, 0);
  std::string scheme_text = scheme ? scheme : "";
  curl_free(scheme);
  curl_url_cleanup(handle);
  if (rc != CURLUE_OK) {
    return InvalidArgument(fmt::format("not a usable URL ({})", curl_url_strerror(rc)));
  }
  if (scheme_text != "http" && scheme_text != "https") {
    return InvalidArgument(
        fmt::format("the URL scheme must be http or https, not '{}'", scheme_text));
  }
  return Status::Ok();
}

// Hosts that must never go through a proxy: a proxy cannot reach this machine's loopback.
std::string NoProxyList() {
  std::string list = "localhost,127.0.0.1,::1";
  for (const char* name : {"no_proxy", "NO_PROXY"}) {
    if (const char* value = std::getenv(name); value != nullptr && *value != '\0') {
      return std::string(value) + "," + list;
    }
  }
  return list;
}

int64_t Nanos(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

// Adds one to a counter that only the calling thread writes (others may read it).
void Bump(std::atomic<int64_t>& counter) {
  counter.store(counter.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
}

// What one loop has counted so far, readable by the other threads of the probe (progress, the
// give-up rules) while it runs. Only the owning loop writes; aligned so that two loops' counters
// never share a cache line.
struct alignas(64) LoopCounters {
  std::atomic<int64_t> warmup_done{0};
  std::atomic<int64_t> warmup_errors{0};
  std::atomic<int64_t> measured_done{0};
  std::atomic<int64_t> measured_errors{0};
  std::atomic<int64_t> answers{0};         // answers of any kind: the endpoint is there
  std::atomic<int64_t> last_answer_ns{0};  // Clock time of the latest answer
};

// What the loops of one probe share: the request's configuration (set before any loop runs, then
// only read), the counter that hands out a closed-model phase's requests, the give-up rules'
// state, and the first failure, which stops every loop.
class Shared {
 public:
  Shared(const EndpointDecl& endpoint, const LoadSpec& load, const ProbeProgress* progress)
      : endpoint(endpoint), load(load), progress_(progress) {}

  ~Shared() {
    if (headers != nullptr) curl_slist_free_all(headers);
  }

  Shared(const Shared&) = delete;
  Shared& operator=(const Shared&) = delete;

  const EndpointDecl& endpoint;
  const LoadSpec load;
  double timeout_s = 0;
  int64_t give_up_after = 0;
  curl_slist* headers = nullptr;
  std::string no_proxy;
  bool keep_body = false;
  bool open = false;
  std::vector<LoopCounters*> counters;  // one per loop
  std::vector<int> wake_fds;            // one per loop, -1 for none

  // Closed model: hands the calling loop one more of the phase's `count` requests, or none when
  // all were handed out.
  bool Claim(int64_t count) {
    if (claimed_.load(std::memory_order_relaxed) >= count) return false;
    return claimed_.fetch_add(1, std::memory_order_relaxed) < count;
  }

  // Records an answer of any kind (not a connect failure or timeout) that came at `end`.
  void Answered(LoopCounters& mine, Clock::time_point end) {
    Bump(mine.answers);
    mine.last_answer_ns.store(Nanos(end), std::memory_order_relaxed);
    if (!any_answer_.load(std::memory_order_relaxed)) {
      any_answer_.store(true, std::memory_order_relaxed);
    }
    if (consecutive_unreachable_.load(std::memory_order_relaxed) != 0) {
      consecutive_unreachable_.store(0, std::memory_order_relaxed);
    }
  }

  // Records a request that never reached the server (connect failure, timeout). When no answer
  // came before, the `give_up_after`-th such request ends the probe: a dead endpoint costs about
  // one timeout, and the message counts exactly those requests.
  void Unreachable(const std::string& kind) {
    std::lock_guard<std::mutex> hold(lock_);
    ++unreachable_;
    ++unreachable_kinds_[kind];
    consecutive_unreachable_.fetch_add(1, std::memory_order_relaxed);
    if (any_answer_.load(std::memory_order_relaxed) || unreachable_ != give_up_after) return;
    std::string kinds;
    for (const auto& [name, count] : unreachable_kinds_) {
      kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", count, name);
    }
    FailLocked(Unavailable(fmt::format(
        "the endpoint did not answer: the first {} requests all failed ({}; timeout {} s)",
        unreachable_, kinds, timeout_s)));
  }

  // An endpoint that answered and then died stops the probe once nothing has answered for two
  // timeouts and every connection failed twice in a row (at least ten requests), instead of
  // letting every remaining request wait out its timeout. A slow but live server still answers
  // now and then, which resets both.
  void CheckStillAnswering() {
    if (!any_answer_.load(std::memory_order_relaxed)) return;
    const int64_t in_a_row = consecutive_unreachable_.load(std::memory_order_relaxed);
    if (in_a_row < std::max<int64_t>(2 * give_up_after, 10)) return;
    int64_t last_ns = 0, answers = 0;
    for (const LoopCounters* c : counters) {
      last_ns = std::max(last_ns, c->last_answer_ns.load(std::memory_order_relaxed));
      answers += c->answers.load(std::memory_order_relaxed);
    }
    const Clock::time_point last{std::chrono::nanoseconds(last_ns)};
    if (Clock::now() - last < Seconds(2 * timeout_s)) return;
    Fail(Unavailable(fmt::format(
        "the endpoint stopped answering: after {} answers, the last {} requests all failed to "
        "connect or timed out (timeout {} s)",
        answers, in_a_row, timeout_s)));
  }

  // Ends the probe with `status` (the first failure wins) and wakes every loop to see it.
  void Fail(Status status) {
    std::lock_guard<std::mutex> hold(lock_);
    FailLocked(std::move(status));
  }

  bool stopped() const { return stop_.load(std::memory_order_relaxed); }

  Status failure() {
    std::lock_guard<std::mutex> hold(lock_);
    return failure_;
  }

  // Starts a phase of `total` requests: resets the closed model's counter and the progress clock.
  void BeginPhase(bool measured, int64_t total) {
    claimed_.store(0, std::memory_order_relaxed);
    phase_measured_ = measured;
    phase_total_ = total;
    phase_start_ = Clock::now();
    last_tick_ = phase_start_;
  }

  // Reports progress; only the thread that called RunProbe calls it.
  void Tick(bool force) {
    if (progress_ == nullptr || !progress_->update) return;
    const Clock::time_point now = Clock::now();
    if (!force && Seconds(now - last_tick_).count() < progress_->interval_s) return;
    last_tick_ = now;
    ProbeTick tick;
    tick.phase = phase_measured_ ? "measure" : "warmup";
    for (const LoopCounters* c : counters) {
      tick.done += (phase_measured_ ? c->measured_done : c->warmup_done).load();
      tick.errors += (phase_measured_ ? c->measured_errors : c->warmup_errors).load();
    }
    tick.total = phase_total_;
    tick.elapsed_s = Seconds(now - phase_start_).count();
    progress_->update(tick);
  }

  bool phase_measured() const { return phase_measured_; }

 private:
  void FailLocked(Status status) {
    if (failure_.ok()) failure_ = std::move(status);
    stop_.store(true, std::memory_order_relaxed);
    const uint64_t one = 1;
    for (int fd : wake_fds) {
      if (fd >= 0) [[maybe_unused]]
        ssize_t n = ::write(fd, &one, sizeof(one));
    }
  }

  const ProbeProgress* progress_;

  std::atomic<int64_t> claimed_{0};
  std::atomic<bool> any_answer_{false};
  std::atomic<int64_t> consecutive_unreachable_{0};  // since the last answer
  std::atomic<bool> stop_{false};

  std::mutex lock_;  // guards the members below
  int64_t unreachable_ = 0;
  std::map<std::string, int64_t> unreachable_kinds_;
  Status failure_;

  // Progress: the calling thread's alone.
  bool phase_measured_ = false;
  int64_t phase_total_ = 0;
  Clock::time_point phase_start_, last_tick_;
};

struct Slot {
  CURL* easy = nullptr;
  std::string body;  // the answer, kept only when a JSON field is checked
  Clock::time_point start;
  bool measured = false;
  long timeout_ms = -1;  // as last set on `easy`
};

// The measured results of one loop, merged into the report at the end.
struct LoopResult {
  std::vector<double> latencies_ms;
  int64_t errors = 0;
  std::map<std::string, int64_t> error_kinds;
  int64_t connections = 0;
  int64_t late_sends = 0;
  int64_t queued_sends = 0;
  std::string http_version;  // of the loop's last successful answer
  Clock::time_point http_version_at{};
  Clock::time_point last_measured_end{};
  double elapsed_s = 0;  // open model: from the first measured request's intended send time
};

// One event loop: a multi handle, its epoll set and `slot_count` easy handles. Its methods run on
// one thread at a time; other threads only read its counters and write to its wake_fd.
class Loop {
 public:
  Loop(Shared& shared, int64_t slot_count) : shared_(shared), slot_count_(slot_count) {}

  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;

  ~Loop() {
    for (auto& slot : slots_) {
      if (slot.easy == nullptr) continue;
      if (multi_ != nullptr) curl_multi_remove_handle(multi_, slot.easy);
      curl_easy_cleanup(slot.easy);
    }
    if (multi_ != nullptr) curl_multi_cleanup(multi_);
    if (url_ != nullptr) curl_url_cleanup(url_);
    for (int fd : {epoll_fd_, wake_fd_, timer_fd_}) {
      if (fd >= 0) ::close(fd);
    }
  }

  Status Setup() {
    epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
    if (epoll_fd_ < 0) return Internal("epoll_create1 failed");
    wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (wake_fd_ < 0) return Internal("eventfd failed");
    MLGATE_RETURN_IF_ERROR(Watch(wake_fd_));
    if (shared_.open) {
      // The open model's sends are due between libcurl's events, with microsecond precision.
      timer_fd_ = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
      if (timer_fd_ < 0) return Internal("timerfd_create failed");
      MLGATE_RETURN_IF_ERROR(Watch(timer_fd_));
    }
    url_ = curl_url();
    if (url_ == nullptr ||
        curl_url_set(url_, CURLUPART_URL, shared_.endpoint.url.c_str(), 0) != CURLUE_OK) {
      return Internal("cannot parse the URL again");
    }
    multi_ = curl_multi_init();
    if (multi_ == nullptr) return Internal("curl_multi_init failed");
    curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(slot_count_));
    curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, static_cast<long>(slot_count_));
    curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, OnSocket);
    curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, OnTimer);
    curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
    slots_.resize(static_cast<size_t>(slot_count_));
    for (auto& slot : slots_) {
      slot.easy = curl_easy_init();
      if (slot.easy == nullptr) return Internal("curl_easy_init failed");
      MLGATE_RETURN_IF_ERROR(Configure(slot));
      free_.push_back(&slot);
    }
    return Status::Ok();
  }

  int wake_fd() const { return wake_fd_; }
  LoopCounters& counters() { return counters_; }
  LoopResult& result() { return result_; }

  // Closed model: keeps every slot busy with requests claimed from the phase's `count` until
  // none is left, and returns when the last of them finished or the probe stopped. `ticks`: this
  // loop reports progress.
  void RunClosed(int64_t count, bool measured, bool ticks) {
    if (measured && result_.latencies_ms.capacity() == 0) {
      // An even share, a little more; the vector grows if this loop gets more.
      const auto share = static_cast<size_t>(count / static_cast<int64_t>(shared_.counters.size()));
      result_.latencies_ms.reserve(share + share / 8 + 16);
    }
    const auto timeout = std::chrono::duration_cast<Clock::duration>(Seconds(shared_.timeout_s));
    auto launch_free = [&] {
      // Each freed connection sends its next request at once: that is the closed model.
      while (!free_.empty() && shared_.Claim(count)) {
        Launch(*free_.back(), Clock::now(), measured, timeout);
        free_.pop_back();
      }
    };
    launch_free();
    while (true) {
      RunDueTimers();
      const int finished = Drain();
      if (finished > 0) launch_free();
      shared_.CheckStillAnswering();
      if (shared_.stopped()) return;
      if (ticks) shared_.Tick(false);
      if (InFlight() == 0) return;
      // New transfers start on the next pass, without sleeping: libcurl set its timer to zero.
      if (finished > 0 || TimerDue()) continue;
      Wait(Clock::time_point::max());
    }
  }

  // Open model, on the only loop: sends request i at t0 + i / rate, the first `warmup`
  // unmeasured, and reports progress. Returns when every request finished or the probe stopped.
  void RunOpen(int64_t warmup, int64_t measured_count) {
    const int64_t total = warmup + measured_count;
    const auto timeout = std::chrono::duration_cast<Clock::duration>(Seconds(shared_.timeout_s));
    const double rate = shared_.load.rate;
    const Clock::time_point t0 = Clock::now();
    auto intended = [&](int64_t i) {
      return t0 +
             std::chrono::duration_cast<Clock::duration>(Seconds(static_cast<double>(i) / rate));
    };
    result_.latencies_ms.reserve(static_cast<size_t>(measured_count));
    shared_.BeginPhase(/*measured=*/warmup == 0, warmup > 0 ? warmup : measured_count);
    int64_t next = 0;
    int64_t blocked_through = -1;  // last request found due with no free connection
    while (true) {
      const Clock::time_point now = Clock::now();
      while (next < total) {
        const Clock::time_point due = intended(next);
        if (due > now) break;
        const bool measured = next >= warmup;
        if (due + timeout <= now) {
          // It waited its whole timeout for a free connection.
          Record(measured, kQueuedPastTimeout, 0, now);
          ++next;
          continue;
        }
        if (free_.empty()) {
          blocked_through = next;
          break;
        }
        if (measured && now - due > kLateSend) {
          ++result_.late_sends;
          if (next <= blocked_through) ++result_.queued_sends;
        }
        Launch(*free_.back(), due, measured, due + timeout - now);
        free_.pop_back();
        ++next;
      }
      RunDueTimers();
      const int finished = Drain();
      shared_.CheckStillAnswering();
      if (shared_.stopped()) return;
      if (!shared_.phase_measured() &&
          counters_.warmup_done.load(std::memory_order_relaxed) == warmup) {
        shared_.Tick(true);
        shared_.BeginPhase(/*measured=*/true, measured_count);
      }
      shared_.Tick(false);
      if (next == total && InFlight() == 0) break;
      if (finished > 0 || TimerDue()) continue;
      // Wake for the next due request, or, when every connection is busy, for the moment the
      // head of the queue would expire; any answer wakes us earlier.
      Clock::time_point wake = Clock::time_point::max();
      if (next < total) wake = free_.empty() ? intended(next) + timeout : intended(next);
      Wait(wake);
      // What the wait finished frees its connection before the next due request looks for one.
      Drain();
    }
    shared_.Tick(true);
    const Clock::time_point measure_begin = intended(warmup);
    result_.elapsed_s =
        Seconds(std::max(result_.last_measured_end, measure_begin) - measure_begin).count();
  }

 private:
  Status Watch(int fd) {
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = fd;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event) != 0) return Internal("epoll_ctl failed");
    return Status::Ok();
  }

  Status Configure(Slot& slot) {
    CURL* e = slot.easy;
    const EndpointDecl& endpoint = shared_.endpoint;
    CURLcode rc = CURLE_OK;
    auto set = [&rc](CURLcode c) {
      if (rc == CURLE_OK) rc = c;
    };
    // The URL parsed once (Setup): libcurl copies the parts instead of parsing the text for
    // every request.
    set(curl_easy_setopt(e, CURLOPT_CURLU, url_));
    set(curl_easy_setopt(e, CURLOPT_PRIVATE, &slot));
    set(curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L));
    set(curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L));
    set(curl_easy_setopt(e, CURLOPT_NOPROXY, shared_.no_proxy.c_str()));
    set(curl_easy_setopt(e, CURLOPT_USERAGENT, "mlgate-probe/" MLGATE_VERSION));
    set(curl_easy_setopt(e, CURLOPT_HTTPHEADER, shared_.headers));
    set(curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS)));
    if (shared_.keep_body) {
      set(curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, KeepBody));
      set(curl_easy_setopt(e, CURLOPT_WRITEDATA, &slot.body));
    } else {
      set(curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, DiscardBody));
    }
    const std::string& method = endpoint.method;
    const bool has_body = !endpoint.body.empty();
    if (method == "HEAD") {
      set(curl_easy_setopt(e, CURLOPT_NOBODY, 1L));
    } else if (method == "GET" && !has_body) {
      set(curl_easy_setopt(e, CURLOPT_HTTPGET, 1L));
    } else {
      if (method != "POST") set(curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method.c_str()));
      if (has_body || method == "POST") {
        set(curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
                             static_cast<curl_off_t>(endpoint.body.size())));
        set(curl_easy_setopt(e, CURLOPT_POSTFIELDS, endpoint.body.data()));
      }
    }
    if (rc != CURLE_OK) {
      return Internal(fmt::format("cannot configure the request: {}", curl_easy_strerror(rc)));
    }
    return Status::Ok();
  }

  // Hands `slot` to libcurl. `start` is where its latency is measured from.
  void Launch(Slot& slot, Clock::time_point start, bool measured, Clock::duration timeout) {
    slot.start = start;
    slot.measured = measured;
    slot.body.clear();
    const double ms = std::chrono::duration<double, std::milli>(timeout).count();
    const long timeout_ms = std::max(1L, static_cast<long>(std::ceil(ms)));
    if (timeout_ms != slot.timeout_ms) {
      // Closed-model requests all have the same timeout: it is set once per slot.
      curl_easy_setopt(slot.easy, CURLOPT_TIMEOUT_MS, timeout_ms);
      slot.timeout_ms = timeout_ms;
    }
    curl_multi_add_handle(multi_, slot.easy);
  }

  int64_t InFlight() const { return slot_count_ - static_cast<int64_t>(free_.size()); }

  // Empty when the answer is acceptable, else the error kind.
  std::string Classify(CURLcode code, long status, const std::string& body) const {
    const EndpointDecl& endpoint = shared_.endpoint;
    if (code != CURLE_OK) return ErrorKind(code);
    if (endpoint.expect_status != 0) {
      if (status != endpoint.expect_status) {
        return status >= 200 && status <= 299
                   ? fmt::format("http {} (expected {})", status, endpoint.expect_status)
                   : fmt::format("http {}", status);
      }
    } else if (status < 200 || status > 299) {
      return fmt::format("http {}", status);
    }
    if (shared_.keep_body) {
      nlohmann::json answer = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
      if (answer.is_discarded()) return "invalid json";
      if (!answer.is_object() || !answer.contains(endpoint.expect_json_field)) {
        return fmt::format("no json field '{}'", endpoint.expect_json_field);
      }
    }
    return "";
  }

  // `latency_ms` is kept when `kind` is empty (a success) and the request was measured.
  void Record(bool measured, const std::string& kind, double latency_ms, Clock::time_point end) {
    if (kind.empty() || !IsUnreachable(kind)) {
      shared_.Answered(counters_, end);
    } else {
      shared_.Unreachable(kind);
    }
    if (!measured) {
      Bump(counters_.warmup_done);
      if (!kind.empty()) Bump(counters_.warmup_errors);
      return;
    }
    result_.last_measured_end = std::max(result_.last_measured_end, end);
    if (kind.empty()) {
      result_.latencies_ms.push_back(latency_ms);
    } else {
      ++result_.errors;
      ++result_.error_kinds[kind];
      Bump(counters_.measured_errors);
    }
    Bump(counters_.measured_done);
  }

  // Records every finished transfer and returns the freed slots' count.
  int Drain() {
    int finished = 0;
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      const Clock::time_point now = Clock::now();
      CURL* easy = msg->easy_handle;
      const CURLcode code = msg->data.result;  // `msg` dies with the handle's removal below
      Slot* slot = nullptr;
      curl_easy_getinfo(easy, CURLINFO_PRIVATE, &slot);
      long status = 0, connects = 0, version = 0;
      curl_off_t total_us = 0;
      curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME_T, &total_us);
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
      curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects);
      curl_easy_getinfo(easy, CURLINFO_HTTP_VERSION, &version);
      curl_multi_remove_handle(multi_, easy);
      result_.connections += connects;
      if (code == CURLE_OK) {
        if (version != last_version_) {
          last_version_ = version;
          result_.http_version = HttpVersionName(version);
        }
        result_.http_version_at = now;
      }
      // Closed model: libcurl's own clock, from taking the transfer up (connecting if needed,
      // then writing the request) to its last byte, so the time this loop spends on the other
      // connections is not charged to the request. Open model: from the intended send time to
      // now, which must include any wait for a free connection.
      const double latency_ms =
          shared_.open ? Millis(now - slot->start).count() : static_cast<double>(total_us) / 1000.0;
      Record(slot->measured, Classify(code, status, slot->body), latency_ms, now);
      free_.push_back(slot);
      ++finished;
    }
    return finished;
  }

  // libcurl's wishes for socket `fd`: none (CURL_POLL_REMOVE), reading, writing or both.
  static int OnSocket(CURL* /*easy*/, curl_socket_t fd, int what, void* user, void* /*socketp*/) {
    static_cast<Loop*>(user)->Want(fd, what);
    return 0;
  }

  // libcurl's next timeout: -1 none, 0 at once, else in `timeout_ms`.
  static int OnTimer(CURLM* /*multi*/, long timeout_ms, void* user) {
    auto* loop = static_cast<Loop*>(user);
    ++loop->timer_calls_;
    loop->timer_armed_ = timeout_ms >= 0;
    loop->timer_due_ = timeout_ms <= 0 ? Clock::time_point::min()
                                       : Clock::now() + std::chrono::milliseconds(timeout_ms);
    return 0;
  }

  bool TimerDue() const {
    return timer_armed_ && (timer_due_ == Clock::time_point::min() || timer_due_ <= Clock::now());
  }

  void RunDueTimers() {
    if (!TimerDue()) return;
    const int64_t calls = timer_calls_;
    int running = 0;
    curl_multi_socket_action(multi_, CURL_SOCKET_TIMEOUT, 0, &running);
    if (timer_calls_ == calls && timer_armed_) {
      // libcurl kept its timer: it counts whole milliseconds, and its deadline has not quite
      // come. Look again a millisecond later instead of spinning until it has.
      timer_due_ = Clock::now() + std::chrono::milliseconds(1);
    }
  }

  // Keeps the epoll set in step with libcurl's wishes. A kept-alive connection is removed when
  // its transfer ends and wanted again as soon as the slot's next transfer takes it up, in the
  // same pass: so a removal waits for the end of the pass (FlushRemovals) and is dropped when
  // the socket is wanted again, which saves two epoll_ctl calls per request.
  void Want(curl_socket_t fd, int what) {
    if (fd < 0) return;
    const auto index = static_cast<size_t>(fd);
    if (index >= registered_.size()) {
      registered_.resize(index + 1, 0);
      wanted_.resize(index + 1, 0);
    }
    uint32_t events = 0;
    if (what == CURL_POLL_IN || what == CURL_POLL_INOUT) events |= EPOLLIN;
    if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT) events |= EPOLLOUT;
    wanted_[index] = events;
    if (events == 0) {
      if (registered_[index] != 0) pending_removals_.push_back(fd);
      return;
    }
    if (registered_[index] == events) return;
    epoll_event event{};
    event.events = events;
    event.data.fd = fd;
    int op = registered_[index] == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
    if (::epoll_ctl(epoll_fd_, op, fd, &event) != 0) {
      // The registration we remember went with a close, and the number now names a new socket
      // (ENOENT); or the reverse (EEXIST).
      op = op == EPOLL_CTL_ADD ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
      if (::epoll_ctl(epoll_fd_, op, fd, &event) != 0) events = 0;
    }
    registered_[index] = events;
  }

  void FlushRemovals() {
    for (int fd : pending_removals_) {
      const auto index = static_cast<size_t>(fd);
      if (wanted_[index] != 0 || registered_[index] == 0) continue;
      // Fails harmlessly when the socket was closed meanwhile: the close unregistered it.
      ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
      registered_[index] = 0;
    }
    pending_removals_.clear();
  }

  // Sleeps until a socket is ready, libcurl's timer or `wake` is due (at most kLongestWait),
  // or the probe stops; then runs libcurl on the ready sockets. A timerfd gives `wake`
  // microsecond precision; epoll_wait alone counts in whole milliseconds.
  void Wait(Clock::time_point wake) {
    FlushRemovals();
    const Clock::time_point now = Clock::now();
    Clock::time_point until = std::min(wake, now + kLongestWait);
    if (timer_armed_) until = std::min(until, timer_due_);
    int timeout_ms = 0;
    if (until > now) {
      timeout_ms = static_cast<int>(std::ceil(Millis(until - now).count()));
      if (timer_fd_ >= 0 && wake == until) {
        itimerspec spec{};
        const int64_t ns = Nanos(wake);
        spec.it_value.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
        spec.it_value.tv_nsec = static_cast<long>(ns % 1'000'000'000);
        if (::timerfd_settime(timer_fd_, TFD_TIMER_ABSTIME, &spec, nullptr) == 0) ++timeout_ms;
      }
    }
    const int n = ::epoll_wait(epoll_fd_, events_, kMaxEvents, timeout_ms);
    for (int i = 0; i < n; ++i) {
      const int fd = events_[i].data.fd;
      const uint32_t ready = events_[i].events;
      if (fd == wake_fd_ || fd == timer_fd_) {
        uint64_t count = 0;
        [[maybe_unused]] ssize_t r = ::read(fd, &count, sizeof(count));
        continue;
      }
      int action = 0;
      if (ready & (EPOLLIN | EPOLLHUP)) action |= CURL_CSELECT_IN;
      if (ready & EPOLLOUT) action |= CURL_CSELECT_OUT;
      if (ready & EPOLLERR) action |= CURL_CSELECT_ERR;
      int running = 0;
      curl_multi_socket_action(multi_, fd, action, &running);
    }
  }

  Shared& shared_;
  const int64_t slot_count_;
  CURLM* multi_ = nullptr;
  CURLU* url_ = nullptr;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  int timer_fd_ = -1;
  epoll_event events_[kMaxEvents] = {};
  std::vector<uint32_t> registered_;  // by socket: the events the epoll set watches, 0 none
  std::vector<uint32_t> wanted_;      // by socket: the events libcurl last asked for
  std::vector<int> pending_removals_;
  bool timer_armed_ = false;
  Clock::time_point timer_due_{};
  int64_t timer_calls_ = 0;
  long last_version_ = -1;

  std::vector<Slot> slots_;
  std::vector<Slot*> free_;
  LoopCounters counters_;
  LoopResult result_;
};

class Engine {
 public:
  Engine(const EndpointDecl& endpoint, const LoadSpec& load, const ProbeProgress* progress,
         const ProbeOptions& options)
      : shared_(endpoint, load, progress), options_(options) {}

  StatusOr<LatencyReport> Run() {
    MLGATE_RETURN_IF_ERROR(Validate());
    MLGATE_RETURN_IF_ERROR(Setup());
    LatencyReport report;
    report.url = shared_.endpoint.url;
    report.model = shared_.load.model;
    report.event_loops = loop_count_;
    if (shared_.open) {
      loops_.front()->RunOpen(shared_.load.warmup, open_measured_);
      MLGATE_RETURN_IF_ERROR(shared_.failure());
      report.warmup_requests = shared_.load.warmup;
      report.elapsed_s = loops_.front()->result().elapsed_s;
    } else {
      MLGATE_RETURN_IF_ERROR(RunClosedPhase(shared_.load.warmup, /*measured=*/false));
      MLGATE_RETURN_IF_ERROR(RunClosedPhase(shared_.load.requests, /*measured=*/true));
      report.warmup_requests = shared_.load.warmup;
      report.elapsed_s = Seconds(LastMeasuredEnd() - measure_begin_).count();
    }
    Merge(report);
    return report;
  }

 private:
  Status Validate() {
    const EndpointDecl& endpoint = shared_.endpoint;
    const LoadSpec& load = shared_.load;
    MLGATE_RETURN_IF_ERROR(ValidateUrl(endpoint.url));
    if (!IsToken(endpoint.method)) {
      return InvalidArgument(fmt::format("'{}' is not an HTTP method", endpoint.method));
    }
    for (const auto& [name, value] : endpoint.headers) {
      if (!IsToken(name)) return InvalidArgument(fmt::format("'{}' is not a header name", name));
      // The value is a secret: the message names the header only.
      if (value.find_first_of("\r\n", 0) != std::string::npos ||
          value.find('\0') != std::string::npos) {
        return InvalidArgument(
            fmt::format("the value of header '{}' contains a line break or NUL", name));
      }
    }
    shared_.timeout_s = load.timeout_s > 0 ? load.timeout_s : endpoint.timeout_s;
    if (!(shared_.timeout_s > 0) || !std::isfinite(shared_.timeout_s)) {
      return InvalidArgument("the request timeout must be a positive number of seconds");
    }
    if (load.concurrency < 1) return InvalidArgument("concurrency must be at least 1");
    if (load.warmup < 0) return InvalidArgument("warmup must not be negative");
    if (options_.event_loops < 0) return InvalidArgument("event_loops must not be negative");
    int64_t planned = 0;  // every request the run will send, warm-up included
    if (load.model == "closed") {
      if (load.requests < 1) return InvalidArgument("requests must be at least 1");
      if (load.requests > kMaxRequests || load.warmup > kMaxRequests) {
        return InvalidArgument(fmt::format("at most {} requests per probe", kMaxRequests));
      }
      planned = load.warmup + load.requests;
      slot_count_ = std::min(load.concurrency, std::max(load.warmup, load.requests));
      int64_t loops = options_.event_loops;
      if (loops == 0) loops = UsableCores();
      loop_count_ = std::min(loops, slot_count_);
    } else if (load.model == "open") {
      if (!(load.rate > 0) || !std::isfinite(load.rate)) {
        return InvalidArgument("the open model needs a rate above 0 requests/s");
      }
      if (!(load.duration_s > 0) || !std::isfinite(load.duration_s)) {
        return InvalidArgument("the open model needs a duration above 0 s");
      }
      double measured = std::round(load.rate * load.duration_s);
      if (measured < 1) {
        return InvalidArgument("rate x duration must come to at least one request");
      }
      if (measured + static_cast<double>(load.warmup) > static_cast<double>(kMaxRequests)) {
        return InvalidArgument(fmt::format("at most {} requests per probe", kMaxRequests));
      }
      open_measured_ = static_cast<int64_t>(measured);
      planned = load.warmup + open_measured_;
      slot_count_ = std::min(load.concurrency, planned);
      loop_count_ = 1;
      shared_.open = true;
    } else {
      return InvalidArgument(
          fmt::format("the load model must be 'closed' or 'open', not '{}'", load.model));
    }
    shared_.give_up_after = std::min(load.concurrency, planned);
    return Status::Ok();
  }

  Status Setup() {
    InitCurlOnce();
    const EndpointDecl& endpoint = shared_.endpoint;
    bool has_content_type = false, has_expect = false;
    for (const auto& [name, value] : endpoint.headers) {
      has_content_type = has_content_type || EqualsIgnoreCase(name, "Content-Type");
      has_expect = has_expect || EqualsIgnoreCase(name, "Expect");
      // "Name;" is curl's spelling of a header with an empty value.
      std::string line = value.empty() ? name + ";" : name + ": " + value;
      shared_.headers = curl_slist_append(shared_.headers, line.c_str());
    }
    // Model servers speak JSON; curl would otherwise label a body as a form.
    if (!endpoint.body.empty() && !has_content_type) {
      shared_.headers = curl_slist_append(shared_.headers, "Content-Type: application/json");
    }
    // "Expect: 100-continue" would add a round trip to every large body.
    if (!has_expect) shared_.headers = curl_slist_append(shared_.headers, "Expect:");
    shared_.no_proxy = NoProxyList();
    shared_.keep_body = !endpoint.expect_json_field.empty();

    // The requests in flight, spread as evenly as the loops allow.
    for (int64_t i = 0; i < loop_count_; ++i) {
      const int64_t slots = slot_count_ / loop_count_ + (i < slot_count_ % loop_count_ ? 1 : 0);
      loops_.push_back(std::make_unique<Loop>(shared_, slots));
      shared_.counters.push_back(&loops_.back()->counters());
    }
    for (auto& loop : loops_) {
      MLGATE_RETURN_IF_ERROR(loop->Setup());
      shared_.wake_fds.push_back(loop->wake_fd());
    }
    return Status::Ok();
  }

  // Runs `count` requests over all loops: the first on this thread, which reports progress, the
  // others on a thread each. Returns when all finished or the probe stopped.
  Status RunClosedPhase(int64_t count, bool measured) {
    if (count == 0) return Status::Ok();
    shared_.BeginPhase(measured, count);
    if (measured) measure_begin_ = Clock::now();
    std::vector<std::thread> threads;
    threads.reserve(loops_.size() - 1);
    for (size_t i = 1; i < loops_.size() && !shared_.stopped(); ++i) {
      try {
        threads.emplace_back(
            [this, i, count, measured] { loops_[i]->RunClosed(count, measured, /*ticks=*/false); });
      } catch (const std::system_error& e) {
        shared_.Fail(Internal(fmt::format("cannot start an event loop thread: {}", e.what())));
      }
    }
    loops_.front()->RunClosed(count, measured, /*ticks=*/true);
    for (auto& thread : threads) thread.join();
    MLGATE_RETURN_IF_ERROR(shared_.failure());
    shared_.Tick(true);
    return Status::Ok();
  }

  Clock::time_point LastMeasuredEnd() const {
    Clock::time_point end = measure_begin_;
    for (const auto& loop : loops_) end = std::max(end, loop->result().last_measured_end);
    return end;
  }

  // Gathers the loops' measured results into `report`. The samples are concatenated, so the
  // percentiles over them are those of every measured request.
  void Merge(LatencyReport& report) {
    size_t samples = 0;
    for (const auto& loop : loops_) samples += loop->result().latencies_ms.size();
    Clock::time_point version_at{};
    for (const auto& loop : loops_) {
      LoopResult& part = loop->result();
      if (report.latencies_ms.empty()) {
        report.latencies_ms = std::move(part.latencies_ms);
        report.latencies_ms.reserve(samples);
      } else {
        report.latencies_ms.insert(report.latencies_ms.end(), part.latencies_ms.begin(),
                                   part.latencies_ms.end());
      }
      report.requests += loop->counters().measured_done.load();
      report.errors += part.errors;
      for (const auto& [kind, count] : part.error_kinds) report.error_kinds[kind] += count;
      report.connections += part.connections;
      report.late_sends += part.late_sends;
      report.queued_sends += part.queued_sends;
      if (!part.http_version.empty() && part.http_version_at >= version_at) {
        report.http_version = part.http_version;
        version_at = part.http_version_at;
      }
    }
  }

  Shared shared_;
  const ProbeOptions options_;
  int64_t open_measured_ = 0;  // open model: measured requests
  int64_t slot_count_ = 0;     // most requests in flight
  int64_t loop_count_ = 1;
  std::vector<std::unique_ptr<Loop>> loops_;
  Clock::time_point measure_begin_{};
};

}  // namespace

StatusOr<LatencyReport> RunProbe(const EndpointDecl& endpoint, const LoadSpec& load,
                                 const ProbeProgress* progress, const ProbeOptions& options) {
  Engine engine(endpoint, load, progress, options);
  return engine.Run();
}

}  // namespace mlgate
