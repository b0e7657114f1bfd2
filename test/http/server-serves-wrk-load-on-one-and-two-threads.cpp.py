import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "Inputs"))
from server_harness import server  # noqa: E402

for threads in (1, 2):
    print("== %d thread%s" % (threads, "s" if threads > 1 else ""))
    with server([sys.argv[1], str(threads)]) as srv:
        out = subprocess.run(["wrk", "-t2", "-c32", "-d1s", srv.url("/")], capture_output=True, text=True,
                             timeout=20).stdout
        m = re.search(r"(\d+) requests in", out)
        n = int(m.group(1)) if m else 0
        bad = [l.strip() for l in out.splitlines() if "Socket errors" in l or "Non-2xx" in l]
        print("requests: %s, errors: %s" % ("many" if n > 500 else n, "; ".join(bad) or "none"))
        if n <= 500 or bad:
            print(out)
