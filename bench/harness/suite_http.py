"""http suite: a hello server under wrk (corio vs nginx with one worker vs Boost.Beast), and
corio-get vs a curl loop and curl --parallel fetching 1,000 small files from a local nginx."""
import os
import resource
import re
import shlex
import shutil
import time

import nginx
from core import Cell, RunError, Server, free_port, measure, ratio_target, run, session_cpu_s

NAME = "http"
TITLE = "HTTP: hello server under wrk; downloading 1,000 files"
HELLO = ["corio", "nginx", "Boost.Beast"]
FETCH = ["corio-get -j 64", "curl --parallel (64)", "curl loop"]
REFS = ["corio", FETCH[0]]  # corio/peer compares every row with these
EXTRA = [("server_us_per_req", "server CPU µs/req"), ("wrk_cpu", "wrk CPU"), ("files_per_s", "files/s")]
FILE_BYTES = 1024
PIPELINE_DEPTH = 16
DOC = """
**hello**: each server answers `GET /hello` with `Hello, World!\\n` (14 bytes, `text/plain`,
HTTP/1.1 keep-alive). `wrk -t1 -cN -dD` drives it from the other CPU; the server is pinned to
its own CPU (one server thread). Server CPU µs/req is the server's user+system time over the
whole wrk run (all its processes) divided by the requests wrk counted; *wrk CPU* is wrk's own
CPU use over its run (1.00: wrk was the bottleneck, and req/s says nothing more about the
server: a single wrk thread on one CPU tops out near the req/s the faster servers reach here,
so CPU per request is what tells them apart).

- **corio**: `bench/http/corio_hello.cpp` on corio's HTTP server (default backend: io_uring
  here, see the machine table).
- **nginx** 1.22 (Debian `nginx-light`): `worker_processes 1`, `access_log off`,
  `keepalive_requests 1000000`, `return 200 "Hello, World!\\n"` (no file I/O), `tcp_nodelay on`.
- **Boost.Beast** (Boost 1.74): `bench/http/beast_hello.cpp`, one coroutine per connection,
  `http::async_read`/`async_write` with `use_awaitable`, one io_context.

On loopback most of a hello server's CPU time is the kernel's TCP work (`perf record` of
corio_hello under wrk on this machine: about 85%% in the kernel), so differences in the servers'
own code move req/s and CPU per request only a little.

The **pipelined ×%(depth)d** rows send %(depth)d requests at once on each connection and wait for
all the answers before the next batch (wrk with `bench/http/pipeline.lua`, as in TechEmpower's
plaintext test): wrk then spends far less CPU per request, so these rows show what the servers
themselves can do. corio answers a batch with one write while the client's next request is
already buffered; nginx and Beast write each response as it is made.

The **2 threads** rows run two server threads (nginx: two workers) with nothing pinned, wrk
sharing the two CPUs: on this 2-CPU machine they show scaling under contention, not headroom.

**fetch**: 1,000 files of 1 KiB served by the private nginx (one worker, pinned), fetched into a
fresh directory on tmpfs (`/dev/shm`: the disk is not what this measures) by the clients on the
other CPU; wall time for all 1,000, each file checked for its size afterwards.

- **corio-get** `-j 64 -o DIR -i urls.txt` (keep-alive pool, 64 at once).
- **curl --parallel**: one curl 7.88 process, `--parallel --parallel-max 64` with the 1,000
  URL/output pairs in a `-K` config file (reuses connections).
- **curl loop**: `while read u; do curl -s -o … "$u"; done`: one curl process per file, as a
  shell script would do it.

The nginx configuration: one private instance per run, PREFIX = `build-bench/nginx/PORT`,
N = 1 worker (2 for the 2-thread rows), ROOT = `build-bench/http/www` (the 1,000 files):

```nginx
%(nginx)s
```
""" % {"depth": PIPELINE_DEPTH, "nginx": nginx.config_text()}


PIPELINE_LUA = "bench/http/pipeline.lua"


def wrk_cmd(ctx, port, conns, seconds, pinned, depth=1, script=PIPELINE_LUA):
    cmd = (ctx.pin("client") if pinned else []) + ["wrk", "-t1", "-c%d" % conns, "-d%ds" % seconds]
    if depth > 1:
        cmd += ["-s", script]
    cmd.append("http://127.0.0.1:%s/hello" % port)
    return cmd + (["--", str(depth)] if depth > 1 else [])


