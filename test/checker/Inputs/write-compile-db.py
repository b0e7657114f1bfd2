"""Writes <dir>/compile_commands.json with one entry per source file.

usage: write-compile-db.py DIR COMPILER FILE... -- FLAG...
"""
import json
import os
import sys

args = sys.argv[1:]
split = args.index("--")
directory, compiler, files, flags = args[0], args[1], args[2:split], args[split + 1:]
entries = [{
    "directory": directory,
    "file": os.path.abspath(f),
    "arguments": [compiler, *flags, "-c", os.path.abspath(f), "-o", os.path.basename(f) + ".o"],
} for f in files]
with open(os.path.join(directory, "compile_commands.json"), "w") as out:
    json.dump(entries, out, indent=2)
