#!/usr/bin/env bash
# Load test for `jaarverslag serve`, on loopback only and bounded in time: builds the
# release binary, starts the preview server on the site, runs wrk against the site's home
# page from this (second) process, prints requests/s and errors, and stops the server.
#
#   scripts/serve-load.sh [--root DIR] [--duration 10s] [--connections 100] [--threads 2]
#                         [--bin FILE]
#
# --bin runs that binary instead of building this tree's (to compare two versions).
# Needs wrk (`apt-get install -y wrk`). The server takes port 1111, or a free port if that
# one is taken; it never listens beyond 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

root=.
duration=10s
connections=100
threads=2
bin=
while [ $# -gt 0 ]; do
    case "$1" in
        --root) root=$2; shift 2 ;;
        --duration) duration=$2; shift 2 ;;
        --connections) connections=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --bin) bin=$2; shift 2 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

if ! command -v wrk >/dev/null; then
    echo "wrk is not installed: apt-get install -y wrk" >&2
    exit 2
fi

if [ -z "$bin" ]; then
    echo "== build (release)"
    cargo build --release --quiet
    bin=target/release/jaarverslag
fi

log=$(mktemp)
"$bin" serve --root "$root" --bind 127.0.0.1 >"$log" 2>&1 &
server=$!

# Ctrl-C (SIGINT) is how the server stops cleanly; SIGKILL only if it does not.
stop_server() {
    if kill -0 "$server" 2>/dev/null; then
        kill -INT "$server" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$server" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$server" 2>/dev/null || true
    fi
    wait "$server" 2>/dev/null || true
    rm -f "$log"
}
trap stop_server EXIT

# The server prints its URL (with the site's base path) once the first build is done.
url=
for _ in $(seq 300); do
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/[^ ]*' "$log" | head -n 1 || true)
    [ -n "$url" ] && break
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$url" ]; then
    echo "the server did not start:" >&2
    cat "$log" >&2
    exit 1
fi
echo "== server: $url"
head -n 1 "$log"

echo "== wrk -t$threads -c$connections -d$duration $url"
report=$(mktemp)
timeout 120 wrk -t"$threads" -c"$connections" -d"$duration" --timeout 5s --latency "$url" \
    | tee "$report"
# wrk names socket errors and non-2xx/3xx answers only when there are some.
if grep -q 'Socket errors\|Non-2xx' "$report"; then
    echo "== errors: see above"
else
    echo "== errors: none"
fi
rm -f "$report"

echo "== server after the load"
if kill -0 "$server" 2>/dev/null; then
    echo "still running; $(grep -c . "$log") log lines, errors below (if any):"
    grep -iv '^\(Built\|Serving\|Watching\|Rebuilt\)' "$log" || true
else
    echo "the server died during the load:" >&2
    cat "$log" >&2
    exit 1
fi
