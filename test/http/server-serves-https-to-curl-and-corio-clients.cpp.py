import hashlib
import os
import socket
import ssl
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "Inputs"))
from server_harness import server, status_line, body_of, connect  # noqa: E402

binary, certs = sys.argv[1], sys.argv[2]
cert, key, ca = (os.path.join(certs, n) for n in ("localhost.pem", "localhost.key", "ca.pem"))

for label, k in (("missing key", "missing.key"), ("mismatched key", "wrong.key")):
    r = subprocess.run([binary, cert, os.path.join(certs, k)], capture_output=True, text=True, timeout=10)
    print("%s: %s" % (label, r.stdout.strip() or r.stderr.strip()))


def curl(*args):
    return subprocess.run(["curl", "-s", "--cacert", ca, *args], capture_output=True, timeout=20)


def read_to_end(s):
    """Everything until the server closes; how reading failed, if it did, at the end."""
    got = b""
    try:
        while True:
            b = s.recv(4096)
            if not b:
                return got
            got += b
    except (OSError, ssl.SSLError) as e:
        return got + b" <%s>" % str(e).encode()


def rounded(t, expected):
    return "%.1f" % expected if expected - 0.05 <= t < expected + 0.6 else "%.2f (unexpected)" % t


with server([binary, cert, key]) as srv:
    base = "https://localhost:%d" % srv.port
    r = curl("-v", base + "/")
    print("curl: 200 %s" % r.stdout.decode().strip() if r.returncode == 0 else "curl failed: %s" % r.stderr.decode())
    trace = r.stderr.decode()
    print("curl saw TLS: %s, ALPN http/1.1: %s, certificate verified: %s" % (
        "SSL connection using TLS" in trace, "ALPN: server accepted http/1.1" in trace,
        "SSL certificate verify ok" in trace))
    r = curl("-v", base + "/", base + "/")
    print("curl two requests, one connection: %s" % (
        r.stdout.decode().count("Hello over TLS!") == 2 and "Re-using existing connection" in r.stderr.decode()))

    print("whoami: %s" % curl(base + "/whoami").stdout.decode().strip())

    payload = os.urandom(300 * 1024)
    r = subprocess.run(["curl", "-s", "--cacert", ca, "--data-binary", "@-", base + "/echo"], input=payload,
                       capture_output=True, timeout=20)
    print("upload echoed: %s" % (hashlib.sha256(r.stdout).digest() == hashlib.sha256(payload).digest()))
    r = curl(base + "/big")
    print("4 MiB chunked: %d bytes" % len(r.stdout) if set(r.stdout) == {ord("x")} else "4 MiB chunked: wrong bytes")

    with connect(srv.port) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        got = read_to_end(s)
        print("plain HTTP on the HTTPS port: %s | %s" % (status_line(got), body_of(got).strip()))

    with connect(srv.port) as s:
        t0 = time.monotonic()
        rest = s.recv(4096)
        print("silent client: closed after %s s%s" % (rounded(time.monotonic() - t0, 0.5), "" if not rest else " with %r" % rest))

    with connect(srv.port) as s:
        s.sendall(bytes(range(256)) * 4)
        try:
            closed = s.recv(4096) == b""
        except TimeoutError:
            closed = False
        except ConnectionResetError:
            closed = True
        print("garbage instead of a handshake: closed: %s" % closed)

    # The body limit is 1 MiB: 413 from the head; the client uploads its 4 MiB anyway.
    ctx = ssl.create_default_context(cafile=ca)
    with ctx.wrap_socket(socket.create_connection(("127.0.0.1", srv.port), 10), server_hostname="localhost") as s:
        s.sendall(b"POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4194304\r\n\r\n")
        try:
            s.sendall(b"u" * (4 << 20))
        except OSError:
            pass
        got = read_to_end(s)
        print("413 while still uploading over TLS: %s" % status_line(got))

    r = subprocess.run([binary, "get", base + "/", ca], capture_output=True, text=True, timeout=20)
    sys.stdout.write(r.stdout + r.stderr)
    r = curl(base + "/")
    print("still serving: 200 %s" % r.stdout.decode().strip())