def parse_wrk(text):
    m = re.search(r"Requests/sec:\s*([\d.]+)", text)
    n = re.search(r"(\d+) requests in", text)
    if not m or not n:
        raise RunError("wrk printed no Requests/sec")
    errs = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if errs and int(errs.group(1)) > 0:
        raise RunError("%s non-2xx responses" % errs.group(1))
    return float(m.group(1)), int(n.group(1))


def hello_server(ctx, contender, port, threads, pinned):
    pin = ctx.pin("server") if pinned else []
    if contender == "nginx":
        return nginx.start(ctx.build, port, workers=threads, pin=pin)
    name = {"corio": "corio_hello", "Boost.Beast": "beast_hello"}[contender]
    b = ctx.bin(name)
    if not b:
        raise RunError(ctx.missing(name), skip=True)
    return Server(pin + [b, str(port), str(threads)], port, http=True)


def hello_run(ctx, contender, conns, threads, seconds, depth):
    port = free_port()
    pinned = threads == 1
    with hello_server(ctx, contender, port, threads, pinned) as srv:
        cpu0 = session_cpu_s(srv.pid)
        wrk0, t0 = children_cpu_s(), time.monotonic()
        cmd = wrk_cmd(ctx, port, conns, seconds, pinned, depth, os.path.join(ctx.root, PIPELINE_LUA))
        rps, count = parse_wrk(run(cmd, timeout=seconds + 60))
        wrk_cpu = (children_cpu_s() - wrk0) / (time.monotonic() - t0)
        cpu1 = session_cpu_s(srv.pid)
        if not srv.alive():
            raise RunError("the server died during the run")
    shutil.rmtree(os.path.join(ctx.build, "nginx", str(port)), ignore_errors=True)
    return rps, {"server_us_per_req": (cpu1 - cpu0) * 1e6 / count if count else None, "wrk_cpu": wrk_cpu}


