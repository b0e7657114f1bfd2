import signal
import socket
import subprocess
import sys
import time

srv = subprocess.Popen([sys.argv[1]], stdout=subprocess.PIPE, text=True)
try:
    first = srv.stdout.readline().strip()
    print(first)
    port = int(first.rsplit(":", 1)[1])
    clients = {}

    def join(name):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall((name + "\n").encode())
        clients[name] = (s, s.makefile("r"))
        time.sleep(0.1)  # let the server register the name before the next event

    def expect(name):
        print("%s got: %s" % (name, clients[name][1].readline().strip()))

    join("ann")
    join("bob")
    expect("ann")
    join("cy")
    expect("ann")
    expect("bob")
    clients["bob"][0].sendall(b"hi all\n")
    expect("ann")
    expect("cy")
    s, f = clients["bob"]
    s.settimeout(0.3)
    try:
        line = f.readline()
        print("bob got his own line: " + line.strip() if line else "bob got nothing of his own")
    except socket.timeout:
        print("bob got nothing of his own")
    f.close()
    s.close()
    expect("ann")
    expect("cy")
    srv.send_signal(signal.SIGINT)
    rest, _ = srv.communicate(timeout=30)
    print(rest.strip())
    print("server exit", srv.returncode)
finally:
    if srv.poll() is None:
        srv.kill()
