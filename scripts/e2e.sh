#!/usr/bin/env bash
# End-to-end check of the published site, as a reader gets it: the real site is built
# under a sub-path, served by nginx on loopback, and crawled in Debian's Chromium
# (tests/e2e/check.mjs): every page, link, fragment and asset, axe-core, the Nu HTML
# checker, the home page's weight, screenshots and print.
#
# Runs on a fresh Debian machine as root: installs what is missing (apt, npm), builds no
# more than the one release binary, and leaves nothing behind but tests/e2e/node_modules/
# and tests/e2e/screenshots/ (both ignored by git).
#
#   bash scripts/e2e.sh            # E2E_PORT=8123 to choose the port, E2E_KEEP=1 to keep
#                                  # the temporary folder (site, nginx logs, PDF)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
E2E="$ROOT/tests/e2e"
export E2E_STARTED_AT="${E2E_STARTED_AT:-$(date +%s)}"   # check.mjs reports the whole run's time
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

say() { printf '== e2e: %s\n' "$*"; }

TMP=""
NGINX_PID=""
POLICY_RC_ADDED=""
as_root=()
[ "$(id -u)" = 0 ] || as_root=(sudo)

cleanup() {
    local status=$?
    if [ -n "$NGINX_PID" ] && kill -0 "$NGINX_PID" 2>/dev/null; then
        kill "$NGINX_PID" 2>/dev/null || true
        wait "$NGINX_PID" 2>/dev/null || true
    fi
    if [ -n "$POLICY_RC_ADDED" ]; then
        "${as_root[@]}" rm -f /usr/sbin/policy-rc.d || true
    fi
    if [ -n "$TMP" ] && [ -d "$TMP" ]; then
        if [ "$status" -ne 0 ] && [ -s "$TMP/nginx/error.log" ]; then
            echo "-- nginx error log (last lines):"
            tail -n 20 "$TMP/nginx/error.log" || true
        fi
        if [ "${E2E_KEEP:-}" = 1 ]; then
            echo "e2e: kept $TMP"
        else
            rm -rf "$TMP"
        fi
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# -- 1. System packages: only what is missing ---------------------------------------------
find_nginx() {
    command -v nginx 2>/dev/null && return 0
    [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx && return 0
    return 1
}
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
find_nginx >/dev/null || missing+=(nginx)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    missing+=(nodejs npm)
fi
# Without recommends Chromium may come without any font: text would not render.
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list 2>/dev/null)" ]; then
    missing+=(fonts-dejavu-core)
fi
if [ "${#missing[@]}" -gt 0 ]; then
    say "installing ${missing[*]}"
    # Installing nginx must not start the system's nginx on port 80: policy-rc.d tells
    # Debian's maintainer scripts not to start services (removed again on exit).
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee /usr/sbin/policy-rc.d >/dev/null
        "${as_root[@]}" chmod 755 /usr/sbin/policy-rc.d
        POLICY_RC_ADDED=1
    fi
    # Slim images lack this folder, and the JRE's postinst fails without it.
    "${as_root[@]}" mkdir -p /usr/share/man/man1
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "${missing[@]}"
    if [ -n "$POLICY_RC_ADDED" ]; then
        "${as_root[@]}" rm -f /usr/sbin/policy-rc.d
        POLICY_RC_ADDED=""
    fi
fi
NGINX="$(find_nginx)"
CHROMIUM="$(command -v chromium)"
say "using $("$CHROMIUM" --version 2>/dev/null | head -n 1), $("$NGINX" -v 2>&1), node $(node --version)"

# -- 2. Node packages (exact versions from package-lock.json) -------------------------------
# --ignore-scripts: vnu-jar's postinstall would download a Java runtime; Debian's is used.
say "npm ci"
(cd "$E2E" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

# -- 3. Build the real site under a sub-path -----------------------------------------------
TMP="$(mktemp -d "${TMPDIR:-/tmp}/jaarverslag-e2e.XXXXXX")"
chmod 755 "$TMP"
PORT="${E2E_PORT:-$(node -e '
  const s = require("net").createServer();
  s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')}"
BASE_URL="http://127.0.0.1:$PORT/jaarverslag/"
SITE="$TMP/site/jaarverslag"
say "building the site for $BASE_URL"
cargo run --release -- build --base-url "$BASE_URL" --output-dir "$SITE"

# -- 4. nginx on loopback ------------------------------------------------------------------
mkdir -p "$TMP/nginx"
if [ "$(id -u)" = 0 ]; then
    USER_LINE="user root;"
else
    USER_LINE="# (not root: the workers run as $(id -un))"
fi
sed -e "s|@TMP@|$TMP|g" -e "s|@PORT@|$PORT|g" -e "s|@SITE_ROOT@|$TMP/site|g" \
    -e "s|@USER_LINE@|$USER_LINE|g" "$E2E/nginx.conf.template" >"$TMP/nginx/nginx.conf"
nginx_args=(-p "$TMP/nginx/" -e "$TMP/nginx/error.log" -c "$TMP/nginx/nginx.conf")
"$NGINX" "${nginx_args[@]}" -t -q
"$NGINX" "${nginx_args[@]}" -g 'daemon off;' &
NGINX_PID=$!
for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
        break
    fi
    kill -0 "$NGINX_PID" 2>/dev/null || { echo "e2e: nginx did not start" >&2; exit 1; }
    sleep 0.1
done
say "nginx serves $SITE at $BASE_URL (pid $NGINX_PID)"

# -- 5. The browser test (its last line is the summary: `e2e: N passed, M failed`) ----------
E2E_BASE_URL="$BASE_URL" E2E_SITE_DIR="$SITE" E2E_TMP="$TMP" E2E_CHROMIUM="$CHROMIUM" \
    node "$E2E/check.mjs"
