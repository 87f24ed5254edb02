// The load a latency measurement applies, and the raw samples it yields.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mlgate {

struct LoadSpec {
  std::string model = "closed";  // "closed": fixed concurrency; "open": fixed arrival rate
  int64_t requests = 1000;       // closed: measured requests (after warm-up)
  int64_t concurrency = 8;       // closed: requests in flight; open: connection cap
  int64_t warmup = 100;          // requests sent first and not measured
  double rate = 0;               // open: requests per second
  double duration_s = 0;         // open: how long to send
  double timeout_s = 5;          // per request
  int64_t min_samples = 100;     // fewer successful samples is an error, not a pass
};

struct LatencyReport {
  std::string url;
  std::string model;                           // "closed" or "open"
  std::vector<double> latencies_ms;            // successful measured requests
  int64_t requests = 0;                        // measured requests sent
  int64_t errors = 0;                          // failed measured requests
  std::map<std::string, int64_t> error_kinds;  // "timeout", "connect", "http 500" ...
  double elapsed_s = 0;                        // measured phase wall time
  int64_t warmup_requests = 0;  // requests sent before measuring (not in the numbers)
  int64_t connections = 0;      // connections opened over the whole run
  int64_t event_loops = 0;      // threads that sent the requests, each with its own connections
  // Open model: measured requests sent more than 1 ms after their intended time (their wait is
  // part of their latency), and of them those that waited because every connection was busy;
  // the others waited for the probing machine itself.
  int64_t late_sends = 0;
  int64_t queued_sends = 0;
  std::string http_version;  // of the last answer: "1.1", "2", "3"; "" when none
};

}  // namespace mlgate
