"""echo suite: TCP echo ping-pong on loopback, 1/64/1000 connections x 64 B/16 KiB — corio
(io_uring, epoll) vs raw liburing C, epoll C, Boost.Asio coroutines, asyncio + uvloop. One
load generator (bench/echo/loadgen.c) for all, server and load generator on different CPUs."""
import os
import shlex

from core import Cell, RunError, Server, free_port, measure, parse_kv, ratio_target, run, uring_unavailable

NAME = "echo"
TITLE = "TCP echo on loopback (ping-pong)"
PY = "/usr/bin/python3"
CONTENDERS = ["corio (io_uring)", "corio (epoll)", "C liburing", "C epoll", "Boost.Asio", "asyncio+uvloop"]
REF = "corio (io_uring)"
REFS = [REF]  # corio/peer compares every row with this
DOC = """
Ping-pong: each connection sends one message, waits until all of it has come back, and sends
the next. One load generator for every server, `bench/echo/loadgen.c` (C, one thread,
level-triggered epoll, every echoed byte checked), pinned to the second CPU; the server pinned to
the first. Each run: 0.5 s warm-up, then 3 s measured. *server CPU µs/req* is the server's
user+system time over the measured window (`/proc/PID/stat`) per round trip; *loadgen CPU* is
the load generator's own CPU use over the window (1.00 means the load generator was the
bottleneck: on two CPUs it costs about as much as the server, so at 64 and 1,000 connections
the req/s of the faster servers are capped by it and CPU per request tells them apart).

Servers, all single-threaded:

- **corio (io_uring)**, **corio (epoll)**: `bench/echo/corio_echo.cpp`: a listener, one
  spawned task per connection doing `read_pooled` (the kernel fills a buffer of the loop's
  pool when bytes arrive; one multishot recv per connection) and `write_all` of it, with
  `CORIO_BACKEND=uring` or `epoll`.
- **C liburing**: `bench/echo/uring_echo.c`: raw liburing 2.3: `SINGLE_ISSUER|DEFER_TASKRUN`,
  one `io_uring_submit_and_wait` per loop turn with completions handled in batches, multishot
  accept, multishot recv into a provided-buffer ring (4,096 × 16 KiB, registered by hand with
  `io_uring_register_buf_ring`), buffers handed back after their send completes.
- **C epoll**: `bench/echo/epoll_echo.c`: level-triggered epoll, one `recv` per readiness into
  one shared buffer, `send` straight back, pending bytes kept (and reading paused) only when a
  send is short.
- **Boost.Asio** 1.74: `bench/echo/asio_echo.cpp`: C++20 coroutines, one `co_spawn`ed session
  per connection, `async_read_some` + `async_write`, `io_context(1)`.
- **asyncio+uvloop**: `/usr/bin/python3 bench/echo/uvloop_echo.py` (Debian `python3-uvloop`):
  an `asyncio.Protocol` that writes back in `data_received`.

*Idle connections*: the load generator (`-m`) opens 10,000 connections, makes one 64-byte
round trip on each and leaves them open and idle; the figure is how much the server's resident
set (`VmRSS`) grew, per connection. It counts the server's own memory (frames, per-connection
state, buffers it keeps), not the kernel's socket buffers, which every server pays alike.
"""
EXTRA = [("server_us_per_req", "server CPU µs/req"), ("client_cpu", "loadgen CPU")]


def grid(ctx):
    if ctx.quick:
        return [(64, 64), (1000, 16384)]
    return [(c, s) for c in (1, 64, 1000) for s in (64, 16384)]


def server_cmd(ctx, contender, port):
    """(argv, env, missing-reason)."""
    here = os.path.join(ctx.root, "bench", "echo")
    bins = {"corio (io_uring)": "corio_echo", "corio (epoll)": "corio_echo", "C liburing": "uring_echo",
            "C epoll": "epoll_echo", "Boost.Asio": "asio_echo"}
    if contender in ("corio (io_uring)", "C liburing") and uring_unavailable():
        return None, None, uring_unavailable()
    if contender in bins:
        b = ctx.bin(bins[contender])
        if not b:
            return None, None, ctx.missing(bins[contender])
        env = None
        if contender.startswith("corio"):
            env = {"CORIO_BACKEND": "uring" if "uring" in contender else "epoll"}
        return [b, str(port)], env, None
    if contender == "asyncio+uvloop":
        if not os.path.exists(PY):
            return None, None, "skipped: %s not found" % PY
        return [PY, os.path.join(here, "uvloop_echo.py"), str(port)], None, None
    raise ValueError(contender)


