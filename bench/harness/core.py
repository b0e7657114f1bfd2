"""The pieces every suite shares: the run context, cells of results, statistics, running
programs (pinned, with a timeout), servers on fresh ports, and plain-text tables."""
import os
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field

SKIP_EXIT = 77  # a benchmark program exits with this when the machine lacks a feature


@dataclass
class Context:
    root: str            # source tree
    build: str           # build-bench
    quick: bool
    reps: int
    bins: dict           # target name -> path of the built program, or None
    build_errors: dict   # target name -> why it is missing ("not built yet" or a build failure)
    tools: dict          # corio-get, corio-tidy -> path or None
    cpus: list = field(default_factory=list)

    def bin(self, name):
        return self.bins.get(name)

    def missing(self, name):
        return self.build_errors.get(name, "not built")

    def pin(self, role):
        """taskset prefix: the server on the first CPU, the load generator on the second."""
        if len(self.cpus) < 2:
            return []
        return ["taskset", "-c", str(self.cpus[0] if role == "server" else self.cpus[1])]


@dataclass
class Cell:
    """One workload x contender: its measurements over the repetitions."""
    workload: str
    contender: str
    metric: str              # primary metric label, e.g. "req/s"
    higher_better: bool
    command: str = ""
    values: list = field(default_factory=list)
    extras: dict = field(default_factory=dict)   # label -> list of values
    note: str = ""           # why there are no values (not built yet, skipped, failed)
    failed: bool = False     # a program of ours failed: the run exits non-zero

    def set_missing(self, why):
        """No measurement: why ("not built yet ...", "skipped: ...", "failed: ...")."""
        self.note = why
        self.failed = why.startswith("failed")

    def add(self, value, **extras):
        self.values.append(value)
        for k, v in extras.items():
            if v is not None:
                self.extras.setdefault(k, []).append(v)

    def median(self, key=None):
        vals = self.values if key is None else self.extras.get(key, [])
        return statistics.median(vals) if vals else None

    def spread(self, key=None):
        vals = self.values if key is None else self.extras.get(key, [])
        return (min(vals), max(vals)) if vals else None

    def to_json(self):
        return self.__dict__.copy()

    @staticmethod
    def from_json(d):
        return Cell(**d)


def parse_kv(text):
    """Parses the last line of key=value pairs a benchmark program printed."""
    out = {}
    for line in text.strip().splitlines():
        pairs = [p.split("=", 1) for p in line.split() if "=" in p]
        if pairs:
            out = {}
            for k, v in pairs:
                try:
                    out[k] = float(v)
                except ValueError:
                    out[k] = v
    return out


class RunError(Exception):
    def __init__(self, msg, skip=False):
        super().__init__(msg)
        self.skip = skip


def run(cmd, timeout=120, env=None, cwd=None):
    """Runs cmd to completion; returns stdout. Raises RunError (skip=True on exit 77)."""
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=full_env, cwd=cwd)
    except subprocess.TimeoutExpired:
        raise RunError("timed out after %ds: %s" % (timeout, shlex.join(cmd)))
    except FileNotFoundError as e:
        raise RunError("cannot run %s: %s" % (cmd[0], e), skip=True)
    if p.returncode == SKIP_EXIT:
        raise RunError(last_line(p.stderr) or "unsupported here", skip=True)
    if p.returncode != 0:
        raise RunError("exit %d: %s: %s" % (p.returncode, shlex.join(cmd), last_line(p.stderr or p.stdout)))
    return p.stdout


def last_line(text):
    lines = [ln for ln in (text or "").strip().splitlines() if ln.strip()]
    return lines[-1][:300] if lines else ""


