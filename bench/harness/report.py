"""Writes docs/performance.md and its PNG plots from one run's saved results."""
import datetime
import os
import platform
import re
import subprocess

from core import Cell, fmt, fmt_spread, ratio, ref_by

PLOTS = {"echo": "performance-echo.png", "task": "performance-task.png"}


def first_line(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
        text = (p.stdout or p.stderr).strip()
        return text.splitlines()[0] if text else "?"
    except (OSError, subprocess.TimeoutExpired):
        return "not installed"


def dpkg_version(pkg):
    return first_line(["dpkg-query", "-W", "-f=${Version}", pkg])


def machine_info():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            mem = "%.1f GiB" % (int(f.readline().split()[1]) / 2**20)
    except OSError:
        pass
    return {
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "load average at start": "%.2f %.2f %.2f" % os.getloadavg(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": mem,
        "kernel": platform.release(),
        "os": first_line(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]),
        "io_uring_disabled": first_line(["cat", "/proc/sys/kernel/io_uring_disabled"]),
        "clang++-19": first_line(["clang++-19", "--version"]),
        "g++-12": first_line(["g++-12", "--version"]),
        "gcc": first_line(["gcc", "--version"]),
        "liburing": dpkg_version("liburing-dev"),
        "Boost": dpkg_version("libboost-dev"),
        "python3": first_line(["/usr/bin/python3", "--version"]),
        "uvloop": dpkg_version("python3-uvloop"),
        "nginx": first_line(["nginx", "-v"]),
        "wrk": dpkg_version("wrk"),
        "curl": first_line(["curl", "--version"]),
        "fio": first_line(["fio", "--version"]),
        "clang-tidy-19": dpkg_version("clang-tidy-19"),
    }


def md_escape(s):
    return s.replace("|", "\\|")


def suite_tables(suite, cells, root):
    """One table for the suite, or one per workload when the suite's workloads report
    different extra figures (PER_WORKLOAD_TABLES); commands listed under the table(s)."""
    commands = []
    if getattr(suite, "PER_WORKLOAD_TABLES", False):
        groups = {}
        for c in cells:
            groups.setdefault(c.workload, []).append(c)
        parts = [md_table(suite, group, commands) for group in groups.values()]
    else:
        parts = [md_table(suite, cells, commands)]
    lines = ["\n\n".join(parts), ""]
    lines.append("Commands (PORT is a fresh free port per run; the harness passes the server's pid as "
                 "SERVER_PID):" if suite.NAME in ("echo", "http") else "Commands (from the repository's root):")
    lines.append("")
    for i, cmd in enumerate(commands, 1):
        lines.append("%d. `%s`" % (i, cmd.replace(root.rstrip("/") + "/", "")))
    return "\n".join(lines)


def md_table(suite, cells, commands):
    ref_of = ref_by(cells, *suite.REFS)
    extras = [(k, label) for k, label in suite.EXTRA if any(c.extras.get(k) for c in cells)]
    head = ["workload", "contender", "median", "min–max"] + [label for _, label in extras] + ["corio/peer", "cmd"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    last = None
    for c in cells:
        wl = c.workload if c.workload != last else ""
        last = c.workload
        ref = "[%d]" % (len(commands) + 1) if c.command else ""
        if c.command:
            commands.append(c.command)
        if not c.values:
            row = [wl, c.contender, "*%s*" % md_escape(c.note)] + [""] * (len(head) - 4) + [ref]
        else:
            r = ratio(ref_of(c), c)
            row = [wl, c.contender, "%s %s" % (fmt(c.median()), c.metric), fmt_spread(c)] + \
                  [fmt(c.median(k)) if c.extras.get(k) else "" for k, _ in extras] + \
                  ["%.2f×" % r if r is not None else "", ref]
        lines.append("| " + " | ".join(md_escape(x) for x in row) + " |")
    return "\n".join(lines)


def targets_table(suites, saved):
    lines = ["| area | target | result | figures |", "|---|---|---|---|"]
    for suite in suites:
        data = saved["suites"].get(suite.NAME)
        if not data:
            continue
        cells = [Cell.from_json(d) for d in data["cells"]]
        for text, met, detail in suite.targets(cells):
            state = {True: "**met**", False: "**not met**", None: "not measured"}[met]
            lines.append("| %s | %s | %s | %s |" % (suite.NAME, md_escape(text), state, md_escape(detail)))
    return "\n".join(lines)


def plot_echo(cells, path):
    """Round trips/s (top) and server CPU per round trip (bottom) against connections."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(2, 2, figsize=(11, 7.5), sharex=True)
    for col, size in enumerate(("64 B", "16 KiB")):
        for row, key in enumerate((None, "server_us_per_req")):
            ax = axes[row][col]
            series = {}
            for c in cells:
                m = re.match(r"(\d+) conn × (.*)", c.workload)
                if not m or m.group(2) != size or c.median(key) is None:
                    continue
                series.setdefault(c.contender, []).append((int(m.group(1)), c.median(key), *c.spread(key)))
            for name, pts in series.items():
                pts.sort()
                err = [[p[1] - p[2] for p in pts], [p[3] - p[1] for p in pts]]
                ax.errorbar([p[0] for p in pts], [p[1] for p in pts], yerr=err, marker="o", capsize=3,
                            label=name, linewidth=2.5 if name.startswith("corio") else 1.2)
            ax.set_xscale("log")
            ticks = sorted({p[0] for pts in series.values() for p in pts})
            ax.set_xticks(ticks)
            ax.set_xticklabels([str(t) for t in ticks])
            ax.minorticks_off()
            ax.grid(True, alpha=0.3)
            if row == 0:
                ax.set_title("TCP echo, %s messages" % size)
                ax.set_ylabel("round trips / s (median, min–max)")
            else:
                ax.set_xlabel("connections")
                ax.set_ylabel("server CPU µs per round trip")
    axes[0][0].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_task(cells, path, order):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    workloads = []
    for c in cells:
        if c.metric in ("ns/op", "CPU ns/timer") and c.workload not in workloads:
            workloads.append(c.workload)
    present = {c.contender for c in cells if c.workload in workloads and c.values}
    contenders = [name for name in order if name in present]
    fig, ax = plt.subplots(figsize=(11, 4.2))
    width = 0.8 / max(1, len(contenders))
    for i, name in enumerate(contenders):
        xs, ys = [], []
        for j, wl in enumerate(workloads):
            for c in cells:
                if c.workload == wl and c.contender == name and c.values:
                    xs.append(j + i * width)
                    ys.append(c.median())
        bars = ax.bar(xs, ys, width, label=name)
        for b, y in zip(bars, ys):
            ax.annotate(fmt(y), (b.get_x() + b.get_width() / 2, y), ha="center", va="bottom", fontsize=7)
    ax.set_xticks([j + width * (len(contenders) - 1) / 2 for j in range(len(workloads))])
    ax.set_xticklabels(workloads)
    ax.set_yscale("log")
    ax.set_ylabel("ns per operation (median; log scale)")
    ax.set_title("Task costs: lower is better")
    ax.legend(fontsize=8)
    ax.grid(True, axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def busy_note(m):
    """A warning when other work shared the machine during the run (it skews every figure)."""
    other = m.get("other load")
    if other is None or other < 0.05:
        return ""
    return ("**Note:** other processes used %.0f%% of the machine's CPU time while this run was "
            "measuring: they competed with the benchmarks, so absolute figures are lower and spreads wider "
            "than on a quiet machine; the ratios between contenders, measured interleaved in the same run, "
            "are the figures to read.\n" % (100 * other))


def write(root, saved, suites):
    docs = os.path.join(root, "docs")
    os.makedirs(docs, exist_ok=True)
    m = saved["machine"]
    # A partial run (bench/run SUITE) refreshes only its suites: say which run each suite comes from.
    runs = {}
    for suite in suites:
        if suite.NAME in saved["suites"]:
            runs.setdefault(saved["suites"][suite.NAME].get("started", m.get("date", "?")), []).append(suite.NAME)
    one_run = len(runs) <= 1
    out = [
        "# Performance",
        "",
        ("Every figure on this page comes from one run of `bench/run`" if one_run else
         "Every table on this page comes from one run of its suite (the suite runs are listed under Machine)") +
        " on the machine described below, with "
        "every contender measured in the same run. Each cell was run %d times, contenders interleaved "
        "(run 1 of every contender, then run 2, …) so that drifts of the machine spread over all of "
        "them; the tables give the median and the min–max spread. `corio/peer` is corio's median divided "
        "by the peer's, for the row's own metric: above 1 is better for corio when higher is better "
        "(req/s), below 1 is better when lower is better (ns, bytes, seconds)." % saved["reps"],
        "",
        "Rerun everything with `bench/run` (about %.0f minutes), one suite with `bench/run echo`, or any "
        "single row with the command listed under its table (programs are in `build-bench/progs/bin/`). "
        "`bench/run --quick --no-write` is the CI smoke test: small sizes, two runs, no timing checks." %
        (saved.get("seconds", 0) / 60),
        "",
        busy_note(m),
        "## Machine",
        "",
        "| | |",
        "|---|---|",
    ]
    if "other load" in m:
        m = dict(m, **{"CPU used by other processes": "%.0f%% of the machine during the run" % (100 * m["other load"])})
    for k in ("date", "load average at start", "CPU used by other processes", "cpu", "cores", "memory", "os", "kernel", "io_uring_disabled", "clang++-19", "g++-12", "gcc",
              "liburing", "Boost", "python3", "uvloop", "nginx", "wrk", "curl", "fio", "clang-tidy-19"):
        out.append("| %s | %s |" % (k, md_escape(str(m.get(k, "?")))))
    if not one_run:
        out.append("| suite runs | %s |" % "; ".join("%s: %s" % (", ".join(names), date)
                                                     for date, names in sorted(runs.items())))
    out += ["", "Build: `cmake -DCMAKE_BUILD_TYPE=Release` with clang-19/clang++-19 at `-O2 -DNDEBUG` for every "
            "program in `bench/` (C and C++ alike) and for corio-get and corio-tidy.", "",
            "## Targets", "", targets_table(suites, saved), ""]
    for suite in suites:
        data = saved["suites"].get(suite.NAME)
        if not data:
            continue
        cells = [Cell.from_json(d) for d in data["cells"]]
        out += ["## %s — %s" % (suite.NAME, suite.TITLE), "", suite.DOC.strip(), ""]
        if suite.NAME in PLOTS:
            path = os.path.join(docs, PLOTS[suite.NAME])
            try:
                if suite.NAME == "echo":
                    plot_echo(cells, path)
                else:
                    plot_task(cells, path, suite.CONTENDERS)
                out += ["![%s](%s)" % (suite.TITLE, PLOTS[suite.NAME]), ""]
            except ImportError:
                out += ["(plot skipped: python3-matplotlib is not installed)", ""]
        out += [suite_tables(suite, cells, root), ""]
    with open(os.path.join(docs, "performance.md"), "w") as f:
        f.write("\n".join(out).rstrip() + "\n")
