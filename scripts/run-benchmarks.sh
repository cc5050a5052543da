#!/usr/bin/env bash
# Builds the benchmarks of tests/bench in Release in their own build folder and runs them all.
# Prints one line per figure, "name: value (target)"; the benchmarks' notes (samples, sizes) go to
# a log whose path is printed at the end. Takes about six minutes on two cores (export: one, for its
# 10,000,000-row file).
#
#   scripts/run-benchmarks.sh                     # build folder <repo>/build-bench
#   KM_BENCH_BUILD_DIR=/tmp/b scripts/run-benchmarks.sh
#   scripts/run-benchmarks.sh writer sync         # only some: writer writer-postgres parse sync floor snapshots gui chart backfill generator alerts browser export deltas
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${KM_BENCH_BUILD_DIR:-$repo/build-bench}"
jobs="${KM_BENCH_JOBS:-2}"
log="$build/benchmarks.log"

generator=()
if command -v ninja >/dev/null 2>&1; then
    generator=(-G Ninja)
fi
if [[ ! -f "$build/CMakeCache.txt" ]]; then
    cmake -S "$repo" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DKM_BUILD_BENCHMARKS=ON >/dev/null
else
    cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release -DKM_BUILD_BENCHMARKS=ON >/dev/null
fi
cmake --build "$build" --parallel "$jobs" \
    --target km-bench-writer km-bench-writer-postgres km-bench-alerts km-bench-parse km-bench-sync km-bench-snapshots km-bench-gui km-bench-chart km-bench-backfill km-bench-generator km-bench-browser km-bench-export km-bench-deltas kalshi-monitor-cli kalshi-sim >/dev/null

parts=("$@")
if [[ ${#parts[@]} -eq 0 ]]; then
    parts=(writer writer-postgres parse sync floor snapshots gui chart backfill generator alerts browser export deltas)
fi

: >"$log"
status=0
for part in "${parts[@]}"; do
    echo "== km-bench-$part" >>"$log"
    case "$part" in
        gui | chart | browser) env QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" "$build/tests/bench/km-bench-$part" 2>>"$log" || status=1 ;;
        writer | writer-postgres | parse | sync | snapshots | backfill | generator | alerts | export | deltas) "$build/tests/bench/km-bench-$part" 2>>"$log" || status=1 ;;
        floor) "$repo/tests/bench/sqlite-floor.sh" 2>>"$log" && "$repo/tests/bench/upsert-shape.sh" 2>>"$log" || status=1 ;;
        *) echo "unknown benchmark: $part (writer, writer-postgres, parse, sync, floor, snapshots, gui, chart, backfill, generator, alerts, browser, export, deltas)" >&2; exit 2 ;;
    esac
done
echo "notes: $log" >&2
exit "$status"
