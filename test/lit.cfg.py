# lit configuration of the gfpscope suite. One build directory = one LLVM
# release: lit.site.cfg.py (generated) says which tools to use.
import os
import shlex

import lit.formats

config.name = "gfpscope (LLVM %s)" % config.llvm_version_major
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".cpp", ".test"]
config.excludes = ["Inputs", "unit", "check_gfpscope.py", "lit.cfg.py", "lit.site.cfg.py.in"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.gfpscope_obj_root, "test")

# The LLVM release's own tools first (FileCheck, not, clang, clang-tidy).
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", os.environ.get("PATH", ""))])
for var in ("HOME", "TMPDIR"):
    if var in os.environ:
        config.environment[var] = os.environ[var]

# Which driver runs the checks: the plugin loaded into the stock clang-tidy
# (default) or the clang-tidy binary with the checks built in.
driver = lit_config.params.get("driver", os.environ.get("GFPSCOPE_DRIVER", "plugin"))
stock_tidy = os.path.join(config.llvm_tools_dir, "clang-tidy")
plugin_clang = os.path.join(config.llvm_tools_dir, "clang")

# A sanitizer build (-DGFPSCOPE_SANITIZE=..., docs/robustness.md): the first
# report ends the process with SIGABRT, which every test sees as a crash; the
# stock clang-tidy and clang load the instrumented plugins only through the
# wrappers that preload the sanitizer runtime. LeakSanitizer stays off: LLVM
# is not instrumented and frees much of its memory only at exit, if at all.
if getattr(config, "gfpscope_sanitize", ""):
    common = "halt_on_error=1:abort_on_error=1:print_stacktrace=1"
    config.environment["ASAN_OPTIONS"] = common + ":detect_leaks=0"
    config.environment["UBSAN_OPTIONS"] = common
    config.environment["ASAN_SYMBOLIZER_PATH"] = os.path.join(config.llvm_tools_dir,
                                                              "llvm-symbolizer")
    preload = os.path.join(config.gfpscope_obj_root, "bin", "sanitizer-preload")
    stock_tidy = os.path.join(preload, "clang-tidy")
    plugin_clang = os.path.join(preload, "clang")
    config.available_features.add("sanitizer")
config.gfpscope_stock_tidy = stock_tidy
if driver == "builtin":
    tidy_args = ["--clang-tidy", config.gfpscope_clang_tidy]
else:
    tidy_args = ["--clang-tidy", stock_tidy, "--load", config.gfpscope_plugin]

inputs = os.path.join(config.gfpscope_src_root, "test", "Inputs")
runner = os.path.join(config.gfpscope_src_root, "test", "check_gfpscope.py")
runner_cmd = ["python3", runner] + tidy_args + [
    "--clang", os.path.join(config.llvm_tools_dir, "clang"),
    "--filecheck", os.path.join(config.llvm_tools_dir, "FileCheck"),
    "--inputs", inputs,
]
config.substitutions.append(("%check_gfpscope", " ".join(shlex.quote(a) for a in runner_cmd)))
# scripts/fuzz.py's oracle on one file (test/fuzz-regressions) and
# scripts/determinism.py, both with the clang-tidy of the -Ddriver= in use.
scripts = os.path.join(config.gfpscope_src_root, "scripts")
config.substitutions.append(("%fuzz_check", " ".join(shlex.quote(a) for a in [
    "python3", os.path.join(scripts, "fuzz.py"), "check"] + tidy_args + [
    "--clang", os.path.join(config.llvm_tools_dir, "clang"), "--workdir", "%t.fuzz"])))
config.substitutions.append(("%determinism", " ".join(shlex.quote(a) for a in [
    "python3", os.path.join(scripts, "determinism.py")] + tidy_args + [
    "--run-clang-tidy", os.path.join(config.llvm_tools_dir, "run-clang-tidy"),
    "--llvm", config.llvm_version_major])))
config.substitutions.append(("%clang_tidy", stock_tidy))
config.substitutions.append(("%gfpscope_plugin", config.gfpscope_plugin))
# The Clang Static Analyzer plugin with linuxkernel.MemallocScope (clang -cc1
# -load %gfpscope_analyzer -analyze -analyzer-checker=linuxkernel.MemallocScope).
config.substitutions.append(("%gfpscope_analyzer", config.gfpscope_analyzer))
config.substitutions.append(("%gfpscope_clang_tidy", config.gfpscope_clang_tidy))
# bin/clangd (not built with -DGFPSCOPE_BUILD_CLANGD=OFF: feature gfpscope-clangd).
gfpscope_clangd = os.path.join(config.gfpscope_obj_root, "bin", "clangd")
config.substitutions.append(("%gfpscope_clangd", gfpscope_clangd))
if os.access(gfpscope_clangd, os.X_OK):
    config.available_features.add("gfpscope-clangd")
config.substitutions.append(("%llvm_version_major", config.llvm_version_major))
# (%clang is the preloading wrapper in a sanitizer build: the analyzer plugin
# test loads gfpscope-analyzer.so into it.)
config.substitutions.append(("%clang", plugin_clang))
config.substitutions.append(("%inputs", inputs))
config.substitutions.append(("%gfpscope_src", config.gfpscope_src_root))
config.available_features.add("llvm-%s" % config.llvm_version_major)
config.available_features.add("driver-%s" % driver)
# A gfpscope.so built for another LLVM release (scripts/test.sh passes the
# other build's with -Dother_plugin=...): the test that the plugin refuses a
# foreign clang-tidy instead of crashing in it.
other_plugin = lit_config.params.get("other_plugin")
if other_plugin:
    config.substitutions.append(("%other_plugin", other_plugin))
    config.available_features.add("other-plugin")
config.substitutions.append(("%llvm_major", config.llvm_version_major))
