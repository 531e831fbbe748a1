#!/usr/bin/env bash
# Sets everything up and runs every test: for LLVM 22 and 19, the lib/ unit
# tests and the lit suite, through the plugin in the stock clang-tidy and
# through the clang-tidy binary with the checks built in.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
status=0
echo "== clang-format (LLVM style)" >&2
scripts/check-format.sh || status=1
for v in ${GFPSCOPE_LLVM_VERSIONS:-22 19}; do
  dir=$(scripts/build.sh "$v")
  lit=/usr/lib/llvm-$v/bin/lit
  [ -x "$lit" ] || lit="python3 /usr/lib/llvm-$v/build/utils/lit/lit.py"
  echo "== LLVM $v: unit tests" >&2
  "$dir/bin/gfpscope-unittests" --gtest_brief=1 || status=1
  for driver in plugin builtin; do
    echo "== LLVM $v: lit ($driver)" >&2
    $lit -s -Ddriver=$driver "$dir/test" || status=1
  done
done
exit $status
