"""Prints the shell lines of docs/user-guide.md that follow a comment line of
one of its ```sh blocks, up to the next blank line or the end of the block:
the steps a user copies, for a test to run as written.
  guide-steps.py GUIDE "# the comment line" [OLD=NEW ...]"""
import sys

guide, marker, edits = sys.argv[1], sys.argv[2], [a.split("=", 1) for a in sys.argv[3:]]
lines = open(guide).read().splitlines()
start = lines.index(marker) + 1
steps = []
for line in lines[start:]:
    if not line.strip() or line.startswith("```"):
        break
    steps.append(line)
if not steps:
    sys.exit("guide-steps.py: no lines after %r" % marker)
text = "\n".join(steps)
for old, new in edits:
    text = text.replace(old, new)
print(text)
