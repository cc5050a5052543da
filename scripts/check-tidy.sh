#!/usr/bin/env bash
# Runs clang-tidy with .clang-tidy's checks over the sources of core/, ui/ and app/ listed in a build
# folder's compile_commands.json; fails on any warning. Usage: scripts/check-tidy.sh [BUILD_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-${KM_BUILD_DIR:-$root/build}}"
tidy="${CLANG_TIDY:-clang-tidy}"
if ! command -v "$tidy" >/dev/null; then
    echo "check-tidy: $tidy not found; scripts/install-deps.sh installs it" >&2
    exit 1
fi
if [ ! -f "$build/compile_commands.json" ]; then
    echo "check-tidy: $build/compile_commands.json is missing; configure with scripts/build.sh first" >&2
    exit 1
fi
# CMake writes one "file": "<absolute path>" line per compilation; generated sources are left out.
mapfile -t files < <(sed -n 's#^ *"file": "'"$root"'/\(\(core\|ui\|app\)/[^"]*\)".*$#\1#p' \
    "$build/compile_commands.json" | sort -u)
cd "$root"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 4 "$tidy" -p "$build" --quiet --warnings-as-errors='*' \
    >"$log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
    grep -E 'warning:|error:' "$log" | sort -u >&2 || cat "$log" >&2
    echo "check-tidy: clang-tidy found problems in the ${#files[@]} files checked (see above)" >&2
    exit 1
fi
echo "check-tidy: ${#files[@]} files pass .clang-tidy's checks"
