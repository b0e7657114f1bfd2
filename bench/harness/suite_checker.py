"""checker suite: corio-tidy (corio checks only) vs clang++-19 -fsyntax-only vs clang-tidy-19
with one built-in check, on the same large translation units."""
import os
import shlex
import shutil
import subprocess
import time

from core import Cell, RunError, last_line, measure, ratio_target

NAME = "checker"
TITLE = "Checker cost on large translation units"
CONTENDERS = ["corio-tidy", "clang++-19 -fsyntax-only", "clang-tidy-19 (1 check)"]
REF = "corio-tidy"
REFS = [REF]  # corio/peer compares every row with this
BUILTIN_CHECK = "bugprone-use-after-move"
EXTRA = [("max_rss_mib", "max RSS MiB")]
DOC = """
Each tool parses the same translation unit with the same flags
(`-std=c++20 -I lib/include -DBOOST_ASIO_HAS_CO_AWAIT -DBOOST_ASIO_HAS_STD_COROUTINE`), one
process at a time; the figure is its wall time (single-threaded, so CPU time too) and peak RSS.

- **corio-tidy** `--checks='-*,corio-*'`: clang-tidy 19 with corio's module built in, only
  corio's checks enabled.
- **clang++-19 -fsyntax-only**: parsing and semantic analysis alone, the floor for any
  AST-based tool.
- **clang-tidy-19** `--checks='-*,%s'`: Debian's clang-tidy with one built-in check, to show
  what the clang-tidy framework itself costs over parsing.

Translation units:

- `bench/checker/all_corio_asio.cpp`: includes all of corio (`corio/corio.hpp`) and
  `<boost/asio.hpp>`, with a few coroutines of each kind;
- `bench/http/beast_hello.cpp`: Boost.Beast + Asio coroutines (the largest peer in `bench/`);
- `examples/corio-get/main.cpp`: a real corio program.
""" % BUILTIN_CHECK


# unit -> the flags its own build adds
UNITS = {
    "bench/checker/all_corio_asio.cpp": [],
    "bench/http/beast_hello.cpp": [],
    "examples/corio-get/main.cpp": ['-DCORIO_GET_VERSION="0.1.0"', "-DCORIO_HAS_OPENSSL=1"],
}


def units(ctx):
    found = [rel for rel in UNITS if os.path.exists(os.path.join(ctx.root, rel))]
    return found[-1:] if ctx.quick else found  # --quick: the smallest unit only


def flags(ctx, rel):
    return ["-std=c++20", "-I" + os.path.join(ctx.root, "lib", "include"), "-DBOOST_ASIO_HAS_CO_AWAIT",
            "-DBOOST_ASIO_HAS_STD_COROUTINE"] + UNITS[rel]


def command(ctx, contender, rel):
    path = os.path.join(ctx.root, rel)
    if contender == "corio-tidy":
        tool = ctx.tools.get("corio-tidy")
        return [tool, "--quiet", "--checks=-*,corio-*", path, "--"] + flags(ctx, rel) if tool else None
    if contender.startswith("clang++"):
        return ["clang++-19", "-fsyntax-only"] + flags(ctx, rel) + [path] if shutil.which("clang++-19") else None
    tool = shutil.which("clang-tidy-19")
    return [tool, "--quiet", "--checks=-*," + BUILTIN_CHECK, path, "--"] + flags(ctx, rel) if tool else None


def timed(cmd, env):
    """Wall seconds and peak RSS (MiB) of one run of cmd; diagnostics do not count as failure,
    a crash or a compile error does."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    _, status, ru = os.wait4(p.pid, 0)
    secs = time.monotonic() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    out, err = p.stdout.read(), p.stderr.read()
    p.stdout.close()
    p.stderr.close()
    if p.returncode != 0 or " error: " in out + err:
        raise RunError("exit %d: %s: %s" % (p.returncode, shlex.join(cmd[:3]), last_line(err or out)))
    return secs, {"max_rss_mib": ru.ru_maxrss / 1024.0}


def run_suite(ctx):
    env = dict(os.environ, CLANG_NO_DEFAULT_CONFIG="1")
    cells, jobs = [], []
    for rel in units(ctx):
        for contender in CONTENDERS:
            cell = Cell(rel, contender, "s", False)
            cells.append(cell)
            cmd = command(ctx, contender, rel)
            if cmd is None:
                cell.set_missing(ctx.missing("corio-tidy") if contender == "corio-tidy" else
                                 "skipped: %s not installed" % contender.split()[0])
                continue
            cell.command = shlex.join([c.replace(ctx.root + "/", "") for c in cmd])
            jobs.append((cell, lambda cmd=cmd: timed(cmd, env)))
    # Each run parses a large unit for seconds: --quick (a smoke test) runs each once.
    measure(cells, jobs, 1 if ctx.quick else ctx.reps, NAME)
    return cells


def targets(cells):
    return [ratio_target("corio-tidy --checks='-*,corio-*' on a large translation unit costs at most 1.3× "
                         "clang++-19 -fsyntax-only (wall time)", cells, REF, "clang++-19 -fsyntax-only",
                         lambda r: r <= 1.3)]
