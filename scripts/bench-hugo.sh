#!/usr/bin/env bash
# Hugo on the same machine and the same Markdown, for comparison with bench.sh's "5k" site.
#
#   bash scripts/bench-hugo.sh [--work DIR] [--runs N] [--keep-trash]
#
# Options:
#   --work DIR       the bench folder (default: $BENCH_DIR, else ${TMPDIR:-/tmp}/jaarverslag-bench)
#   --runs N         hyperfine runs per measurement (default 5, as bench.sh for 5k)
#   --keep-trash     leave the moved-aside outputs in DIR/trash (bench.sh passes it and
#                    deletes the trash at its own end, after every measurement)
#   -h, --help       this text
#
# Takes the 5,000 publications of the synthetic site 5k (DIR/sites/5k; run scripts/bench.sh
# first, or it generates them), puts them as they are (YAML front matter) in a Hugo site
# with a minimal template (one page per post, a list on the home page, no taxonomies, feeds
# or sitemap; posts dated after today built too, as jaarverslag and Zola do), and times
# `hugo` with hyperfine the way bench.sh times jaarverslag: into an output folder that
# does not exist (the previous one moved into DIR/trash, not deleted) and over the
# previous output (1 warm-up). Checks that Hugo built all 5,000 post pages
# and writes hyperfine's exports to DIR/raw/hugo-empty.csv and hugo-previous.csv, the page
# count to hugo-pages.txt and `hugo version` to hugo-version.txt (bench.sh reads them).
# Hugo comes from Debian's packages (bookworm: 0.111.3), installed with apt-get when
# missing. Exit codes: 0 measured; 3 no hugo and apt-get could not install it; 1 anything
# else failed.
set -euo pipefail

WORK="${BENCH_DIR:-${TMPDIR:-/tmp}/jaarverslag-bench}"
RUNS=5
KEEP_TRASH=0
while [ $# -gt 0 ]; do
    case "$1" in
        --work) WORK="${2:?--work needs a folder}"; shift ;;
        --runs) RUNS="${2:?--runs needs a number}"; shift ;;
        --keep-trash) KEEP_TRASH=1 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench-hugo.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
    shift
done
cd "$(dirname "$0")/.."
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
raw="$WORK/raw"
mkdir -p "$raw" "$WORK/trash"
# No stale figures for bench.sh to pick up if this run stops half-way.
rm -f "$raw"/hugo-empty.csv "$raw"/hugo-previous.csv "$raw"/hugo-pages.txt "$raw"/hugo-version.txt

as_root=()
[ "$(id -u)" = 0 ] || as_root=(sudo)
for tool in hugo hyperfine; do
    if ! command -v "$tool" >/dev/null; then
        "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "$tool" \
            || { "${as_root[@]}" apt-get update \
                && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "$tool"; } \
            || {
                echo "bench-hugo.sh: could not install $tool with apt-get; Hugo not measured." >&2
                echo "hint: install Debian's package by hand (apt-get install $tool) and run again." >&2
                [ "$tool" = hugo ] && exit 3
                exit 1
            }
    fi
done

posts="$WORK/sites/5k/content/publications"
if [ ! -d "$posts" ]; then
    mkdir -p "$WORK/sites/5k"
    cargo run --release --example synth -- --years 10 --metrics 50 --publications 5000 \
        --force "$WORK/sites/5k"
fi

base="$WORK/hugo"
site="$base/site"
out="$base/public"
# A folder left by an interrupted run is moved aside, not deleted (see bench.sh's header:
# deleting a large tree slows down whatever creates files next).
[ ! -e "$base" ] || mv "$base" "$WORK/trash/hugo-$(date +%s%N)"
mkdir -p "$site/content/posts" "$site/layouts/_default"
cp "$posts"/*.md "$site/content/posts/"
# buildFuture: the posts' dates go up to the last year + 1 (examples/synth.rs), and Hugo
# leaves out pages dated after today by default (37 of the 5,000 on 2026-12-03);
# jaarverslag and Zola build them all.
cat >"$site/config.toml" <<'EOF'
baseURL = "https://example.org/"
title = "bench"
disableKinds = ["taxonomy", "term", "RSS", "sitemap"]
buildFuture = true
EOF
cat >"$site/layouts/_default/single.html" <<'EOF'
<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>
EOF
cat >"$site/layouts/_default/list.html" <<'EOF'
<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>
EOF
cp "$site/layouts/_default/list.html" "$site/layouts/index.html"

cmd="$(printf 'hugo --quiet -s %q -d %q' "$site" "$out")"
version="$(hugo version)"
echo "$version"
echo "posts: $(find "$site/content/posts" -name '*.md' | wc -l), $(du -sb "$site/content" | cut -f1) bytes of Markdown"
hyperfine --style basic --runs "$RUNS" \
    --prepare "d=$(printf '%q' "$out"); [ ! -e \"\$d\" ] || mv \"\$d\" $(printf '%q' "$WORK/trash")/\$(date +%s%N)" \
    --export-csv "$raw/hugo-empty.csv" --command-name "hugo empty" "$cmd"
hyperfine --style basic --runs "$RUNS" --warmup 1 \
    --export-csv "$raw/hugo-previous.csv" --command-name "hugo over previous" "$cmd"

built="$(find "$out/posts" -mindepth 2 -maxdepth 2 -name index.html | wc -l)"
echo "pages: $(find "$out" -name '*.html' | wc -l) html files ($built posts), $(du -sb "$out" | cut -f1) bytes"
if [ "$built" -ne 5000 ]; then
    echo "bench-hugo.sh: Hugo built $built post pages, not 5000: the times above are not comparable" >&2
    exit 1
fi
echo "$built" >"$raw/hugo-pages.txt"
echo "$version" >"$raw/hugo-version.txt"

mv "$base" "$WORK/trash/hugo-$(date +%s%N)"
[ "$KEEP_TRASH" = 1 ] || rm -rf "$WORK/trash"