def children_cpu_s():
    """User+system time of the children this process has reaped (wrk, once run() returns)."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def hello_cmd(ctx, contender, conns, threads, seconds, depth):
    pinned = threads == 1
    pin = ctx.pin("server") if pinned else []
    if contender == "nginx":
        srv = shlex.join(pin) + " " + nginx.command(threads, os.path.relpath(ctx.build, ctx.root))
    else:
        name = {"corio": "corio_hello", "Boost.Beast": "beast_hello"}[contender]
        srv = shlex.join(pin + [ctx.bin(name) or name, "PORT", str(threads)])
    return "%s & %s" % (srv.strip(), shlex.join(wrk_cmd(ctx, "PORT", conns, seconds, pinned, depth)))


def hello_workload(conns, threads, depth):
    return "hello, %d conn%s, %d thread%s" % (conns, ", pipelined ×%d" % depth if depth > 1 else "", threads,
                                              "s" if threads > 1 else "")


def pipelined(wl):
    return "pipelined" in wl


def nfiles(ctx):
    return 200 if ctx.quick else 1000


def fetch_setup(ctx):
    root = os.path.join(ctx.build, "http", "www")
    os.makedirs(os.path.join(root, "files"), exist_ok=True)
    for i in range(nfiles(ctx)):
        p = os.path.join(root, "files", "f%04d.bin" % i)
        if not os.path.exists(p):
            with open(p, "wb") as f:
                f.write(bytes([i % 251]) * FILE_BYTES)
    return root


def fetch_cmd(ctx, contender, urls_file, conf_file, out):
    if contender.startswith("corio-get"):
        return [ctx.tools["corio-get"], "-j", "64", "-o", out, "-i", urls_file]
    if contender.startswith("curl --parallel"):
        return ["curl", "-s", "--parallel", "--parallel-max", "64", "-K", conf_file]
    return ["sh", "-c", 'while read -r u; do curl -s -o "%s/${u##*/}" "$u" || exit 1; done < %s' % (out, urls_file)]


def fetch_dir(ctx):
    """Where the clients write: tmpfs when there is one. NOTE: on this machine's ext4 (mounted
    with discard, shared with other work) creating and deleting 1,000 files per run made some
    runs 7× slower than others, for every client alike; the disk is not what this measures."""
    shm = "/dev/shm"
    if os.path.isdir(shm) and os.access(shm, os.W_OK):
        return os.path.join(shm, "corio-bench-fetch")
    return os.path.join(ctx.build, "http", "fetch")


def fetch_run(ctx, contender):
    www = fetch_setup(ctx)
    port = free_port()
    work = os.path.join(fetch_dir(ctx), str(port))
    out = os.path.join(work, "out")
    os.makedirs(out)
    urls = ["http://127.0.0.1:%d/files/f%04d.bin" % (port, i) for i in range(nfiles(ctx))]
    urls_file, conf_file = os.path.join(work, "urls.txt"), os.path.join(work, "curl.conf")
    with open(urls_file, "w") as f:
        f.write("\n".join(urls) + "\n")
    with open(conf_file, "w") as f:
        for u in urls:
            f.write('url = "%s"\noutput = "%s/%s"\n' % (u, out, u.rsplit("/", 1)[1]))
    try:
        with nginx.start(ctx.build, port, workers=1, root=www, pin=ctx.pin("server")):
            cmd = ctx.pin("client") + fetch_cmd(ctx, contender, urls_file, conf_file, out)
            t0 = time.monotonic()
            run(cmd, timeout=300)
            secs = time.monotonic() - t0
        got = [n for n in os.listdir(out) if os.path.getsize(os.path.join(out, n)) == FILE_BYTES]
        if len(got) != len(urls):
            raise RunError("%s: %d of %d files downloaded intact" % (contender, len(got), len(urls)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(os.path.join(ctx.build, "nginx", str(port)), ignore_errors=True)
    return secs, {"files_per_s": len(urls) / secs}


def run_suite(ctx):
    seconds = 1 if ctx.quick else 4
    hello_grid = [(64, 1, 1), (64, 1, PIPELINE_DEPTH)] if ctx.quick else \
        [(64, 1, 1), (256, 1, 1), (256, 2, 1), (64, 1, PIPELINE_DEPTH), (256, 1, PIPELINE_DEPTH)]
    cells, jobs = [], []
    for conns, threads, depth in hello_grid:
        wl = hello_workload(conns, threads, depth)
        for contender in HELLO:
            cell = Cell(wl, contender, "req/s", True)
            cells.append(cell)
            if contender == "nginx" and not nginx.available():
                cell.set_missing("skipped: nginx not installed")
                continue
            name = {"corio": "corio_hello", "Boost.Beast": "beast_hello"}.get(contender)
            if name and not ctx.bin(name):
                cell.set_missing(ctx.missing(name))
                continue
            cell.command = hello_cmd(ctx, contender, conns, threads, seconds, depth)
            jobs.append((cell, lambda c=contender, n=conns, t=threads, d=depth: hello_run(ctx, c, n, t, seconds, d)))
    wl = "fetch %s × 1 KiB from nginx" % f"{nfiles(ctx):,}"
    for contender in FETCH:
        cell = Cell(wl, contender, "s", False)
        cells.append(cell)
        if contender.startswith("corio-get") and not ctx.tools.get("corio-get"):
            cell.set_missing(ctx.missing("corio-get"))
            continue
        if not shutil.which("curl") or not nginx.available():
            cell.set_missing("skipped: curl or nginx not installed")
            continue
        cell.command = shlex.join(ctx.pin("client") + fetch_cmd(ctx, contender, "urls.txt", "curl.conf", "OUT"))
        jobs.append((cell, lambda c=contender: fetch_run(ctx, c)))
    measure(cells, jobs, ctx.reps, NAME)
    shutil.rmtree(fetch_dir(ctx), ignore_errors=True)
    return cells


def targets(cells):
    return [
        ratio_target("the corio hello server under wrk reaches at least 1.2× nginx with one worker (req/s), "
                     "Boost.Beast beside them: one request at a time per connection", cells, "corio", "nginx",
                     lambda r: r >= 1.2, only=lambda wl: not pipelined(wl)),
        ratio_target("the same with HTTP/1.1 pipelining (%d requests in flight per connection), where wrk is no "
                     "longer the bottleneck" % PIPELINE_DEPTH, cells, "corio", "nginx", lambda r: r >= 1.2,
                     only=pipelined),
        ratio_target("the same, per request (nginx's server CPU µs/req / corio's): what the req/s ratio would "
                     "become with a load generator that has CPU to spare (see wrk CPU)", cells, "nginx", "corio",
                     lambda r: r >= 1.2, key="server_us_per_req",
                     only=lambda wl: "1 thread," in wl + "," and not pipelined(wl)),
        ratio_target("corio-get -j 64 fetching 1,000 small files from a local nginx is at least 3× faster than "
                     "a curl loop (time of curl loop / time of corio-get)", cells, FETCH[2], FETCH[0],
                     lambda r: r >= 3),
        ratio_target("corio-get -j 64 is at least as fast as curl --parallel --parallel-max 64 (time of curl / "
                     "time of corio-get)", cells, FETCH[1], FETCH[0], lambda r: r >= 1),
    ]
