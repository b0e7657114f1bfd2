"""A raw-socket HTTP/1.1 server that misbehaves on purpose, by path.

Each connection is served until the peer closes it (keep-alive). Routes:
  /ok                 200, Content-Length "hello\\n"
  /chunked            200, chunked body "hello, chunked world\\n" with a trailer
  /close              200, no length, body ends when the server closes
  /http10             HTTP/1.0 response without length
  /truncated          Content-Length 100, sends 10 bytes, closes
  /truncated-chunked  one chunk, then closes
  /bad-chunk          chunk size "zz"
  /drip               Content-Length 1000, one byte every 0.3 s
  /stall              reads the request, never answers
  /slow-headers       sends the status line, never the rest
  /reset              closes with RST (SO_LINGER 0) instead of answering
  /reset-mid-body     Content-Length 100000, sends part of it, then RST
  /loop               302 to itself
  /redirect/N         302 chain down to /redirect/0 (200 "done")
  /to?u=URL&code=C    redirect (302 unless C says otherwise) to the percent-decoded URL
  /echo               200, body = request line, headers, blank line, request body
  /conn               200, body "conn=C req=R" (C counts connections, R requests on it)
  /big?n=N            200, N bytes of 'a'..'z' repeated
  /status/N           status N, body "status N"
  /stale              200 with keep-alive, then the server closes the connection anyway
  /delay?ms=N         answers "hello\\n" after N ms
  /any/...            200 for any path below, body = the raw request target
  /early              413 (keep-alive) before reading the request body, then closes
  /slow-reader        reads the request body 1 MiB per 0.1 s, then 200 "got N"

Behind TLS (bad_tls) a connection whose first byte is not a TLS handshake is
served as plain HTTP on the same port (for https -> http redirects).
"""
import itertools
import socket
import socketserver
import ssl
import struct
import threading
import time
import urllib.parse

_conn_ids = itertools.count(1)


def _response(status, body=b"", headers=(), reason=None):
    reason = reason or {200: "OK", 302: "Found", 404: "Not Found"}.get(status, "Status")
    head = "HTTP/1.1 %d %s\r\n" % (status, reason)
    for k, v in headers:
        head += "%s: %s\r\n" % (k, v)
    if not any(k.lower() in ("content-length", "transfer-encoding") for k, _ in headers):
        head += "Content-Length: %d\r\n" % len(body)
    return head.encode() + b"\r\n" + body


