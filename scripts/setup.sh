#!/usr/bin/env bash
# Installs what gfpscope needs on Debian bookworm (as root): LLVM/Clang 22
# (primary) and 19, CMake, Ninja, GoogleTest. Idempotent; quiet when all is
# installed already.
set -euo pipefail

versions=${GFPSCOPE_LLVM_VERSIONS:-"22 19"}
packages=(cmake ninja-build python3 libgtest-dev git clang-format-22)
# The SARIF tests validate scripts/sarif.py's output against the SARIF 2.1.0
# schema (test/sarif/); python3-yaml (export-fixes YAML) comes with clang-tidy.
packages+=(python3-jsonschema python3-yaml)
for v in $versions; do
  packages+=("clang-tidy-$v" "libclang-$v-dev" "llvm-$v-dev" "llvm-$v-tools" "clang-$v")
done
# The ASan/UBSan runtime of the sanitizer build (scripts/build.sh 22 asan).
packages+=(libclang-rt-22-dev)
# The Debian package (cpack -G DEB, scripts/test-install.sh): dpkg-shlibdeps
# (dpkg-dev) and file find the Depends, strip (binutils) the binaries;
# lintian checks the package.
packages+=(dpkg-dev file binutils lintian)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "[setup] installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
