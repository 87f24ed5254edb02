#!/usr/bin/env bash
# Compares `mlgate probe` with wrk on the same loopback server: achieved request rate and p50.
#   bench/probe_vs_wrk.sh [BUILD_DIR] [DURATION_S]
# BUILD_DIR (default: build) must hold runners/mlgate and examples/mlgate-example-serve.
# Starts the example model server on an ephemeral loopback port, runs `wrk -t2 -c8 -d10s --latency`
# against GET /health, then `mlgate probe --concurrency 8` for the same number of requests wrk
# made, and prints both and their ratios. Target: our rate >= 80% of wrk's, p50 within 15%.
# Exit 0 when both targets are met, 1 when one is missed, 2 when something could not run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
duration=${2:-10}
mlgate=$build/runners/mlgate
serve=$build/examples/mlgate-example-serve
for tool in "$mlgate" "$serve"; do
  [[ -x $tool ]] || { echo "probe_vs_wrk: $tool not built" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "probe_vs_wrk: wrk not installed (apt-get install wrk)" >&2; exit 2; }
py=/usr/bin/python3

work=$(mktemp -d)
server_pid=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

"$serve" --port 0 --threads 16 >"$work/port" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 100); do [[ -s $work/port ]] && break; sleep 0.05; done
port=$(head -1 "$work/port")
[[ -n $port ]] || { echo "probe_vs_wrk: the server did not start" >&2; cat "$work/serve.log" >&2; exit 2; }
url=http://127.0.0.1:$port/health

# A short warm-up for the server, then wrk.
wrk -t2 -c8 -d1s "$url" >/dev/null
wrk -t2 -c8 -d"${duration}s" --latency "$url" >"$work/wrk.txt"
wrk_requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
wrk_rate=$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.txt")
# "     50%  153.00us" -> ms
wrk_p50=$(awk '$1 == "50%" {v=$2; u=v; gsub(/[0-9.]/, "", u); sub(/[a-z]+$/, "", v);
  f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1;
  printf "%.4f", v * f}' "$work/wrk.txt")

"$mlgate" probe "$url" --concurrency 8 --requests "$wrk_requests" --warmup 1000 --no-progress \
  --json "$work/probe.json" >"$work/probe.txt"

"$py" - "$work/probe.json" "$wrk_requests" "$wrk_rate" "$wrk_p50" <<'PY'
import json, sys
probe = json.load(open(sys.argv[1]))
wrk_requests, wrk_rate, wrk_p50 = int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
rate, p50 = probe["throughput_rps"], probe["latency_ms"]["p50"]
rate_ratio = rate / wrk_rate
p50_diff = (p50 - wrk_p50) / wrk_p50
print(f"{'tool':<14}{'requests':>10}{'requests/s':>14}{'p50 ms':>10}")
print(f"{'wrk -t2 -c8':<14}{wrk_requests:>10}{wrk_rate:>14.1f}{wrk_p50:>10.3f}")
print(f"{'mlgate probe':<14}{probe['requests']:>10}{rate:>14.1f}{p50:>10.3f}")
print(f"rate: mlgate/wrk = {rate_ratio:.3f} (target >= 0.80)")
print(f"p50:  mlgate vs wrk = {100 * p50_diff:+.1f}% (target within 15%)")
ok = rate_ratio >= 0.8 and abs(p50_diff) <= 0.15 and probe["errors"] == 0
print("targets met" if ok else "targets missed")
sys.exit(0 if ok else 1)
PY
