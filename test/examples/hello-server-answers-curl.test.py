import os
import signal
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "http", "Inputs"))
from server_harness import server, curl, raw, status_line, connect  # noqa: E402

www = tempfile.mkdtemp()
open(os.path.join(www, "note.txt"), "w").write("static file from the example\n")

print("== 1 thread")
with server([sys.argv[1], "--port", "0", "--static", www], stop_signal=signal.SIGINT) as srv:
    out = subprocess.run(["curl", "-s", srv.url("/"), srv.url("/hello/corio"), srv.url("/count"),
                          srv.url("/static/note.txt")], capture_output=True, text=True).stdout
    print(out, end="")
    trace = curl("-sv", "-o", "/dev/null", srv.url("/"), "-o", "/dev/null", srv.url("/count"))
    print("connection reused:", "Re-using existing connection" in trace)
    print("chunked:", "Transfer-Encoding: chunked" in trace)

    # Two slow requests and a fast one at once: the fast one is answered while the slow
    # ones are still waiting (checked by their state, not by a clock a busy machine skews).
    slow = [subprocess.Popen(["curl", "-s", srv.url("/slow/3000")], stdout=subprocess.PIPE, text=True)
            for _ in range(2)]
    time.sleep(0.2)  # let both slow requests reach the server first
    fast = curl("-s", srv.url("/"))
    print("fast answer while slow ones wait:", fast.strip(), all(p.poll() is None for p in slow))
    print(*[p.communicate()[0].strip() for p in slow], sep=" | ")

print("== 2 threads")
with server([sys.argv[1], "--port", "0", "--threads", "2"], stop_signal=signal.SIGINT) as srv:
    print(curl("-s", srv.url("/")), end="")

print("== limits and timeouts")
with server([sys.argv[1], "--port", "0", "--max-body", "100", "--header-timeout", "300"],
            stop_signal=signal.SIGINT) as srv:
    print(curl("-s", "--data-binary", "echo me", srv.url("/echo")))
    print("big body:", status_line(raw(srv.port, b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n")))
    with connect(srv.port) as s:
        t = time.monotonic()
        s.sendall(b"GET / HTTP/1.1\r\nX-Drip: ")
        got = b""
        while time.monotonic() - t < 20:
            try:
                s.sendall(b"a")
            except OSError:
                break
            time.sleep(0.05)
            s.settimeout(0.01)
            try:
                b = s.recv(4096)
                got += b
                if not b:
                    break
            except (TimeoutError, BlockingIOError):
                pass
        # The header timeout is 300 ms; the client would drip for 20 s if never cut off.
        print("dripping client: %s, cut off in time: %s" % (status_line(got), time.monotonic() - t < 10))
