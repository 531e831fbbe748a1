#!/usr/bin/python3
"""Draws docs/images/clangd-quickfix.png: what an editor shows for a
linuxkernel-vmalloc-nofs finding through build/bin/clangd.

  scripts/editor-picture.py [--clangd build/bin/clangd] [--file examples/nofs-vmalloc.c]
                            [--diag N] [-o docs/images/clangd-quickfix.png]

Everything in the picture comes from clangd's answers over LSP, collected by
the suite's client (test/clangd/lsp_client.py): the squiggle at the
diagnostic's position, the hover with its message, check name and related
notes, the quick-fix's title, and the code after its edit. Only the drawing
(editor-like, light theme) is ours: it is not a screenshot of a particular
editor. Needs Debian's python3-matplotlib (hence /usr/bin/python3).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import textwrap

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyBboxPatch, Rectangle  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FONT = "DejaVu Sans Mono"


def run_clangd(clangd, path):
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, ".clang-tidy"), "w") as f:
            f.write("InheritParentConfig: false\n")
        inc = os.path.join(REPO, "test/Inputs/kernel-6.1/include")
        out = subprocess.run(
            [sys.executable, os.path.join(REPO, "test/clangd/lsp_client.py"),
             "--clangd", clangd, "--dir", d,
             "--compile-flags", f"-std=gnu11 -I {inc}", path],
            check=True, capture_output=True, text=True, timeout=600).stdout
    return out


def parse(out):
    """The diagnostics of lsp_client.py's output, with their related notes,
    actions and the result lines of each action's edit."""
    diags = []
    for line in out.splitlines():
        m = re.match(r"diag (\d+):(\d+) (\w+) (\S+) (\S+) (.*)$", line)
        if m:
            diags.append({"line": int(m[1]), "col": int(m[2]), "severity": m[3],
                          "source": m[4], "code": m[5], "message": m[6],
                          "related": [], "actions": []})
            continue
        if not diags:
            continue
        d = diags[-1]
        if m := re.match(r"  related (\S+?):(\d+):(\d+) (.*)$", line):
            d["related"].append((int(m[2]), m[4]))
        elif m := re.match(r'  action (\S+) "(.*)"$', line):
            d["actions"].append({"kind": m[1], "title": m[2], "result": {},
                                 "removed": set()})
        elif m := re.match(r"    removed (\d+):", line):
            d["actions"][-1]["removed"].add(int(m[1]))
        elif m := re.match(r"    result (\d+): ?(.*)$", line):
            d["actions"][-1]["result"][int(m[1])] = m[2]
    return diags


def expand(text):
    return text.expandtabs(8)


