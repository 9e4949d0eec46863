#!/usr/bin/env python3
"""The library's floors (docs/DESIGN.md section 2), checked from the code.

1. No two source files share a name (src/ and cli/).
2. A private header is included only inside its own folder; the one exception is
   src/core/internal.h, the ground floor's interface. No include climbs out with "../".
3. A folder uses (calls or reads a non-static name defined in) only folders on lower
   floors, so there is no cycle between folders.
Exit 0 when all hold; otherwise one line per breach and exit 1.
SPDX-License-Identifier: GPL-3.0-or-later"""
import collections
import os
import re
import sys

FLOORS = {
    "core": 1, "world": 2, "data": 3, "positions": 3, "consensus": 3, "store": 3,
    "params": 4, "input": 5, "diffusion": 5, "vote": 5, "models": 6, "process": 7,
    "analysis": 8, "report": 9,
}

root = sys.argv[1] if len(sys.argv) > 1 else "."
os.chdir(root)
bad = []

sources = []
for top in ("src", "cli"):
    for d, _, files in os.walk(top):
        sources += [os.path.join(d, f) for f in files if f.endswith((".c", ".h"))]
sources.sort()

# 1. Unique names.
by_name = collections.defaultdict(list)
for f in sources:
    by_name[os.path.basename(f)].append(f)
for name, where in sorted(by_name.items()):
    if len(where) > 1:
        bad.append("file name used twice: " + ", ".join(where))


def strip(text):
    """The code without comments, strings and character constants."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    text = re.sub(r'"(\\.|[^"\\\n])*"', '""', text)
    return re.sub(r"'(\\.|[^'\\\n])*'", "''", text)


lib = [f for f in sources if f.startswith("src/")]
for f in lib:
    folder = f.split("/")[1]
    if folder not in FLOORS:
        bad.append(f"{f}: folder '{folder}' has no floor in tools/layout_check.py "
                   "(and docs/DESIGN.md section 2)")
# 2. Private headers stay home.
for f in sources:
    folder = f.split("/")[1] if f.startswith("src/") else "cli"
    for n, line in enumerate(open(f, encoding="utf-8"), 1):
        m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
        if not m:
            continue
        inc = m.group(1)
        if inc.startswith("normsim/"):
            continue
        if ".." in inc.split("/"):
            bad.append(f"{f}:{n}: include climbs out of its folder: {inc}")
        elif "/" in inc:
            home = inc.split("/")[0]
            if home != folder and inc != "core/internal.h":
                bad.append(f"{f}:{n}: private header of {home}/ used in {folder}/: {inc}")

# 3. Folders use only lower floors.
defined = {}
codes = {f: strip(open(f, encoding="utf-8").read()) for f in lib}
for f, code in codes.items():
    folder = f.split("/")[1]
    for m in re.finditer(r"^(?!static\b)[A-Za-z_][\w \*]*?\b(ns_\w+)\s*(\(|=|\[)", code, re.M):
        if f.endswith(".c"):
            defined.setdefault(m.group(1), folder)
uses = collections.defaultdict(set)
for f, code in codes.items():
    folder = f.split("/")[1]
    # A struct tag is not a use of a function of the same name.
    for name in set(re.findall(r"\bns_\w+\b", re.sub(r"\bstruct\s+\w+", " ", code))):
        home = defined.get(name)
        if home is not None and home != folder:
            uses[(folder, home)].add(name)
for (user, home), names in sorted(uses.items()):
    if user in FLOORS and home in FLOORS and FLOORS[home] >= FLOORS[user]:
        bad.append(f"src/{user}/ (floor {FLOORS[user]}) uses src/{home}/ (floor "
                   f"{FLOORS[home]}): {', '.join(sorted(names)[:5])}")

for line in bad:
    print(line)
sys.exit(1 if bad else 0)
