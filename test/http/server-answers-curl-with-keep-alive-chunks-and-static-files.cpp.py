import hashlib
import os
import re
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "Inputs"))
from server_harness import server, raw, curl, status_line, body_of, connect, read_all  # noqa: E402


def header(data, name):
    m = re.search(rb"\r\n" + name.encode() + rb": ([^\r]*)\r\n", data, re.I)
    return m.group(1).decode() if m else None


work = tempfile.mkdtemp()
root = os.path.join(work, "www")
os.makedirs(os.path.join(root, "sub"))
open(os.path.join(root, "hello.txt"), "w").write("hello\n")
open(os.path.join(root, "index.html"), "w").write("<h1>index</h1>\n")
open(os.path.join(root, "sub", "data.json"), "w").write('{"a": 1}\n')
open(os.path.join(work, "secret.txt"), "w").write("TOP SECRET\n")
os.symlink(os.path.join(work, "secret.txt"), os.path.join(root, "escape.txt"))
os.mkfifo(os.path.join(root, "pipe"))  # opening it for reading would wait for a writer
big = os.urandom(3 * 1024 * 1024 + 17)
open(os.path.join(root, "big.bin"), "wb").write(big)

with server([sys.argv[1], root]) as srv:
    print("== keep-alive")
    print(curl("-sv", srv.url("/"), srv.url("/users/42")))

    print("== params")
    print(curl("-s", srv.url("/files/a/b/c.txt")))

    print("== chunked")
    print(curl("-s", "--raw", "-i", srv.url("/stream")))

    print("== echo")
    print(curl("-s", "-i", "-H", "Content-Type: application/x-test", "--data-binary", "posted bytes", srv.url("/echo")))

    print("whoami:", curl("-s", srv.url("/whoami")).strip())
    print("== errors")
    r = raw(srv.port, b"GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    print("missing:", status_line(r))
    r = raw(srv.port, b"DELETE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    print("wrong method:", status_line(r), "allow=%s" % header(r, "Allow"))
    for label, line in (("OPTIONS on a resource", b"OPTIONS /"), ("OPTIONS *", b"OPTIONS *"), ("GET *", b"GET *"),
                        ("target without '/'", b"GET index.html")):
        r = raw(srv.port, line + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        allow = header(r, "Allow")
        print("%s: %s%s" % (label, status_line(r), " allow=%s" % allow if allow else ""))
    r = raw(srv.port, b"GET /boom HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    print("handler throws:", status_line(r))
    r = raw(srv.port, b"GET /inject HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    print("header injection:", status_line(r), "injected=%s" % (b"stolen" in r))
    with connect(srv.port) as s:
        s.sendall(b"GET /boom HTTP/1.1\r\nHost: x\r\n\r\n")
        first = s.recv(65536)
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        rest = b""
        while True:
            b = s.recv(65536)
            if not b:
                break
            rest += b
        print("after 500 the connection still works:", status_line(rest))

    print("== static")
    r = raw(srv.port, b"GET /static/hello.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    print("file:", status_line(r), "type=%s" % header(r, "Content-Type"), "length=%s" % header(r, "Content-Length"),
          "body=%r" % body_of(r))
    r = raw(srv.port, b"HEAD /static/hello.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    print("head:", status_line(r), "length=%s" % header(r, "Content-Length"), "body=%r" % body_of(r))
    r = raw(srv.port, b"GET /static/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    print("index:", status_line(r), "type=%s" % header(r, "Content-Type"), "body=%r" % body_of(r))
    r = raw(srv.port, b"GET /static/sub?a=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    print("directory without its slash:", status_line(r), "location=%s" % header(r, "Location"))
    r = raw(srv.port, b"GET /static/sub/data.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    print("json:", status_line(r), "type=%s" % header(r, "Content-Type"))
    r = raw(srv.port, b"GET /static/nothing.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    print("missing:", status_line(r))
    for name, path in [("dot-dot", b"/static/../secret.txt"), ("encoded dot-dot", b"/static/%2e%2E/secret.txt"),
                       ("encoded slash", b"/static/sub%2f..%2f..%2fsecret.txt"),
                       ("symlink out of root", b"/static/escape.txt")]:
        r = raw(srv.port, b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        print("%s:" % name, status_line(r), "secret=%s" % (b"TOP SECRET" in r))
    # More FIFO requests at once than the thread pool has threads: none may hold one.
    fifos = [connect(srv.port) for _ in range(40)]
    for s in fifos:
        s.sendall(b"GET /static/pipe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    deadline = time.monotonic() + 3
    answers = set()
    for s in fifos:
        s.settimeout(max(0.01, deadline - time.monotonic()))
        answers.add(status_line(read_all(s)))
        s.close()
    print("fifo:", " ".join(sorted(answers)))
    r = raw(srv.port, b"GET /static/hello.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", timeout=2)
    print("after the fifos:", status_line(r))
    out = os.path.join(work, "big.out")
    curl("-s", "-o", out, srv.url("/static/big.bin"))
    print("big file intact:", hashlib.sha256(open(out, "rb").read()).digest() == hashlib.sha256(big).digest())

    print("== versions")
    with connect(srv.port) as s:
        s.sendall(b"GET / HTTP/1.0\r\n\r\n")
        data = b""
        while True:
            b = s.recv(65536)
            if not b:
                break
            data += b
        print("1.0 default:", status_line(data), "connection=%s" % header(data, "Connection"), "closed=True")
    with connect(srv.port) as s:
        s.sendall(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        data = s.recv(65536)
        print("1.0 keep-alive:", status_line(data), "connection=%s" % header(data, "Connection"))
    r = raw(srv.port, b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /users/7 HTTP/1.1\r\nHost: x\r\n\r\n"
                      b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    print("pipelined: %d responses, last closes=%s" % (r.count(b"HTTP/1.1 200 OK"), r.rstrip().endswith(b"Hello, world!")))
    # Answers come back in request order, whatever each one is: plain, missing, streamed, failed.
    r = raw(srv.port, b"GET /users/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n"
                      b"GET /stream HTTP/1.1\r\nHost: x\r\n\r\nGET /users/2 HTTP/1.1\r\nHost: x\r\n\r\n"
                      b"GET /boom HTTP/1.1\r\nHost: x\r\n\r\nGET /users/3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    tokens = [b"".join(g).decode() for g in re.findall(rb"HTTP/1.1 (\d+)|user (\d)|piece (\d)", r)]
    print("pipelined order:", " ".join(tokens))
    # A long pipeline, sent at once: every answer arrives, in order, nothing is lost.
    n = 2000
    r = raw(srv.port, b"".join(b"GET /users/%d HTTP/1.1\r\nHost: x\r\n\r\n" % (i % 10) for i in range(n - 1)) +
            b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    got = [int(d) for d in re.findall(rb"user (\d)\n", r)]
    print("long pipeline: %d of %d answered, in order=%s" % (len(got) + r.count(b"Hello, world!"), n,
                                                            got == [i % 10 for i in range(n - 1)]))
    # An answer held for a pipeline does not wait for a slow handler behind it.
    with connect(srv.port) as s:
        t0 = time.monotonic()
        s.sendall(b"GET /users/5 HTTP/1.1\r\nHost: x\r\n\r\nGET /sleep/1500 HTTP/1.1\r\nHost: x\r\n"
                  b"Connection: close\r\n\r\n")
        first = s.recv(65536)
        first_at = time.monotonic() - t0
        rest = first + read_all(s)
    print("pipeline with a slow handler: first answer before it=%s, then both=%s" % (
        b"user 5" in first and b"slept" not in first and first_at < 1.0, rest.count(b"HTTP/1.1 200 OK") == 2))
    # An absolute-form target's path ends at its query, even when the query holds a '/'.
    r = raw(srv.port, b"GET http://x?to=/users/9 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    print("absolute-form with a query:", body_of(r).strip())

    print("== handler framing")
    # "Connection: close" set by a handler is kept and honoured: the server closes after it.
    for name, req in [("handler says close", b"GET /bye HTTP/1.1\r\nHost: x\r\n\r\n"),
                      ("handler says close to 1.0 keep-alive", b"GET /bye HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"),
                      ("streaming handler says close", b"GET /bye-stream HTTP/1.1\r\nHost: x\r\n\r\n")]:
        r = raw(srv.port, req, timeout=2)
        print("%s:" % name, status_line(r), "connection=%s" % header(r, "Connection"),
              "closed=%s" % (not r.endswith(b"<timeout>")))
    # Bytes past start(3) would be read as the start of another response.
    r = raw(srv.port, b"GET /overlong HTTP/1.1\r\nHost: x\r\n\r\n", timeout=2)
    print("write past Content-Length:", status_line(r), "body=%r" % body_of(r),
          "smuggled=%s" % (r.count(b"HTTP/1.1") > 1), "closed=%s" % (not r.endswith(b"<timeout>")))
