import os
import signal
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "http", "Inputs"))
from server_harness import server, curl  # noqa: E402

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

print("== 2 threads")
with server([sys.argv[1], "--port", "0", "--threads", "2"], stop_signal=signal.SIGINT) as srv:
    print(curl("-s", srv.url("/")), end="")
