import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "Inputs"))
from server_harness import server, raw, status_line, connect  # noqa: E402


def drip(port, head, body=b"", every=0.05, limit=5.0):
    """Sends `head` at once, then `body` (or more header bytes) one byte every `every` s.
    Returns (seconds from the first dripped byte until the server closed, what it sent)."""
    s = connect(port, limit)
    got = b""
    start = time.monotonic()
    s.sendall(head)
    s.settimeout(every)
    for b in (body or b"X-Drip: " + b"a" * 1000):
        try:
            s.sendall(bytes([b]))
        except (BrokenPipeError, ConnectionResetError):
            break
        try:
            data = s.recv(4096)
            got += data
            if not data:
                break
        except TimeoutError:
            pass
        except ConnectionResetError:
            break
        if time.monotonic() - start > limit:
            break
    s.close()
    return time.monotonic() - start, got


def rounded(t, expected):
    """`expected` when t is in [expected - 0.05, expected + 0.6): timing noise (sanitizers, a
    busy machine) must not change the output, but closing early or never must."""
    return "%.1f" % expected if expected - 0.05 <= t < expected + 0.6 else "%.2f (unexpected)" % t


with server([sys.argv[1]]) as srv:
    p = srv.port
    t, got = drip(p, b"G")
    print("header drip: closed after %s s with %s" % (rounded(t, 0.4), status_line(got)))
    t, got = drip(p, b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n", b"y" * 1000)
    print("body drip: closed after %s s with %s" % (rounded(t, 0.4), status_line(got)))

    with connect(p) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        first = s.recv(4096)
        t0 = time.monotonic()
        rest = s.recv(4096)
        print("idle keep-alive: %s, then closed after %s s%s" % (
            status_line(first), rounded(time.monotonic() - t0, 0.6), "" if rest == b"" else " with %r" % rest))
    with connect(p) as s:
        t0 = time.monotonic()
        rest = s.recv(4096)
        print("silent connection: closed after %s s with %s" % (rounded(time.monotonic() - t0, 0.6), rest or "nothing"))

    results = []
    threads = [threading.Thread(target=lambda: results.append(drip(p, b"GET / HTTP/1.1\r\n"))) for _ in range(40)]
    for th in threads:
        th.start()
    time.sleep(0.1)
    t0 = time.monotonic()
    r = raw(p, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    print("real client among 40 drippers: %s fast=%s" % (status_line(r), time.monotonic() - t0 < 0.3))
    for th in threads:
        th.join()
    print("drippers all cut off:", all(t < 1.5 and b"408" in got for t, got in results))
