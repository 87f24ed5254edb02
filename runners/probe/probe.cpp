// The HTTP probe engine: one libcurl multi handle driven from one thread, a fixed pool of easy
// handles (one per request in flight) whose connections the multi handle keeps alive and reuses.
#include "runners/probe/probe.h"

#include <curl/curl.h>
#include <fmt/format.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

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

struct Slot {
  CURL* easy = nullptr;
  std::string body;  // the answer, kept only when a JSON field is checked
  Clock::time_point start;
  bool measured = false;
};

class Engine {
 public:
  Engine(const EndpointDecl& endpoint, const LoadSpec& load, const ProbeProgress* progress)
      : endpoint_(endpoint), load_(load), progress_(progress) {}

  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  ~Engine() {
    for (auto& slot : slots_) {
      if (slot.easy == nullptr) continue;
      if (multi_ != nullptr) curl_multi_remove_handle(multi_, slot.easy);
      curl_easy_cleanup(slot.easy);
    }
    if (multi_ != nullptr) curl_multi_cleanup(multi_);
    if (headers_ != nullptr) curl_slist_free_all(headers_);
    if (timer_fd_ >= 0) ::close(timer_fd_);
  }

  StatusOr<LatencyReport> Run() {
    MLGATE_RETURN_IF_ERROR(Validate());
    MLGATE_RETURN_IF_ERROR(Setup());
    report_.url = endpoint_.url;
    report_.model = load_.model;
    if (load_.model == "open") {
      MLGATE_RETURN_IF_ERROR(RunOpen());
    } else {
      MLGATE_RETURN_IF_ERROR(RunClosedPhase(load_.warmup, /*measured=*/false));
      MLGATE_RETURN_IF_ERROR(RunClosedPhase(load_.requests, /*measured=*/true));
    }
    return std::move(report_);
  }

 private:
  Status Validate() {
    MLGATE_RETURN_IF_ERROR(ValidateUrl(endpoint_.url));
    if (!IsToken(endpoint_.method)) {
      return InvalidArgument(fmt::format("'{}' is not an HTTP method", endpoint_.method));
    }
    for (const auto& [name, value] : endpoint_.headers) {
      if (!IsToken(name)) return InvalidArgument(fmt::format("'{}' is not a header name", name));
      // The value is a secret: the message names the header only.
      if (value.find_first_of("\r\n", 0) != std::string::npos ||
          value.find('\0') != std::string::npos) {
        return InvalidArgument(
            fmt::format("the value of header '{}' contains a line break or NUL", name));
      }
    }
    timeout_ = load_.timeout_s > 0 ? load_.timeout_s : endpoint_.timeout_s;
    if (!(timeout_ > 0) || !std::isfinite(timeout_)) {
      return InvalidArgument("the request timeout must be a positive number of seconds");
    }
    if (load_.concurrency < 1) return InvalidArgument("concurrency must be at least 1");
    if (load_.warmup < 0) return InvalidArgument("warmup must not be negative");
    if (load_.model == "closed") {
      if (load_.requests < 1) return InvalidArgument("requests must be at least 1");
      if (load_.requests > kMaxRequests || load_.warmup > kMaxRequests) {
        return InvalidArgument(fmt::format("at most {} requests per probe", kMaxRequests));
      }
      planned_ = load_.warmup + load_.requests;
      slot_count_ = std::min(load_.concurrency, std::max(load_.warmup, load_.requests));
    } else if (load_.model == "open") {
      if (!(load_.rate > 0) || !std::isfinite(load_.rate)) {
        return InvalidArgument("the open model needs a rate above 0 requests/s");
      }
      if (!(load_.duration_s > 0) || !std::isfinite(load_.duration_s)) {
        return InvalidArgument("the open model needs a duration above 0 s");
      }
      double measured = std::round(load_.rate * load_.duration_s);
      if (measured < 1) {
        return InvalidArgument("rate x duration must come to at least one request");
      }
      if (measured + static_cast<double>(load_.warmup) > static_cast<double>(kMaxRequests)) {
        return InvalidArgument(fmt::format("at most {} requests per probe", kMaxRequests));
      }
      open_measured_ = static_cast<int64_t>(measured);
      planned_ = load_.warmup + open_measured_;
      slot_count_ = std::min(load_.concurrency, planned_);
    } else {
      return InvalidArgument(
          fmt::format("the load model must be 'closed' or 'open', not '{}'", load_.model));
    }
    give_up_after_ = std::min(load_.concurrency, planned_);
    return Status::Ok();
  }

