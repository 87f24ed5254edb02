#!/usr/bin/env bash
# Compares `mlgate probe` with wrk on the same loopback server: achieved request rate and p50.
#   bench/probe_vs_wrk.sh [BUILD_DIR] [DURATION_S] [ROUNDS]
# BUILD_DIR (default: build) must hold runners/mlgate and examples/mlgate-example-serve.
# Starts the example model server on an ephemeral loopback port and, ROUNDS times (default 3),
# runs `wrk -t$WRK_THREADS -c8 -d${DURATION_S}s --latency` (default 10 s) against GET /health, then
# `mlgate probe --concurrency 8` for the same number of requests that wrk round made. Prints each
# round and the medians. Target: our rate >= 80% of wrk's and our p50 within 15% of wrk's.
# Exit 0 when the medians meet both targets, 1 when one is missed, 2 when something could not run.
#
# PIN=1 (the default when the process may use two cores or more) gives the server the last core
# and both load generators the others, as when the client runs on its own machine: then the
# comparison shows whether the client is the bottleneck instead of which client leaves the server
# more CPU. PIN=0 lets all three share every core; the client's own CPU per request then decides
# the rate (libcurl's work per request is several times wrk's). Run it on an otherwise idle
# machine either way.
# WRK_THREADS (default: the load generators' cores, so loop for loop with the probe, which runs
# one event loop per core it may use) sets wrk's event loops.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
duration=${2:-10}
rounds=${3:-3}
mlgate=$build/runners/mlgate
serve=$build/examples/mlgate-example-serve
for tool in "$mlgate" "$serve"; do
  [[ -x $tool ]] || { echo "probe_vs_wrk: $tool not built" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "probe_vs_wrk: wrk not installed (apt-get install wrk)" >&2; exit 2; }

work=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cores=($(python3 -c 'import os; print(*sorted(os.sched_getaffinity(0)))'))
pin=${PIN:-$([[ ${#cores[@]} -ge 2 ]] && echo 1 || echo 0)}
server_pin=() client_pin=()
if [[ $pin == 1 ]]; then
  [[ ${#cores[@]} -ge 2 ]] || { echo "probe_vs_wrk: PIN=1 needs two cores" >&2; exit 2; }
  command -v taskset >/dev/null || { echo "probe_vs_wrk: taskset not installed" >&2; exit 2; }
  client_cores=$(IFS=,; echo "${cores[*]:0:${#cores[@]}-1}")
  server_pin=(taskset -c "${cores[-1]}")
  client_pin=(taskset -c "$client_cores")
  client_core_count=$((${#cores[@]} - 1))
  echo "pinned: server on core ${cores[-1]}, wrk and the probe on core(s) $client_cores"
else
  client_core_count=${#cores[@]}
  echo "not pinned: server, wrk and the probe share core(s) $(IFS=,; echo "${cores[*]}")"
fi

"${server_pin[@]}" "$serve" --model "$root/examples/seattle-weather/predictions/model.json" --port 0 --threads 16 \
  >"$work/port" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 100); do [[ -s $work/port ]] && break; sleep 0.05; done
port=$(head -1 "$work/port")
[[ -n $port ]] || { echo "probe_vs_wrk: the server did not start" >&2; cat "$work/serve.log" >&2; exit 2; }
url=http://127.0.0.1:$port/health

wrk_threads=${WRK_THREADS:-$client_core_count}
"${client_pin[@]}" wrk -t"$wrk_threads" -c8 -d1s "$url" >/dev/null  # warms the server up
for round in $(seq "$rounds"); do
  "${client_pin[@]}" wrk -t"$wrk_threads" -c8 -d"${duration}s" --latency "$url" >"$work/wrk.$round.txt"
  requests=$(awk '/requests in/ {print $1}' "$work/wrk.$round.txt")
  "${client_pin[@]}" "$mlgate" probe "$url" --concurrency 8 --requests "$requests" --warmup 1000 --no-progress \
    --json "$work/probe.$round.json" >/dev/null
done

/usr/bin/python3 - "$work" "$rounds" "$wrk_threads" <<'PY'
import json, re, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
wrk_name = f"wrk -t{sys.argv[3]} -c8"
units = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}
rows = []
print(f"{'round':<7}{'tool':<14}{'requests':>10}{'requests/s':>13}{'p50 ms':>9}")
for r in range(1, rounds + 1):
    text = open(f"{work}/wrk.{r}.txt").read()
    wrk_requests = int(re.search(r"(\d+) requests in", text).group(1))
    wrk_rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    value, unit = re.search(r"^\s+50%\s+([\d.]+)(\w+)", text, re.M).groups()
    wrk_p50 = float(value) * units[unit]
    probe = json.load(open(f"{work}/probe.{r}.json"))
    if probe["errors"]:
        print(f"mlgate probe had {probe['errors']} errors: {probe['error_kinds']}")
    rows.append((wrk_rate, wrk_p50, probe["throughput_rps"], probe["latency_ms"]["p50"]))
    print(f"{r:<7}{wrk_name:<14}{wrk_requests:>10}{wrk_rate:>13.1f}{wrk_p50:>9.3f}")
    print(f"{r:<7}{'mlgate probe':<14}{probe['requests']:>10}{probe['throughput_rps']:>13.1f}"
          f"{probe['latency_ms']['p50']:>9.3f}")
wrk_rate, wrk_p50, rate, p50 = (statistics.median(column) for column in zip(*rows))
print(f"{'median':<7}{wrk_name:<14}{'':>10}{wrk_rate:>13.1f}{wrk_p50:>9.3f}")
print(f"{'median':<7}{'mlgate probe':<14}{'':>10}{rate:>13.1f}{p50:>9.3f}")
rate_ratio, p50_diff = rate / wrk_rate, (p50 - wrk_p50) / wrk_p50
print(f"rate: mlgate/wrk = {rate_ratio:.3f} (target >= 0.80)")
print(f"p50:  mlgate vs wrk = {100 * p50_diff:+.1f}% (target within +-15%)")
ok = rate_ratio >= 0.8 and abs(p50_diff) <= 0.15
print("targets met" if ok else "targets missed")
sys.exit(0 if ok else 1)
PY