def free_port():
    """A port nobody listens on now. A fresh one per run: a killed io_uring server's listening
    socket can outlive the process for a moment (the ring is torn down asynchronously)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RunError("server exited with %d before listening: %s" % (
                proc.returncode, last_line(proc.stderr.read() if proc.stderr else "")),
                skip=proc.returncode == SKIP_EXIT)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.02)
    raise RunError("server did not listen on port %d within %.0fs" % (port, timeout))


def wait_http(port, proc, path="/hello", timeout=10.0):
    """Waits until the server answers an HTTP request, not just until the port accepts: a
    listening socket queues connections before the process (an nginx worker, a loop thread)
    serves them, and that start-up would otherwise be timed."""
    import http.client
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RunError("server exited with %d before serving" % proc.returncode)
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                conn.close()
                return
            conn.close()
        except OSError:
            pass
        time.sleep(0.02)
    raise RunError("server did not answer GET %s on port %d within %.0fs" % (path, port, timeout))


class Server:
    """A server process started for one measurement, stopped (by its own pid) afterwards."""

    def __init__(self, cmd, port, env=None, cwd=None, wait=True, http=False):
        full_env = dict(os.environ)
        if env:
            full_env.update(env)
        self.cmd = cmd
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                     env=full_env, cwd=cwd, start_new_session=True)
        self.pid = self.proc.pid
        try:
            if wait:
                wait_port(port, self.proc)
            if http:
                wait_http(port, self.proc)
        except BaseException:
            self.stop()
            raise

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stderr:
            self.proc.stderr.close()

    def alive(self):
        return self.proc.poll() is None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def raise_nofile():
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = hard if hard != resource.RLIM_INFINITY else 1 << 20
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def measure(cells, jobs, reps, label):
    """Runs every job once per repetition, contenders interleaved, so that slow drifts of the
    machine (thermal, other load) spread over all contenders instead of hitting one.
    jobs: list of (cell, fn); fn() returns (value, extras dict) or raises RunError."""
    for rep in range(reps):
        for cell, fn in jobs:
            if cell.note and not cell.values:
                continue  # skipped or broken: do not retry every repetition
            try:
                value, extras = fn()
                cell.add(value, **extras)
            except RunError as e:
                if cell.values:   # one bad run among good ones: say so, keep the rest
                    cell.note = "a run failed: %s" % e
                else:
                    cell.note = ("skipped: %s" if e.skip else "failed: %s") % e
                cell.failed = cell.failed or not e.skip
            progress(label, rep, reps, cell)
    return cells


def progress(label, rep, reps, cell):
    val = cell.values[-1] if cell.values else None
    shown = fmt(val) if val is not None else cell.note[:60]
    print("  [%s %d/%d] %-28s %-26s %s" % (label, rep + 1, reps, cell.workload, cell.contender, shown),
          file=sys.stderr, flush=True)


def fmt(v):
    if v is None:
        return "-"
    a = abs(v)
    if a >= 1e6:
        return "%.3gM" % (v / 1e6) if a < 1e9 else "%.3gG" % (v / 1e9)
    if a >= 1e4:
        return "%.0fk" % (v / 1e3)
    if a >= 100:
        return "%.0f" % v
    if a >= 10:
        return "%.1f" % v
    return "%.3g" % v


def fmt_spread(cell, key=None):
    s = cell.spread(key)
    return "%s–%s" % (fmt(s[0]), fmt(s[1])) if s else ""


def ratio(ref, cell):
    """corio's median over the peer's median, for the cell's own metric."""
    if ref is None or cell is None or ref is cell:
        return None
    a, b = ref.median(), cell.median()
    if a is None or not b:
        return None
    return a / b


