#!/usr/bin/env bash
# `cmake --install` gives a program, headers, the static library and libnormsim.so.MAJOR
# (exporting the public ns_* functions only), a pkg-config file and a CMake package that a
# program outside the tree builds against with no other flags; `make install` honours
# PREFIX and DESTDIR (issue: normsim where researchers work).
set -u
[ -n "${NS_BUILD_DIR:-}" ] || { echo "NS_BUILD_DIR not set"; exit 77; }
command -v pkg-config >/dev/null || exit 77
# The sanitizer build's library needs the sanitizer runtime to link; the normal build tests this.
[ "${NS_SANITIZE:-0}" = 1 ] && exit 77
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cmake --install "$NS_BUILD_DIR" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1 ||
    fail "cmake --install: $(tail -3 "$tmp/install.log")"
[ -x "$tmp/prefix/bin/normsim" ] || fail "no installed program"
pc=$(find "$tmp/prefix" -name normsim.pc | head -1)
[ -n "$pc" ] || fail "no normsim.pc"
libdir=$(dirname "$(dirname "$pc")")
[ -f "$tmp/prefix/share/man/man1/normsim.1" ] || fail "no man page"
[ -f "$libdir/libnormsim.a" ] || fail "no static library"
so=$(find "$libdir" -name 'libnormsim.so.*.*' | head -1)
[ -n "$so" ] || fail "no shared library"
soname=$(readelf -d "$so" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
[ "$soname" = "libnormsim.so.0" ] || fail "SONAME is '$soname', expected libnormsim.so.0"
[ -L "$libdir/libnormsim.so.0" ] && [ -L "$libdir/libnormsim.so" ] || fail "no .so symlinks"
[ -f "$libdir/cmake/normsim/normsimConfig.cmake" ] || fail "no CMake package"

# The shared library exports the functions the public headers declare, and nothing else
# (no ns__ internals, no helper of a dependency).
grep -ho '\bns_[a-z0-9_]*[[:space:]]*(' "$tmp/prefix/include/normsim/"*.h | tr -d ' (' |
    sort -u >"$tmp/declared"
nm -D --defined-only "$so" | awk '$2 ~ /^[TDBR]$/ {print $3}' | sed 's/@.*//' | sort -u \
    >"$tmp/exported"
extra=$(comm -13 "$tmp/declared" "$tmp/exported" | tr '\n' ' ')
[ -z "$extra" ] || fail "exported but not in the public headers: $extra"
grep -q '^ns_ctx_new$' "$tmp/exported" || fail "ns_ctx_new not exported"

cat >"$tmp/use.c" <<'C'
#include <normsim/normsim.h>
#include <stdio.h>

int main(void)
{
    ns_ctx_t *ctx = NULL;
    ns_world_t *w = NULL;
    if (ns_ctx_new(NULL, &ctx) != NS_OK || ns_data_load(ctx, NULL, &w) != NS_OK) {
        return 1;
    }
    size_t usa = 0;
    int ok = ns_world_find_state(ctx, w, "USA", &usa) == NS_OK && ns_world_state(w, usa)->p5;
    printf("%zu %d\n", ns_world_state_count(w), ok);
    ns_world_free(w);
    ns_ctx_free(ctx);
    return 0;
}
C
export PKG_CONFIG_PATH
PKG_CONFIG_PATH=$(dirname "$pc")
# pkg-config alone: the program links the shared library (no --static, no other flags).
flags=$(pkg-config --cflags --libs normsim) || fail "pkg-config normsim"
cc -std=c17 -Wall -Wextra -Wpedantic -Werror "$tmp/use.c" $flags -o "$tmp/use" 2>"$tmp/cc.log" ||
    fail "building against the installed library: $(head -5 "$tmp/cc.log")"
readelf -d "$tmp/use" | grep -q 'NEEDED.*libnormsim.so.0' || fail "not linked to libnormsim.so.0"
out=$(LD_LIBRARY_PATH="$libdir" "$tmp/use") ||
    fail "the program built against the installed library failed"
[ "$out" = "193 1" ] || fail "expected '193 1', got '$out'"
# The static library, as before, with --static.
flags=$(pkg-config --cflags --libs --static normsim) || fail "pkg-config --static normsim"
cc -std=c17 -Wall "$tmp/use.c" -Wl,-Bstatic -lnormsim -Wl,-Bdynamic -L"$libdir" \
    $(pkg-config --cflags normsim) $(pkg-config --libs-only-other --libs-only-l --static \
    normsim | sed 's/-lnormsim//') -o "$tmp/use_static" 2>"$tmp/cc.log" ||
    fail "building against the static library: $(head -5 "$tmp/cc.log")"
[ "$("$tmp/use_static")" = "193 1" ] || fail "the statically linked program"

# find_package(normsim) and the target normsim::normsim.
mkdir -p "$tmp/cm"
cp "$tmp/use.c" "$tmp/cm/use.c"
cat >"$tmp/cm/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.22)
project(use_normsim LANGUAGES C)
find_package(normsim 0.1 REQUIRED)
add_executable(use use.c)
target_link_libraries(use PRIVATE normsim::normsim)
CM
cmake -S "$tmp/cm" -B "$tmp/cm/build" -DCMAKE_PREFIX_PATH="$tmp/prefix" >"$tmp/cm.log" 2>&1 &&
    cmake --build "$tmp/cm/build" >>"$tmp/cm.log" 2>&1 ||
    fail "find_package(normsim): $(tail -5 "$tmp/cm.log")"
# CMake writes the library's folder as the program's RUNPATH in the build tree.
[ "$("$tmp/cm/build/use")" = "193 1" ] || fail "the program built with find_package"

# DESTDIR stages the tree: nothing outside it, everything under DESTDIR/PREFIX.
DESTDIR="$tmp/stage" cmake --install "$NS_BUILD_DIR" --prefix /opt/normsim >"$tmp/stage.log" \
    2>&1 || fail "DESTDIR install: $(tail -3 "$tmp/stage.log")"
[ -x "$tmp/stage/opt/normsim/bin/normsim" ] || fail "DESTDIR: no program under DESTDIR/PREFIX"
outside=$(find "$tmp/stage" -mindepth 1 -maxdepth 1 ! -name opt)
[ -z "$outside" ] || fail "DESTDIR: files outside PREFIX: $outside"
# make install hands PREFIX and DESTDIR to cmake --install.
if [ -n "${NS_SOURCE_DIR:-}" ] && command -v make >/dev/null; then
    dry=$(make -s -n -C "$NS_SOURCE_DIR" install PREFIX=/opt/x DESTDIR=/tmp/d 2>/dev/null |
        grep 'cmake --install')
    echo "$dry" | grep -q -- '--prefix "/opt/x"' || fail "make install ignores PREFIX: $dry"
    echo "$dry" | grep -q 'DESTDIR="/tmp/d"' || fail "make install ignores DESTDIR: $dry"
fi
"$tmp/prefix/bin/normsim" --version | grep -q '^normsim ' || fail "installed normsim --version"
echo "install: program, headers, static and shared library, pkg-config and CMake package work"