  Status Setup() {
    InitCurlOnce();
    multi_ = curl_multi_init();
    if (multi_ == nullptr) return Internal("curl_multi_init failed");
    curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(slot_count_));
    curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, static_cast<long>(slot_count_));

    bool has_content_type = false, has_expect = false;
    for (const auto& [name, value] : endpoint_.headers) {
      has_content_type = has_content_type || EqualsIgnoreCase(name, "Content-Type");
      has_expect = has_expect || EqualsIgnoreCase(name, "Expect");
      // "Name;" is curl's spelling of a header with an empty value.
      std::string line = value.empty() ? name + ";" : name + ": " + value;
      headers_ = curl_slist_append(headers_, line.c_str());
    }
    // Model servers speak JSON; curl would otherwise label a body as a form.
    if (!endpoint_.body.empty() && !has_content_type) {
      headers_ = curl_slist_append(headers_, "Content-Type: application/json");
    }
    // "Expect: 100-continue" would add a round trip to every large body.
    if (!has_expect) headers_ = curl_slist_append(headers_, "Expect:");
    no_proxy_ = NoProxyList();
    keep_body_ = !endpoint_.expect_json_field.empty();

    slots_.resize(static_cast<size_t>(slot_count_));
    for (auto& slot : slots_) {
      slot.easy = curl_easy_init();
      if (slot.easy == nullptr) return Internal("curl_easy_init failed");
      MLGATE_RETURN_IF_ERROR(Configure(slot));
      free_.push_back(&slot);
    }
    timer_fd_ = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    return Status::Ok();
  }

  Status Configure(Slot& slot) {
    CURL* e = slot.easy;
    CURLcode rc = CURLE_OK;
    auto set = [&rc](CURLcode c) {
      if (rc == CURLE_OK) rc = c;
    };
    set(curl_easy_setopt(e, CURLOPT_URL, endpoint_.url.c_str()));
    set(curl_easy_setopt(e, CURLOPT_PRIVATE, &slot));
    set(curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L));
    set(curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L));
    set(curl_easy_setopt(e, CURLOPT_NOPROXY, no_proxy_.c_str()));
    set(curl_easy_setopt(e, CURLOPT_USERAGENT, "mlgate-probe/" MLGATE_VERSION));
    set(curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers_));
    set(curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS)));
    if (keep_body_) {
      set(curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, KeepBody));
      set(curl_easy_setopt(e, CURLOPT_WRITEDATA, &slot.body));
    } else {
      set(curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, DiscardBody));
    }
    const std::string& method = endpoint_.method;
    const bool has_body = !endpoint_.body.empty();
    if (method == "HEAD") {
      set(curl_easy_setopt(e, CURLOPT_NOBODY, 1L));
    } else if (method == "GET" && !has_body) {
      set(curl_easy_setopt(e, CURLOPT_HTTPGET, 1L));
    } else {
      if (method != "POST") set(curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method.c_str()));
      if (has_body || method == "POST") {
        set(curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
                             static_cast<curl_off_t>(endpoint_.body.size())));
        set(curl_easy_setopt(e, CURLOPT_POSTFIELDS, endpoint_.body.data()));
      }
    }
    if (rc != CURLE_OK) {
      return Internal(fmt::format("cannot configure the request: {}", curl_easy_strerror(rc)));
    }
    return Status::Ok();
  }

  // Hands `slot` to libcurl. `start` is where its latency is measured from.
  void Launch(Slot& slot, Clock::time_point start, bool measured, Seconds timeout) {
    slot.start = start;
    slot.measured = measured;
    slot.body.clear();
    long timeout_ms = std::max(1L, static_cast<long>(std::ceil(timeout.count() * 1000)));
    curl_easy_setopt(slot.easy, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_multi_add_handle(multi_, slot.easy);
  }

  // Empty when the answer is acceptable, else the error kind.
  std::string Classify(CURLcode code, long status, const std::string& body) const {
    if (code != CURLE_OK) return ErrorKind(code);
    if (endpoint_.expect_status != 0) {
      if (status != endpoint_.expect_status) {
        return status >= 200 && status <= 299
                   ? fmt::format("http {} (expected {})", status, endpoint_.expect_status)
                   : fmt::format("http {}", status);
      }
    } else if (status < 200 || status > 299) {
      return fmt::format("http {}", status);
    }
    if (keep_body_) {
      nlohmann::json answer = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
      if (answer.is_discarded()) return "invalid json";
      if (!answer.is_object() || !answer.contains(endpoint_.expect_json_field)) {
        return fmt::format("no json field '{}'", endpoint_.expect_json_field);
      }
    }
    return "";
  }

  // `latency_ms` is kept when `kind` is empty (a success) and the request was measured.
  void Record(bool measured, const std::string& kind, double latency_ms, Clock::time_point end) {
    if (kind.empty() || !IsUnreachable(kind)) {
      ++reached_;
      consecutive_unreachable_ = 0;
      last_answer_ = end;
    } else {
      ++unreachable_;
      ++unreachable_kinds_[kind];
      ++consecutive_unreachable_;
    }
    if (!measured) {
      ++warmup_done_;
      if (!kind.empty()) ++warmup_errors_;
      return;
    }
    ++report_.requests;
    last_measured_end_ = std::max(last_measured_end_, end);
    if (kind.empty()) {
      report_.latencies_ms.push_back(latency_ms);
    } else {
      ++report_.errors;
      ++report_.error_kinds[kind];
    }
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
      report_.connections += connects;
      if (code == CURLE_OK) report_.http_version = HttpVersionName(version);
      // Closed model: libcurl's own clock, from taking the transfer up (connecting if needed,
      // then writing the request) to its last byte, so the time this loop spends on the other
      // connections is not charged to the request. Open model: from the intended send time to
      // now, which must include any wait for a free connection.
      const double latency_ms = load_.model == "open" ? Millis(now - slot->start).count()
                                                      : static_cast<double>(total_us) / 1000.0;
      Record(slot->measured, Classify(code, status, slot->body), latency_ms, now);
      free_.push_back(slot);
      ++finished;
    }
    return finished;
  }

  // A dead endpoint stops the probe after about one timeout instead of after every request;
  // one that dies during the run stops it once nothing has answered for two timeouts and every
  // connection failed twice in a row, instead of letting every remaining request wait out its
  // timeout. (A slow but live server still answers now and then, which resets both.)
  Status GiveUpIfUnreachable() const {
    if (reached_ > 0) {
      const int64_t limit = std::max<int64_t>(2 * give_up_after_, 10);
      if (consecutive_unreachable_ < limit || Clock::now() - last_answer_ < Seconds(2 * timeout_)) {
        return Status::Ok();
      }
      return Unavailable(fmt::format(
          "the endpoint stopped answering: after {} answers, the last {} requests all failed to "
          "connect or timed out (timeout {} s)",
          reached_, consecutive_unreachable_, timeout_));
    }
    if (unreachable_ < give_up_after_) return Status::Ok();
    std::string kinds;
    for (const auto& [kind, count] : unreachable_kinds_) {
      kinds += fmt::format("{}{} {}", kinds.empty() ? "" : ", ", count, kind);
    }
    return Unavailable(fmt::format(
        "the endpoint did not answer: the first {} requests all failed ({}; timeout {} s)",
        unreachable_, kinds, timeout_));
  }

  void BeginPhase(bool measured, int64_t total) {
    phase_measured_ = measured;
    phase_total_ = total;
    phase_start_ = Clock::now();
    last_tick_ = phase_start_;
  }

  // Requests of the phase finished so far.
  int64_t Done(bool measured) const { return measured ? report_.requests : warmup_done_; }

  void Tick(bool force) {
    if (progress_ == nullptr || !progress_->update) return;
    const Clock::time_point now = Clock::now();
    if (!force && Seconds(now - last_tick_).count() < progress_->interval_s) return;
    last_tick_ = now;
    ProbeTick tick;
    tick.phase = phase_measured_ ? "measure" : "warmup";
    tick.done = Done(phase_measured_);
    tick.total = phase_total_;
    tick.errors = phase_measured_ ? report_.errors : warmup_errors_;
    tick.elapsed_s = Seconds(now - phase_start_).count();
    progress_->update(tick);
  }

  void Perform() {
    int running = 0;
    curl_multi_perform(multi_, &running);
  }

  Status RunClosedPhase(int64_t count, bool measured) {
    if (count == 0) return Status::Ok();
    BeginPhase(measured, count);
    const Seconds timeout(timeout_);
    const Clock::time_point begin = Clock::now();
    int64_t issued = 0;
    while (issued < count && !free_.empty()) {
      Launch(*free_.back(), Clock::now(), measured, timeout);
      free_.pop_back();
      ++issued;
    }
    while (Done(measured) < count) {
      Perform();
      const int finished = Drain();
      MLGATE_RETURN_IF_ERROR(GiveUpIfUnreachable());
      // Each freed connection sends its next request at once: that is the closed model.
      while (issued < count && !free_.empty()) {
        Launch(*free_.back(), Clock::now(), measured, timeout);
        free_.pop_back();
        ++issued;
      }
      Tick(false);
      if (finished == 0) curl_multi_poll(multi_, nullptr, 0, 100, nullptr);
    }
    Tick(true);
    if (measured)
      report_.elapsed_s = Seconds(last_measured_end_ - begin).count();
    else
      report_.warmup_requests = count;
    return Status::Ok();
  }

  // Sleeps until libcurl has work or `wake` comes, whichever is first. A timerfd gives the wake
  // microsecond precision; curl_multi_poll alone counts in whole milliseconds.
  void WaitUntil(Clock::time_point wake) {
    const auto now = Clock::now();
    const double ms = Millis(wake - now).count();
    if (ms <= 0) return;
    int timeout_ms = static_cast<int>(std::min(1000.0, std::ceil(ms)));
    if (timer_fd_ < 0) {
      curl_multi_poll(multi_, nullptr, 0, timeout_ms, nullptr);
      return;
    }
    const auto since_epoch =
        std::chrono::duration_cast<std::chrono::nanoseconds>(wake.time_since_epoch()).count();
    itimerspec spec{};
    spec.it_value.tv_sec = static_cast<time_t>(since_epoch / 1'000'000'000);
    spec.it_value.tv_nsec = static_cast<long>(since_epoch % 1'000'000'000);
    ::timerfd_settime(timer_fd_, TFD_TIMER_ABSTIME, &spec, nullptr);
    curl_waitfd extra{timer_fd_, CURL_WAIT_POLLIN, 0};
    curl_multi_poll(multi_, &extra, 1, timeout_ms + 1, nullptr);
    uint64_t expirations = 0;
    [[maybe_unused]] ssize_t n = ::read(timer_fd_, &expirations, sizeof(expirations));
  }

  Status RunOpen() {
    const int64_t total = planned_;
    const int64_t warmup = load_.warmup;
    const auto timeout = std::chrono::duration_cast<Clock::duration>(Seconds(timeout_));
    const Clock::time_point t0 = Clock::now();
    auto intended = [&](int64_t i) {
      return t0 + std::chrono::duration_cast<Clock::duration>(
                      Seconds(static_cast<double>(i) / load_.rate));
    };
    report_.latencies_ms.reserve(static_cast<size_t>(open_measured_));
    report_.warmup_requests = warmup;
    BeginPhase(/*measured=*/warmup == 0, warmup > 0 ? warmup : open_measured_);
    int64_t next = 0;
    while (true) {
      Clock::time_point now = Clock::now();
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
          blocked_through_ = next;
          break;
        }
        if (measured && now - due > kLateSend) {
          ++report_.late_sends;
          if (next <= blocked_through_) ++report_.queued_sends;
        }
        Launch(*free_.back(), due, measured, due + timeout - now);
        free_.pop_back();
        ++next;
      }
      Perform();
      const int finished = Drain();
      MLGATE_RETURN_IF_ERROR(GiveUpIfUnreachable());
      if (!phase_measured_ && warmup_done_ == warmup) {
        Tick(true);
        BeginPhase(/*measured=*/true, open_measured_);
      }
      Tick(false);
      if (next == total && static_cast<int64_t>(free_.size()) == slot_count_) break;
      if (finished > 0) continue;
      // Wake for the next due request, or, when every connection is busy, for the moment the
      // head of the queue would expire; any answer wakes us earlier.
      Clock::time_point wake = now + std::chrono::seconds(1);
      if (next < total) wake = free_.empty() ? intended(next) + timeout : intended(next);
      WaitUntil(wake);
    }
    Tick(true);
    const Clock::time_point measure_begin = intended(warmup);
    const Clock::time_point end = std::max(last_measured_end_, measure_begin);
    report_.elapsed_s = Seconds(end - measure_begin).count();
    return Status::Ok();
  }

  const EndpointDecl& endpoint_;
  const LoadSpec load_;
  const ProbeProgress* progress_;

  double timeout_ = 0;
  int64_t planned_ = 0;        // every request the run will send, warm-up included
  int64_t open_measured_ = 0;  // open model: measured requests
  int64_t slot_count_ = 0;     // most requests in flight
  int64_t give_up_after_ = 0;
  int64_t blocked_through_ = -1;  // open model: last request found due with no free connection

  CURLM* multi_ = nullptr;
  curl_slist* headers_ = nullptr;
  std::string no_proxy_;
  bool keep_body_ = false;
  std::vector<Slot> slots_;
  std::vector<Slot*> free_;
  int timer_fd_ = -1;

  LatencyReport report_;
  int64_t reached_ = 0;                  // answers of any kind: the endpoint is there
  int64_t unreachable_ = 0;              // connect failures and timeouts
  int64_t consecutive_unreachable_ = 0;  // of them since the last answer
  Clock::time_point last_answer_{};
  std::map<std::string, int64_t> unreachable_kinds_;
  Clock::time_point last_measured_end_{};

  int64_t warmup_done_ = 0, warmup_errors_ = 0;
  bool phase_measured_ = false;
  int64_t phase_total_ = 0;
  Clock::time_point phase_start_, last_tick_;
};

}  // namespace

StatusOr<LatencyReport> RunProbe(const EndpointDecl& endpoint, const LoadSpec& load,
                                 const ProbeProgress* progress) {
  Engine engine(endpoint, load, progress);
  return engine.Run();
}

}  // namespace mlgate
