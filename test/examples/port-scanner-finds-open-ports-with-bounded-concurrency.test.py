import socket
import subprocess
import sys


def listen(port):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        s.close()
        return None
    s.listen()
    return s


# Three listeners close together: a free port, then two more a few ports above it.
listeners = [listen(0)]
base = listeners[0].getsockname()[1]
for offset in range(3, 30):
    if len(listeners) == 3:
        break
    s = listen(base + offset)
    if s:
        listeners.append(s)
wanted = {s.getsockname()[1] for s in listeners}
lo, hi = base - 5, base + 35
out = subprocess.run([sys.argv[1], "localhost", str(lo), str(hi), "4"],
                     capture_output=True, text=True, timeout=60, check=True)
found = {int(l.split()[0]) for l in out.stdout.splitlines() if l.endswith(" open")}
# Other programs may listen in the range too: ours must all be found, and whatever
# else is reported must really be open.
missing = wanted - found
bogus = []
for p in found - wanted:
    try:
        socket.create_connection(("127.0.0.1", p), timeout=1).close()
    except OSError:
        bogus.append(p)
print("found exactly the listening ports" if len(wanted) == 3 and not missing and not bogus
      else "wanted %s missing %s bogus %s" % (wanted, missing, bogus))
print(out.stdout.splitlines()[-1])
