#!/usr/bin/env bash
# Zola on the same machine and the same Markdown, for comparison with bench.sh's "5k" site.
#
#   bash scripts/bench-zola.sh [--zola PATH] [--work DIR] [--runs N] [--keep-trash]
#
# Options:
#   --zola PATH      the zola binary (default: $ZOLA, else `zola` on PATH). Issue #19's
#                    budget is stated against Zola 0.22, which is neither in Debian nor on
#                    crates.io: build it from source (see "Getting Zola" below)
#   --work DIR       the bench folder (default: $BENCH_DIR, else ${TMPDIR:-/tmp}/jaarverslag-bench)
#   --runs N         hyperfine runs per measurement (default 5, as bench.sh for 5k)
#   --keep-trash     leave the moved-aside outputs in DIR/trash (bench.sh passes it and
#                    deletes the trash at its own end, after every measurement)
#   -h, --help       this text
#
# What it does:
#   1. takes the 5,000 publications of the synthetic site 5k (DIR/sites/5k; run
#      scripts/bench.sh first, or it generates them with examples/synth.rs);
#   2. puts them in a minimal Zola site in DIR/zola/site: one page per post (page.html),
#      a list of the 5,000 posts on the home page (index.html) and on the posts section
#      (section.html, sorted by date), no taxonomies, feeds, sitemap, robots.txt, Sass or
#      search index. The posts' YAML front matter is rewritten as TOML (+++): title, date,
#      summary as description, and kind, themes, year and origin under [extra]; a key it
#      does not know stops the script (if examples/synth.rs changes, this must too). The
#      posts' {{ figure(id="…") }} and {{ change(id="…") }} are Zola shortcode calls, so
#      the site has two shortcodes that print the id (jaarverslag puts the figure there);
#   3. times `zola --root SITE build --output-dir OUT --force` with hyperfine the way
#      bench.sh times jaarverslag: "empty", each run into an output folder that does not
#      exist (the previous one moved into DIR/trash by --prepare, not deleted: see
#      bench.sh's header for why); "over previous", each run over the last one's output
#      (1 warm-up). Zola deletes its output folder before each build (Site::build calls
#      remove_dir_all on it), so its "over previous" includes that deletion and, on an
#      ext4 mounted with `discard` as here, the slower file creation right after it (see
#      bench.sh's header): 8.2 s ± 1.7 over previous against 4.9 s ± 0.4 into a folder
#      that does not exist, on 2026-12-03;
#   4. checks that Zola built all 5,000 pages (DIR/zola/public/posts/*/index.html) and
#      prints the count of html files;
#   5. writes hyperfine's exports to DIR/raw/zola-empty.csv and zola-previous.csv, the
#      page count to zola-pages.txt and `zola --version` to zola-version.txt (bench.sh
#      reads them for its comparison table), then deletes DIR/zola (into the trash).
#
# Exit codes: 0 measured; 3 no zola binary found (nothing measured; the message says how
# to get one); 1 anything else failed.
#
# Getting Zola 0.22:
#   git clone --depth 1 --branch v0.22.1 https://github.com/getzola/zola
#   cd zola && cargo build --release        # 35 min here (-j 1, 2 busy cores)
#   bash scripts/bench-zola.sh --zola "$PWD/target/release/zola"   (or export ZOLA=…)
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

WORK="${BENCH_DIR:-${TMPDIR:-/tmp}/jaarverslag-bench}"
ZOLA_BIN="${ZOLA:-}"
RUNS=5
KEEP_TRASH=0
while [ $# -gt 0 ]; do
    case "$1" in
        --zola) ZOLA_BIN="${2:?--zola needs the path of a zola binary}"; shift ;;
        --work) WORK="${2:?--work needs a folder}"; shift ;;
        --runs) RUNS="${2:?--runs needs a number}"; shift ;;
        --keep-trash) KEEP_TRASH=1 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "bench-zola.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
cd "$(dirname "$0")/.."
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
raw="$WORK/raw"
mkdir -p "$raw" "$WORK/trash"
# No stale figures for bench.sh to pick up if this run stops half-way.
rm -f "$raw"/zola-empty.csv "$raw"/zola-previous.csv "$raw"/zola-pages.txt "$raw"/zola-version.txt

# --- The binary -------------------------------------------------------------------------
if [ -z "$ZOLA_BIN" ]; then ZOLA_BIN="$(command -v zola || true)"; fi
if [ -z "$ZOLA_BIN" ] || [ ! -x "$ZOLA_BIN" ] || [ -d "$ZOLA_BIN" ]; then
    {
        if [ -n "$ZOLA_BIN" ]; then
            echo "bench-zola.sh: '$ZOLA_BIN' is not an executable file; Zola not measured."
        else
            echo "bench-zola.sh: no zola binary (no --zola PATH, no \$ZOLA, no zola on PATH); Zola not measured."
        fi
        echo "hint: Zola 0.22 is neither in Debian nor on crates.io; build it from source:"
        echo "    git clone --depth 1 --branch v0.22.1 https://github.com/getzola/zola"
        echo "    cd zola && cargo build --release"
        echo "  then run again with --zola /path/to/zola/target/release/zola (or ZOLA=that path)."
    } >&2
    exit 3
fi
ZOLA_BIN="$(cd "$(dirname "$ZOLA_BIN")" && pwd)/$(basename "$ZOLA_BIN")"
version="$("$ZOLA_BIN" --version)"
echo "$version"
case "$version" in
    "zola 0.22."*) ;;
    *) echo "bench-zola.sh: note: issue #19's budget is stated against Zola 0.22; this is '$version'." >&2 ;;
