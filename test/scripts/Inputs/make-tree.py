"""Makes a tiny fake kernel "tree" for the scripts' smoke test: a Makefile
with the version, the fixtures as translation units, compile_commands.json
with kbuild-like commands against the 6.1 header fixtures, and the
.gfpscope-prepared list that scripts/prepare-kernel-tree.sh would write.
  make-tree.py TREE INCLUDE_DIR"""
import json
import os
import shutil
import sys

tree, include = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
here = os.path.dirname(os.path.abspath(__file__))
units = {"fs/foo/nofs.c": "nofs.c", "fs/foo/bad.c": "bad.c", "fs/foo/scope.c": "scope.c"}
with open(os.path.join(tree, "Makefile"), "w") as f:
    f.write("VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\n")
db = []
for rel, src in units.items():
    os.makedirs(os.path.join(tree, os.path.dirname(rel)), exist_ok=True)
    shutil.copy(os.path.join(here, src), os.path.join(tree, rel))
    obj = rel[:-2] + ".o"
    db.append({"directory": tree, "file": rel,
               "command": "clang -Wp,-MMD,%s.d -nostdinc -I %s -std=gnu11 -Wall -O2 -c -o %s %s"
                          % (obj, include, obj, rel)})
with open(os.path.join(tree, "compile_commands.json"), "w") as f:
    json.dump(db, f, indent=1)
with open(os.path.join(tree, ".gfpscope-prepared"), "w") as f:
    f.write("".join(r + "\n" for r in sorted(units)))
