import os
import signal
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "Inputs"))
from server_harness import server, status_line, connect  # noqa: E402


def read_to_end(s):
    """Everything the server sent, and how it ended: 'end of stream' or 'reset'."""
    got = b""
    try:
        while True:
            b = s.recv(65536)
            if not b:
                return got, "end of stream"
            got += b
    except ConnectionResetError:
        return got, "reset"
    except socket.timeout:
        return got, "timeout"


def keep_sending(s, data, seconds):
    """Sends `data` every 20 ms for `seconds`; returns how sending failed, if it did."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds:
        try:
            s.sendall(data)
        except OSError as e:
            return " (sending failed: %s)" % e.strerror
        time.sleep(0.02)
    return ""


def closed_after(s, t0, limit=6.0):
    """Keeps sending a byte every 50 ms; returns when the server's close shows (EPIPE/reset)."""
    while time.monotonic() - t0 < limit:
        try:
            s.sendall(b"a")
        except OSError:
            break
        time.sleep(0.05)
    return time.monotonic() - t0


def rounded(t, expected):
    return "%.1f" % expected if expected - 0.05 <= t < expected + 0.6 else "%.2f (unexpected)" % t


with server([sys.argv[1]]) as srv:
    p = srv.port

    # The head never ends: 408 after 300 ms, while the client goes on sending for 1 s
    # more before it reads anything.
    with connect(p) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Drip: ")
        send_failed = keep_sending(s, b"a", 1.3)
        got, end = read_to_end(s)
        print("408 while still dripping: %s, then %s%s" % (status_line(got), end, send_failed))

    # A body over the limit: 413 from the head alone; the client uploads all 4 MiB anyway.
    with connect(p) as s:
        s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4194304\r\n\r\n")
        sent_all = True
        try:
            s.sendall(b"u" * (4 << 20))
        except OSError:
            sent_all = False
        got, end = read_to_end(s)
        print("413 while still uploading 4 MiB: %s, then %s, upload sent whole: %s" % (status_line(got), end, sent_all))

    # Connection: close, while the client goes on pipelining requests for 0.5 s.
    with connect(p) as s:
        one = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        send_failed = keep_sending(s, one * 20, 0.5)
        got, end = read_to_end(s)
        print("close with requests still coming: %s, then %s%s" % (status_line(got), end, send_failed))

    # Lingering is bounded: a client that goes on sending is closed after lingering_time...
    with connect(p) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Drip: ")
        time.sleep(0.3)
        s.settimeout(2)
        while b"\r\n\r\n" not in s.recv(4096):
            pass
        t0 = time.monotonic()
        print("a client that never stops: closed after %s s" % rounded(closed_after(s, t0), 2.0))

    # ...and one that goes quiet for longer than lingering_timeout is closed then.
    def still_open(s):
        """Two bytes 100 ms apart: the second fails once the server has closed (reset)."""
        try:
            s.sendall(b"a")
            time.sleep(0.1)
            s.sendall(b"a")
            return True
        except OSError:
            return False
    with connect(p) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Drip: ")
        s.settimeout(2)
        got = b""
        while b"\r\n\r\n" not in got:
            got += s.recv(4096)
        time.sleep(0.4)
        early = still_open(s)
        time.sleep(1.0)
        print("a client quiet for 0.4 s: still lingering: %s; quiet for 1 s: closed: %s" % (early, not still_open(s)))

    # A graceful stop closes lingering connections at once.
    lingerer = connect(p)
    lingerer.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4194304\r\n\r\n")
    stop = threading.Event()

    def keep_sending():
        while not stop.is_set():
            try:
                lingerer.sendall(b"u" * 1024)
            except OSError:
                return
            time.sleep(0.05)
    th = threading.Thread(target=keep_sending)
    th.start()
    time.sleep(0.5)
    t0 = time.monotonic()
    srv.proc.send_signal(signal.SIGTERM)
    srv.proc.wait(10)
    print("stop while a client lingers: exited in time: %s" % (time.monotonic() - t0 < 1.5))
    stop.set()
    th.join()
    lingerer.close()
