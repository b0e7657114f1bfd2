"""The task workloads on Python's asyncio (default event loop), for scale.

    usage: /usr/bin/python3 asyncio_task.py await|spawn|sleep|timers N
Prints the same key=value line as the C++ programs (frame_bytes is the size of one
suspended coroutine object plus its frame, as sys.getsizeof reports it).
"""
import asyncio
import os
import resource
import sys
import time


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def cpu_s():
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


async def trivial(i):
    return i + 1


async def bench_await(n):
    total = 0
    t0 = time.perf_counter()
    for i in range(n):
        total += await trivial(i)
    t1 = time.perf_counter()
    print("ns_per_op=%.2f checksum=%d" % ((t1 - t0) * 1e9 / n, total))


async def bench_spawn(n):
    t0 = time.perf_counter()
    tasks = [asyncio.create_task(trivial(i)) for i in range(n)]
    total = 0
    for t in tasks:
        total += await t
    t1 = time.perf_counter()
    print("ns_per_op=%.2f tasks_per_s=%.0f checksum=%d" % ((t1 - t0) * 1e9 / n, n / (t1 - t0), total))


started = 0


async def sleeper(d):
    global started
    started += 1
    await asyncio.sleep(d)
    return 1


async def bench_sleep(n):
    probe = sleeper(3600)
    frame = sys.getsizeof(probe)
    probe.close()
    tasks = []
    tasks.extend([None] * n)  # the list of handles is the caller's, not counted
    tasks.clear()
    rss0 = rss_bytes()
    tasks = [asyncio.create_task(sleeper(3600)) for _ in range(n)]
    while started < n:
        await asyncio.sleep(0.001)
    rss = (rss_bytes() - rss0) / n
    print("rss_per_task=%.1f frame_bytes=%d overhead_rss=%.1f" % (rss, frame, rss - frame))
    sys.stdout.flush()
    os._exit(0)


async def bench_timers(n):
    t0, c0 = time.perf_counter(), cpu_s()
    tasks = [asyncio.create_task(sleeper((1000 + i % 1000) * 1e-6)) for i in range(n)]
    total = 0
    for t in tasks:
        total += await t
    t1, c1 = time.perf_counter(), cpu_s()
    print("cpu_ns_per_timer=%.1f wall_s=%.3f checksum=%d" % ((c1 - c0) * 1e9 / n, t1 - t0, total))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: asyncio_task.py await|spawn|sleep|timers N")
    work = {"await": bench_await, "spawn": bench_spawn, "sleep": bench_sleep, "timers": bench_timers}
    asyncio.run(work[sys.argv[1]](int(sys.argv[2])))
