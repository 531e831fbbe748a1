#!/usr/bin/env bash
# Configures and builds gfpscope against one LLVM release.
#   scripts/build.sh             -> build/        (LLVM 22)
#   scripts/build.sh 19          -> build-19/     (LLVM 19)
#   scripts/build.sh 22 asan     -> build-asan/   (LLVM 22, our code with ASan + UBSan)
#   scripts/build.sh 19 asan     -> build-19-asan/
# The asan variant sets -DGFPSCOPE_SANITIZE=address,undefined (docs/robustness.md).
set -euo pipefail
cd "$(dirname "$0")/.."
v=${1:-22}
variant=${2:-}
dir=build
[ "$v" = 22 ] || dir=build-$v
extra=()
case "$variant" in
  "") ;;
  asan)
    dir=$dir-asan
    extra=(-DGFPSCOPE_SANITIZE=address,undefined)
    ;;
  *) echo "scripts/build.sh: unknown variant '$variant' (asan)" >&2; exit 2 ;;
esac
if [ ! -f "$dir/build.ninja" ]; then
  cmake -S . -B "$dir" -G Ninja -DLLVM_DIR=/usr/lib/llvm-$v/lib/cmake/llvm "${extra[@]}" >&2
fi
ninja -C "$dir" ${GFPSCOPE_NINJA_FLAGS:-} >&2
echo "$dir"
