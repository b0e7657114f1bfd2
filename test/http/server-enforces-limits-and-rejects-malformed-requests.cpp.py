import os
import socket
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "Inputs"))
from server_harness import server, raw, curl, status_line, body_of, connect  # noqa: E402


def show(name, r, body=False):
    line = "%s: %s" % (name, status_line(r))
    if body:
        line += " | " + body_of(r).strip()
    print(line)


H = b"Host: x\r\n"
with server([sys.argv[1]]) as srv:
    p = srv.port
    print("== limits")
    show("long request line", raw(p, b"GET /" + b"a" * 300 + b" HTTP/1.1\r\n" + H + b"\r\n"))
    show("long header", raw(p, b"GET / HTTP/1.1\r\n" + H + b"X-Long: " + b"v" * 2000 + b"\r\n\r\n"))
    show("header block", raw(p, b"GET / HTTP/1.1\r\n" + H + b"".join(b"X-%d: %s\r\n" % (i, b"v" * 150) for i in range(8)) + b"\r\n"))
    show("too many headers", raw(p, b"GET / HTTP/1.1\r\n" + H + b"".join(b"X-%d: v\r\n" % i for i in range(12)) + b"\r\n"), True)
    show("body by length", raw(p, b"POST /upload HTTP/1.1\r\n" + H + b"Content-Length: 5000\r\n\r\n"))
    show("body chunked", raw(p, b"POST /upload HTTP/1.1\r\n" + H + b"Transfer-Encoding: chunked\r\n\r\n" + (b"100\r\n" + b"z" * 256 + b"\r\n") * 5 + b"0\r\n\r\n"))
    show("body within limit", raw(p, b"POST /upload HTTP/1.1\r\n" + H + b"Connection: close\r\nContent-Length: 1000\r\n\r\n" + b"y" * 1000), True)
    big = os.path.join(os.environ.get("TMPDIR", "/tmp"), "corio-big-body-%d" % os.getpid())
    open(big, "wb").write(b"b" * 5 * 1024 * 1024)
    t = time.monotonic()
    code = curl("-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Expect: 100-continue",
                "--data-binary", "@" + big, srv.url("/upload")).strip()
    os.unlink(big)
    # curl waits up to 1 s for "100 Continue"; the 413 must come at once, before the body.
    print("curl big body with 100-continue: %s in under 1s: %s" % (code, time.monotonic() - t < 1.0))
    print("curl small body:", curl("-s", "--data-binary", "0123456789", srv.url("/upload")).strip())

    print("== malformed")
    cases = [
        ("garbage", b"HELLO\r\n\r\n"),
        ("bare LF", b"GET / HTTP/1.1\nHost: x\n\n"),
        ("space before colon", b"GET / HTTP/1.1\r\nHost : x\r\n\r\n"),
        ("NUL in value", b"GET / HTTP/1.1\r\nX-A: a\x00b\r\n\r\n"),
        ("CL and TE", b"POST /upload HTTP/1.1\r\n" + H + b"Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        ("two lengths", b"POST /upload HTTP/1.1\r\n" + H + b"Content-Length: 4\r\nContent-Length: 5\r\n\r\nabcde"),
        ("bad chunk size", b"POST /upload HTTP/1.1\r\n" + H + b"Transfer-Encoding: chunked\r\n\r\nxyz\r\n"),
        ("gzip coding", b"POST /upload HTTP/1.1\r\n" + H + b"Transfer-Encoding: gzip, chunked\r\n\r\n"),
        ("HTTP/2.0", b"GET / HTTP/2.0\r\n\r\n"),
        ("no Host", b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n"),  # RFC 9112 3.2
    ]
    closes = True
    for name, data in cases:
        r = raw(p, data)
        closes = closes and b"Connection: close" in r
        show(name, r, name != "HTTP/2.0")
    show("truncated body", raw(p, b"POST /upload HTTP/1.1\r\n" + H + b"Content-Length: 10\r\n\r\nabc", shut_write=True), True)
    print("responses close the connection:", closes)

    print("== vanishing peers")
    with connect(p) as s:
        s.sendall(b"GET /big HTTP/1.1\r\n" + H + b"\r\n")
    print("closed before reading: ok")
    with connect(p) as s:
        s.sendall(b"GET /big HTTP/1.1\r\n" + H + b"\r\n")
        s.recv(1000)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # RST on close
    print("reset mid-response: ok")
    with connect(p) as s:
        s.sendall(b"POST /upload HTTP/1.1\r\n" + H + b"Content-Length: 100\r\n\r\nabc")
    print("closed mid-request: ok")
    time.sleep(0.2)
    show("still serving", raw(p, b"GET / HTTP/1.1\r\n" + H + b"Connection: close\r\n\r\n"))
