#!/usr/bin/env bash
# The library's floors (docs/DESIGN.md section 2): unique file names, private headers used
# only in their own folder, and folders that use only lower floors (tools/layout_check.py).
set -u
cd "$NS_SOURCE_DIR" || exit 1
command -v python3 >/dev/null || { echo "python3 missing"; exit 77; }
python3 tools/layout_check.py . || { echo "FAIL: the layout of src/ breaks docs/DESIGN.md section 2"; exit 1; }

# The check itself must catch each kind of breach: a copy of src/ with one of each.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r src cli tools "$tmp"/
cp "$tmp/src/world/names.c" "$tmp/src/analysis/names.c"
echo '#include "vote/vote_internal.h"' >>"$tmp/src/process/negotiate.c"
printf 'int ns_fake_user(void);\nint ns_fake_user(void) { return (int)ns_study_model_count(); }\n' \
    >>"$tmp/src/params/param_registry.c"
out=$(python3 tools/layout_check.py "$tmp") && { echo "FAIL: the check passed a broken layout"; exit 1; }
fail=0
for want in "file name used twice: src/analysis/names.c" \
    "private header of vote/ used in process/" \
    "src/params/ (floor 4) uses src/analysis/ (floor 8)"; do
    grep -qF "$want" <<<"$out" || { echo "FAIL: the check missed: $want"; echo "$out"; fail=1; }
done
exit $fail