class Handler(socketserver.BaseRequestHandler):
    def read_request(self):
        while b"\r\n\r\n" not in self.buf:
            data = self.request.recv(65536)
            if not data:
                return None
            self.buf += data
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = [tuple(x.strip() for x in line.split(":", 1)) for line in lines[1:]]
        length = sum(int(v) for k, v in headers if k.lower() == "content-length")
        if target == "/early":
            return method, target, headers, lines[0], b""
        slow = target == "/slow-reader"
        while len(self.buf) < length:
            if slow:
                time.sleep(0.1)
            data = self.request.recv((1 << 20) if slow else 65536)
            if not data:
                return None
            self.buf += data
        body, self.buf = self.buf[:length], self.buf[length:]
        return method, target, headers, lines[0], body

    def handle(self):
        if self.server.tls:
            self.request.settimeout(5)
            try:
                if self.request.recv(1, socket.MSG_PEEK) == b"\x16":
                    self.request = self.server.tls.wrap_socket(self.request, server_side=True)
            except (OSError, ssl.SSLError):
                return
        self.buf = b""
        self.conn_id = next(_conn_ids)
        self.request.settimeout(30)
        try:
            for n in itertools.count(1):
                req = self.read_request()
                if req is None or not self.serve(n, *req):
                    return
        except (OSError, ValueError):
            return

    def stall(self):
        self.request.settimeout(20)
        try:
            while self.request.recv(4096):
                pass
        except OSError:
            pass
        return False

    def serve(self, n, method, target, headers, request_line, body):
        url = urllib.parse.urlsplit(target)
        path, query = url.path, urllib.parse.parse_qs(url.query)
        send = self.request.sendall
        if method == "HEAD":
            # Same head as for GET, no body (what a correct server does).
            def send(data, _send=self.request.sendall):
                head, sep, _ = data.partition(b"\r\n\r\n")
                _send(head + sep if sep else data)
        if path == "/ok":
            send(_response(200, b"hello\n"))
        elif path == "/chunked":
            send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                 b"7\r\nhello, \r\n8;ext=1\r\nchunked \r\n6\r\nworld\n\r\n0\r\nX-Trailer: t\r\n\r\n")
        elif path == "/close":
            send(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nclose-delimited body\n")
            return False
        elif path == "/http10":
            send(b"HTTP/1.0 200 OK\r\n\r\nan HTTP/1.0 body\n")
            return False
        elif path == "/truncated":
            send(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")
            return False
        elif path == "/truncated-chunked":
            send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
            return False
        elif path == "/bad-chunk":
            send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n")
        elif path == "/drip":
            send(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
            for _ in range(1000):
                time.sleep(0.3)
                send(b"x")
        elif path == "/stall":
            return self.stall()
        elif path == "/slow-headers":
            send(b"HTTP/1.1 200 OK\r\n")
            return self.stall()
        elif path == "/reset":
            self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return False
        elif path == "/reset-mid-body":
            send(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"x" * 1000)
            time.sleep(0.05)
            self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return False
        elif path == "/loop":
            send(_response(302, headers=[("Location", "/loop")]))
        elif path.startswith("/redirect/"):
            left = int(path.rsplit("/", 1)[1])
            if left <= 0:
                send(_response(200, b"done\n"))
            else:
                send(_response(302, headers=[("Location", "/redirect/%d" % (left - 1))]))
        elif path == "/to":
            code = int(query.get("code", ["302"])[0])
            send(_response(code, headers=[("Location", query["u"][0])]))
        elif path == "/echo":
            text = request_line + "\n" + "".join("%s: %s\n" % h for h in headers) + "\n"
            send(_response(200, text.encode("latin-1") + body))
        elif path == "/conn":
            send(_response(200, ("conn=%d req=%d" % (self.conn_id, n)).encode()))
        elif path == "/big":
            count = int(query.get("n", ["1000"])[0])
            pattern = bytes(range(ord("a"), ord("z") + 1))
            body = (pattern * (count // 26 + 1))[:count]
            send(_response(200, body))
        elif path.startswith("/status/"):
            code = int(path.rsplit("/", 1)[1])
            send(_response(code, b"status %d\n" % code))
        elif path == "/stale":
            send(_response(200, b"stale\n", headers=[("Connection", "keep-alive"), ("Content-Length", "6")]))
            return False
        elif path == "/delay":
            time.sleep(int(query.get("ms", ["100"])[0]) / 1000.0)
            send(_response(200, b"hello\n"))
        elif path == "/early":
            send(_response(413, b"too big\n", reason="Content Too Large"))
            return False
        elif path == "/slow-reader":
            send(_response(200, b"got %d\n" % len(body)))
        elif path.startswith("/any/"):
            send(_response(200, target.encode("latin-1") + b"\n"))
        else:
            send(_response(404, b"no such route\n"))
        return True


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, tls_dir):
        super().__init__(("127.0.0.1", 0), Handler)
        self.tls = None
        if tls_dir:
            self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.tls.load_cert_chain(tls_dir + "/localhost.pem", tls_dir + "/localhost.key")

    def handle_error(self, request, client_address):
        pass  # a client that gives up is the point of these tests


def serve(values, name, tls_dir):
    server = Server(tls_dir)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    values[name] = ("https://localhost:%d" if tls_dir else "http://127.0.0.1:%d") % port
    return server
