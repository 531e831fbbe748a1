#!/usr/bin/env bash
# Runs everything behind docs/results.md and generates it (do not edit it by hand).
#
#   scripts/results.sh [--trees "T1 T2"] [--bench-tree T] [--sample N] [--no-bench]
#                      [--bench-args "..."] [--asan] [--render-only]
#
# For each prepared tree (default: every ${GFPSCOPE_TREES:-/work/trees}/linux-* with a
# .gfpscope-prepared list; scripts/prepare-kernel-tree.sh makes them):
#   1. scripts/run-on-tree.py: all linuxkernel-* checks over every unit, -j = cores
#      -> results/<tree>/findings.{json,md}, kept in docs/results/findings-<tree>.json
#   2. scripts/check-2018-list.sh: Michal Hocko's 2018 list
#      -> docs/results/vmalloc-nofs-<tree>.md, docs/results/list-2018-<tree>.json
#   3. scripts/validate-fixes.sh <tree>, if it exists -> docs/results/validate-fixes-<tree>.txt
#   4. with --asan: step 1 again with the ASan+UBSan build (scripts/build.sh 22 asan, the
#      plugin in the stock clang-tidy through build-asan/bin/sanitizer-preload/clang-tidy;
#      a sanitizer report counts as a crash) -> docs/results/sanitizer-<tree>.json
# Then, unless --no-bench, scripts/bench.py on the bench tree (default: the 6.1 tree, else the
# first) with --sample N (default 40: the sample phase then takes about 10 min on 2 cores, the
# whole-corpus phase about 50 min, most of it the analyzer) and the whole corpus at -j2
#   -> results/bench-<tree>/, kept in docs/results/bench-<tree>.json and overhead-<tree>.png
# and finally scripts/results.py -> docs/results.md (with docs/results/verdicts.json and
# docs/results/bench-notes.md, both hand-maintained).
# --render-only: only the last step, from what docs/results/ holds.
set -euo pipefail
cd "$(dirname "$0")/.."
trees=() bench_tree="" sample=40 bench=1 render_only=0 bench_args="" asan=0
while (($#)); do
  case "$1" in
    --trees) read -r -a trees <<<"$2"; shift 2 ;;
    --bench-tree) bench_tree=$2; shift 2 ;;
    --sample) sample=$2; shift 2 ;;
    --bench-args) bench_args=$2; shift 2 ;;
    --no-bench) bench=0; shift ;;
    --asan) asan=1; shift ;;
    --render-only) render_only=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
py=python3
/usr/bin/python3 -c 'import matplotlib' 2>/dev/null && py=/usr/bin/python3   # Debian's, for the plot

if ((!render_only)); then
  if ((${#trees[@]} == 0)); then
    for t in "${GFPSCOPE_TREES:-/work/trees}"/linux-*; do
      [[ -f $t/.gfpscope-prepared && -f $t/compile_commands.json ]] && trees+=("$t")
    done
  fi
  ((${#trees[@]})) || { echo "no prepared tree (scripts/prepare-kernel-tree.sh 6.1)" >&2; exit 1; }
  mkdir -p docs/results
  for t in "${trees[@]}"; do
    name=$(basename "$t")
    echo "== $name: all checks over every unit" >&2
    status=0
    $py scripts/run-on-tree.py --tree "$t" --out "results/$name" || status=$?
    ((status == 0)) || echo "run-on-tree.py: exit $status (1: crashes or timeouts, see results/$name/findings.md; 3: nothing analysed)" >&2
    $py scripts/results.py --import-findings "results/$name/findings.json"
    echo "== $name: the 2018 list" >&2
    scripts/check-2018-list.sh "$t"
    if [[ -x scripts/validate-fixes.sh ]]; then
      echo "== $name: fix validation" >&2
      { scripts/validate-fixes.sh "$t" 2>&1 || echo "(exit $?)"; } | tee "docs/results/validate-fixes-$name.txt" | tail -n 5 >&2
    fi
    if ((asan)); then
      echo "== $name: all checks over every unit, ASan+UBSan build" >&2
      scripts/build.sh 22 asan >/dev/null
      status=0
      ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:abort_on_error=1:print_stacktrace=1 \
        UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        $py scripts/run-on-tree.py --tree "$t" --build build-asan \
          --clang-tidy build-asan/bin/sanitizer-preload/clang-tidy --timeout 900 \
          --out "results/asan-$name" || status=$?
      ((status == 0)) || echo "run-on-tree.py (ASan): exit $status" >&2
      $py scripts/results.py --import-sanitizer "results/asan-$name/findings.json"
    fi
  done
  if ((bench)); then
    if [[ -z $bench_tree ]]; then
      bench_tree=${trees[0]}
      for t in "${trees[@]}"; do [[ $(basename "$t") == linux-6.1 ]] && bench_tree=$t; done
    fi
    name=$(basename "$bench_tree")
    echo "== $name: benchmark (sample $sample, corpus at -j2)" >&2
    # shellcheck disable=SC2086
    $py scripts/bench.py --tree "$bench_tree" --sample "$sample" --corpus-jobs 2 \
      --out "results/bench-$name" $bench_args
    $py scripts/results.py --import-bench "results/bench-$name/bench.json"
  fi
fi
$py scripts/results.py