IDLE_CONNS = 10000
IDLE = "idle: %s conn after one echo each" % f"{IDLE_CONNS:,}"


class Workload:
    """One row of the suite: a ping-pong grid point, or the idle-connection memory probe."""

    def __init__(self, conns, size, duration, warmup, idle=False):
        self.conns, self.size, self.duration, self.warmup, self.idle = conns, size, duration, warmup, idle
        self.name = IDLE if idle else "%d conn × %s" % (conns, "64 B" if size == 64 else "16 KiB")

    def loadgen(self, ctx, port, pid):
        args = [ctx.bin("loadgen") or "build-bench/loadgen", "-p", str(port), "-c", str(self.conns),
                "-s", str(self.size), "-d", str(self.duration), "-w", str(self.warmup), "-P", str(pid)]
        return ctx.pin("client") + args + (["-m"] if self.idle else [])

    def cell(self, contender):
        return Cell(self.name, contender, "B/conn", False) if self.idle else Cell(self.name, contender, "req/s", True)


def one_run(ctx, contender, wl):
    port = free_port()
    cmd, env, why = server_cmd(ctx, contender, port)
    if cmd is None:
        raise RunError(why, skip=True)
    with Server(ctx.pin("server") + cmd, port, env=env) as srv:
        out = parse_kv(run(wl.loadgen(ctx, port, srv.pid), timeout=wl.duration + wl.warmup + 60))
        if not srv.alive():
            raise RunError("the server died during the run")
    if wl.idle:
        if "rss_bytes_per_conn" not in out:
            raise RunError("loadgen printed no rss_bytes_per_conn")
        return out["rss_bytes_per_conn"], {}
    if "rps" not in out:
        raise RunError("loadgen printed no rps")
    return out["rps"], {"server_us_per_req": out.get("server_us_per_req"), "client_cpu": out.get("client_cpu")}


def show_cmd(ctx, contender, wl):
    cmd, env, _ = server_cmd(ctx, contender, "PORT")
    if cmd is None:
        return ""
    envs = "".join("%s=%s " % kv for kv in (env or {}).items())
    return "%s%s & %s" % (envs, shlex.join(ctx.pin("server") + cmd), shlex.join(wl.loadgen(ctx, "PORT", "SERVER_PID")))


def run_suite(ctx):
    duration, warmup = (0.3, 0.2) if ctx.quick else (3.0, 0.5)
    cells, jobs = [], []
    if not ctx.bin("loadgen"):
        c = Cell("all", "loadgen", "req/s", True, note="failed: the load generator did not build: %s" %
                 ctx.missing("loadgen"), failed=True)
        return [c]
    workloads = [Workload(conns, size, duration, warmup) for conns, size in grid(ctx)]
    if not ctx.quick:  # -d is only the idle probe's time limit
        workloads.append(Workload(IDLE_CONNS, 64, 60, 0, idle=True))
    for wl in workloads:
        for contender in CONTENDERS:
            cell = wl.cell(contender)
            cells.append(cell)
            _, _, why = server_cmd(ctx, contender, 0)
            if why:
                cell.set_missing(why)
                continue
            cell.command = show_cmd(ctx, contender, wl)
            jobs.append((cell, lambda c=contender, w=wl: one_run(ctx, c, w)))
    measure(cells, jobs, ctx.reps, NAME)
    return cells


def best_peer(row):
    peers = [row[p] for p in ("C liburing", "C epoll", "Boost.Asio") if p in row]
    return max(peers, key=lambda c: c.median()) if peers else None


def targets(cells):
    grid_only = lambda wl: wl != IDLE  # noqa: E731
    return [
        ratio_target("corio on io_uring reaches at least 1.0× the best of raw-liburing C, epoll C and Asio "
                     "(req/s) at every grid point", cells, REF, best_peer, lambda r: r >= 1.0, only=grid_only),
        ratio_target("corio's server CPU time per request is within 1.1× the raw liburing C server's", cells,
                     REF, "C liburing", lambda r: r <= 1.1, key="server_us_per_req", only=grid_only),
    ]
