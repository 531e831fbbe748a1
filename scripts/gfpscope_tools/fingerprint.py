"""The fingerprint of a finding: what baselines, verdicts
(docs/results/*verdicts.json) and SARIF's partialFingerprints compare.

sha1 of file, enclosing function, check and message (line numbers in the
message made neutral: "scope opened at line 35" -> "line N"), first 16 hex
digits. Lines are not part of it, so it survives code moving up or down; two
identical findings in one function share it (baselines count them).
"""

import hashlib
import re

LENGTH = 16


def normalize_message(message):
    """The message with line numbers (and file:line positions) made neutral."""
    message = re.sub(r"\b(lines?) \d+((?:-| and |, )\d+)*", r"\1 N", message)
    return re.sub(r"(\.[A-Za-z]+):\d+(?::\d+)?\b", r"\1:N", message)


def _sha1(*fields):
    return hashlib.sha1("\0".join(fields).encode()).hexdigest()


def fingerprint(finding):
    """finding: a dict with file, function (may be empty), check, message."""
    return _sha1(finding["file"], finding.get("function") or "", finding["check"],
                 normalize_message(finding["message"]))[:LENGTH]


def legacy_fingerprints(finding):
    """The fingerprints scripts used before there was one (12 hex digits):
    raw message with the check (run-on-tree.py, results.py: the keys of
    docs/results/verdicts.json up to 2026-12) and without it
    (scope-balance-on-tree.py). For converting old files."""
    raw = (finding["file"], finding.get("function") or "")
    return {_sha1(*raw, finding["check"], finding["message"])[:12],
            _sha1(*raw, finding["message"])[:12]}


def is_fingerprint(text):
    return bool(re.fullmatch(r"[0-9a-f]{%d}" % LENGTH, text or ""))
