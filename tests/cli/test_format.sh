#!/usr/bin/env bash
# Style check run by CTest: every C file is clang-formatted (.clang-format) and every
# text file follows .editorconfig (LF endings, final newline, no trailing spaces, no
# tabs in C, lines under 100 columns in C).
set -u
cd "$NS_SOURCE_DIR" || exit 1
command -v clang-format >/dev/null || { echo "clang-format missing"; exit 77; }

fail=0
mapfile -t cfiles < <(find include src cli tests bench tools -name '*.c' -o -name '*.h' 2>/dev/null | sort)
for f in "${cfiles[@]}"; do
    if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
        echo "not clang-formatted: $f (run: clang-format -i $f)"
        fail=1
    fi
    if grep -nP '\t' "$f" >/dev/null; then
        echo "tab in C file: $f:$(grep -nP '\t' "$f" | head -1 | cut -d: -f1)"
        fail=1
    fi
    if awk 'length > 100 { print FILENAME ":" NR; found = 1; exit } END { exit !found }' "$f"; then
        fail=1
    fi
done

mapfile -t textfiles < <(find include src cli tests/cli tests/unit bench docs examples scripts \
    .ci -type f \( -name '*.c' -o -name '*.h' -o -name '*.sh' -o -name '*.md' -o -name '*.yaml' \
    -o -name '*.txt' -o -name 'run' \) 2>/dev/null | sort)
textfiles+=(CMakeLists.txt Makefile README.md)
for f in "${textfiles[@]}"; do
    [ -f "$f" ] || continue
    if grep -q $'\r' "$f"; then
        echo "CRLF line ending: $f"
        fail=1
    fi
    if grep -nE ' +$' "$f" >/dev/null; then
        echo "trailing spaces: $f:$(grep -nE ' +$' "$f" | head -1 | cut -d: -f1)"
        fail=1
    fi
    if [ -s "$f" ] && [ "$(tail -c 1 "$f" | od -An -tx1 | tr -d ' ')" != "0a" ]; then
        echo "no final newline: $f"
        fail=1
    fi
done
[ $fail -eq 0 ] && echo "format: ${#cfiles[@]} C files and ${#textfiles[@]} text files clean"
exit $fail
