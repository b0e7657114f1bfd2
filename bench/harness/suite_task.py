"""task suite: co_await of a trivial task, spawn + join, 1,000,000 sleeping tasks, 1,000,000
timers — corio vs a minimal hand-written task vs Boost.Asio vs Python asyncio."""
import os
import shlex

from core import Cell, RunError, by_workload, fmt, measure, parse_kv, ratio_target, run

NAME = "task"
TITLE = "Tasks: await, spawn, sleeping tasks, timers"
PY = "/usr/bin/python3"
DOC = """
Four workloads, the same in every contender (`bench/task/`), each program pinned to one CPU:

- **await**: N sequential `co_await`s of a trivial `task<long>` that returns its argument + 1
  (create the frame, run it, destroy it), inside one running coroutine.
- **spawn**: spawn N trivial tasks (all started before any is joined), then join every one.
- **sleep**: N tasks that each sleep for an hour, all suspended at once; the program waits
  until every task has started sleeping, then reports memory and exits. *RSS/task* is the
  growth of the resident set per task; *heap/task* counts `operator new` bytes (malloc's usable
  size) per task; *frame* is the size `operator new` was asked for to make one unstarted
  sleeping coroutine (after the allocator's rounding); *RSS−frame* is everything the runtime
  adds per task beyond the frame (task state, timer entry, allocator slack, malloc headers).
  The caller's vector of join handles is reserved before the measurement and not counted.
- **timers**: N tasks each sleeping 1–2 ms (delays spread over 1,000 distinct values),
  joined; the figure is the process CPU time (user+system) per timer armed and fired.

Contenders:

- **corio**: `bench/task/corio_task.cpp`: `corio::task`, `corio::spawn`/`join_handle`,
  `corio::sleep`, run by `corio::run` (io_uring backend; frames from corio's recycling allocator).
- **minimal task**: `bench/task/minimal_task.cpp`: the smallest honest hand-written lazy task
  with symmetric transfer, frames from plain `operator new`; spawn reuses the task's own frame;
  sleep is a binary heap and `clock_nanosleep` (no I/O, no cancellation, no bookkeeping): a
  floor, not a runtime.
- **Boost.Asio** 1.74: `bench/task/asio_task.cpp`: `awaitable<long>`, `co_spawn` with a
  completion handler (the last one cancels a timer the joiner waits on), `steady_timer` per
  sleeping task, one `io_context` with concurrency hint 1.
- **Boost.Asio (timer callbacks)**: N `steady_timer`s with plain callback handlers: Asio's
  cheapest timers, no coroutines.
- **Python asyncio**: `/usr/bin/python3 bench/task/asyncio_task.py`, the default event loop,
  `create_task`, `asyncio.sleep`: for scale.
"""

# workload -> (metric key, label, higher is better, extra keys shown beside)
WORKLOADS = {
    "await": ("ns_per_op", "ns/op", False, []),
    "spawn": ("ns_per_op", "ns/op", False, ["tasks_per_s"]),
    "sleep": ("rss_per_task", "B RSS/task", False, ["frame_bytes", "heap_per_task", "overhead_rss",
                                                     "overhead_heap"]),
    "timers": ("cpu_ns_per_timer", "CPU ns/timer", False, ["wall_s"]),
}
DESCRIBE = {
    "await": "co_await of a trivial task (create, run, destroy), N in a row",
    "spawn": "spawn N trivial tasks, then join them all",
    "sleep": "N tasks sleeping at once (memory per task)",
    "timers": "N timers (1–2 ms) armed and fired, each in its own task",
}
CONTENDERS = ["corio", "minimal task", "Boost.Asio", "Boost.Asio (timer callbacks)", "Python asyncio"]
REFS = ["corio"]  # corio/peer compares every row with this
PER_WORKLOAD_TABLES = True  # each workload reports different extra figures
EXTRA = [("tasks_per_s", "tasks/s"), ("frame_bytes", "frame B"), ("heap_per_task", "heap B/task"),
         ("overhead_rss", "RSS−frame B"), ("overhead_heap", "heap−frame B"), ("wall_s", "wall s")]


def sizes(ctx):
    n = 100_000 if ctx.quick else 1_000_000
    await_n = 1_000_000 if ctx.quick else 10_000_000
    return {"await": await_n, "spawn": n, "sleep": n, "timers": n}


