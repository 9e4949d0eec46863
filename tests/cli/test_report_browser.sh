#!/usr/bin/env bash
# normsim report opens in a browser with its figures visible: headless Chromium takes a
# screenshot of index.html, which must be a PNG that is not blank. Skipped (77) when
# chromium or gnuplot is not installed.
set -u
N=${NORMSIM:?NORMSIM must name the normsim binary}
"$N" help report >/dev/null 2>&1 || { echo "skip: 'normsim report' not registered"; exit 77; }
CHROME=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$CHROME" ] || { echo "skip: chromium not installed"; exit 77; }
command -v gnuplot >/dev/null || { echo "skip: gnuplot not installed"; exit 77; }
T=$(mktemp -d /tmp/ns-test-browser-XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
printf 'normsim: 1\nname: toy\nbase: none\n' > s.yaml
"$N" sweep s.yaml --model toy-unanimity --vary members=1:8:1 --vary proposal=0.3,0.6 \
    --runs 200 --quiet -o s.sqlite >/dev/null || exit 1
"$N" report s.sqlite -o rep >/dev/null || exit 1
"$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d "$T/profile-XXXXXX")" --screenshot="$T/out.png" \
    --window-size=1200,1600 "file://$T/rep/index.html" >/dev/null 2>&1
[ -s out.png ] || { echo "FAIL: no screenshot"; exit 1; }
# Not blank: decode the PNG (zlib, no dependency beyond Python) and count distinct
# colours; a page with line charts has many, a blank page one or two.
python3 - out.png <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, width, height, ctype = 8, b"", 0, 0, 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
bpp = {2: 3, 6: 4}.get(ctype, 1)
stride = width * bpp + 1
# Sample the raw (filtered) bytes of rows: distinct values is a lower bound on variety.
colours = set()
for y in range(0, height, 7):
    row = raw[y * stride + 1:(y + 1) * stride]
    for x in range(0, len(row) - bpp, bpp * 5):
        colours.add(row[x:x + bpp])
print(f"screenshot {width}x{height}, {len(colours)} distinct sampled values")
assert len(colours) > 20, "the screenshot looks blank"
PY
