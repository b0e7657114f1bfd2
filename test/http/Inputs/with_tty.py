#!/usr/bin/env python3
"""Runs a command with its stdout and stderr on a pseudo-terminal and prints
what it wrote, with ESC shown as <ESC> so FileCheck can match escape codes.
Exits with the command's status."""
import os
import subprocess
import sys

master, slave = os.openpty()
proc = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, close_fds=True)
os.close(slave)
out = bytearray()
while True:
    try:
        data = os.read(master, 65536)
    except OSError:  # EIO: the last writer closed the terminal
        break
    if not data:
        break
    out.extend(data)
status = proc.wait()
sys.stdout.write(out.decode("utf-8", "replace").replace("\x1b", "<ESC>").replace("\r\n", "\n"))
sys.exit(status)
