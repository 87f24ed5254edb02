#!/usr/bin/env bash
# Runs the seattle-weather gate with the given mlgate binary and writes its reports to out/.
#   examples/seattle-weather/run.sh [path/to/mlgate] [GATE]
# GATE is gate.yaml (the default: reports in out/) or another gate file of this folder, such as
# gate-regression.yaml (reports in out/gate-regression/).
# First, when the example's trainer is built, it retrains both models and rewrites predictions/
# (deterministic: the files only change when the data or the trainer did). The trainer is
# $MLGATE_EXAMPLE_TRAIN when set, else mlgate-example-train in the build tree beside mlgate
# (BUILD/examples/ for BUILD/runners/mlgate), else the one on PATH. MLGATE_EXAMPLE_TRAIN=none keeps
# the committed predictions as they are.
# Then, when the gate declares endpoints, it starts the example's model server with
# predictions/model.json on a free loopback port, points the gate's `model` endpoint at it
# (--set endpoints.model.url=...), and stops it when the gate is done. The server is
# $MLGATE_EXAMPLE_SERVE when set, else mlgate-example-serve beside the trainer (same search);
# MLGATE_EXAMPLE_SERVE=none starts none (the latency check then errors: nothing answers).
# MLGATE_EXAMPLE_DELAY_MS=N makes the server wait N ms before each answer, to see the latency
# check fail and ask for a rollback.
# Exits with the gate's code (2 when training failed or the server did not start).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mlgate=${1:-mlgate}
gate=${2:-gate.yaml}

# The example program NAME: $OVERRIDE when set, else beside mlgate's build tree, else on PATH.
find_program() {
  local name=$1 override=$2
  if [[ -n "$override" ]]; then
    echo "$override"
  elif [[ "$mlgate" == */* ]]; then
    echo "$(dirname "$mlgate")/../examples/$name"
  else
    command -v "$name" || true
  fi
}

trainer=$(find_program mlgate-example-train "${MLGATE_EXAMPLE_TRAIN:-}")
if [[ "$trainer" != none && -n "$trainer" && -x "$trainer" ]]; then
  if ! "$trainer" --train "$here/data/weather-2012-2013.csv" --apply "$here/data/weather-2015.csv" \
      --out-dir "$here/predictions"; then
    echo "(training failed; nothing was judged)" >&2
    exit 2
  fi
elif [[ "$trainer" != none ]]; then
  echo "(mlgate-example-train not found: judging the committed predictions/)"
fi

sets=()
server_pid=
work=$(mktemp -d)
cleanup() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

serve=$(find_program mlgate-example-serve "${MLGATE_EXAMPLE_SERVE:-}")
if grep -q '^endpoints:' "$here/$gate" && [[ "$serve" != none ]]; then
  if [[ -z "$serve" || ! -x "$serve" ]]; then
    echo "(mlgate-example-serve not found: the latency check will find nothing to probe)"
  else
    delay=()
    [[ -n "${MLGATE_EXAMPLE_DELAY_MS:-}" ]] && delay=(--delay-ms "$MLGATE_EXAMPLE_DELAY_MS")
    # Port 0: the server picks a free port and prints it as its first line.
    "$serve" --model "$here/predictions/model.json" --port 0 "${delay[@]}" \
      >"$work/port" 2>"$work/serve.log" &
    server_pid=$!
    for _ in $(seq 200); do
      [[ -s "$work/port" ]] && break
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.05
    done
    port=$(head -1 "$work/port")
    if [[ -z "$port" ]] ||
        ! "$mlgate" probe "http://127.0.0.1:$port/health" --requests 1 --warmup 0 --no-progress \
          >/dev/null; then
      echo "(the model server did not start; nothing was judged)" >&2
      cat "$work/serve.log" >&2
      exit 2
    fi
    echo "(model server on http://127.0.0.1:$port${delay:+, ${MLGATE_EXAMPLE_DELAY_MS} ms delay})"
    sets=(--set "endpoints.model.url=http://127.0.0.1:$port/predict")
  fi
fi

name=$(basename "$gate" .yaml)
out="$here/out"
[[ "$name" == gate ]] || out="$here/out/$name"
mkdir -p "$out"
"$mlgate" run "$here/$gate" "${sets[@]}" \
  --junit "$out/junit.xml" --json "$out/verdict.json" --markdown "$out/summary.md"
code=$?
echo "(exit code $code; reports in examples/seattle-weather/${out#"$here/"}/)"
exit $code
