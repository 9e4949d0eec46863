"""The C declarations cffi needs, read from normsim's public headers.

cffi's ABI mode needs the exact layout of every struct it reads. Rather than a copy that
could drift from the library, the declarations are taken from include/normsim/*.h at
import time: comments, preprocessor lines, attributes and inline functions are dropped,
and integer macros are kept as cffi constants.
"""

import os
import re

# normsim.h includes the others; this order declares every type before its first use.
HEADERS = (
    "core.h", "io.h", "table.h", "world.h", "data.h", "params.h", "model.h", "winset.h",
    "consensus.h", "positions.h", "process.h", "scenario.h", "store.h", "study.h",
    "diffusion.h", "import.h", "report.h", "validate.h", "vote.h",
)

_COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
_INT_MACRO = re.compile(r"^#define\s+(NS_\w+)\s+\(?(-?\d+)u?\)?\s*$")


def _strip_header(text):
    text = _COMMENT.sub(" ", text)
    # Inline helpers are not in the library's symbol table.
    text = re.sub(r"static inline[^{]*\{.*?\n\}", "", text, flags=re.S)
    out = []
    skipping = 0
    for line in text.splitlines():
        stripped = line.strip()
        if skipping:
            if stripped.startswith("#if"):
                skipping += 1
            elif stripped.startswith("#endif"):
                skipping -= 1
            continue
        if stripped.startswith("#if defined(__GNUC__)"):
            skipping = 1
            continue
        if stripped.startswith("#"):
            match = _INT_MACRO.match(stripped)
            if match:
                out.append("#define %s %s" % match.groups())
            continue
        if stripped in ('extern "C" {', "}") and not line.startswith(" "):
            # The closing brace of extern "C" stands alone at column 0 between #ifdef
            # lines; struct and function bodies close with "};" or "} name;".
            continue
        out.append(line)
    text = "\n".join(out)
    # Functions taking a va_list are for C callers only.
    text = re.sub(r"[^;{}]*\bva_list\b[^;]*;", "", text)
    return text


def header_dir_candidates(lib_path=None):
    """Where the headers may be: $NORMSIM_INCLUDE, the source tree this package sits in,
    the install prefix of the library."""
    here = os.path.dirname(os.path.abspath(__file__))
    found = []
    if os.environ.get("NORMSIM_INCLUDE"):
        found.append(os.environ["NORMSIM_INCLUDE"])
    found.append(os.path.join(here, "include"))
    found.append(os.path.join(here, "..", "..", "include"))
    if lib_path:
        libdir = os.path.dirname(os.path.realpath(lib_path))
        found.append(os.path.join(libdir, "..", "include"))
        found.append(os.path.join(libdir, "..", "..", "include"))
    return [os.path.join(d, "normsim") for d in found]


def load(lib_path=None):
    """The declarations as one string, and the folder they were read from."""
    for folder in header_dir_candidates(lib_path):
        if os.path.isfile(os.path.join(folder, "core.h")):
            parts = []
            for name in HEADERS:
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    parts.append(_strip_header(f.read()))
            return "\n".join(parts), folder
    raise ImportError(
        "normsim: cannot find the headers include/normsim/*.h; set NORMSIM_INCLUDE to the "
        "folder that holds normsim/ (the 'include' folder of the install prefix)")
