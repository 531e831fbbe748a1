#!/usr/bin/env bash
# Sets everything up and runs every test: for LLVM 22 and 19, the lib/ unit
# tests and the lit suite, through the plugin in the stock clang-tidy and
# through the clang-tidy binary with the checks built in; for LLVM 22 the
# installed tools and the Debian package (scripts/test-install.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
status=0
echo "== clang-format (LLVM style)" >&2
scripts/check-format.sh || status=1
echo "== layout (files <= 800 lines, functions <= 100 lines in lib/ and checks/)" >&2
python3 scripts/check-layout.py || status=1
versions=(${GFPSCOPE_LLVM_VERSIONS:-22 19})
declare -A builds
for v in "${versions[@]}"; do
  builds[$v]=$(scripts/build.sh "$v")
done
for v in "${versions[@]}"; do
  dir=${builds[$v]}
  # The plugin of another release, which this release's clang-tidy must refuse
  # (test/driver/foreign-plugin.test).
  other=()
  for o in "${versions[@]}"; do
    [ "$o" = "$v" ] || other=(-Dother_plugin="$PWD/${builds[$o]}/lib/gfpscope.so")
  done
  lit=/usr/lib/llvm-$v/bin/lit
  [ -x "$lit" ] || lit="python3 /usr/lib/llvm-$v/build/utils/lit/lit.py"
  echo "== LLVM $v: unit tests" >&2
  "$dir/bin/gfpscope-unittests" --gtest_brief=1 || status=1
  for driver in plugin builtin; do
    echo "== LLVM $v: lit ($driver)" >&2
    $lit -s -Ddriver=$driver "${other[@]}" "$dir/test" || status=1
  done
  # The installed tools and the Debian package (issue 18): once, for the
  # primary LLVM.
  if [ "$v" = 22 ]; then
    echo "== LLVM $v: install (cmake --install, cpack -G DEB, dpkg -i/--purge)" >&2
    scripts/test-install.sh "$dir" || status=1
  fi
done
# The sanitizer build (LLVM 22, our code under ASan + UBSan; docs/robustness.md):
# unit tests, the lit suite through both drivers, and the fuzzer's smoke run
# (300 mutants of a fixed seed; --budget bounds it on a slow machine).
# GFPSCOPE_SANITIZER=0 skips it.
if [ "${GFPSCOPE_SANITIZER:-1}" != 0 ]; then
  dir=$(scripts/build.sh 22 asan)
  lit=/usr/lib/llvm-22/bin/lit
  [ -x "$lit" ] || lit="python3 /usr/lib/llvm-22/build/utils/lit/lit.py"
  echo "== LLVM 22 (ASan+UBSan): unit tests" >&2
  ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=0 \
    UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1 \
    "$dir/bin/gfpscope-unittests" --gtest_brief=1 || status=1
  for driver in builtin plugin; do
    echo "== LLVM 22 (ASan+UBSan): lit ($driver)" >&2
    $lit -s -Ddriver=$driver "$dir/test" || status=1
  done
  echo "== LLVM 22 (ASan+UBSan): fuzz smoke run" >&2
  python3 scripts/fuzz.py --build "$dir" --seed smoke --count 300 -j 2 --timeout 120 \
    --budget 420 --no-minimize --no-regressions || status=1
fi
exit $status
