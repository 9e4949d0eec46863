#!/usr/bin/env python3
"""Convert the DEU III file deu3.csv (as in github.com/blksv/predictioneers_game) to
normsim's long actor table (docs/VALIDATE.md).

deu3.csv is tab-separated with a quoted header: columns 13-42 the positions (p<actor>)
of the Commission, the Parliament and the member states on a 0-100 scale, 43-72 their
saliences (s<actor>, 0-100), 73 the reference point (rp: the status quo), 74 the outcome
(out); the second line gives each actor's capability (GDP-based; Commission and
Parliament at the maximum, 4.1). An actor without a position sits the issue out.

usage: deu3_to_normsim.py deu3.csv [--capability gdp|equal] > deu3_long.csv
SPDX-License-Identifier: GPL-3.0-or-later
"""
import argparse
import csv
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("deu3")
    ap.add_argument("--capability", choices=["gdp", "equal"], default="gdp",
                    help="gdp: the file's second line (default); equal: 1 for every actor")
    args = ap.parse_args()
    with open(args.deu3, newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quotechar='"'))
    header, caps, issues = rows[0], rows[1], rows[2:]
    pos_cols, sal_cols = range(13, 43), range(43, 73)
    actors = [header[c][1:] for c in pos_cols]
    if header[73] != "rp" or header[74] != "out" or header[13] != "pcom":
        sys.exit("deu3_to_normsim: %s: not the expected DEU III layout" % args.deu3)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["issue", "actor", "position", "salience", "capability", "status_quo",
                  "outcome"])
    seen = set()
    for line, r in enumerate(issues, start=3):
        issue = r[4]
        if issue in seen:
            sys.exit("deu3_to_normsim: %s:%d: issue %s twice" % (args.deu3, line, issue))
        seen.add(issue)
        for k, a in enumerate(actors):
            x = r[pos_cols[k]]
            if x == "":
                continue  # no position: sits out
            s = r[sal_cols[k]]
            cap = caps[pos_cols[k]] if args.capability == "gdp" else "1"
            out.writerow([issue, a, x, "%g" % (float(s) / 100.0) if s != "" else "0", cap,
                          r[73], r[74]])


if __name__ == "__main__":
    main()
