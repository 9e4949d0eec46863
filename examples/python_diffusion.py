#!/usr/bin/python3
"""From Python: the adoption curves of the 2015 norm 13(a) ("cooperate for stability")
after the GGE's report, with and without the capacity building of MECHANISM.md 4.4, as one
PNG figure drawn with matplotlib (Debian's python3-matplotlib).

    make python
    /usr/bin/python3 examples/python_diffusion.py [OUT.png]

SPDX-License-Identifier: GPL-3.0-or-later
"""

import sys

import matplotlib

matplotlib.use("Agg")  # no display needed: the figure goes to a file
import matplotlib.pyplot as plt  # noqa: E402

import normsim  # noqa: E402


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "diffusion_2015a.png"
    fig, ax = plt.subplots(figsize=(7, 4.2))
    for label, options, colour in (("as is", {}, "tab:blue"),
                                   ("capacity building for developing states",
                                    {"capacity_building": "developing"}, "tab:orange")):
        curve = normsim.diffuse(norm="2015a", runs=200, seed=1, group="all", **options)
        ax.fill_between(curve.year, curve.implemented_lo, curve.implemented_hi, alpha=0.25,
                        color=colour, linewidth=0)
        ax.plot(curve.year, curve.implemented, color=colour, label="implemented, " + label)
        ax.plot(curve.year, curve.endorsed, color=colour, linestyle="--", linewidth=1)
    ax.set_xlabel("year")
    ax.set_ylabel("states (mean, 5th-95th percentile of 200 runs)")
    ax.set_title("Norm 2015a after the GGE's report: endorsed (dashed) and implemented",
                 fontsize="medium")
    ax.legend(loc="upper left", fontsize="small")
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    print("wrote", out)


if __name__ == "__main__":
    main()