def draw(path, diag, out_png):
    src = open(path).read().splitlines()
    line = diag["line"]
    first, last = max(1, line - 5), min(len(src), line + 7)
    action = diag["actions"][0] if diag["actions"] else None

    fig = plt.figure(figsize=(13, 8.6), dpi=110)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(0, 130)
    ax.set_ylim(0, 80)
    ax.axis("off")
    ax.add_patch(Rectangle((0, 0), 130, 80, color="#fbfbfb"))
    ax.add_patch(Rectangle((0, 76.5), 130, 3.5, color="#e8e8e8"))
    ax.text(1.5, 78.2, f"{os.path.basename(path)} — build/bin/clangd "
            "(diagnostic, hover and quick fix as clangd sent them)",
            family=FONT, size=9.5, va="center", color="#333")

    def code_row(y, no, text, color="#1f1f1f", gutter="#999"):
        ax.text(1.5, y, f"{no:>3}", family=FONT, size=9.5, color=gutter, va="center")
        ax.text(6.5, y, expand(text), family=FONT, size=9.5, color=color, va="center")

    # DejaVu Sans Mono advances 0.602 em; 130 x units span 13 in (936 pt).
    char_w = 0.602 * 9.5 / (13 * 72 / 130)
    y = 74
    for no in range(first, last + 1):
        code_row(y, no, src[no - 1])
        if no == line:
            start = len(expand(src[no - 1][:diag["col"] - 1]))
            end = len(expand(src[no - 1].rstrip()))
            xs, ys = [], []
            x = 6.5 + start * char_w
            k = 0
            while x <= 6.5 + end * char_w:
                xs.append(x)
                ys.append(y - 1.15 + (0.3 if k % 2 else 0))
                x += 0.35
                k += 1
            ax.plot(xs, ys, color="#c9a000", lw=1.2)
            hover_y = y - 2.2
        y -= 2.4

    # The hover: message, check, related notes, quick fix.
    wrap = 92
    body = textwrap.wrap(diag["message"], wrap)
    notes = []
    for no, msg in diag["related"]:
        notes += textwrap.wrap(f"{os.path.basename(path)}:{no}: {msg}", wrap - 2)
    rows = len(body) + 1 + len(notes) + (3 if action else 0)
    h = rows * 2.0 + 1.5
    x0 = 6.5 + len(expand(src[line - 1][:diag["col"] - 1])) * char_w
    x0 = min(x0, 130 - 70)
    ax.add_patch(FancyBboxPatch((x0, hover_y - h), 68, h, boxstyle="round,pad=0.3",
                                fc="#ffffff", ec="#b8b8b8", lw=1, zorder=3))
    ty = hover_y - 1.5
    for t in body:
        ax.text(x0 + 1, ty, t, family=FONT, size=8.4, color="#1f1f1f", zorder=4)
        ty -= 2.0
    ax.text(x0 + 1, ty, f"{diag['source']}({diag['code']})", family=FONT, size=8.4,
            color="#7a7a7a", zorder=4)
    ty -= 2.0
    for t in notes:
        ax.text(x0 + 2, ty, t, family=FONT, size=8.4, color="#3465a4", zorder=4)
        ty -= 2.0
    if action:
        ax.plot([x0 + 0.5, x0 + 67.5], [ty + 1.2, ty + 1.2], color="#dddddd", lw=1, zorder=4)
        ty -= 0.6
        ax.text(x0 + 1, ty, "Quick Fix…", family=FONT, size=8.4, color="#555", zorder=4)
        ty -= 2.0
        title = action["title"]
        title = title if len(title) <= 84 else title[:81] + "…"
        ax.text(x0 + 2, ty, "\N{BLACK FOUR POINTED STAR} " + title, family="DejaVu Sans",
                size=8.4, color="#1f1f1f", zorder=4,
                bbox=dict(fc="#dbe9fb", ec="none", pad=1.5))

    # After the quick fix: the result lines around the edit.
    if action and action["result"]:
        nos = sorted(n for n in action["result"] if n > line - 6)
        lo = nos[0] - 1 if nos else line
        after_y = 33
        ax.add_patch(Rectangle((0, 0), 130, after_y + 2.5, color="#f3f6f0"))
        ax.text(1.5, after_y + 1, "after the quick fix (its workspace edit applied):",
                family="DejaVu Sans", size=9.5, color="#555", va="center")
        fixed = apply_result(src, action)
        y = after_y - 2
        for no in range(max(1, lo - 2), min(len(fixed), lo + 13) + 1):
            changed = no in action["result"]
            code_row(y, no, fixed[no - 1], color="#1a6b1a" if changed else "#1f1f1f")
            y -= 2.3
            if y < 1:
                break
    os.makedirs(os.path.dirname(out_png), exist_ok=True)
    fig.savefig(out_png)


def apply_result(src, action):
    """The document after the edit, from the client's output: the original
    lines it did not print as removed, in order, with the added or changed
    lines it printed at their new numbers."""
    kept = [t for no, t in enumerate(src, 1) if no not in action["removed"]]
    result = action["result"]
    fixed, j, n = [], 0, 1
    while j < len(kept) or n in result:
        if n in result:
            fixed.append(result[n])
        else:
            fixed.append(kept[j])
            j += 1
        n += 1
    return fixed


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clangd", default=os.path.join(REPO, "build/bin/clangd"))
    ap.add_argument("--file", default=os.path.join(REPO, "examples/nofs-vmalloc.c"))
    ap.add_argument("--diag", type=int, default=1, help="which diagnostic (1-based)")
    ap.add_argument("-o", "--output",
                    default=os.path.join(REPO, "docs/images/clangd-quickfix.png"))
    args = ap.parse_args()
    diags = parse(run_clangd(os.path.abspath(args.clangd), os.path.abspath(args.file)))
    if len(diags) < args.diag:
        sys.exit(f"editor-picture: clangd gave {len(diags)} diagnostics")
    draw(os.path.abspath(args.file), diags[args.diag - 1], args.output)
    print(args.output)


if __name__ == "__main__":
    main()
