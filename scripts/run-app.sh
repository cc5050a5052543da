#!/usr/bin/env bash
# The app command: installs what is missing, builds, and launches Kalshi Monitor.
# Arguments are passed to the app, e.g. scripts/run-app.sh --demo
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
build="${KM_BUILD_DIR:-$root/build}"
exec "$build/app/gui/kalshi-monitor" "$@"
