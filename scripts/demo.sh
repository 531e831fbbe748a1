#!/usr/bin/env bash
# Sets everything up and runs gfpscope's checks on the bundled kernel-style
# example (examples/), the way a kernel developer runs clang-tidy, then shows
# what `-fix` changes.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
dir=$(scripts/build.sh 22)
inc=test/Inputs/kernel-6.1/include
work=$(mktemp -d)
cp examples/*.c "$work/"
for f in "$work"/*.c; do
  echo "== clang-tidy-22 --load=$dir/lib/gfpscope.so -checks='-*,linuxkernel-*' examples/$(basename "$f")"
  /usr/lib/llvm-22/bin/clang-tidy --load="$dir/lib/gfpscope.so" -checks='-*,linuxkernel-*' \
    --quiet "$f" -- -std=gnu11 -I "$inc" 2>&1 | sed "s|$work|examples|g" || true
  /usr/lib/llvm-22/bin/clang-tidy --load="$dir/lib/gfpscope.so" -checks='-*,linuxkernel-*' \
    --quiet -fix "$f" -- -std=gnu11 -I "$inc" >/dev/null 2>&1 || true
  echo "== the fixes (clang-tidy -fix):"
  diff -u "examples/$(basename "$f")" "$f" | sed "s|$work|examples|g" || true
done
rm -rf "$work"
