#!/usr/bin/env bash
# Fails when a C++ file of lib/, checks/ or test/unit/ is not in LLVM style
# (.clang-format). Uses clang-format of the primary LLVM (22); -i fixes.
set -euo pipefail
cd "$(dirname "$0")/.."
fmt=$(command -v clang-format-22 || true)
[ -n "$fmt" ] || { echo "check-format: clang-format-22 not installed" >&2; exit 1; }
mode=(--dry-run -Werror)
[ "${1:-}" = -i ] && mode=(-i)
git ls-files -- 'lib/*.cpp' 'lib/*.h' 'checks/*.cpp' 'checks/*.h' \
  'test/unit/*.cpp' 'test/unit/*.h' | xargs "$fmt" -style=file "${mode[@]}"
