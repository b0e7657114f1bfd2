import re
import sys

readme, source = open(sys.argv[1]).read(), open(sys.argv[2]).read()
block = re.search(r"```cpp\n(.*?)```", readme, re.S)
if not block:
    sys.exit("README.md has no ```cpp block")

def code_lines(text):
    return [l.rstrip() for l in text.splitlines() if l.strip() and not l.strip().startswith("//")]

a, b = code_lines(block.group(1)), code_lines(source)
if a != b:
    for x, y in zip(a + [""] * len(b), b + [""] * len(a)):
        if x != y:
            sys.exit("first difference:\n  README:     %s\n  quickstart: %s" % (x, y))
print("readme example matches examples/quickstart.cpp")
