#!/usr/bin/env bash
# Configures and builds gfpscope against one LLVM release.
#   scripts/build.sh        -> build/     (LLVM 22)
#   scripts/build.sh 19     -> build-19/  (LLVM 19)
set -euo pipefail
cd "$(dirname "$0")/.."
v=${1:-22}
dir=build
[ "$v" = 22 ] || dir=build-$v
if [ ! -f "$dir/build.ninja" ]; then
  cmake -S . -B "$dir" -G Ninja -DLLVM_DIR=/usr/lib/llvm-$v/lib/cmake/llvm >&2
fi
ninja -C "$dir" >&2
echo "$dir"
