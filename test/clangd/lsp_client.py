#!/usr/bin/env python3
"""A scripted LSP client for testing bin/clangd (the gfpscope build).

  lsp_client.py --clangd BIN --dir DIR [options] FILE [FILE.next ...]

Starts clangd in DIR (which holds compile_commands.json, or give
--compile-flags to write one), opens DIR/<name of FILE> with
the text of FILE, waits for its diagnostics, asks for the code actions of
every clang-tidy diagnostic, and prints all of it in a FileCheck-friendly
form. Every further file argument replaces the document's text (a
textDocument/didChange, as an editor sends while the user types) and prints
the diagnostics of the new version.

  diag <line>:<col> <severity> [<source> <code>] <message>
    related <file>:<line>:<col> <message>
    action <kind> "<title>"
      edit <line>:<col>-<line>:<col> "<new text>"
      removed <line>: <a line the edits remove or change>
      result <line>: <a line the edits add or change, numbered as after them>

Lines and columns are 1-based, like the compiler's. The client fails (exit
1) when clangd does not answer within --timeout seconds, exits badly or
prints a crash report. --expect-time S prints a FAIL line (and exits 1) when
a document's diagnostics took more than S seconds.

Isolation: the user's clangd config is not read (XDG_CONFIG_HOME points to an
empty directory), no background index is built. Set --config-home to use a
config directory of the test's own.
"""

import argparse
import difflib
import json
import os
import queue
import shlex
import subprocess
import sys
import tempfile
import threading
import time

SEVERITY = {1: "error", 2: "warning", 3: "information", 4: "hint"}


class Failure(Exception):
    pass


class Server:
    def __init__(self, cmd, cwd, env, log):
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=log)
        self.next_id = 1
        self.messages = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            if length is None:
                continue
            body = out.read(length)
            self.messages.put(json.loads(body))

    def send(self, message):
        message["jsonrpc"] = "2.0"
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def request(self, method, params, timeout, what=None):
        rid = self.next_id
        self.next_id += 1
        self.send({"id": rid, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == rid and "method" not in m, timeout,
                         what or method)

    def wait(self, pred, timeout, what):
        deadline = time.time() + timeout
        while True:
            left = deadline - time.time()
            if left <= 0:
                raise Failure("no answer to %s within %gs" % (what, timeout))
            try:
                msg = self.messages.get(timeout=left)
            except queue.Empty:
                continue
            if msg is None:
                raise Failure("clangd exited (code %s) while waiting for %s" %
                              (self.proc.wait(), what))
            if "method" in msg and "id" in msg:
                # A request from the server (progress tokens, ...): accept it.
                self.send({"id": msg["id"], "result": None})
                continue
            if pred(msg):
                if "error" in msg:
                    raise Failure("%s failed: %s" % (what, msg["error"]))
                return msg


def pos(p):
    return "%d:%d" % (p["line"] + 1, p["character"] + 1)


def offset(lines, p):
    return sum(len(l) for l in lines[:p["line"]]) + p["character"]


def apply_edits(text, edits):
    lines = text.splitlines(keepends=True)
    for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"],
                                          e["range"]["start"]["character"]), reverse=True):
        start, end = offset(lines, e["range"]["start"]), offset(lines, e["range"]["end"])
        text = text[:start] + e["newText"] + text[end:]
        lines = text.splitlines(keepends=True)
    return text


