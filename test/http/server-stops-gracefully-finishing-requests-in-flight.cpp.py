import os
import signal
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "Inputs"))
from server_harness import server, status_line, body_of, connect, read_all  # noqa: E402


def request_in_thread(port, path, out):
    def go():
        with connect(port, 10) as s:
            s.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\n\r\n")
            out.append(read_all(s))
    t = threading.Thread(target=go)
    t.start()
    return t


print("== finish in flight")
with server([sys.argv[1]]) as srv:
    idle = connect(srv.port)
    idle.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    idle.recv(4096)
    got = []
    t = request_in_thread(srv.port, b"/slow", got)
    time.sleep(0.15)
    t0 = time.monotonic()
    srv.proc.send_signal(signal.SIGTERM)
    idle.settimeout(2)
    print("idle connection closed at once:", idle.recv(4096) == b"" and time.monotonic() - t0 < 0.4)
    idle.close()
    time.sleep(0.1)
    try:
        socket.create_connection(("127.0.0.1", srv.port), 1).close()
        refused = False
    except OSError:
        refused = True
    print("new connections refused:", refused)
    t.join()
    r = got[0]
    print("in-flight request: %s | %s | %s" % (status_line(r), "Connection: close" if b"Connection: close" in r else "-",
                                               body_of(r).strip()))
    srv.proc.wait(5)
    print("server gone within 1 s:", time.monotonic() - t0 < 1.0)

print("== deadline")
with server([sys.argv[1]]) as srv:
    got = []
    t = request_in_thread(srv.port, b"/forever", got)
    time.sleep(0.15)
    t0 = time.monotonic()
    srv.proc.send_signal(signal.SIGTERM)
    t.join()
    print("request past the deadline: closed without a response:", got[0] == b"")
    srv.proc.wait(5)
    print("server gone after about 1 s:", 0.9 < time.monotonic() - t0 < 1.8)
