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
# packages: say which one to use.
other=$(command -v python3 || true)
if [ -n "$other" ] && [ "$(readlink -f "$other")" != "$(readlink -f "$python")" ] &&
    ! (cd / && "$other" -c 'import normsim' >/dev/null 2>&1); then
    echo "note: python3 on PATH ($other) cannot import normsim (it lacks cffi or pandas):" \
         "use $python, e.g. $python -c 'import normsim'"
fi
