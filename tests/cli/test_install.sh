#!/usr/bin/env bash
# `cmake --install` gives a program, headers, a static library and a pkg-config file that
# a program outside the tree can build against (issue: installable with pkg-config).
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
[ -f "$tmp/prefix/share/man/man1/normsim.1" ] || fail "no man page"

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
flags=$(pkg-config --cflags --libs --static normsim) || fail "pkg-config normsim"
cc -std=c17 -Wall -Wextra -Wpedantic -Werror "$tmp/use.c" $flags -o "$tmp/use" 2>"$tmp/cc.log" ||
    fail "building against the installed library: $(head -5 "$tmp/cc.log")"
out=$("$tmp/use") || fail "the program built against the installed library failed"
[ "$out" = "193 1" ] || fail "expected '193 1', got '$out'"
"$tmp/prefix/bin/normsim" --version | grep -q '^normsim ' || fail "installed normsim --version"
echo "install: program, headers, library, man page and pkg-config file work"
