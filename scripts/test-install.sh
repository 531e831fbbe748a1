#!/usr/bin/env bash
# Tests the installed gfpscope (issue 18), for one build directory:
#
#   scripts/test-install.sh build        (scripts/test.sh runs it for LLVM 22)
#
#  1. cmake --install into a DESTDIR: the expected files, links that resolve.
#  2. From a directory outside the checkout, with the checkout and the build
#     directory hidden (a private mount namespace over them, when unshare
#     works, i.e. as root): the stock clang-tidy-NN with the installed
#     plugin, gfpscope-clang-tidy(-NN), gfpscope-clangd (over LSP, the suite's
#     client), the analyzer plugin in clang -cc1, on a copy of examples/ and
#     of the analyzer test; each must report exactly what the build tree's
#     binaries report. --version names gfpscope. gfpscope-sarif,
#     gfpscope-baseline and gfpscope-run-on-tree (on a two-file fake tree,
#     with its default, installed, plugin) work.
#  3. cpack -G DEB: Depends names the LLVM release's libraries (from
#     dpkg-shlibdeps) and clang-tidy-NN; lintian has no error (when
#     installed). As root: dpkg -i, the same checks as 2 from PATH, dpkg
#     --purge, and none of the package's files is left.
#
# GFPSCOPE_TEST_DEB=0 skips 3 (it is skipped, with a message, when not root).
# Exits 1 on the first failed step's end, listing every FAIL.
set -euo pipefail

mode=main
if [ "${1:-}" = --installed ]; then
  mode=installed
  shift
fi

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
note() { echo "[test-install] $*" >&2; }

# Only the diagnostics (file:line:col: warning|error|note: ...), sorted
# output of clang-tidy, clang or the LSP client's diag/related/action lines.
diags() { grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error|note):' "$1" || true; }
lsp_diags() { grep -E '^ *(diag|related|action|edit|removed|result) ' "$1" || true; }

# run_tools OUT BIN LIBDIR TIDY_NAME CLANGD_NAME: the gfpscope tools of one
# installation (or the build tree) on the copied inputs in $work; outputs in
# OUT/. Used for the reference and for each installation.
run_tools() {
  local out=$1 bin=$2 lib=$3 tidy=$4 clangd=$5
  mkdir -p "$out"
  local flags=(-std=gnu11 -I "$work/include")
  (cd "$work" && "$llvm/bin/clang-tidy" --load="$lib/gfpscope.so" -checks='-*,linuxkernel-*' \
    --quiet example.c -- "${flags[@]}" >"$out/plugin.txt" 2>&1) || true
  (cd "$work" && "$bin/$tidy" -checks='-*,linuxkernel-*' --quiet example.c -- "${flags[@]}" \
    >"$out/tidy.txt" 2>&1) || true
  "$bin/$tidy" --version >"$out/tidy-version.txt" 2>&1 || true
  (cd "$work" && "$llvm/bin/clang" -cc1 -load "$lib/gfpscope-analyzer.so" -analyze \
    -analyzer-checker=linuxkernel.MemallocScope -analyzer-output=text -I include \
    scope.c >"$out/analyzer.txt" 2>&1) || true
  if [ -n "$clangd" ]; then
    rm -rf "$out/lsp" && mkdir -p "$out/lsp"
    printf 'InheritParentConfig: false\n' >"$out/lsp/.clang-tidy"
    python3 "$work/lsp_client.py" --clangd "$bin/$clangd" --dir "$out/lsp" \
      --compile-flags "${flags[*]}" "$work/example.c" >"$out/clangd.txt" 2>&1 || true
    "$bin/$clangd" --version >"$out/clangd-version.txt" 2>&1 || true
  fi
}

