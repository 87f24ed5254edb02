#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds mlgate with its tests, and runs the whole suite.
#   scripts/run-tests.sh             release build (build/)
#   scripts/run-tests.sh --sanitize  ASan+UBSan build (build-asan/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
if [[ "${1:-}" == "--sanitize" ]]; then
  build_dir="$root/build-asan"
  "$root/scripts/build.sh" "$build_dir" -DMLGATE_SANITIZE=ON -DMLGATE_BUILD_BENCH=OFF
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
else
  build_dir="$root/build"
  "$root/scripts/build.sh" "$build_dir"
fi
cd "$build_dir"
ctest -j2 --output-on-failure --timeout 300
