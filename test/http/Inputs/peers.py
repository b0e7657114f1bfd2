#!/usr/bin/env python3
"""Real and misbehaving HTTP peers for the client tests, started on loopback.

    peers.py certs DIR
        Makes a CA and server certificates in DIR with the openssl CLI:
        ca.pem, localhost.pem/.key (SAN localhost + 127.0.0.1, signed by the CA),
        wrong.pem/.key (SAN wrong.example, signed by the CA),
        self.pem/.key (self-signed localhost).

    peers.py run [--nginx ROOT] [--python ROOT] [--bad] [--bad-tls] [--tmp DIR] -- CMD ARG...
        Starts the asked-for servers on free ports (ROOT gets the standard test
        site, see make_site, unless it exists), replaces placeholders in CMD's
        arguments, runs CMD, stops the servers and exits with CMD's status.
        Placeholders: {http} {https} (nginx, HTTPS with a CA-signed localhost cert),
        {https_wrong} (nginx with the wrong.example cert), {https_self} (self-signed),
        {https_sni} (right certificate only for clients that send SNI),
        {ca} (the CA file), {py} (python3 -m http.server), {bad} (the misbehaving
        server below), {bad_tls} (it again behind TLS with the localhost cert),
        {tmp} (scratch directory). The same values are exported as
        CORIO_TEST_<NAME> environment variables.

The misbehaving server answers by path; see Misbehaving.ROUTES.
"""
import os
import shutil
import signal
import socket
import socketserver
import ssl
import subprocess
import sys
import tempfile
import threading
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc=None, timeout=10.0):
    end = time.time() + timeout
    while time.time() < end:
        if proc is not None and proc.poll() is not None:
            raise SystemExit("peers.py: server exited early with %d" % proc.returncode)
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.02)
    raise SystemExit("peers.py: nothing listening on port %d" % port)


# --- certificates -------------------------------------------------------------

def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def make_certs(d):
    os.makedirs(d, exist_ok=True)
    if os.path.exists(os.path.join(d, "self.pem")):
        return
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=corio test CA",
            "-keyout", "ca.key", "-out", "ca.pem", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=d)
    for name, san in (("localhost", "DNS:localhost,IP:127.0.0.1"), ("wrong", "DNS:wrong.example")):
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=" + name, "-keyout", name + ".key",
                "-out", name + ".csr", cwd=d)
        with open(os.path.join(d, name + ".ext"), "w") as f:
            f.write("subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n" % san)
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", name + ".ext", "-out", name + ".pem", cwd=d)
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", "self.key", "-out", "self.pem",
            cwd=d)


# --- the static site nginx and http.server serve -----------------------------

