#!/usr/bin/env bash
# The test command: installs what is missing, builds, and runs the whole test suite with ctest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
build="${KM_BUILD_DIR:-$root/build}"
cd "$build"
ctest --output-on-failure --timeout 600 -j "$(nproc)" "$@"