def show_diagnostics(server, uri, text, diags, args, out):
    for d in sorted(diags, key=lambda d: (d["range"]["start"]["line"],
                                          d["range"]["start"]["character"])):
        code = ""
        if "source" in d:
            code = "%s %s " % (d["source"], d.get("code", "-"))
        out.append("diag %s %s %s%s" % (pos(d["range"]["start"]),
                                        SEVERITY.get(d.get("severity"), "?"), code,
                                        d["message"].replace("\n", " | ")))
        for r in d.get("relatedInformation", []):
            where = r["location"]
            name = os.path.basename(where["uri"])
            out.append("  related %s:%s %s" % (name, pos(where["range"]["start"]),
                                               r["message"]))
        if d.get("source") != "clang-tidy":
            continue
        reply = server.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": d["range"],
            "context": {"diagnostics": [d], "only": ["quickfix"]}}, args.timeout,
            "textDocument/codeAction")
        for action in reply.get("result") or []:
            out.append('  action %s "%s"' % (action.get("kind", "?"), action["title"]))
            edits = (action.get("edit") or {}).get("changes", {}).get(uri, [])
            for e in edits:
                out.append('    edit %s-%s "%s"' % (pos(e["range"]["start"]),
                                                    pos(e["range"]["end"]),
                                                    e["newText"].replace("\n", "\\n")))
            if edits:
                before, after = text.splitlines(), apply_edits(text, edits).splitlines()
                matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
                for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                    if tag == "equal":
                        continue
                    for n in range(i1, i2):
                        out.append("    removed %d: %s" % (n + 1, before[n]))
                    for n in range(j1, j2):
                        out.append("    result %d: %s" % (n + 1, after[n]))


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--clangd", required=True)
    p.add_argument("--dir", required=True, help="directory with compile_commands.json")
    p.add_argument("--name", help="the document's path in DIR (default: FILE itself when it is "
                                  "in DIR, else DIR/<FILE's name>, written there)")
    p.add_argument("--timeout", type=float, default=120.0)
    p.add_argument("--expect-time", type=float)
    p.add_argument("--config-home")
    p.add_argument("--log", help="clangd's stderr (default: a temporary file)")
    p.add_argument("--clangd-arg", action="append", default=[])
    p.add_argument("--compile-flags",
                   help="write DIR/compile_commands.json: the document compiled with these "
                        "flags (one shell-quoted string)")
    p.add_argument("files", nargs="+")
    args = p.parse_args()

    root = os.path.realpath(args.dir)
    first = os.path.realpath(args.files[0])
    if args.name:
        path = os.path.join(root, args.name)
    elif first.startswith(root + os.sep):
        path = first  # a file of the project itself: opened where it is
    else:
        path = os.path.join(root, os.path.basename(first))
    uri = "file://" + path
    texts = [open(f).read() for f in args.files]
    try:
        with open(path) as f:
            on_disk = f.read()
    except OSError:
        on_disk = None
    if on_disk != texts[0] and path != first:
        with open(path, "w") as f:
            f.write(texts[0])
    if args.compile_flags is not None:
        with open(os.path.join(root, "compile_commands.json"), "w") as f:
            json.dump([{"directory": root, "file": path,
                        "arguments": ["clang"] + shlex.split(args.compile_flags) +
                        ["-c", path]}], f, indent=1)

    env = dict(os.environ)
    empty = tempfile.mkdtemp(prefix="lsp-client-config-")
    env["XDG_CONFIG_HOME"] = args.config_home or empty
    env.pop("CLANGD_FLAGS", None)
    log_path = args.log or os.path.join(empty, "clangd.log")
    out = []
    status = 0
    with open(log_path, "wb") as log:
        server = Server([args.clangd, "--background-index=false", "--log=info", "-j=2",
                         "--pch-storage=memory"] + args.clangd_arg, root, env, log)
        try:
            server.request("initialize", {
                "processId": os.getpid(), "rootUri": "file://" + root,
                "capabilities": {"textDocument": {
                    "publishDiagnostics": {"relatedInformation": True},
                    "codeAction": {"codeActionLiteralSupport": {
                        "codeActionKind": {"valueSet": ["quickfix", "refactor"]}}}}}},
                args.timeout, "initialize")
            server.notify("initialized", {})
            for version, text in enumerate(texts, 1):
                start = time.time()
                if version == 1:
                    server.notify("textDocument/didOpen", {"textDocument": {
                        "uri": uri, "languageId": "c", "version": 1, "text": text}})
                else:
                    server.notify("textDocument/didChange", {
                        "textDocument": {"uri": uri, "version": version},
                        "contentChanges": [{"text": text}]})
                msg = server.wait(
                    lambda m: m.get("method") == "textDocument/publishDiagnostics"
                    and m["params"]["uri"] == uri and m["params"].get("version") == version,
                    args.timeout, "the diagnostics of version %d" % version)
                seconds = time.time() - start
                sys.stderr.write("lsp_client: version %d: diagnostics after %.2fs\n" %
                                 (version, seconds))
                out.append("version %d" % version)
                show_diagnostics(server, uri, text, msg["params"]["diagnostics"], args, out)
                if args.expect_time is not None and seconds > args.expect_time:
                    out.append("FAIL: version %d took %.1fs (limit %gs)" %
                               (version, seconds, args.expect_time))
                    status = 1
            server.request("shutdown", None, args.timeout, "shutdown")
            server.notify("exit", None)
            code = server.proc.wait(timeout=args.timeout)
            if code != 0:
                raise Failure("clangd exited with %d" % code)
        except Failure as e:
            out.append("FAIL: %s" % e)
            status = 1
        finally:
            if server.proc.poll() is None:
                server.proc.kill()
                server.proc.wait()
    with open(log_path, errors="replace") as f:
        log_text = f.read()
    if "Stack dump" in log_text or "PLEASE submit a bug report" in log_text:
        out.append("FAIL: clangd crashed (see %s)" % log_path)
        status = 1
    print("\n".join(out))
    if status:
        sys.stderr.write(log_text[-4000:])
    return status


if __name__ == "__main__":
    sys.exit(main())
