#!/usr/bin/env bash
# Installs everything mlgate needs to build, test and benchmark on Debian 12, by package name.
# Idempotent: packages already present are left as they are. Run as root (or with sudo).
#   scripts/install-deps.sh          build + test dependencies
#   scripts/install-deps.sh --build  only what building mlgate needs
set -euo pipefail

build_packages=(
  g++ cmake ninja-build pkg-config git ca-certificates
  libyaml-cpp-dev libfmt-dev libgit2-dev libcurl4-openssl-dev libeigen3-dev libboost-math-dev
  nlohmann-json3-dev libfast-float-dev libcli11-dev libcpp-httplib-dev zlib1g-dev libzstd-dev
  libpcg-cpp-dev libre2-dev libgtest-dev libgmock-dev libbenchmark-dev
)
test_packages=(
  python3 python3-scipy python3-sklearn python3-pandas python3-numpy python3-junitparser
  libxml2-utils wrk clang libclang-rt-14-dev clang-format time
)

packages=("${build_packages[@]}")
if [[ "${1:-}" != "--build" ]]; then
  packages+=("${test_packages[@]}")
  # Node.js and npm only run test-only tools (the JSON Schema validator). A machine that already
  # has a node with npm keeps it.
  if ! command -v npm >/dev/null 2>&1; then packages+=(nodejs npm); fi
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
else
  echo "install-deps: all Debian packages present"
fi

if [[ "${1:-}" != "--build" ]]; then
  # Test-only npm tools, pinned, installed into the repository (never global).
  root=$(cd "$(dirname "$0")/.." && pwd)
  if [[ ! -x "$root/node_modules/.bin/ajv" ]]; then
    echo "install-deps: installing test tools from npm"
    (cd "$root" && npm install --no-audit --no-fund --silent)
  fi
fi
