"""corio's benchmarks: builds every contender in Release (-O2, in build-bench/), runs the
suites with corio and its peers side by side, prints a table per suite, and writes
docs/performance.md and its plots (unless --quick or --no-write)."""
import argparse
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import core  # noqa: E402
import suite_checker  # noqa: E402
import suite_echo  # noqa: E402
import suite_file  # noqa: E402
import suite_http  # noqa: E402
import suite_task  # noqa: E402

SUITES = [suite_task, suite_echo, suite_file, suite_http, suite_checker]
PROGRAMS = ["loadgen", "epoll_echo", "uring_echo", "minimal_task", "asio_task", "asio_echo", "beast_hello",
            "corio_task", "corio_echo", "corio_file", "corio_hello"]
TOOLS = {"corio-get": "corio-get", "corio-tidy": "corio-tidy"}


T0 = time.monotonic()


def say(msg):
    print("\033[1m==> [%3.0fs] %s\033[0m" % (time.monotonic() - T0, msg), file=sys.stderr, flush=True)


def sh(cmd, log, cwd=None):
    with open(log, "a") as f:
        f.write("$ %s\n" % " ".join(cmd))
        f.flush()
        return subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, cwd=cwd).returncode


def ninja_ok(build_dir, target, log):
    """Builds target (nothing to do when it is up to date); True when it built."""
    return sh(["ninja", "-C", build_dir, target], log) == 0


def build_programs(root, build):
    progs = os.path.join(build, "progs")
    log = os.path.join(build, "build.log")
    open(log, "w").close()
    say("Building the benchmark programs in %s (Release, -O2; log: %s)" % (progs, log))
    rc = sh(["cmake", "-S", os.path.join(root, "bench"), "-B", progs, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
             "-DCMAKE_C_COMPILER=clang-19", "-DCMAKE_CXX_COMPILER=clang++-19"], log)
    if rc != 0:
        sys.exit("bench: cmake failed to configure %s; see %s" % (progs, log))
    sh(["ninja", "-C", progs, "-k", "0"], log)
    waiting = {}
    with open(os.path.join(progs, "not-built-yet.txt")) as f:
        for line in f:
            name, header = line.split()
            waiting.setdefault(name, header)
    bins, errors = {}, {}
    for p in PROGRAMS:
        path = os.path.join(progs, "bin", p)
        if p in waiting:
            bins[p], errors[p] = None, "not built yet (waits for %s)" % waiting[p]
        elif os.path.exists(path) and ninja_ok(progs, p, log):
            bins[p] = path
        else:
            bins[p], errors[p] = None, "failed: build error (see %s)" % log
    return bins, errors


def find_tool(tree, name):
    for dirpath, _, files in os.walk(tree):
        if name in files and os.access(os.path.join(dirpath, name), os.X_OK):
            return os.path.join(dirpath, name)
    return None


def build_tools(root, build, quick):
    """corio-get and corio-tidy from the main project, Release. --quick never builds them (the
    checker alone takes minutes): it takes them from the CI build ($CORIO_BUILD, default
    build/), which .ci/test builds first."""
    tools = {}
    if quick:
        ci = os.environ.get("CORIO_BUILD", os.path.join(root, "build"))
        for name in TOOLS:
            tools[name] = find_tool(ci, name) if os.path.isdir(ci) else None
        say("--quick: tools from %s: %s" % (ci, ", ".join("%s %s" % (k, "found" if v else "missing")
                                                         for k, v in tools.items())))
        return tools, {k: "not built (--quick looks in %s only)" % ci for k, v in tools.items() if not v}
    tree = os.path.join(build, "corio")
    log = os.path.join(build, "build.log")
    say("Building corio-get and corio-tidy in %s (Release)" % tree)
    rc = sh(["cmake", "-S", root, "-B", tree, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
             "-DCMAKE_C_COMPILER=clang-19", "-DCMAKE_CXX_COMPILER=clang++-19", "-DCORIO_BUILD_TESTS=OFF"], log)
    targets = subprocess.run(["ninja", "-C", tree, "-t", "targets", "all"], capture_output=True,
                             text=True).stdout if rc == 0 else ""
    why = {}
    for name in TOOLS:
        if ("%s:" % name) not in targets:
            tools[name], why[name] = None, "not built yet (no %s target)" % name
            continue
        tools[name] = find_tool(tree, name) if ninja_ok(tree, name, log) else None
        if not tools[name]:
            why[name] = "failed: %s did not build (see %s)" % (name, log)
    return tools, why


