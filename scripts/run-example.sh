#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds mlgate, and runs the seattle-weather example gate.
# Reports go to examples/seattle-weather/out/. Exits with the gate's decision code
# (0 promote, 1 block, 3 rollback, 4 retrain).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh" --build
"$root/scripts/build.sh" "$root/build"
exec "$root/examples/seattle-weather/run.sh" "$root/build/runners/mlgate"