# compare REF OUT LABEL: each tool's findings equal the reference's.
compare() {
  local ref=$1 out=$2 label=$3 f
  for f in plugin tidy analyzer; do
    if ! diff -u <(diags "$ref/$f.txt") <(diags "$out/$f.txt") >&2; then
      fail "$label: $f findings differ from the build tree's"
    fi
  done
  grep -q "^gfpscope [0-9.]* (commit " "$out/tidy-version.txt" ||
    fail "$label: clang-tidy --version does not name gfpscope: $(cat "$out/tidy-version.txt")"
  if [ -f "$ref/clangd.txt" ]; then
    if ! diff -u <(lsp_diags "$ref/clangd.txt") <(lsp_diags "$out/clangd.txt") >&2; then
      fail "$label: clangd diagnostics differ from the build tree's"
    fi
    grep -q "^gfpscope [0-9.]* (commit .*clangd version" "$out/clangd-version.txt" ||
      fail "$label: clangd --version does not name gfpscope: $(cat "$out/clangd-version.txt")"
  fi
}

# The checks of one installation, run with the checkout hidden:
#   test-install.sh --installed WORK LLVM_DIR REF OUT BIN LIBDIR TIDY CLANGD SCRIPTS
# (SCRIPTS=1: the installation has the gfpscope-* script commands)
if [ "$mode" = installed ]; then
  work=$1 llvm=$2 ref=$3 out=$4 bin=$5 lib=$6 tidy=$7 clangd=$8 scripts=$9
  label=$(basename "$out")
  cd "$work"
  # GFPSCOPE_HIDDEN: a file of the checkout that must not be visible here.
  if [ -n "${GFPSCOPE_HIDDEN:-}" ] && [ -e "$GFPSCOPE_HIDDEN" ]; then
    fail "$label: the checkout is visible ($GFPSCOPE_HIDDEN)"
  fi
  run_tools "$out" "$bin" "$lib" "$tidy" "$clangd"
  compare "$ref" "$out" "$label"
  [ "$scripts" = 1 ] || exit $((failures > 0))
  # The scripts, as commands.
  "$bin/gfpscope-sarif" "$out/tidy.txt" --root "$work" -o "$out/out.sarif" ||
    fail "$label: gfpscope-sarif failed"
  n_warn=$(diags "$out/tidy.txt" | grep -c ': warning: .*\[linuxkernel-' || true)
  n_sarif=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["runs"][0]["results"]))' \
    "$out/out.sarif" 2>/dev/null || echo none)
  [ "$n_warn" -gt 0 ] && [ "$n_sarif" = "$n_warn" ] ||
    fail "$label: gfpscope-sarif: $n_sarif results for $n_warn warnings"
  # The rules' descriptions come from the installed check pages.
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["runs"][0]["tool"]["driver"]["rules"]
sys.exit(0 if r and all(x.get("shortDescription", {}).get("text") for x in r) else 1)' \
    "$out/out.sarif" 2>/dev/null || fail "$label: gfpscope-sarif: a rule without its description"
  "$bin/gfpscope-baseline" record -b "$out/baseline.json" --root "$work" "$out/tidy.txt" >/dev/null ||
    fail "$label: gfpscope-baseline record failed"
  "$bin/gfpscope-baseline" check -b "$out/baseline.json" --root "$work" "$out/tidy.txt" >/dev/null ||
    fail "$label: gfpscope-baseline check: new findings against its own baseline"
  echo '{}' >"$out/empty-baseline.json"
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["findings"]=[]; json.dump(d,open(sys.argv[2],"w"))' \
    "$out/baseline.json" "$out/empty-baseline.json"
  if "$bin/gfpscope-baseline" check -b "$out/empty-baseline.json" --root "$work" "$out/tidy.txt" \
    >/dev/null 2>&1; then
    fail "$label: gfpscope-baseline check passed with an empty baseline"
  fi
  rm -rf "$out/tree" "$out/results"
  mkdir -p "$out/tree"
  python3 "$work/tree-inputs/make-tree.py" "$out/tree" "$work/include"
  (cd "$out" && "$bin/gfpscope-run-on-tree" --tree "$out/tree" -j 2 >"$out/run-on-tree.txt" 2>&1) ||
    fail "$label: gfpscope-run-on-tree failed: $(tail -3 "$out/run-on-tree.txt")"
  grep -q "2 findings, 1 clang errors in 1 units, 0 crashes" "$out/run-on-tree.txt" ||
    fail "$label: gfpscope-run-on-tree: $(tail -3 "$out/run-on-tree.txt")"
  [ -f "$out/results/tree/findings.json" ] ||
    fail "$label: gfpscope-run-on-tree wrote no results/tree/findings.json in the current directory"
  grep -q "/lib/gfpscope/llvm-[0-9]*/gfpscope.so\"" "$out/results/tree/findings.json" 2>/dev/null ||
    fail "$label: gfpscope-run-on-tree did not use the installed plugin"
  exit $((failures > 0))
