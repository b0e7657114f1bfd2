"""Runs corio-tidy's corio-* checks over corio's own code and reports what
they find there, which should be nothing.

usage: check-own-code.py CORIO_TIDY SRC_ROOT [COMPILER_FLAG...]

The files are globbed when the test runs, so the test grows with the code:
  - every public header under lib/include/corio, all in one translation unit
    (the way corio.hpp includes them), reported through --header-filter;
  - every examples/*.cpp and test/runtime/*.cpp.
Prints each corio-* diagnostic and each file that does not compile, then a
summary line; exits 1 if there was either.
"""
import concurrent.futures
import glob
import os
import re
import subprocess
import sys
import tempfile

tidy, root, flags = sys.argv[1], sys.argv[2], sys.argv[3:]
include = os.path.join(root, "lib", "include")
headers = sorted(glob.glob(os.path.join(include, "corio", "**", "*.hpp"), recursive=True))
sources = sorted(glob.glob(os.path.join(root, "examples", "*.cpp")) +
                 glob.glob(os.path.join(root, "test", "runtime", "*.cpp")))

scratch = tempfile.mkdtemp(prefix="corio-own-code-")
umbrella = os.path.join(scratch, "all-headers.cpp")
with open(umbrella, "w") as out:
    for h in headers:
        out.write("#include <%s>\n" % os.path.relpath(h, include))
units = ([umbrella] if headers else []) + sources

# Diagnostics in corio's own files only; system headers never report.
header_filter = "^" + re.escape(os.path.join(root, "lib")) + "/.*"
diagnostic = re.compile(r"^(.*?):(\d+):(\d+): (warning|error): (.*)$")


def run_line_defines(unit):
    """The -D flags a test's own RUN lines compile it with (e.g. an opt-out macro)."""
    with open(unit) as f:
        runs = [line for line in f if "RUN:" in line]
    return re.findall(r"(?<!\S)-D\S+", " ".join(runs))


def check(unit):
    cmd = [tidy, "--quiet", "--checks=-*,corio-*", "--header-filter=" + header_filter,
           unit, "--", "-xc++", "-std=c++20", "-I" + include] + flags + run_line_defines(unit)
    run = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    found, broken = [], False
    for line in run.stdout.splitlines():
        m = diagnostic.match(line)
        if not m:
            continue
        if "[corio-" in line:
            found.append(line)
        elif "[clang-diagnostic-error]" in line:
            broken = True
            found.append(line)
    return unit, found, broken


corio_findings = failed = 0
seen = set()  # a header's diagnostic comes once per translation unit that includes it
with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
    for unit, found, broken in pool.map(check, units):
        name = "lib/include (all headers)" if unit == umbrella else os.path.relpath(unit, root)
        for line in found:
            if line in seen:
                continue
            seen.add(line)
            print(line)
            corio_findings += "[corio-" in line
        if broken:
            failed += 1
            print("did not compile: %s" % name)
os.remove(umbrella)
os.rmdir(scratch)
print("checked %d translation units: %d corio-* diagnostics, %d did not compile"
      % (len(units), corio_findings, failed))
sys.exit(1 if corio_findings or failed else 0)