esac
command -v hyperfine >/dev/null || {
    echo "bench-zola.sh: hyperfine is missing (apt-get install hyperfine, or run scripts/bench.sh, which installs it)" >&2
    exit 1
}

# --- The posts --------------------------------------------------------------------------
posts="$WORK/sites/5k/content/publications"
if [ ! -d "$posts" ]; then
    mkdir -p "$WORK/sites/5k"
    cargo run --release --example synth -- --years 10 --metrics 50 --publications 5000 \
        --force "$WORK/sites/5k"
fi

base="$WORK/zola"
site="$base/site"
out="$base/public"
# A folder left by an interrupted run is moved aside, not deleted (see bench.sh's header).
[ ! -e "$base" ] || mv "$base" "$WORK/trash/zola-$(date +%s%N)"
mkdir -p "$site/content/posts" "$site/templates/shortcodes"

# YAML front matter (as examples/synth.rs writes it: quoted strings with \" and \\, which
# TOML's basic strings read the same way; a bare date; a bare word; a list of bare words;
# a whole number) → TOML. Everything after the closing --- is copied as is.
awk -v dest="$site/content/posts" '
    function fail(msg) { printf "bench-zola.sh: %s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"; bad = 1; exit 1 }
    FNR == 1 {
        if (out != "") { if (state != 2) fail("front matter never closed"); close(out) }
        n = split(FILENAME, parts, "/"); out = dest "/" parts[n]; state = 0; extra = ""
        if ($0 != "---") fail("expected YAML front matter (---) on the first line")
        print "+++" > out; state = 1; next
    }
    state == 1 && $0 == "---" { if (extra != "") printf "[extra]\n%s", extra > out; print "+++" > out; state = 2; next }
    state == 1 {
        i = index($0, ": "); if (i == 0) fail("not a \"key: value\" line: " $0)
        key = substr($0, 1, i - 1); val = substr($0, i + 2)
        if (key == "title") print "title = " val > out
        else if (key == "date") print "date = " val > out
        else if (key == "summary") print "description = " val > out
        else if (key == "kind") extra = extra "kind = \"" val "\"\n"
        else if (key == "themes") { gsub(/[][]/, "", val); gsub(/, */, "\", \"", val); extra = extra "themes = [\"" val "\"]\n" }
        else if (key == "year") extra = extra "year = " val "\n"
        else if (key == "origin") extra = extra "origin = " val "\n"
        else fail("a front matter key this script does not know: " key " (update scripts/bench-zola.sh)")
        next
    }
    { print > out }
    END { if (!bad && state != 2) fail("front matter never closed") }
' "$posts"/*.md

cat >"$site/config.toml" <<'EOF'
base_url = "https://example.org/"
title = "bench"
compile_sass = false
build_search_index = false
generate_feeds = false
generate_sitemap = false
generate_robots_txt = false
EOF
printf '+++\n+++\n' >"$site/content/_index.md"
printf '+++\ntitle = "Posts"\nsort_by = "date"\n+++\n' >"$site/content/posts/_index.md"
cat >"$site/templates/page.html" <<'EOF'
<!DOCTYPE html><html><head><title>{{ page.title }}</title></head><body><h1>{{ page.title }}</h1>{{ page.content | safe }}</body></html>
EOF
cat >"$site/templates/section.html" <<'EOF'
<!DOCTYPE html><html><head><title>{{ section.title }}</title></head><body><ul>{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul></body></html>
EOF
cat >"$site/templates/index.html" <<'EOF'
{% set posts = get_section(path="posts/_index.md") %}<!DOCTYPE html><html><head><title>{{ config.title }}</title></head><body><ul>{% for p in posts.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul></body></html>
EOF
echo '<span class="figure">{{ id }}</span>' >"$site/templates/shortcodes/figure.html"
echo '<span class="change">{{ id }}</span>' >"$site/templates/shortcodes/change.html"

# --- Measurements -----------------------------------------------------------------------
cmd="$(printf '%q --root %q build --output-dir %q --force' "$ZOLA_BIN" "$site" "$out")"
echo "posts: $(find "$site/content/posts" -name '*.md' ! -name _index.md | wc -l), $(du -sb "$site/content" | cut -f1) bytes of Markdown"
# One build first, so that an error in the site shows once, in full, and not as a hyperfine failure.
"$ZOLA_BIN" --root "$site" build --output-dir "$out" --force
hyperfine --style basic --runs "$RUNS" \
    --prepare "d=$(printf '%q' "$out"); [ ! -e \"\$d\" ] || mv \"\$d\" $(printf '%q' "$WORK/trash")/\$(date +%s%N)" \
    --export-csv "$raw/zola-empty.csv" --command-name "zola empty" "$cmd"
hyperfine --style basic --runs "$RUNS" --warmup 1 \
    --export-csv "$raw/zola-previous.csv" --command-name "zola over previous" "$cmd"

built="$(find "$out/posts" -mindepth 2 -maxdepth 2 -name index.html | wc -l)"
echo "pages: $(find "$out" -name '*.html' | wc -l) html files ($built posts), $(du -sb "$out" | cut -f1) bytes"
if [ "$built" -ne 5000 ]; then
    echo "bench-zola.sh: Zola built $built post pages, not 5000: the times above are not comparable" >&2
    exit 1
fi
echo "$built" >"$raw/zola-pages.txt"
echo "$version" >"$raw/zola-version.txt"

mv "$base" "$WORK/trash/zola-$(date +%s%N)"
[ "$KEEP_TRASH" = 1 ] || rm -rf "$WORK/trash"