fi

[ $# -ge 1 ] || { echo "usage: scripts/test-install.sh BUILD_DIR" >&2; exit 2; }
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
nn=$(sed -n 's/^config.llvm_version_major = "\([0-9]*\)"$/\1/p' "$build/test/lit.site.cfg.py")
[ -n "$nn" ] || { echo "test-install: no LLVM release in $build/test/lit.site.cfg.py" >&2; exit 2; }
llvm=/usr/lib/llvm-$nn
pkg=gfpscope-llvm$nn
tmp=$(mktemp -d /tmp/gfpscope-test-install.XXXXXX)
# GFPSCOPE_TEST_KEEP=1 keeps it (the outputs of every step) for a look.
installed_pkg=0
cleanup() {
  if [ "$installed_pkg" = 1 ]; then
    dpkg --purge "$pkg" >/dev/null 2>&1 || true
  fi
  if [ "${GFPSCOPE_TEST_KEEP:-0}" = 1 ]; then
    note "kept $tmp"
  else
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT

# The inputs, copied out of the checkout: the bundled example, the analyzer
# plugin's test, the 6.1 header fixtures, the LSP client, the fake tree.
work=$tmp/work
mkdir -p "$work"
cp "$src/examples/nofs-vmalloc.c" "$work/example.c"
cp "$src/test/analyzer-plugin/memalloc-scope.c" "$work/scope.c"
cp -r "$src/test/Inputs/kernel-6.1/include" "$work/include"
cp "$src/test/clangd/lsp_client.py" "$work/"
cp -r "$src/test/scripts/Inputs" "$work/tree-inputs"
cp "$0" "$tmp/test-install.sh"

clangd=clangd
[ -x "$build/bin/clangd" ] || clangd=
note "reference: the build tree's tools ($build)"
run_tools "$tmp/ref" "$build/bin" "$build/lib" clang-tidy "$clangd"
# The reference must have findings, or every comparison would pass vacuously.
diags "$tmp/ref/tidy.txt" | grep -q 'warning: .*\[linuxkernel-vmalloc-nofs\]' ||
  fail "the build tree's clang-tidy found nothing on examples/: $(head -5 "$tmp/ref/tidy.txt")"
diags "$tmp/ref/plugin.txt" | grep -q 'warning: .*\[linuxkernel-vmalloc-nofs\]' ||
  fail "the build tree's plugin found nothing on examples/: $(head -5 "$tmp/ref/plugin.txt")"
diags "$tmp/ref/analyzer.txt" | grep -q 'warning: ' ||
  fail "the build tree's analyzer plugin found nothing: $(head -5 "$tmp/ref/analyzer.txt")"
if [ -n "$clangd" ]; then
  grep -q '^diag .* linuxkernel-vmalloc-nofs ' "$tmp/ref/clangd.txt" ||
    fail "the build tree's clangd published no finding: $(tail -5 "$tmp/ref/clangd.txt")"
fi

# run_hidden ARGS...: test-install.sh --installed ARGS with the checkout and
# the build directory hidden behind empty tmpfs mounts.
# Python's bytecode cache as on a fresh machine (PYTHONDONTWRITEBYTECODE
# unset): a command that writes __pycache__ into the installation leaves
# files dpkg does not know.
run_hidden() {
  unset PYTHONDONTWRITEBYTECODE
  if unshare -m true 2>/dev/null; then
    # The build directory first: it may be inside the checkout.
    GFPSCOPE_HIDDEN=$src/scripts/test-install.sh unshare -m bash -c 'mount -t tmpfs gfpscope-hidden "$2" && mount -t tmpfs gfpscope-hidden "$1" &&
      shift 2 && exec bash "$@"' _ "$src" "$build" "$tmp/test-install.sh" --installed "$@"
  else
    note "unshare -m unavailable (not root?): the checkout stays visible"
    bash "$tmp/test-install.sh" --installed "$@"
  fi
}

# 1. cmake --install into a DESTDIR.
dest=$tmp/dest
note "cmake --install $build --prefix /usr, DESTDIR=$dest"
DESTDIR=$dest cmake --install "$build" --prefix /usr >"$tmp/install.log" ||
  { cat "$tmp/install.log" >&2; fail "cmake --install failed"; }
p=$dest/usr
expected=(
  lib/gfpscope/llvm-$nn/gfpscope.so lib/gfpscope/llvm-$nn/gfpscope-analyzer.so
  lib/gfpscope/llvm-$nn/bin/clang-tidy bin/gfpscope-clang-tidy-$nn
  share/man/man1/gfpscope-clang-tidy-$nn.1.gz
)
[ -n "$clangd" ] && expected+=(lib/gfpscope/llvm-$nn/bin/clangd bin/gfpscope-clangd-$nn)
primary=0
[ -e "$p/bin/gfpscope-clang-tidy" ] && primary=1
if [ "$nn" = 22 ]; then
  [ "$primary" = 1 ] || fail "LLVM 22 is the primary build but bin/gfpscope-clang-tidy is missing"
fi
if [ "$primary" = 1 ]; then
  expected+=(bin/gfpscope-clang-tidy bin/gfpscope-sarif bin/gfpscope-baseline
    bin/gfpscope-run-on-tree share/gfpscope/scripts/sarif.py share/gfpscope/scripts/gfpscope_tools/diagnostics.py
    share/gfpscope/scripts/gfpscope_tools/kerneltree.py share/gfpscope/docs/checks/linuxkernel-vmalloc-nofs.md
    share/doc/gfpscope/README.md share/doc/gfpscope/docs/user-guide.md)
  [ -n "$clangd" ] && expected+=(bin/gfpscope-clangd)
fi
for f in "${expected[@]}"; do
  [ -e "$p/$f" ] || fail "cmake --install: missing $f (or a dangling link)"
done
# The scripts' own unit tests stay in the checkout.
[ ! -e "$p/share/gfpscope/scripts/tests" ] || fail "cmake --install installed scripts/tests"
# Debian's own files only in the package, not in a plain install.
[ ! -e "$p/share/doc/$pkg" ] || fail "cmake --install wrote the package's share/doc/$pkg"
# No command shadows a system name.
for f in "$p"/bin/*; do
  case $(basename "$f") in
    gfpscope-*) ;;
    *) fail "cmake --install: bin/$(basename "$f") does not start with gfpscope-" ;;
  esac
done
tidy=gfpscope-clang-tidy-$nn
cd_name=${clangd:+gfpscope-clangd-$nn}
if [ "$primary" = 1 ]; then
  tidy=gfpscope-clang-tidy
  cd_name=${clangd:+gfpscope-clangd}
fi
note "the DESTDIR install, from $work with the checkout hidden"
run_hidden "$work" "$llvm" "$tmp/ref" "$tmp/destdir" "$p/bin" "$p/lib/gfpscope/llvm-$nn" \
  "$tidy" "$cd_name" "$primary" || fail "the DESTDIR install (above)"

# 3. The Debian package.
if [ "${GFPSCOPE_TEST_DEB:-1}" = 0 ]; then
  note "GFPSCOPE_TEST_DEB=0: not testing the .deb"
  exit $((failures > 0))
fi
note "cpack -G DEB"
(cd "$build" && cpack -G DEB -B "$tmp/deb" >"$tmp/cpack.log" 2>&1) ||
  { cat "$tmp/cpack.log" >&2; fail "cpack -G DEB failed"; }
deb=$(ls "$tmp"/deb/"$pkg"_*.deb 2>/dev/null | head -1)
if [ -z "$deb" ]; then
  fail "cpack made no ${pkg}_*.deb"
  exit 1
fi
depends=$(dpkg-deb -f "$deb" Depends)
note "$(basename "$deb"): Depends: $depends"
for d in "libllvm$nn" "libclang-cpp$nn" "clang-tidy-$nn" libc6 libstdc++6; do
  case ", $depends," in
    *", $d,"* | *", $d "*) ;;
    *) fail "Depends lacks $d: $depends" ;;
  esac
done
version=$(dpkg-deb -f "$deb" Version)
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(\+git[0-9]+\.[0-9a-f]+)?-1$ ]] ||
  fail "package version $version is not <version>+git<count>.<commit>-1"
if command -v lintian >/dev/null; then
  lintian --tag-display-limit 0 "$deb" >"$tmp/lintian.txt" 2>&1 || true
  cat "$tmp/lintian.txt" >&2
  ! grep -q '^E: ' "$tmp/lintian.txt" || fail "lintian reports errors (above)"
fi
if [ "$(id -u)" != 0 ]; then
  note "not root: not installing the .deb"
  exit $((failures > 0))
fi
if dpkg -s "$pkg" >/dev/null 2>&1; then
  fail "$pkg is installed already: not replacing it (dpkg --purge $pkg first)"
  exit 1
fi
note "dpkg -i $(basename "$deb")"
installed_pkg=1
dpkg -i "$deb" >"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log" >&2; fail "dpkg -i failed"; }
dpkg -L "$pkg" >"$tmp/files.txt"
for f in "/usr/share/doc/$pkg/copyright" "/usr/share/doc/$pkg/changelog.Debian.gz" \
  "/usr/lib/gfpscope/llvm-$nn/gfpscope.so" "/usr/bin/gfpscope-clang-tidy-$nn"; do
  grep -qx "$f" "$tmp/files.txt" || fail "the package has no $f"
done
note "the package, from PATH, with the checkout hidden"
run_hidden "$work" "$llvm" "$tmp/ref" "$tmp/deb-run" "$(dirname "$(command -v "$tidy")")" \
  "/usr/lib/gfpscope/llvm-$nn" "$tidy" "$cd_name" "$primary" || fail "the installed package (above)"
[ "$(command -v "$tidy")" = "/usr/bin/$tidy" ] || fail "$tidy is not /usr/bin/$tidy in PATH"
note "dpkg --purge $pkg"
dpkg --purge "$pkg" >>"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log" >&2; fail "dpkg --purge failed"; }
installed_pkg=0
! dpkg -s "$pkg" >/dev/null 2>&1 || fail "$pkg still installed after dpkg --purge"
left=0
while read -r f; do
  # Directories other packages share (/usr, /usr/bin, ...) stay.
  if [ -L "$f" ] || { [ -e "$f" ] && [ ! -d "$f" ]; }; then
    echo "left behind: $f" >&2
    left=1
  fi
done <"$tmp/files.txt"
for d in /usr/lib/gfpscope /usr/share/gfpscope /usr/share/doc/gfpscope "/usr/share/doc/$pkg"; do
  [ ! -e "$d" ] || { echo "left behind: $d" >&2; left=1; }
done
[ "$left" = 0 ] || fail "dpkg --purge left files behind"
if [ "$failures" = 0 ]; then
  note "OK: DESTDIR install and $pkg ($version) work from outside the checkout and uninstall cleanly"
fi
exit $((failures > 0))
