import socket
import subprocess
import sys
import threading

server, client = sys.argv[1], sys.argv[2]
srv = subprocess.Popen([server], stdout=subprocess.PIPE, text=True)
try:
    first = srv.stdout.readline().strip()
    print(first)
    port = int(first.rsplit(":", 1)[1])

    out = subprocess.run([client, "localhost", str(port), "hello", "two words"],
                         capture_output=True, text=True, timeout=30)
    for line in out.stdout.splitlines():
        print("client:", line)
    print("client exit", out.returncode, out.stderr.strip())

    # Raw sockets: 50 connections at once, each sending 64 KiB in pieces.
    payload = bytes(range(256)) * 256
    ok = []

    def one(i):
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            data = payload[i:] + payload[:i]
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
            got = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                got += chunk
            ok.append(got == data)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("%d concurrent connections echoed 64 KiB each" % sum(ok))

    srv.terminate()
    rest, _ = srv.communicate(timeout=30)
    print(rest.strip())
    print("server exit", srv.returncode)
finally:
    if srv.poll() is None:
        srv.kill()
