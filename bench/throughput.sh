#!/usr/bin/env bash
# End-to-end throughput of `mlgate run` on synthetic data, against pandas+scipy doing the same.
#   bench/throughput.sh [ROWS [MODE]]    ROWS default 1000000 (the issue's sizes: 1000000 and
#                                        10000000); MODE sketch|exact|both (default both)
# Generates bench/data/{reference,current}.csv once per ROWS (deterministic; 10M rows is about
# 2.6 GB for the pair), runs bench/throughput-gate.yaml (schema + drift on every column +
# correlation) and prints wall time, MB/s, rows/s and peak RSS of:
#   mlgate (sketch)  --memory-budget 64M: values beyond 64 MB per dataset become KLL sketches;
#                    the line also says how many results were computed from a sketch
#   mlgate (exact)   --memory-budget 16G: every value kept, exact statistics
#   pandas+scipy     bench/throughput_pandas.py, the same gate the way it is done in Python
# and the ratio pandas+scipy / mlgate (exact). A run that did not judge the gate (an exit code
# other than 0, 1, 3, 4, or no verdict) stops the script with exit 2 instead of printing a rate.
# Build first: scripts/build.sh (BUILD_DIR overrides build/).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rows=${1:-1000000}
mode=${2:-both}
build=${BUILD_DIR:-$root/build}
mlgate=$build/runners/mlgate
gen=$build/bench/mlgate-gen-synthetic
for tool in "$mlgate" "$gen"; do
  [[ -x $tool ]] || { echo "throughput: $tool is not built (scripts/build.sh)" >&2; exit 2; }
done
[[ -x /usr/bin/time ]] || { echo "throughput: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
data=$root/bench/data
mkdir -p "$data"
stamp="$data/.rows"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$rows" ]]; then
  echo "generating $rows rows x 2 datasets..."
  "$gen" "$rows" 0 "$data/reference.csv"
  "$gen" "$rows" 0.05 "$data/current.csv"
  echo "$rows" > "$stamp"
fi
bytes=$(( $(stat -c %s "$data/reference.csv") + $(stat -c %s "$data/current.csv") ))
total_rows=$(( rows * 2 ))
echo "input: $total_rows rows, $(awk -v b=$bytes 'BEGIN{printf "%.1f MB", b/1e6}'), $(nproc) cores"

# measure LABEL COMMAND...: prints one line of figures; sets LAST_SECONDS. The command's exit
# code must be 0, 1, 3 or 4 (a decision), else the script stops.
measure() {
  local label=$1; shift
  local log; log=$(mktemp)
  local start end code=0
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$log" "$@" > "$data/last.out" 2>&1 || code=$?
  end=$(date +%s.%N)
  case $code in
    0|1|3|4) ;;
    *) echo "$label: exit code $code, nothing measured:" >&2; tail -5 "$data/last.out" >&2; exit 2 ;;
  esac
  local rss_kb; rss_kb=$(tail -1 "$log")
  rm -f "$log"
  awk -v l="$label" -v s="$start" -v e="$end" -v b="$bytes" -v r="$total_rows" -v m="$rss_kb" \
    'BEGIN{t=e-s; printf "%-20s %8.2f s  %8.1f MB/s  %10.0f rows/s  peak RSS %7.1f MB\n", l, t, b/1e6/t, r/t, m/1024}'
  LAST_SECONDS=$(awk -v s="$start" -v e="$end" 'BEGIN{print e-s}')
}

# sketched VERDICT: how many results say they were computed from a sketch.
sketched() {
  /usr/bin/python3 -c '
import json, sys
v = json.load(open(sys.argv[1]))
results, decision = v["results"], v["decision"]
n = sum(1 for r in results if isinstance(r.get("details"), dict) and r["details"].get("sketch"))
print(f"{n} of {len(results)} results from sketches; decision {decision}")' "$1"
}

gate=$data/gate.yaml
sed 's#data/#./#' "$root/bench/throughput-gate.yaml" > "$gate"
if [[ $mode == sketch || $mode == both ]]; then
  rm -f "$data/sketch.json"
  measure "mlgate (sketch, 64M)" "$mlgate" run "$gate" --memory-budget 64M --no-progress \
    --json "$data/sketch.json"
  [[ -s $data/sketch.json ]] || { echo "mlgate wrote no verdict" >&2; exit 2; }
  echo "                     $(sketched "$data/sketch.json")"
fi
if [[ $mode == exact || $mode == both ]]; then
  rm -f "$data/exact.json"
  measure "mlgate (exact)" "$mlgate" run "$gate" --memory-budget 16G --no-progress \
    --json "$data/exact.json"
  [[ -s $data/exact.json ]] || { echo "mlgate wrote no verdict" >&2; exit 2; }
  echo "                     $(sketched "$data/exact.json")"
  mlgate_seconds=$LAST_SECONDS
  measure "pandas+scipy" /usr/bin/python3 "$root/bench/throughput_pandas.py" "$data/reference.csv" "$data/current.csv"
  echo "                     $(tail -1 "$data/last.out")"
  awk -v a="$LAST_SECONDS" -v b="$mlgate_seconds" 'BEGIN{printf "mlgate (exact) is %.1fx faster than pandas+scipy\n", a/b}'
fi
