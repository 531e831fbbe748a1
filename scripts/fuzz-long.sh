#!/usr/bin/env bash
# The long fuzzing run (docs/robustness.md): the sanitizer build, many mutants
# of one seed, every failure minimized and written as a lit test into
# test/fuzz-regressions/. The smoke run of scripts/test.sh is the first 300
# mutants of seed "smoke"; this is the same fuzzer with more of them.
#
#   scripts/fuzz-long.sh [SEED [COUNT [JOBS]]]     (default: long 5000 $(nproc))
#
# About 1-2 s of CPU per mutant under ASan: 5000 mutants take about two hours
# on 2 cores. The log goes to results/fuzz-<seed>.log; its last lines are the
# numbers for docs/robustness.md.
set -euo pipefail
cd "$(dirname "$0")/.."
seed=${1:-long}
count=${2:-5000}
jobs=${3:-$(nproc)}
dir=$(scripts/build.sh 22 asan)
mkdir -p results
exec nice python3 scripts/fuzz.py --build "$dir" --seed "$seed" --count "$count" -j "$jobs" \
  --timeout 300 --out "results/fuzz-$seed" 2>&1 | tee "results/fuzz-$seed.log"