def commands(ctx, contender, workload, n):
    here = os.path.join(ctx.root, "bench", "task")
    if contender == "corio":
        b = ctx.bin("corio_task")
        return ([b, workload, str(n)], None) if b else (None, ctx.missing("corio_task"))
    if contender == "minimal task":
        b = ctx.bin("minimal_task")
        return ([b, workload, str(n)], None) if b else (None, ctx.missing("minimal_task"))
    if contender == "Boost.Asio":
        b = ctx.bin("asio_task")
        return ([b, workload, str(n)], None) if b else (None, ctx.missing("asio_task"))
    if contender == "Boost.Asio (timer callbacks)":
        if workload != "timers":
            return None, None
        b = ctx.bin("asio_task")
        return ([b, "timers_cb", str(n)], None) if b else (None, ctx.missing("asio_task"))
    if contender == "Python asyncio":
        if not os.path.exists(PY):
            return None, "skipped: %s not found" % PY
        if ctx.quick:  # a smoke test: Python's part would take most of the budget
            n = min(n, 20_000)
        return [PY, os.path.join(here, "asyncio_task.py"), workload, str(n)], None
    raise ValueError(contender)


def runner(ctx, cmd, key, extra_keys):
    def fn():
        # A core of its own, like the servers in the other suites.
        out = parse_kv(run(ctx.pin("server") + cmd, timeout=300))
        if key not in out:
            raise RunError("no %s in the output of %s" % (key, shlex.join(cmd)))
        return out[key], {k: out.get(k) for k in extra_keys}
    return fn


def run_suite(ctx):
    cells, jobs = [], []
    for workload, n in sizes(ctx).items():
        key, label, higher, extra_keys = WORKLOADS[workload]
        for contender in CONTENDERS:
            cmd, why = commands(ctx, contender, workload, n)
            if cmd is None and why is None:
                continue  # this contender has no such workload
            cell = Cell("%s (N=%s)" % (workload, f"{n:,}"), contender, label, higher)
            cells.append(cell)
            if cmd is None:
                cell.set_missing(why)
                continue
            cell.command = shlex.join(ctx.pin("server") + cmd)
            jobs.append((cell, runner(ctx, cmd, key, extra_keys)))
    measure(cells, jobs, ctx.reps, NAME)
    return cells


def targets(cells):
    """(statement, met: True/False/None for not measured, the figures behind it)."""
    is_ = lambda name: lambda wl: wl.startswith(name + " ")  # noqa: E731
    out = [
        ratio_target("co_await of a trivial task costs at most 1.2× the minimal hand-written task (ns/op)",
                     cells, "corio", "minimal task", lambda r: r <= 1.2, only=is_("await")),
        ratio_target("co_await of a trivial task is at least 2× faster than Boost.Asio's awaitable (Asio ns / "
                     "corio ns)", cells, "Boost.Asio", "corio", lambda r: r >= 2, only=is_("await")),
        ratio_target("spawn + join of 1,000,000 tasks: at least 3× Asio co_spawn's throughput (Asio ns / corio ns)",
                     cells, "Boost.Asio", "corio", lambda r: r >= 3, only=is_("spawn")),
    ]
    text = "1,000,000 sleeping tasks: runtime overhead beyond the coroutine frame at most 128 B per task"
    row = next((r for wl, r in by_workload(cells).items() if is_("sleep")(wl)), {})
    co = row.get("corio")
    if co and co.median("overhead_rss") is not None:
        ov = co.median("overhead_rss")
        mini = row.get("minimal task")
        out.append((text, ov <= 128, "%s: RSS %.0f B/task − frame %.0f B = %.0f B (heap view: %.0f B); "
                    "minimal task: %s B" % (co.workload, co.median(), co.median("frame_bytes"), ov,
                                            co.median("overhead_heap") or 0,
                                            fmt(mini.median("overhead_rss")) if mini else "?")))
    else:
        out.append((text, None, "not measured"))
    text = "1,000,000 timers armed and fired: cost per timer reported beside Asio's steady_timer"
    row = next((r for wl, r in by_workload(cells).items() if is_("timers")(wl)), {})
    if "corio" in row:
        out.append((text, True, "; ".join("%s %.0f CPU ns/timer" % (name, c.median()) for name, c in row.items()
                                           if name != "Python asyncio")))
    else:
        out.append((text, None, "not measured"))
    return out
