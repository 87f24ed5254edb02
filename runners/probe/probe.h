// The HTTP probe: applies a load (closed or open model) to one endpoint from libcurl event loops
// and returns every measured latency. Used by the `latency` check (through the run's
// Inputs::Probe) and by `mlgate probe`.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "checks/serving/load.h"
#include "checks/status.h"
#include "gates/gate.h"

namespace mlgate {

// A snapshot of a running probe, for a progress line.
struct ProbeTick {
  const char* phase = "";  // "warmup" or "measure"
  int64_t done = 0;        // requests finished in this phase
  int64_t total = 0;       // requests this phase will send
  int64_t errors = 0;      // of `done`
  double elapsed_s = 0;    // since the phase began
};

// Optional observer of a running probe. `update` is called on the thread that called RunProbe
// (whatever the number of event loops) at most every
// `interval_s` seconds and once at the end of each phase; it must return quickly.
struct ProbeProgress {
  std::function<void(const ProbeTick&)> update;
  double interval_s = 0.2;
};

// How the probe spreads its work over threads.
struct ProbeOptions {
  // Event loops (one thread each) of the closed model; 0 means one per core this process may
  // run on (UsableCores()). Never more than the requests in flight, which are
  // shared among the loops as evenly as possible, each loop with its own connections. The open
  // model always runs one loop, so that one schedule decides every send.
  int event_loops = 0;
};

// Probes `endpoint` with `load` and returns what was measured.
//
// Closed model: `load.warmup` requests, then (after they all finished) `load.requests` measured
// ones, with `load.concurrency` in flight, each connection sending its next request as soon as
// the previous one is answered; the loops take the phase's requests from one shared count, so
// exactly `load.requests` are measured whatever the number of loops. Latency is libcurl's own
// timing of the transfer: from taking the request up (connecting when no kept-alive connection is
// free, then writing it) to the answer's last byte.
// Open model: requests are due at a fixed `load.rate` per second for `load.duration_s` seconds
// (after `load.warmup` more at the same rate, not measured); at most `load.concurrency` are in
// flight, and a due request that finds them all busy waits. Latency runs from the request's
// intended send time, so a server stall shows in the latency of every request due during it.
//
// The timeout is `load.timeout_s` when > 0, else `endpoint.timeout_s`; in the open model it
// bounds the latency from the intended send time. Connection failures, timeouts, non-2xx answers
// (or a status other than `endpoint.expect_status` when set) and answers lacking
// `endpoint.expect_json_field` count as errors, by kind. Connections are kept alive and reused;
// HTTP/2 is used where an https server offers it.
//
// Returns InvalidArgument for an unusable URL, method, header or load, and Unavailable when the
// endpoint never answered: the probe stops as soon as the first `concurrency` attempts (or all,
// when fewer) failed to connect or timed out without any answer, so a dead endpoint costs at
// most about one timeout; and Unavailable when an endpoint that answered stops answering (the
// last max(2 x concurrency, 10) requests in a row failed to connect or timed out and nothing
// answered for two timeouts). Header values appear in no message.
StatusOr<LatencyReport> RunProbe(const EndpointDecl& endpoint, const LoadSpec& load,
                                 const ProbeProgress* progress = nullptr,
                                 const ProbeOptions& options = {});

}  // namespace mlgate
