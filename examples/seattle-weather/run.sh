#!/usr/bin/env bash
# Runs the seattle-weather gate with the given mlgate binary and writes its reports to out/.
#   examples/seattle-weather/run.sh [path/to/mlgate]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mlgate=${1:-mlgate}
mkdir -p "$here/out"
"$mlgate" run "$here/gate.yaml" \
  --junit "$here/out/junit.xml" --json "$here/out/verdict.json" --markdown "$here/out/summary.md"
code=$?
echo "(exit code $code; reports in examples/seattle-weather/out/)"
exit $code
