#!/usr/bin/env bash
# Runs the seattle-weather gate with the given mlgate binary and writes its reports to out/.
#   examples/seattle-weather/run.sh [path/to/mlgate] [GATE]
# GATE is gate.yaml (the default: reports in out/) or another gate file of this folder, such as
# gate-regression.yaml (reports in out/gate-regression/).
# First, when the example's trainer is built, it retrains both models and rewrites predictions/
# (deterministic: the files only change when the data or the trainer did). The trainer is
# $MLGATE_EXAMPLE_TRAIN when set, else mlgate-example-train in the build tree beside mlgate
# (BUILD/examples/ for BUILD/runners/mlgate), else the one on PATH. MLGATE_EXAMPLE_TRAIN=none keeps
# the committed predictions as they are. Exits with the gate's code (2 when training failed).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mlgate=${1:-mlgate}
gate=${2:-gate.yaml}

trainer=${MLGATE_EXAMPLE_TRAIN:-}
if [[ -z "$trainer" ]]; then
  if [[ "$mlgate" == */* ]]; then
    trainer="$(dirname "$mlgate")/../examples/mlgate-example-train"
  else
    trainer=$(command -v mlgate-example-train || true)
  fi
fi
if [[ "$trainer" != none && -n "$trainer" && -x "$trainer" ]]; then
  if ! "$trainer" --train "$here/data/weather-2012-2013.csv" --apply "$here/data/weather-2015.csv" \
      --out-dir "$here/predictions"; then
    echo "(training failed; nothing was judged)" >&2
    exit 2
  fi
elif [[ "$trainer" != none ]]; then
  echo "(mlgate-example-train not found: judging the committed predictions/)"
fi

name=$(basename "$gate" .yaml)
out="$here/out"
[[ "$name" == gate ]] || out="$here/out/$name"
mkdir -p "$out"
"$mlgate" run "$here/$gate" \
  --junit "$out/junit.xml" --json "$out/verdict.json" --markdown "$out/summary.md"
code=$?
echo "(exit code $code; reports in examples/seattle-weather/${out#"$here/"}/)"
exit $code