def text_table(title, cells, ref_of, extra_cols=()):
    """Prints one suite's table; ref_of(cell) gives the corio cell to compare cell with;
    extra_cols: (key, label) of extra metrics shown by their median."""
    extra_cols = [(k, label) for k, label in extra_cols if any(c.extras.get(k) for c in cells)]
    head = ["workload", "contender", "median", "min–max"] + [label for _, label in extra_cols] + ["corio/peer"]
    rows, notes, last = [], [], None
    for c in cells:
        wl = c.workload if c.workload != last else ""
        last = c.workload
        if not c.values:
            notes.append(len(rows))
            rows.append([wl, c.contender, c.note[:100]])
            continue
        r = ratio(ref_of(c), c)
        rows.append([wl, c.contender, "%s %s" % (fmt(c.median()), c.metric), fmt_spread(c)] +
                    [fmt(c.median(k)) if c.extras.get(k) else "" for k, _ in extra_cols] +
                    ["%.2f×" % r if r is not None else ""])
    widths = [len(h) for h in head]
    for i, r in enumerate(rows):
        for j, x in enumerate(r if i not in notes else r[:2]):
            widths[j] = max(widths[j], len(x))
    out = ["", "== %s ==" % title]
    for r in [head] + rows:
        out.append("  ".join(x.ljust(widths[j]) for j, x in enumerate(r)).rstrip())
    print("\n".join(out), flush=True)


def session_cpu_s(sid):
    """utime+stime (seconds) of every live process in session sid: a server and its workers
    (each Server starts its own session)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # fields[0] is the state (stat field 3): session is field 6, utime 14, stime 15.
        if int(fields[3]) == sid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def by_workload(cells):
    """workload -> {contender: cell}, measured cells only, in table order."""
    out = {}
    for c in cells:
        if c.values:
            out.setdefault(c.workload, {})[c.contender] = c
    return out


def ref_by(cells, *names):
    """ref_of for a suite: in each workload, the first cell whose contender is one of names."""
    refs = {}
    for c in cells:
        if c.contender in names and c.workload not in refs:
            refs[c.workload] = c
    return lambda cell: refs.get(cell.workload)


def ratio_target(text, cells, num, den, ok, key=None, only=None):
    """A target of the form 'num / den satisfies ok at every workload' (medians of `key`, or of
    the primary metric). num and den: a contender name, or a function of the workload's row
    {contender: cell} returning a cell (or None). Returns (text, met or None, the figures)."""
    pick = lambda who, row: who(row) if callable(who) else row.get(who)  # noqa: E731
    rows = []
    for wl, row in by_workload(cells).items():
        if only and not only(wl):
            continue
        a, b = pick(num, row), pick(den, row)
        if a is None or b is None or a.median(key) is None or not b.median(key):
            continue
        rows.append((wl, a.median(key) / b.median(key), a.contender, b.contender))
    if not rows:
        return (text, None, "not measured")
    misses = [r for r in rows if not ok(r[1])]
    detail = "; ".join("%s: %.2f× (%s / %s)" % r for r in rows)
    if misses:
        detail = "missed at %d of %d: %s" % (len(misses), len(rows), detail)
    return (text, not misses, detail)


_URING = None


def uring_unavailable():
    """None if this process may create an io_uring instance, else why not (seccomp in
    containers, kernel.io_uring_disabled, old kernels): io_uring contenders are then skipped."""
    global _URING
    if _URING is None:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        params = ctypes.create_string_buffer(120)  # struct io_uring_params, zeroed
        fd = libc.syscall(425, 4, params)  # io_uring_setup: 425 on every architecture
        if fd >= 0:
            os.close(fd)
            _URING = ""
        else:
            _URING = "skipped: io_uring unavailable here (io_uring_setup: %s)" % os.strerror(ctypes.get_errno())
    return _URING or None


class OtherLoad:
    """How much of the machine's CPU time went to processes other than this run (and its
    children) between construction and fraction(): 0.0 on a quiet machine."""

    def __init__(self):
        self.t0, self.busy0, self.ours0 = time.monotonic(), self._busy(), self._ours()

    @staticmethod
    def _busy():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        # user, nice, system, steal (another VM); irq and softirq time is left out: the
        # network benchmarks cause it themselves, yet it is not charged to their processes.
        return (v[0] + v[1] + v[2] + v[7]) / os.sysconf("SC_CLK_TCK")

    @staticmethod
    def _ours():
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system

    def fraction(self):
        wall = (time.monotonic() - self.t0) * (os.cpu_count() or 1)
        other = (self._busy() - self.busy0) - (self._ours() - self.ours0)
        return max(0.0, other / wall) if wall > 0 else 0.0
