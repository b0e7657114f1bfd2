"""A private nginx for the http suite: its own config, prefix and pid file under build-bench,
never the system's instance."""
import os
import shutil

from core import RunError, Server

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

CONF = """
worker_processes {workers};
{user}
daemon off;
master_process on;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{
    worker_connections 4096;
}}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    open_file_cache max=4096;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    default_type application/octet-stream;
    server {{
        listen 127.0.0.1:{port} reuseport backlog=4096;
        root {root};
        location = /hello {{
            default_type text/plain;
            return 200 "Hello, World!\\n";
        }}
    }}
}}
"""


def available():
    return os.path.exists(NGINX)


def start(build, port, workers=1, root=None, pin=()):
    """Starts nginx on 127.0.0.1:port in the foreground; returns a Server."""
    if not available():
        raise RunError("nginx not found", skip=True)
    prefix = os.path.join(build, "nginx", str(port))
    os.makedirs(prefix, exist_ok=True)
    conf = os.path.join(prefix, "nginx.conf")
    with open(conf, "w") as f:
        f.write(CONF.format(workers=workers, prefix=prefix, port=port, root=root or prefix,
                            user="user root;" if os.geteuid() == 0 else ""))
    return Server(list(pin) + [NGINX, "-e", os.path.join(prefix, "error.log"), "-p", prefix, "-c", conf], port,
                  http=True)


def command(workers, build="build-bench"):
    prefix = os.path.join(build, "nginx", "PORT")
    return "nginx -e %s/error.log -p %s -c %s/nginx.conf  # worker_processes %d" % (prefix, prefix, prefix, workers)


def config_text():
    """The configuration, as the page shows it (PORT, PREFIX and ROOT filled in per run)."""
    return CONF.format(workers="N", prefix="PREFIX", port="PORT", root="ROOT",
                       user="user root;  # only when run as root: the worker must read build-bench").strip()
