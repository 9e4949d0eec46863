#!/usr/bin/env bash
# `make python`: makes `import normsim` work for one interpreter from this source tree.
#   scripts/python.sh PYTHON PACKAGE_DIR LIBRARY
# PYTHON is the interpreter with python3-cffi and python3-pandas (Debian's /usr/bin/python3);
# a .pth file in its user site names PACKAGE_DIR, and PACKAGE_DIR/normsim/_libpath.txt the
# shared library LIBRARY, so that the package finds both from anywhere (docs/PYTHON.md).
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
python=$1 pkg=$2 library=$3

[ -x "$python" ] || { echo "normsim: no interpreter $python (PYTHON=...)" >&2; exit 1; }
[ -f "$library" ] || { echo "normsim: no shared library $library (make build)" >&2; exit 1; }
if ! "$python" -c 'import cffi, pandas' 2>/dev/null; then
    echo "normsim: $python lacks cffi or pandas; install python3-cffi and python3-pandas" \
         "(bash scripts/deps.sh) or give PYTHON=an interpreter that has them" >&2
    exit 1
fi
printf '%s\n' "$library" >"$pkg/normsim/_libpath.txt"
site=$("$python" -c 'import site; print(site.getusersitepackages())')
mkdir -p "$site"
printf '%s\n' "$pkg" >"$site/normsim.pth"
shape=$(cd / && "$python" -c 'import normsim; print(normsim.data.states().shape)')
echo "normsim: the Python package works for $python (states: $shape)"
echo "         $site/normsim.pth -> $pkg; library $library"
# The python3 first on PATH may be another interpreter (pyenv, a venv) without the Debian
# packages. If it is a CPython of the same version as $python, the Debian packages suit
# it (same ABI): a .pth file in its user site adds their folder after its own, so that
# `python3 -c 'import normsim'` works too. Otherwise say which interpreter to use.
other=$(command -v python3 || true)
if [ -n "$other" ] && [ "$(readlink -f "$other")" != "$(readlink -f "$python")" ] &&
    ! (cd / && "$other" -c 'import normsim' >/dev/null 2>&1); then
    tag='import sys, sysconfig; print(sys.implementation.name, sysconfig.get_python_version())'
    debian=$("$python" -c 'import os, pandas; print(os.path.dirname(os.path.dirname(pandas.__file__)))')
    if [ "$("$other" -c "$tag")" = "$("$python" -c "$tag")" ] && [ -d "$debian" ]; then
        other_site=$("$other" -c 'import site; print(site.getusersitepackages())')
        mkdir -p "$other_site"
        printf '%s\n%s\n' "$pkg" "$debian" >"$other_site/normsim-debian.pth"
    fi
    if (cd / && "$other" -c 'import normsim' >/dev/null 2>&1); then
        echo "         python3 on PATH ($other) too: $other_site/normsim-debian.pth adds" \
             "$debian (Debian's cffi and pandas) after its own packages; remove that file to undo"
    else
        echo "note: python3 on PATH ($other) cannot import normsim (it lacks cffi or pandas):" \
             "use $python, e.g. $python -c 'import normsim'"
    fi
fi
