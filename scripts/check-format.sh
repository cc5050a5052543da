#!/usr/bin/env bash
# Fails when a C++ file differs from .clang-format; lists the files. Run with --fix to reformat them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
formatter="${CLANG_FORMAT:-clang-format}"
if ! command -v "$formatter" >/dev/null; then
    echo "check-format: $formatter not found; scripts/install-deps.sh installs it" >&2
    exit 1
fi
mapfile -t files < <(git ls-files '*.cpp' '*.h' 2>/dev/null || find app core ui tests -name '*.cpp' -o -name '*.h')
if [ "${1:-}" = "--fix" ]; then
    "$formatter" -i "${files[@]}"
    exit 0
fi
differing=()
for file in "${files[@]}"; do
    if ! "$formatter" --dry-run --Werror "$file" >/dev/null 2>&1; then
        differing+=("$file")
    fi
done
if [ ${#differing[@]} -gt 0 ]; then
    echo "check-format: ${#differing[@]} of ${#files[@]} files differ from .clang-format (scripts/check-format.sh --fix):" >&2
    printf '  %s\n' "${differing[@]}" >&2
    exit 1
fi
echo "check-format: ${#files[@]} files match .clang-format"
