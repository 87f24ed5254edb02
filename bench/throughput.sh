#!/usr/bin/env bash
# End-to-end throughput of `mlgate run` on synthetic data, against pandas+scipy doing the same.
#   bench/throughput.sh [ROWS] [MODE]     ROWS default 1000000; MODE sketch|exact|both (default both)
# Generates bench/data/{reference,current}.csv once per ROWS (deterministic), then prints MB/s,
# rows/s and peak RSS of mlgate (sketch mode with --memory-budget 256M, and exact mode), of the
# pandas+scipy script, and the ratio.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rows=${1:-1000000}
mode=${2:-both}
build=${BUILD_DIR:-$root/build}
data=$root/bench/data
mkdir -p "$data"
stamp="$data/.rows"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$rows" ]]; then
  echo "generating $rows rows x 2 datasets..."
  "$build/bench/mlgate-gen-synthetic" "$rows" 0 "$data/reference.csv"
  "$build/bench/mlgate-gen-synthetic" "$rows" 0.05 "$data/current.csv"
  echo "$rows" > "$stamp"
fi
bytes=$(( $(stat -c %s "$data/reference.csv") + $(stat -c %s "$data/current.csv") ))
total_rows=$(( rows * 2 ))
echo "input: $total_rows rows, $(awk -v b=$bytes 'BEGIN{printf "%.1f MB", b/1e6}')"

measure() {  # label command...
  local label=$1; shift
  local log; log=$(mktemp)
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$log" "$@" > /dev/null 2>&1 || true
  end=$(date +%s.%N)
  local rss_kb; rss_kb=$(tail -1 "$log")
  rm -f "$log"
  awk -v l="$label" -v s="$start" -v e="$end" -v b="$bytes" -v r="$total_rows" -v m="$rss_kb" \
    'BEGIN{t=e-s; printf "%-22s %8.2f s  %8.1f MB/s  %10.0f rows/s  peak RSS %7.1f MB\n", l, t, b/1e6/t, r/t, m/1024}'
  LAST_SECONDS=$(awk -v s="$start" -v e="$end" 'BEGIN{print e-s}')
}

gate=$root/bench/throughput-gate.yaml
cp "$gate" "$data/gate.yaml"
sed -i 's#data/#./#' "$data/gate.yaml"
if [[ $mode == sketch || $mode == both ]]; then
  measure "mlgate (sketch, 256M)" "$build/runners/mlgate" run "$data/gate.yaml" --memory-budget 256M --no-progress
fi
if [[ $mode == exact || $mode == both ]]; then
  measure "mlgate (exact)" "$build/runners/mlgate" run "$data/gate.yaml" --memory-budget 16G --no-progress
  mlgate_seconds=$LAST_SECONDS
  measure "pandas+scipy" /usr/bin/python3 "$root/bench/throughput_pandas.py" "$data/reference.csv" "$data/current.csv"
  awk -v a="$LAST_SECONDS" -v b="$mlgate_seconds" 'BEGIN{printf "mlgate (exact) is %.1fx faster than pandas+scipy\n", a/b}'
fi
