"""Runs a corio HTTP server program for a test and talks to it like real peers do.

    with server([binary, args...]) as srv:      # waits for "listening on http://HOST:PORT"
        srv.url("/path")                          # http://127.0.0.1:PORT/path
        raw(srv.port, b"GET / HTTP/1.1\r\n\r\n")  # bytes in, everything until close (or timeout) out
        curl("-sv", srv.url("/"))                 # curl's stdout+stderr
    # On leaving: SIGTERM, wait, then print "server exit: N" and anything the server
    # wrote to stderr (sanitizer reports included), so FileCheck sees leaks and crashes.
"""
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time


class Server:
    def __init__(self, proc, port):
        self.proc = proc
        self.port = port

    def url(self, path="/"):
        return "http://127.0.0.1:%d%s" % (self.port, path)


@contextlib.contextmanager
def server(argv, env=None, stop_signal=signal.SIGTERM, exit_timeout=8.0):
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, **(env or {})))
    line = proc.stdout.readline()
    if "listening on http" not in line:
        proc.kill()
        out, err = proc.communicate()
        sys.exit("server did not start: %r %s %s" % (line, out, err))
    port = int(line.strip().rsplit(":", 1)[1])
    # Drain stderr while running so a chatty server never blocks on a full pipe.
    err_lines = []
    t = threading.Thread(target=lambda: err_lines.extend(proc.stderr), daemon=True)
    t.start()
    try:
        yield Server(proc, port)
    finally:
        if proc.poll() is None:
            proc.send_signal(stop_signal)
        try:
            proc.wait(exit_timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            print("server did not exit within %.0f s" % exit_timeout)
        t.join(2)
        rest = proc.stdout.read()
        for l in rest.splitlines():
            print("server stdout:", l)
        print("server exit:", proc.returncode)
        for l in err_lines:
            print("server stderr:", l.rstrip())
        sys.stdout.flush()


def connect(port, timeout=5.0):
    s = socket.create_connection(("127.0.0.1", port), timeout)
    s.settimeout(timeout)
    return s


def read_all(s):
    """Everything until the peer closes; b'' plus a note on timeout."""
    chunks = []
    try:
        while True:
            b = s.recv(65536)
            if not b:
                break
            chunks.append(b)
    except socket.timeout:
        chunks.append(b"<timeout>")
    except ConnectionResetError:
        chunks.append(b"<reset>")
    return b"".join(chunks)


def raw(port, data, timeout=5.0, shut_write=False):
    """Sends `data`, returns all bytes until the server closes the connection."""
    with connect(port, timeout) as s:
        try:
            s.sendall(data)
            if shut_write:
                s.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass
        return read_all(s)


def status_line(data):
    return data.split(b"\r\n", 1)[0].decode("latin-1")


def body_of(data):
    return data.split(b"\r\n\r\n", 1)[1].decode("latin-1") if b"\r\n\r\n" in data else ""


def curl(*args, timeout=10):
    """curl's stderr (the -v trace), then its stdout."""
    r = subprocess.run(["curl", *args], capture_output=True, text=True, timeout=timeout)
    return r.stderr + r.stdout


def elapsed(f):
    t = time.monotonic()
    v = f()
    return v, time.monotonic() - t
