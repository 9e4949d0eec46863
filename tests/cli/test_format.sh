#!/usr/bin/env bash
# Style check run by CTest: every C file is clang-formatted (.clang-format) and every
# text file follows .editorconfig (LF endings, final newline, no trailing spaces, no
# tabs in C, lines under 100 columns in C).
set -u
cd "$NS_SOURCE_DIR" || exit 1
command -v clang-format >/dev/null || { echo "clang-format missing"; exit 77; }

fail=0
# Each check runs once over all the files (a program per file took 9 s), and names every
# file and line at fault.
mapfile -t cfiles < <(find include src cli tests bench tools -name '*.c' -o -name '*.h' 2>/dev/null | sort)
report=$(clang-format --dry-run -Werror "${cfiles[@]}" 2>&1 >/dev/null)
status=$?
unformatted=$(printf '%s\n' "$report" |
    sed -n 's/^\([^:]*\.[ch]\):[0-9]*:[0-9]*: error: code should be clang-formatted.*/\1/p' | sort -u)
for f in $unformatted; do
    echo "not clang-formatted: $f (run: clang-format -i $f)"
    fail=1
done
if [ $status -ne 0 ] && [ -z "$unformatted" ]; then
    echo "clang-format failed without naming a file:"
    printf '%s\n' "$report" | head -5
    fail=1
fi
if grep -nP '\t' "${cfiles[@]}" | awk -F: '!seen[$1]++ { print "tab in C file: " $1 ":" $2 }' | grep .; then
    fail=1
fi
if awk 'length > 100 { print FILENAME ":" FNR ": longer than 100 columns" ; found = 1 }
        END { exit !found }' "${cfiles[@]}"; then
    fail=1
fi

mapfile -t textfiles < <(find include src cli tests/cli tests/unit bench docs examples scripts \
    .ci -type f \( -name '*.c' -o -name '*.h' -o -name '*.sh' -o -name '*.md' -o -name '*.yaml' \
    -o -name '*.txt' -o -name 'run' \) 2>/dev/null | sort)
for f in CMakeLists.txt Makefile README.md; do
    [ -f "$f" ] && textfiles+=("$f")
done
if grep -l $'\r' "${textfiles[@]}" | sed 's/^/CRLF line ending: /' | grep .; then
    fail=1
fi
if grep -nE ' +$' "${textfiles[@]}" | awk -F: '!seen[$1]++ { print "trailing spaces: " $1 ":" $2 }' | grep .; then
    fail=1
fi
# A non-empty file whose last byte is not a newline: one tail reads every last byte.
nonempty=()
for f in "${textfiles[@]}"; do
    [ -s "$f" ] && nonempty+=("$f")
done
i=0
for byte in $(tail -q -c 1 "${nonempty[@]}" | od -An -v -tx1); do
    [ "$byte" = 0a ] || { echo "no final newline: ${nonempty[$i]}"; fail=1; }
    i=$((i + 1))
done
[ $fail -eq 0 ] && echo "format: ${#cfiles[@]} C files and ${#textfiles[@]} text files clean"
exit $fail
