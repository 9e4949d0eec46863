# Helpers of the normsim serve tests (sourced): start a server on a free port of
# 127.0.0.1 and stop it. Needs $N (the normsim binary) and $T (the test's folder).
# SPDX-License-Identifier: GPL-3.0-or-later

# Skip (exit 77) when this normsim was built without the server.
serve_built() {
    "$N" serve --no-such-option >/dev/null 2>"$T/probe.txt"
    if grep -q "built without the web server" "$T/probe.txt"; then
        echo "skip: normsim was built without the web server (libmicrohttpd, npm)"
        exit 77
    fi
}

# serve_start NAME ARGS...: starts `normsim serve --port 0 ARGS`, sets SERVE_PID and
# SERVE_URL (http://127.0.0.1:PORT, no trailing slash).
serve_start() {
    local name=$1
    shift
    "$N" serve --port 0 "$@" >"$T/$name.out" 2>"$T/$name.err" &
    SERVE_PID=$!
    for _ in $(seq 1 100); do
        SERVE_URL=$(grep -o 'http://[0-9.]*:[0-9]*' "$T/$name.out" 2>/dev/null)
        [ -n "$SERVE_URL" ] && return 0
        kill -0 "$SERVE_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "FAIL: the server did not start:"
    cat "$T/$name.err"
    exit 1
}

# serve_stop: SIGTERM, then wait; returns the server's exit status.
serve_stop() {
    kill -TERM "$SERVE_PID" 2>/dev/null
    wait "$SERVE_PID"
}

# A small study for the studies page and /api/export (a toy model, a second).
serve_study() {
    printf 'normsim: 1\nname: toy\nbase: none\nseed: 11\n' >"$T/s.yaml"
    "$N" sweep "$T/s.yaml" --model toy-unanimity --vary members=1:6:1 \
        --vary proposal=0.2,0.5 --runs 50 --quiet -o "$T/study.sqlite" >/dev/null
}