def make_site(root):
    """Writes the standard test site into root (unless it exists already)."""
    if os.path.isdir(root):
        return
    os.makedirs(os.path.join(root, "chunked"))
    os.makedirs(os.path.join(root, "many"))
    os.makedirs(os.path.join(root, "dir"))
    files = {
        "hello.txt": b"hello from the test site\n",
        "index.html": b"<p>index page</p>\n",
        "dir/index.html": b"<p>dir index</p>\n",
        "space name.txt": b"a name with a space\n",
        "big.bin": bytes(range(256)) * (2 * 1024 * 1024 // 256),
        "chunked/page.html": b"<p>served in chunks</p>\n" * 200,
    }
    for i in range(100):
        files["many/f%03d.txt" % i] = b"file %d\n" % i
    for name, data in files.items():
        with open(os.path.join(root, name), "wb") as f:
            f.write(data)


# --- nginx ----------------------------------------------------------------------

NGINX_CONF = """
{user}
worker_processes 1;
error_log {tmp}/nginx-error.log warn;
pid {tmp}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fcgi;
  uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  default_type application/octet-stream;
  gzip off;
  keepalive_requests 100000;
  keepalive_timeout 30s;
  sendfile on;
  server {{
    listen 127.0.0.1:{http_port};
    root {root};
    location /chunked/ {{ chunked_transfer_encoding on; ssi on; ssi_types *; }}
    location = /redirect-to-https {{ return 302 https://localhost:{https_port}/hello.txt; }}
  }}
  server {{
    listen 127.0.0.1:{https_port} ssl;
    ssl_certificate {certs}/localhost.pem; ssl_certificate_key {certs}/localhost.key;
    root {root};
  }}
  server {{
    listen 127.0.0.1:{wrong_port} ssl;
    ssl_certificate {certs}/wrong.pem; ssl_certificate_key {certs}/wrong.key;
    root {root};
  }}
  server {{
    # Without SNI a client gets this default server and its wrong.example
    # certificate; with SNI "localhost" it gets the next one.
    listen 127.0.0.1:{sni_port} ssl default_server;
    server_name _;
    ssl_certificate {certs}/wrong.pem; ssl_certificate_key {certs}/wrong.key;
    root {root};
  }}
  server {{
    listen 127.0.0.1:{sni_port} ssl;
    server_name localhost;
    ssl_certificate {certs}/localhost.pem; ssl_certificate_key {certs}/localhost.key;
    root {root};
  }}
  server {{
    listen 127.0.0.1:{self_port} ssl;
    ssl_certificate {certs}/self.pem; ssl_certificate_key {certs}/self.key;
    root {root};
  }}
}}
"""


def find_nginx():
    return shutil.which("nginx") or "/usr/sbin/nginx"


def start_nginx(root, tmp, certs, values):
    ports = {k: free_port() for k in ("http_port", "https_port", "wrong_port", "self_port", "sni_port")}
    conf = os.path.join(tmp, "nginx.conf")
    with open(conf, "w") as f:
        f.write(NGINX_CONF.format(user="user root;" if os.geteuid() == 0 else "", tmp=tmp, root=os.path.abspath(root), certs=certs, **ports))
    proc = subprocess.Popen([find_nginx(), "-p", tmp, "-c", conf, "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for p in ports.values():
        wait_port(p, proc)
    values["http"] = "http://127.0.0.1:%d" % ports["http_port"]
    values["https"] = "https://localhost:%d" % ports["https_port"]
    values["https_wrong"] = "https://localhost:%d" % ports["wrong_port"]
    values["https_self"] = "https://localhost:%d" % ports["self_port"]
    values["https_sni"] = "https://localhost:%d" % ports["sni_port"]
    return proc


def start_python_http(root, values):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory", root,
                             str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port, proc)
    values["py"] = "http://127.0.0.1:%d" % port
    return proc


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main(argv):
    if len(argv) >= 2 and argv[0] == "certs":
        make_certs(argv[1])
        return 0
    if not argv or argv[0] != "run" or "--" not in argv:
        print(__doc__, file=sys.stderr)
        return 2
    sep = argv.index("--")
    opts, cmd = argv[1:sep], argv[sep + 1:]
    tmp = None
    if "--tmp" in opts:
        tmp = opts[opts.index("--tmp") + 1]
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
    else:
        tmp = tempfile.mkdtemp(prefix="corio-peers-")
    certs = os.path.join(tmp, "certs")
    values = {"tmp": tmp, "ca": os.path.join(certs, "ca.pem")}
    procs, servers = [], []
    try:
        if any(o in opts for o in ("--nginx", "--bad-tls")):
            make_certs(certs)
        for o in ("--nginx", "--python"):
            if o in opts:
                make_site(opts[opts.index(o) + 1])
        if "--nginx" in opts:
            procs.append(start_nginx(opts[opts.index("--nginx") + 1], tmp, certs, values))
        if "--python" in opts:
            procs.append(start_python_http(opts[opts.index("--python") + 1], values))
        if "--bad" in opts or "--bad-tls" in opts:
            from misbehaving import serve
            if "--bad" in opts:
                servers.append(serve(values, "bad", None))
            if "--bad-tls" in opts:
                servers.append(serve(values, "bad_tls", certs))
        for k, v in values.items():
            os.environ["CORIO_TEST_" + k.upper()] = v
        args = [a.format(**values) if "{" in a else a for a in cmd]
        return subprocess.call(args)
    finally:
        for s in servers:
            s.shutdown()
            s.server_close()
        for p in procs:
            stop(p)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    sys.exit(main(sys.argv[1:]))
