"""How a crashed clang, clang-tidy or plugin run looks: one definition for
run-on-tree.py, scope-balance-on-tree.py, fuzz.py and determinism.py."""

import re

CRASH = re.compile(r"Stack dump:|PLEASE submit a bug report|LLVM ERROR:|ERROR: \w+Sanitizer|"
                   r"\bruntime error: |Segmentation fault|terminate called")


def crashed(returncode, output):
    """True for a run killed by a signal or whose output shows a crash;
    returncode None (a timeout) is not a crash."""
    if returncode is None:
        return False
    return returncode < 0 or bool(CRASH.search(output or ""))
