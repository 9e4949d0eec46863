#!/usr/bin/env bash
# Installs the Debian 12 packages normsim needs; does nothing when they are all present.
# Runs apt-get as root, or through sudo.
#   scripts/deps.sh          what building and running need (with the Python package's
#                            python3-cffi and python3-pandas: `make python`, docs/PYTHON.md)
#   scripts/deps.sh --test   also what the tests use: valgrind, clang-format, clang and
#                            its libFuzzer runtime (make fuzz), and the
#                            programs that check reports as a reader would (headless
#                            Chromium, pandas, R), Open MPI (normsim-mpi and
#                            tests/cli/test_mpi.sh; docs/MPI.md), curl (the
#                            tests of normsim serve; docs/SERVE.md), and pytest
#                            and matplotlib for the Python package's tests and
#                            example
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

packages=(
    gcc libc6-dev make cmake ninja-build pkg-config
    libyaml-dev libjansson-dev libsqlite3-dev librandom123-dev
    libcmocka-dev gnuplot-nox libmicrohttpd-dev python3 python3-cffi python3-pandas
)
# normsim serve vendors Vega-Lite with npm at build time (cmake/serve.cmake); a Node.js
# that brings its own npm (e.g. NodeSource's) is left alone.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
if [ "${1:-}" = "--test" ]; then
    packages+=(valgrind clang-format clang libclang-rt-14-dev chromium r-base-core
               libopenmpi-dev openmpi-bin curl python3-pytest python3-matplotlib)
fi

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "normsim: installing ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
else
    echo "normsim: need root or sudo to install: ${missing[*]}" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
