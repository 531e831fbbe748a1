#!/usr/bin/env python3
"""Fails when a C++ file of lib/ or checks/ is over 800 lines or a function
in it is over 100 lines (issue 14's rule: files that each do one thing,
functions short enough to read).

  scripts/check-layout.py [--max-file N] [--max-function N] [FILE ...]

A function is counted from the line of its opening brace at namespace level
to its closing brace, comments and blank lines included; class, struct,
enum and union bodies and braced initializers are not functions (their
member functions defined inline are inside them and not counted apart).
The braces are found after removing comments, string and character
literals; it is a line count of LLVM-formatted code, not a C++ parser.
"""

import argparse
import glob
import os
import re
import sys

HERE = os.path.dirname(os.path.realpath(__file__))
ROOT = os.path.dirname(HERE)
TYPE_BODY = re.compile(r"^\s*(template\s*<.*>\s*)?(class|struct|enum|union)\b")


def code_of(text):
    """The lines of \p text with comments and literals blanked."""
    out, i, n = [], 0, len(text)
    state = "code"
    while i < n:
        c, nxt = text[i], text[i + 1] if i + 1 < n else ""
        if state == "code":
            if c == "/" and nxt == "/":
                state = "line"
            elif c == "/" and nxt == "*":
                state, i = "block", i + 1
            elif c in "\"'":
                state, quote = "literal", c
            else:
                out.append(c)
        elif state == "line":
            if c == "\n":
                out.append(c)
                state = "code"
        elif state == "block":
            if c == "\n":
                out.append(c)
            elif c == "*" and nxt == "/":
                state, i = "code", i + 1
        else:  # literal
            if c == "\\":
                i += 1
            elif c == quote:
                state = "code"
            elif c == "\n":
                out.append(c)
                state = "code"
        i += 1
    return "".join(out).split("\n")


def long_functions(path, limit):
    lines = code_of(open(path, encoding="utf-8").read())
    depth, start, kind = 0, None, None
    found = []
    for i, line in enumerate(lines):
        if re.match(r"^\s*namespace\b[^;]*\{\s*$", line) or \
                re.match(r"^\s*extern\s+\"\"\s*\{\s*$", line):
            continue  # namespace bodies are not a level
        for ch in line:
            if ch == "{":
                if depth == 0:
                    start = i
                    head = " ".join(lines[max(0, i - 3):i + 1])
                    last = head.rsplit(";", 1)[-1].rsplit("}", 1)[-1]
                    kind = "type" if TYPE_BODY.search(last) or "=" in last.split("(")[0] \
                        else "function"
                depth += 1
            elif ch == "}":
                if depth == 0:
                    continue  # the end of a namespace
                depth -= 1
                if depth == 0 and start is not None:
                    n = i - start + 1
                    if kind == "function" and n > limit:
                        found.append((start + 1, n))
                    start = None
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--max-file", type=int, default=800)
    ap.add_argument("--max-function", type=int, default=100)
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    files = args.files or sorted(
        f for pattern in ("lib/**/*.cpp", "lib/**/*.h", "checks/**/*.cpp", "checks/**/*.h")
        for f in glob.glob(os.path.join(ROOT, pattern), recursive=True))
    bad = 0
    for path in files:
        rel = os.path.relpath(path, ROOT)
        n = sum(1 for _ in open(path, encoding="utf-8"))
        if n > args.max_file:
            print(f"{rel}: {n} lines (at most {args.max_file})")
            bad += 1
        for line, length in long_functions(path, args.max_function):
            print(f"{rel}:{line}: a function of {length} lines (at most {args.max_function})")
            bad += 1
    if bad:
        print(f"check-layout: {bad} file(s) or function(s) over the limits", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
