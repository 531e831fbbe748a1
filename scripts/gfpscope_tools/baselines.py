"""The baseline file of scripts/baseline.py: plain JSON, sorted, one entry
per distinct finding (fingerprint, count, file, function, check, message),
meant to be committed."""

import json
import os

from .cli import InputError
from .fingerprint import fingerprint

FORMAT = "gfpscope-baseline/1"
RERECORD = "re-record it: scripts/baseline.py record -b %s --root DIR LOG"


def write(path, entries):
    data = {"format": FORMAT,
            "about": "Known gfpscope findings (scripts/baseline.py). Matched by fingerprint: "
                     "file, function, check, message; line numbers do not matter.",
            "findings": entries}
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(data, f, indent=1, sort_keys=False)
        f.write("\n")
    os.replace(tmp, path)


def read(path):
    """The entries of a baseline file. Each entry's fingerprint is computed
    again from its file, function, check and message, so a baseline written
    with another fingerprint (12 hex digits, before scripts/gfpscope_tools)
    still matches."""
    with open(path) as f:
        try:
            data = json.load(f)
        except json.JSONDecodeError as e:
            raise InputError("%s: not valid JSON (%s); %s" % (path, e, RERECORD % path))
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError("%s: not a %s file; %s" % (path, FORMAT, RERECORD % path))
    entries = data.get("findings") or []
    for e in entries:
        if not all(k in e for k in ("file", "check", "message")):
            raise InputError("%s: an entry without file, check and message; %s"
                                 % (path, RERECORD % path))
        e["fingerprint"] = fingerprint(e)
    return entries
