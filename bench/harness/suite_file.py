"""file suite: sequential and random 4 KiB reads at queue depth 1 and 32 on one 1 GiB file —
corio vs fio --ioengine=io_uring and fio --ioengine=psync, with O_DIRECT (the device) and
from the page cache (the software path)."""
import json
import os
import shlex

from core import Cell, RunError, measure, parse_kv, ratio_target, run, uring_unavailable

NAME = "file"
TITLE = "File reads, 4 KiB, queue depth 1 and 32"
CONTENDERS = ["corio", "fio io_uring", "fio psync"]
REF = "corio"
REFS = [REF]  # corio/peer compares every row with this
EXTRA = [("cpu_us_per_io", "CPU µs/IO"), ("mib_s", "MiB/s")]
DOC = """
One file of random bytes, `build-bench/file/data.bin` (1 GiB; 256 MiB with `--quick`), read in
4 KiB blocks: **seq** (one stream of increasing offsets shared by all in-flight reads, as fio's
`rw=read` does at any queue depth) and **rand** (uniformly random 4 KiB-aligned offsets), at queue
depth 1 and 32, for a fixed time. Two modes, the same for every contender:

- **direct**: `O_DIRECT` (fio `--direct=1`): every read goes to the virtio disk, so the device
  sets the pace and the figures show whether the runtime keeps it busy.
- **cached**: the file is read once beforehand and stays in the page cache; buffered reads
  (fio `--direct=0 --invalidate=0`): no device at all, so the figures show the software cost
  per read.

Contenders, each pinned to one CPU with `taskset`:

- **corio**: `bench/file/corio_file.cpp`: QD tasks, each awaiting one 4 KiB read at a time into
  its own aligned buffer through corio's file API (io_uring `IORING_OP_READ`).
- **fio io_uring**: fio 3.33, `--ioengine=io_uring --iodepth=QD`, and at QD 32
  `--iodepth_batch_submit=32 --iodepth_batch_complete_max=32` (fio's default submits and reaps
  one I/O per system call, which halves its cached QD 32 figure; batching is what an event loop
  does); fio's defaults otherwise (no registered files or buffers, no SQPOLL, no polled I/O),
  like corio. Both fio engines run with
  `--gtod_reduce=1`: fio does not time each I/O (corio's program does not either), so the
  figures compare the I/O paths, not fio's latency bookkeeping.
- **fio psync**: `--ioengine=psync` (pread): synchronous, so QD 32 is 32 threads of QD 1
  (`--numjobs=32 --thread --group_reporting`).

CPU µs/IO is the contender's own user+system time per read (fio's `usr_cpu`/`sys_cpu`).
"""


def data_file(ctx):
    d = os.path.join(ctx.build, "file")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "data.bin")
    size = (256 if ctx.quick else 1024) << 20
    if not os.path.exists(path) or os.path.getsize(path) < size:
        block = bytearray(os.urandom(1 << 20))
        with open(path, "wb") as f:
            for i in range(size >> 20):
                block[0] = i & 255  # no two MiB alike, whatever the storage does with duplicates
                f.write(block)
            f.flush()
            os.fsync(f.fileno())
    return path, os.path.getsize(path)


def direct_unsupported(path):
    """Why O_DIRECT reads cannot run on this file system (tmpfs, some overlays), or None."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECT)
        os.close(fd)
        return None
    except OSError as e:
        return "skipped: O_DIRECT is not supported under %s (%s)" % (os.path.dirname(path), e.strerror)


def warm_cache(path):
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


def grid(ctx):
    if ctx.quick:
        return [("direct", "rand", 32), ("cached", "seq", 1)]
    return [(m, p, q) for m in ("direct", "cached") for p in ("seq", "rand") for q in (1, 32)]


def fio_cmd(engine, path, size, mode, pattern, qd, seconds):
    cmd = ["fio", "--name=bench", "--filename=" + path, "--size=%d" % size, "--bs=4k",
           "--rw=" + ("read" if pattern == "seq" else "randread"), "--ioengine=" + engine,
           "--direct=%d" % (mode == "direct"), "--invalidate=0", "--time_based", "--runtime=%dms" % (seconds * 1000),
           "--randrepeat=0", "--norandommap", "--gtod_reduce=1", "--output-format=json"]
    if engine == "psync":
        cmd += ["--iodepth=1"] + (["--numjobs=%d" % qd, "--thread", "--group_reporting"] if qd > 1 else [])
    else:
        cmd += ["--iodepth=%d" % qd]
        if qd > 1:  # submit and reap in batches, as an event loop does (fio's default is one by one)
            cmd += ["--iodepth_batch_submit=%d" % qd, "--iodepth_batch_complete_max=%d" % qd]
    return cmd


def parse_fio(text):
    job = json.loads(text[text.index("{"):])["jobs"][0]
    rd = job["read"]
    ios = rd["total_ios"]
    secs = rd["runtime"] / 1000.0 if rd["runtime"] else 0
    if not ios or not secs:
        raise RunError("fio read nothing")
    cpu = (job["usr_cpu"] + job["sys_cpu"]) / 100.0 * (job.get("job_runtime", rd["runtime"]) / 1000.0)
    return rd["iops"], {"cpu_us_per_io": cpu * 1e6 / ios, "mib_s": rd["bw_bytes"] / 2**20}


def corio_cmd(ctx, path, mode, pattern, qd, seconds):
    return [ctx.bin("corio_file"), path, pattern, str(qd), "%g" % seconds, "1" if mode == "direct" else "0"]


def run_suite(ctx):
    seconds = 0.5 if ctx.quick else 2.0
    path, size = data_file(ctx)
    cells, jobs = [], []
    no_direct = direct_unsupported(path)
    for mode, pattern, qd in grid(ctx):
        wl = "%s %s QD%d" % (mode, pattern, qd)
        for contender in CONTENDERS:
            cell = Cell(wl, contender, "IOPS", True)
            cells.append(cell)
            if mode == "direct" and no_direct:
                cell.set_missing(no_direct)
                continue
            if contender == "corio":
                if not ctx.bin("corio_file"):
                    cell.set_missing(ctx.missing("corio_file"))
                    continue
                cmd = ctx.pin("server") + corio_cmd(ctx, path, mode, pattern, qd, seconds)

                def fn(cmd=cmd, mode=mode):
                    if mode == "cached":
                        warm_cache(path)
                    out = parse_kv(run(cmd, timeout=seconds + 60))
                    if "iops" not in out:
                        raise RunError("corio_file printed no iops")
                    return out["iops"], {"cpu_us_per_io": out.get("cpu_us_per_io"), "mib_s": out.get("mib_s")}
            else:
                engine = contender.split()[1]
                if engine == "io_uring" and uring_unavailable():
                    cell.set_missing(uring_unavailable())
                    continue
                cmd = ctx.pin("server") + fio_cmd(engine, path, size, mode, pattern, qd, seconds)

                def fn(cmd=cmd, mode=mode):
                    if mode == "cached":
                        warm_cache(path)
                    return parse_fio(run(cmd, timeout=seconds + 60))
            cell.command = shlex.join(cmd)
            jobs.append((cell, fn))
    measure(cells, jobs, ctx.reps, NAME)
    return cells


def targets(cells):
    return [ratio_target("sequential and random 4 KiB reads reach at least 0.9× fio --ioengine=io_uring (IOPS) at "
                         "the same queue depth", cells, REF, "fio io_uring", lambda r: r >= 0.9)]
