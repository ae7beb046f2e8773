#!/usr/bin/env bash
# Hugo on the same machine and the same Markdown, for comparison with bench.sh's "5k" site.
#
#   bash scripts/bench-hugo.sh [--work DIR]
#
# Takes the 5,000 publications of the synthetic site 5k (run scripts/bench.sh first, or it
# generates them), puts them in a Hugo site with a minimal template (one page per post,
# a list on the home page, no taxonomies, feeds or sitemap), and times `hugo` with
# hyperfine the way bench.sh times jaarverslag: into an output folder that does not exist
# (the previous one moved aside, not deleted) and over the previous output. Hugo comes from
# Debian's packages (bookworm: 0.111.3), installed with apt-get when missing.
set -euo pipefail

WORK="${BENCH_DIR:-${TMPDIR:-/tmp}/jaarverslag-bench}"
while [ $# -gt 0 ]; do
    case "$1" in
        --work) WORK="${2:?--work needs a folder}"; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench-hugo.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
    shift
done
cd "$(dirname "$0")/.."

as_root=()
[ "$(id -u)" = 0 ] || as_root=(sudo)
for tool in hugo hyperfine; do
    if ! command -v "$tool" >/dev/null; then
        "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "$tool" \
            || { "${as_root[@]}" apt-get update \
                && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "$tool"; }
    fi
done

posts="$WORK/sites/5k/content/publications"
if [ ! -d "$posts" ]; then
    mkdir -p "$WORK/sites/5k"
    cargo run --release --example synth -- --years 10 --metrics 50 --publications 5000 \
        --force "$WORK/sites/5k"
fi

site="$WORK/hugo/site"
out="$WORK/hugo/public"
trash="$WORK/hugo/trash"
rm -rf "$WORK/hugo"
mkdir -p "$site/content/posts" "$site/layouts/_default" "$trash"
cp "$posts"/*.md "$site/content/posts/"
cat >"$site/config.toml" <<'EOF'
baseURL = "https://example.org/"
title = "bench"
disableKinds = ["taxonomy", "term", "RSS", "sitemap"]
EOF
cat >"$site/layouts/_default/single.html" <<'EOF'
<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>
EOF
cat >"$site/layouts/_default/list.html" <<'EOF'
<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>
EOF
cp "$site/layouts/_default/list.html" "$site/layouts/index.html"

cmd="$(printf 'hugo --quiet -s %q -d %q' "$site" "$out")"
hugo version
echo "posts: $(ls "$site/content/posts" | wc -l), $(du -sb "$site/content" | cut -f1) bytes of Markdown"
hyperfine --style basic --runs 5 \
    --prepare "d=$(printf '%q' "$out"); [ ! -e \"\$d\" ] || mv \"\$d\" $(printf '%q' "$trash")/\$(date +%s%N)" \
    --command-name "hugo empty" "$cmd"
hyperfine --style basic --runs 5 --warmup 1 --command-name "hugo over previous" "$cmd"
echo "pages: $(find "$out" -name '*.html' | wc -l), $(du -sb "$out" | cut -f1) bytes"
rm -rf "$WORK/hugo"
