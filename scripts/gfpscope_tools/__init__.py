"""gfpscope's script library: what scripts/*.py share.

  cli          one-line errors for the command-line scripts (no tracebacks)
  diagnostics  clang-tidy's output, --export-fixes YAML, findings.json and
               SARIF read into one finding shape; the evidence that a run
               analysed something (units, checks, plugin load failures)
  fingerprint  the one fingerprint of a finding (baselines, verdicts, SARIF)
  crashes      how a crashed clang-tidy/clang run looks
  kerneltree   facts of a kernel tree (version, compile database, units,
               enclosing functions) and the tools of one LLVM release
  report       rendering findings (clang's format, run-on-tree.py's markdown)

The scripts put their own directory on sys.path and import this package, so
they work from any directory and when installed next to it.
"""
