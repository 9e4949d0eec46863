#!/usr/bin/env bash
# The Python package (python/, docs/PYTHON.md): its pytest suite, run by Debian's
# interpreter (python3-cffi, python3-pandas, python3-pytest) against the shared library of
# this build, comparing every function with the command line's csv output.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
[ -n "${NS_BUILD_DIR:-}" ] && [ -n "${NS_SOURCE_DIR:-}" ] || { echo "skip: no build"; exit 77; }
# The sanitizer build's library needs its runtime preloaded into Python; the normal build
# tests the package.
[ "${NS_SANITIZE:-0}" = 1 ] && { echo "skip: sanitizer build"; exit 77; }
python=${NS_PYTHON:-/usr/bin/python3}
if ! "$python" -c 'import cffi, pandas, pytest' 2>/dev/null; then
    echo "skip: $python lacks cffi, pandas or pytest (bash scripts/deps.sh --test)"
    exit 77
fi
lib="$NS_BUILD_DIR/libnormsim.so.0"
[ -f "$lib" ] || { echo "FAIL: no $lib"; exit 1; }
tmp=$(mktemp -d /tmp/ns-test-python-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
NORMSIM_LIB="$lib" NORMSIM_INCLUDE="$NS_SOURCE_DIR/include" \
    PYTHONPATH="$NS_SOURCE_DIR/python" PYTHONDONTWRITEBYTECODE=1 \
    "$python" -m pytest -q -p no:cacheprovider --rootdir="$tmp" "$NS_SOURCE_DIR/python/tests"
fail=$?

# make python (scripts/python.sh) on a copy of the package, into a private user site: the
# interpreter then imports normsim from any folder; so does a python3 first on PATH of the
# same version (pyenv's beside Debian's), through Debian's packages.
cp -r "$NS_SOURCE_DIR/python" "$tmp/pkg"
export PYTHONUSERBASE="$tmp/userbase" NORMSIM_INCLUDE="$NS_SOURCE_DIR/include"
bash "$NS_SOURCE_DIR/scripts/python.sh" "$python" "$tmp/pkg" "$lib" >"$tmp/make.out" 2>&1 ||
    { echo "FAIL: make python"; cat "$tmp/make.out"; fail=1; }
shape() { (cd / && "$1" -c 'import normsim; print(normsim.data.states().shape[0])' 2>&1); }
[ "$(shape "$python")" = 193 ] || { echo "FAIL: $python after make python"; fail=1; }
other=$(command -v python3 || true)
tag='import sys, sysconfig; print(sys.implementation.name, sysconfig.get_python_version())'
if [ -n "$other" ] && [ "$(readlink -f "$other")" != "$(readlink -f "$python")" ] &&
    [ "$("$other" -c "$tag")" = "$("$python" -c "$tag")" ]; then
    [ "$(shape "$other")" = 193 ] || { echo "FAIL: $other after make python"; fail=1; }
fi
[ $fail -eq 0 ] && echo "ok: make python"
exit $fail
