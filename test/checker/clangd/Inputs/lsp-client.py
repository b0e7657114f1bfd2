#!/usr/bin/env python3
"""A small LSP client for testing corio-clangd (standard library only).

Sets up a throw-away project (the source, a compile_commands.json and a .clangd
that turns the corio checks on), starts clangd over stdio, opens the source and
prints, in source order, one line per diagnostic clangd publishes:

    diag L:C-L:C SEVERITY [SOURCE:CODE] MESSAGE
      note L:C MESSAGE                          (related information)

With --code-actions it then asks for the quick fixes of each diagnostic and
prints, under it:

      action "TITLE"
        edit L:C-L:C "NEW TEXT"                 (each text edit, as sent)
        result L: LINE                          (each line the edits change)

Lines and columns are 1-based, so tests can match them with [[@LINE]]. The
project lives in a fresh temporary directory outside any source tree, so no
.clangd or .clang-tidy of an enclosing directory changes the outcome. Every
wait is bounded by --timeout; on expiry the script says what it was waiting
for and exits 1.
"""

import argparse
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

# What docs/editors.md asks users for, plus quiet for what tests do not look at.
CLANGD_CONFIG = """\
Diagnostics:
  UnusedIncludes: None
  ClangTidy:
    Add: [corio-*]
    FastCheckFilter: None
Index:
  StandardLibrary: No
"""

SEVERITY = {1: "error", 2: "warning", 3: "info", 4: "hint"}


class Timeout(Exception):
    pass


class Server:
    """clangd over stdio: framed JSON-RPC, a reader thread, a deadline."""

    def __init__(self, argv, env, deadline, log):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=log, env=env)
        self.deadline = deadline
        self.inbox = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.inbox.put(json.loads(out.read(length)))

    def send(self, message):
        message["jsonrpc"] = "2.0"
        body = json.dumps(message).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def request(self, method, params):
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.next_id

    def receive(self, what, until=None):
        """Next message; answers clangd's own requests on the way."""
        limit = self.deadline if until is None else min(until, self.deadline)
        while True:
            left = limit - time.monotonic()
            if left <= 0:
                if until is not None and until < self.deadline:
                    return None
                raise Timeout(what)
            try:
                message = self.inbox.get(timeout=left)
            except queue.Empty:
                continue
            if message is None:
                raise Timeout(what + " (clangd exited with %s)" % self.proc.wait())
            if "method" in message and "id" in message:
                # window/workDoneProgress/create and the like: accept.
                self.send({"id": message["id"], "result": None})
                continue
            return message

    def wait_response(self, request_id, what):
        while True:
            message = self.receive(what)
            if message.get("id") == request_id and "method" not in message:
                if "error" in message:
                    raise RuntimeError("%s failed: %s" % (what, message["error"]))
                return message.get("result")

    def close(self):
        try:
            self.wait_response(self.request("shutdown", None), "shutdown")
            self.notify("exit", None)
            self.proc.wait(timeout=max(1.0, self.deadline - time.monotonic()))
        except (Timeout, subprocess.TimeoutExpired, BrokenPipeError, RuntimeError):
            self.proc.kill()
            self.proc.wait()
            raise


def pos(p):
    return "%d:%d" % (p["line"] + 1, p["character"] + 1)


def span(r):
    return "%s-%s" % (pos(r["start"]), pos(r["end"]))


def apply_edits(lines, edits):
    """Applies LSP text edits (one document) to a list of lines; returns the new lines."""
    text = "".join(lines)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(p):
        return starts[p["line"]] + p["character"]

    for edit in sorted(edits, key=lambda e: offset(e["range"]["start"]), reverse=True):
        text = (text[:offset(edit["range"]["start"])] + edit["newText"]
                + text[offset(edit["range"]["end"]):])
    return text.splitlines(keepends=True)


def print_actions(server, uri, lines, diag):
    request = server.request("textDocument/codeAction", {
        "textDocument": {"uri": uri},
        "range": diag["range"],
        "context": {"diagnostics": [diag], "only": ["quickfix"]},
    })
    for action in server.wait_response(request, "textDocument/codeAction") or []:
        if action.get("kind") != "quickfix":
            continue
        print('  action "%s"' % action["title"])
        edits = (action.get("edit") or {}).get("changes", {}).get(uri, [])
        for edit in sorted(edits, key=lambda e: (e["range"]["start"]["line"],
                                                 e["range"]["start"]["character"])):
            print('    edit %s "%s"' % (span(edit["range"]), edit["newText"]))
        fixed = apply_edits(lines, edits)
        first = min((e["range"]["start"]["line"] for e in edits), default=0)
        changed = len(fixed) - len(lines)
        last = max((e["range"]["end"]["line"] for e in edits), default=-1) + changed
        for n in range(first, last + 1):
            print("    result %d: %s" % (n + 1, fixed[n].rstrip("\n")))