def main():
    ap = argparse.ArgumentParser(prog="bench/run", description=__doc__)
    ap.add_argument("--quick", action="store_true", help="small sizes, few runs: a smoke test (< 3 min)")
    ap.add_argument("--no-write", action="store_true", help="do not rewrite docs/performance.md")
    ap.add_argument("--reps", type=int, help="runs per cell (default 5; --quick: 2)")
    ap.add_argument("--report-only", action="store_true",
                    help="rewrite docs/performance.md from the last full run's results")
    ap.add_argument("suites", nargs="*", help="any of: %s (default: all)" % " ".join(s.NAME for s in SUITES))
    args = ap.parse_args()

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    build = os.path.join(root, "build-bench")
    os.makedirs(build, exist_ok=True)
    names = {s.NAME: s for s in SUITES}
    for s in args.suites:
        if s not in names:
            ap.error("unknown suite %r (have: %s)" % (s, " ".join(names)))
    chosen = [names[s] for s in args.suites] if args.suites else SUITES
    results_path = os.path.join(build, "results.json")

    import report
    if args.report_only:
        with open(results_path) as f:
            saved = json.load(f)
        report.write(root, saved, SUITES)
        return 0

    # SIGTERM unwinds like Ctrl-C, so the program being measured and any server are stopped too.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    t_start = time.monotonic()
    core.raise_nofile()
    bins, errors = build_programs(root, build)
    tools, why = build_tools(root, build, args.quick) if any(s in chosen for s in (suite_http, suite_checker)) \
        else ({}, {})
    errors.update(why)
    cpus = sorted(os.sched_getaffinity(0))
    reps = args.reps or (2 if args.quick else 5)
    ctx = core.Context(root=root, build=build, quick=args.quick, reps=reps, bins=bins, build_errors=errors,
                       tools=tools, cpus=cpus)
    say("Running %s: %d run(s) per cell, contenders interleaved; servers on CPU %s, load on CPU %s" % (
        " ".join(s.NAME for s in chosen), reps, ctx.pin("server")[-1:] or "any", ctx.pin("client")[-1:] or "any"))

    saved = {"machine": report.machine_info(), "quick": args.quick, "reps": reps, "suites": {}}
    others = core.OtherLoad()
    failed = False
    for suite in chosen:
        say("Suite %s" % suite.NAME)
        t0 = time.monotonic()
        cells = suite.run_suite(ctx)
        say("Suite %s took %.0f s" % (suite.NAME, time.monotonic() - t0))
        saved["suites"][suite.NAME] = {"cells": [c.to_json() for c in cells], "seconds": time.monotonic() - t0,
                                       "started": saved["machine"]["date"]}
        core.text_table("%s — %s" % (suite.NAME, suite.TITLE), cells, core.ref_by(cells, *suite.REFS),
                        suite.EXTRA)
        for text, met, detail in suite.targets(cells):
            state = {True: "met", False: "NOT met", None: "not measured"}[met]
            print("  target: %s — %s (%s)" % (text, state, detail))
        failed = failed or any(c.failed for c in cells)
    saved["seconds"] = time.monotonic() - t_start
    saved["machine"]["other load"] = others.fraction()
    if saved["machine"]["other load"] > 0.05:
        say("Other processes used %.0f%% of the CPUs during the run: figures are noisy" %
            (100 * saved["machine"]["other load"]))

    if args.quick or args.no_write:  # kept for a look, never for docs/
        with open(os.path.join(build, "results-quick.json" if args.quick else "results-nowrite.json"), "w") as f:
            json.dump(saved, f, indent=1)
    else:
        if args.suites:  # a partial run refreshes only its suites in the saved results
            if os.path.exists(results_path):
                with open(results_path) as f:
                    old = json.load(f)
                old["suites"].update(saved["suites"])
                old["machine"] = saved["machine"]
                saved = old
        with open(results_path, "w") as f:
            json.dump(saved, f, indent=1)
        report.write(root, saved, SUITES)
        say("Wrote docs/performance.md and its plots")
    say("Done in %.0f s%s" % (time.monotonic() - t_start, "; some benchmark programs FAILED" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