def collect_diagnostics(server, uri, quiet):
    """The last diagnostics clangd publishes for uri, once it has been quiet a while."""
    diagnostics = None
    until = None
    while True:
        message = server.receive("textDocument/publishDiagnostics for " + uri, until)
        if message is None:
            return diagnostics
        if (message.get("method") == "textDocument/publishDiagnostics"
                and message["params"]["uri"] == uri):
            diagnostics = message["params"]["diagnostics"]
            until = time.monotonic() + quiet


def run(args, project, log):
    name = os.path.basename(args.source)
    path = os.path.join(project, name)
    shutil.copyfile(args.source, path)
    with open(path) as f:
        lines = f.read().splitlines(keepends=True)
    if args.clangd_config:
        with open(os.path.join(project, ".clangd"), "w") as f:
            f.write(CLANGD_CONFIG)
    command = ["clang++", "-std=c++20"] + args.flag + ["-c", name]
    with open(os.path.join(project, "compile_commands.json"), "w") as f:
        json.dump([{"directory": project, "file": path, "arguments": command}], f)

    env = dict(os.environ)
    # No user-level clangd config (~/.config/clangd/config.yaml) either.
    env["XDG_CONFIG_HOME"] = os.path.join(project, ".config")
    level = "info" if args.show_resource_dir else "error"
    argv = [args.clangd, "--log=" + level, "--background-index=false"] + args.clangd_arg
    server = Server(argv, env, time.monotonic() + args.timeout, log)
    try:
        talk(args, server, project, path, lines)
    finally:
        if server.proc.poll() is None:
            server.proc.kill()
            server.proc.wait()


def talk(args, server, project, path, lines):
    uri = "file://" + path
    init = server.request("initialize", {
        "processId": os.getpid(),
        "rootUri": "file://" + project,
        "capabilities": {"textDocument": {
            "publishDiagnostics": {"relatedInformation": True},
            "codeAction": {"codeActionLiteralSupport": {
                "codeActionKind": {"valueSet": ["quickfix", "refactor"]}}},
        }},
    })
    server.wait_response(init, "initialize")
    server.notify("initialized", {})
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "cpp", "version": 1, "text": "".join(lines)}})

    diagnostics = collect_diagnostics(server, uri, args.quiet)
    key = lambda d: (d["range"]["start"]["line"], d["range"]["start"]["character"])
    for diag in sorted(diagnostics, key=key):
        print("diag %s %s [%s:%s] %s" % (span(diag["range"]), SEVERITY.get(diag.get("severity"), "?"),
                                        diag.get("source", ""), diag.get("code", ""),
                                        diag["message"].splitlines()[0]))
        for note in diag.get("relatedInformation", []):
            where = note["location"]
            other = "" if where["uri"] == uri else os.path.basename(where["uri"]) + ":"
            print("  note %s%s %s" % (other, pos(where["range"]["start"]), note["message"]))
        if args.code_actions:
            print_actions(server, uri, lines, diag)
    print("diagnostics: %d" % len(diagnostics))
    server.close()


def print_resource_dir(log):
    """Prints the resource directory of the compile command clangd parsed the source with."""
    found = re.findall(r"^\S.* -resource-dir=(\S+) ", log, re.MULTILINE)
    if not found:
        print("resource-dir: none in the compile command")
        return
    builtin = os.path.isfile(os.path.join(found[-1], "include", "stddef.h"))
    print("resource-dir: %s (builtin headers %s)" % (found[-1], "found" if builtin else "missing"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clangd", required=True, help="the clangd binary to test")
    parser.add_argument("--clangd-arg", action="append", default=[],
                        help="an extra clangd command-line argument (repeatable)")
    parser.add_argument("--flag", action="append", default=[],
                        help="an extra compile flag for the source (repeatable)")
    parser.add_argument("--no-clangd-config", dest="clangd_config", action="store_false",
                        help="do not write the .clangd that enables the corio checks")
    parser.add_argument("--code-actions", action="store_true",
                        help="print the quick fixes of each diagnostic")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds for the whole session")
    parser.add_argument("--quiet", type=float, default=0.3,
                        help="seconds without new diagnostics before taking the last ones")
    parser.add_argument("--show-resource-dir", action="store_true",
                        help="print the clang resource directory clangd parsed the source with")
    parser.add_argument("source", help="the C++ file to open")
    args = parser.parse_args()

    project = tempfile.mkdtemp(prefix="corio-clangd-")
    log = tempfile.TemporaryFile()
    try:
        run(args, project, log)
        if args.show_resource_dir:
            log.seek(0)
            print_resource_dir(log.read().decode("utf-8", "replace"))
        return 0
    except Timeout as e:
        sys.stdout.flush()
        log.seek(0)
        sys.stderr.write("lsp-client: timed out after %gs waiting for %s\nclangd stderr:\n%s\n"
                         % (args.timeout, e, log.read().decode("utf-8", "replace")[-4000:]))
        return 1
    finally:
        shutil.rmtree(project, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
