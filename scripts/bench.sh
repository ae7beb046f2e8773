#!/usr/bin/env bash
# Build-time benchmarks of jaarverslag: wall time, pages per second and peak memory of
# `jaarverslag build` for this repository's own site and for four synthetic sites, and
# the same 5,000 publications built by Zola and Hugo in the same run (issue #19's budget).
#
#   bash scripts/bench.sh                  # real site + S, M, 5k, L, then Zola and Hugo
#   bash scripts/bench.sh --quick          # real site + S only      (about a minute)
#   bash scripts/bench.sh --compare-only   # 5k, Zola and Hugo only  (8 minutes on 2 cores
#                                          # on 2026-12-03, 6 of them jaarverslag's 6 builds
#                                          # of 5k into an empty folder, 45 s each: they draw
#                                          # a share image per page)
#
# Options:
#   --quick          measure only the real site and S (and serve only on the real site);
#                    no Zola or Hugo
#   --compare-only   measure only the 5k site, then Zola and Hugo on its 5,000
#                    publications; no serve
#   --zola PATH      the zola binary for scripts/bench-zola.sh (default: $ZOLA, else
#                    `zola` on PATH; Zola 0.22 must be built from source, see that script)
#   --work DIR       where the synthetic sites, the outputs and the raw results go
#                    (default: $BENCH_DIR, else ${TMPDIR:-/tmp}/jaarverslag-bench); the
#                    sites are kept there and reused by the next run
#   --results FILE   where to write the Markdown table (default: DIR/results.md)
#   -h, --help       this text
#
# What it does:
#   1. installs hyperfine and GNU time from Debian's packages when they are missing
#      (apt-get; as root, or through sudo);
#   2. builds the release binary and examples/synth.rs once, and copies the binary into
#      DIR/bin, so that another build in the same tree cannot swap it mid-measurement;
#   3. generates the synthetic sites with examples/synth.rs, unless DIR already holds
#      them from the same arguments and the same synth.rs:
#         S  = 10 years,  50 metrics,   100 publications
#         M  = 30 years, 200 metrics,  2000 publications
#         5k = 10 years,  50 metrics,  5000 publications (the size of issue #10's targets)
#         L  = 50 years, 500 metrics, 10000 publications
#   4. for each site (the real one is built with --root . and its output in DIR):
#        - one build under `/usr/bin/time -v` into an empty output folder: the page count
#          (from the summary line "Built N pages, ...") and the peak memory (max RSS);
#        - "empty": hyperfine, each run into an output folder that does not exist. The
#          previous run's output (and the side folder the writer keeps beside it) is moved
#          into DIR/trash by --prepare, not deleted: on this machine's ext4 (mounted with
#          `discard`), the cost of deleting a large tree lands on whatever creates files
#          next (a `cp -r` of 5,000 pages took 0.4 s into a new folder and 5.9 s right
#          after an `rm -rf` and `sync` of the same tree). The trash is deleted at the end;
#        - "cp -r": the floor for "empty", the same files copied by `cp -r` from a built
#          output into a folder that does not exist, prepared the same way;
#        - "over previous": hyperfine, each run replacing the previous output (--warmup 1).
#          The content does not change between runs, so this measures the writer's
#          incremental path at its best: every file is read back, compared, and left alone;
#      runs: 10 for the real site and S, 5 for M and 5k, 3 for L;
#   5. Zola and Hugo (not with --quick): right after the 5k site, scripts/bench-zola.sh and
#      scripts/bench-hugo.sh (each runnable alone; see their headers) build the same 5,000
#      publications as minimal Zola and Hugo sites, timed the same two ways with the same
#      number of runs. When no zola binary is found (or Hugo cannot be installed), that
#      generator is reported as skipped, with how to get it, and its budget as not
#      checked; when one fails, it is reported as failed and bench.sh exits 1 at the end;
#   6. serve: starts `jaarverslag serve` on the real site (and on L, unless --quick),
#      appends a space to a report 20 times with scripts/reload-latency.py, and reports the
#      time from each save to the reload event on the live-reload stream, and the server's
#      own "Rebuilt in N ms" lines;
#   7. prints a Markdown table (site | pages | empty: wall, pages/s | cp -r | over previous:
#      wall, pages/s | peak RSS), writes it to the results file, and prints the time per
#      page for each site, so that you can see whether the build time grows linearly;
#      then the comparison: jaarverslag 5k, Zola and Hugo, empty and over previous (mean
#      ± σ, median), the ratios Zola/jaarverslag and Hugo/jaarverslag over previous (of
#      the means, and of the medians), and whether issue #19's budget is met (over the
#      previous output, at least 3× faster than Zola 0.22 and 2× faster than Hugo 0.111):
#      "met" when both ratios reach it, "NOT MET" when neither does, "UNDECIDED" otherwise.
#      The sites are not the same size: jaarverslag's 5k site also has its year, theme and
#      metric pages with charts; Zola's and Hugo's have the 5,000 posts and two lists.
#
# Wall times are hyperfine's mean ± standard deviation and the median. The machine's
# load average is recorded before and after: on a shared machine, other work inflates the
# times, most of all σ. Nothing in the repository is written but target/ (outputs go to DIR).
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

QUICK=0
COMPARE_ONLY=0
ZOLA_ARG=""
WORK="${BENCH_DIR:-${TMPDIR:-/tmp}/jaarverslag-bench}"
RESULTS=""
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1 ;;
        --compare-only) COMPARE_ONLY=1 ;;
        --zola) ZOLA_ARG="${2:?--zola needs the path of a zola binary}"; shift ;;
        --work) WORK="${2:?--work needs a folder}"; shift ;;
        --results) RESULTS="${2:?--results needs a file}"; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "bench.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
if [ "$QUICK" = 1 ] && [ "$COMPARE_ONLY" = 1 ]; then
    echo "bench.sh: --quick and --compare-only measure different sites; choose one" >&2
    exit 2
fi

cd "$(dirname "$0")/.."
ROOT="$PWD"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
RESULTS="${RESULTS:-$WORK/results.md}"
STARTED=$SECONDS

say() { printf '\n== bench: %s\n' "$*"; }

# --- 1. Tools ---------------------------------------------------------------------------
as_root=()
[ "$(id -u)" = 0 ] || as_root=(sudo)
need_pkgs=()
command -v hyperfine >/dev/null || need_pkgs+=(hyperfine)
[ -x /usr/bin/time ] || need_pkgs+=(time)
if [ ${#need_pkgs[@]} -gt 0 ]; then
    say "installing ${need_pkgs[*]}"
    if ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${need_pkgs[@]}"; then
        "${as_root[@]}" apt-get update
        "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${need_pkgs[@]}"
    fi
fi

# --- 2. Binaries ------------------------------------------------------------------------
say "building the release binary and examples/synth.rs"
exes="$(cargo build --release --bin jaarverslag --example synth --message-format=json-render-diagnostics \
    | grep -o '"executable":"[^"]*"' | cut -d'"' -f4)"
mkdir -p "$WORK/bin"
for exe in $exes; do
    case "$exe" in
        */jaarverslag) cp -f "$exe" "$WORK/bin/jaarverslag" ;;
        */synth) cp -f "$exe" "$WORK/bin/synth" ;;
    esac
done
BIN="$WORK/bin/jaarverslag"
SYNTH="$WORK/bin/synth"
if [ ! -x "$BIN" ] || [ ! -x "$SYNTH" ]; then echo "bench.sh: cargo built no binary?" >&2; exit 1; fi

# --- 3. Synthetic sites -----------------------------------------------------------------
declare -A SPEC=([S]="10 50 100" [M]="30 200 2000" [5k]="10 50 5000" [L]="50 500 10000")
declare -A RUNS=([real]=10 [S]=10 [M]=5 [5k]=5 [L]=3)
if [ "$QUICK" = 1 ]; then
    SITES=(real S)
elif [ "$COMPARE_ONLY" = 1 ]; then
    SITES=(5k)
else
    SITES=(real S M 5k L)
fi

synth_hash="$(sha256sum examples/synth.rs | cut -c1-16)"
for site in "${SITES[@]}"; do
    [ "$site" = real ] && continue
    read -r years metrics pubs <<<"${SPEC[$site]}"
    dir="$WORK/sites/$site"
    stamp="years=$years metrics=$metrics publications=$pubs synth=$synth_hash"
    if [ -f "$dir/content/site.yaml" ] && [ "$(cat "$dir/.synth-stamp" 2>/dev/null)" = "$stamp" ]; then
        say "site $site: already generated ($stamp)"
        continue
    fi
    say "site $site: generating ($stamp)"
    mkdir -p "$dir"
    rm -f "$dir/.synth-stamp"
    "$SYNTH" --years "$years" --metrics "$metrics" --publications "$pubs" --force "$dir"
    printf '%s\n' "$stamp" >"$dir/.synth-stamp"
done

site_root() { if [ "$1" = real ]; then echo "$ROOT"; else echo "$WORK/sites/$1"; fi; }

# --- 4. Measurements --------------------------------------------------------------------
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$WORK/raw" "$WORK/out" "$WORK/trash"
declare -A PAGES RSS EMPTY_MEAN EMPTY_SD EMPTY_MED PREV_MEAN PREV_SD PREV_MED CP_MEAN CP_SD

# Mean, standard deviation and median (seconds) from hyperfine's CSV export; read from the
# end of the line, since the command (first column) may hold commas.
csv_stats() { tail -n 1 "$1" | awk -F, '{ print $(NF-6), $(NF-5), $(NF-4) }'; }

# Zola and Hugo on the 5k site's publications (step 5 of the header). Each script writes
# its CSVs, page count and version to DIR/raw; its exit code 3 means "not available".
declare -A OTHER_STATUS OTHER_VERSION OTHER_PAGES
OTHERS=(zola hugo)
compare_with_others() {
    local tool rc args
    for tool in "${OTHERS[@]}"; do
        say "$tool on the 5k site's publications (scripts/bench-$tool.sh, ${RUNS[5k]} runs)"
        args=(--work "$WORK" --runs "${RUNS[5k]}" --keep-trash)
        if [ "$tool" = zola ] && [ -n "$ZOLA_ARG" ]; then args+=(--zola "$ZOLA_ARG"); fi
        set +e
        bash "$ROOT/scripts/bench-$tool.sh" "${args[@]}" 2>&1 | tee "$WORK/raw/$tool.log"
        rc=${PIPESTATUS[0]}
        set -e
        case "$rc" in
            0)
                OTHER_STATUS[$tool]=measured
                OTHER_VERSION[$tool]="$(cat "$WORK/raw/$tool-version.txt")"
                OTHER_PAGES[$tool]="$(cat "$WORK/raw/$tool-pages.txt")"
                read -r "EMPTY_MEAN[$tool]" "EMPTY_SD[$tool]" "EMPTY_MED[$tool]" < <(csv_stats "$WORK/raw/$tool-empty.csv")
                read -r "PREV_MEAN[$tool]" "PREV_SD[$tool]" "PREV_MED[$tool]" < <(csv_stats "$WORK/raw/$tool-previous.csv")
                ;;
            3) OTHER_STATUS[$tool]=skipped ;;
            *) OTHER_STATUS[$tool]="failed (exit $rc)" ;;
        esac
        echo "bench.sh: $tool ${OTHER_STATUS[$tool]} (log: $WORK/raw/$tool.log)"
    done
}

for site in "${SITES[@]}"; do
    [ "$site" != 5k ] || LOAD_CMP_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
    root="$(site_root "$site")"
    out="$WORK/out/$site"
    # The writer keeps a side folder beside the output (the previous site, brought up to
    # date by the next build): an empty build removes it too.
    side="$WORK/out/.$site.jaarverslag"
    cmd="$(printf '%q build --root %q --output-dir %q' "$BIN" "$root" "$out")"
    runs="${RUNS[$site]}"

    say "site $site: one build under /usr/bin/time -v (pages, peak memory)"
    rm -rf "$out" "$side"
    /usr/bin/time -v -o "$WORK/raw/$site-time.txt" "$BIN" build --root "$root" --output-dir "$out" \
        | tee "$WORK/raw/$site-build.txt"
    PAGES[$site]="$(sed -n 's/^Built \([0-9]*\) pages.*/\1/p' "$WORK/raw/$site-build.txt")"
    RSS[$site]="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/raw/$site-time.txt")"
    [ -n "${PAGES[$site]}" ] || { echo "bench.sh: no 'Built N pages' line for $site" >&2; exit 1; }

    say "site $site: into an empty output folder ($runs runs)"
    # Moves a folder into the trash (see the header: deleting it here would slow the run).
    aside="for d in $(printf '%q %q' "$out" "$side"); do [ ! -e \"\$d\" ] || mv \"\$d\" $(printf '%q' "$WORK/trash")/\$(date +%s%N); done"
    hyperfine --style basic --runs "$runs" --prepare "$aside" \
        --export-csv "$WORK/raw/$site-empty.csv" --export-json "$WORK/raw/$site-empty.json" \
        --command-name "$site empty" "$cmd"
    read -r "EMPTY_MEAN[$site]" "EMPTY_SD[$site]" "EMPTY_MED[$site]" < <(csv_stats "$WORK/raw/$site-empty.csv")

    say "site $site: cp -r of the same files into a folder that does not exist ($runs runs)"
    copy="$WORK/out/$site-copy"
    "$BIN" build --root "$root" --output-dir "$out" >/dev/null
    hyperfine --style basic --runs "$runs" \
        --prepare "d=$(printf '%q' "$copy"); [ ! -e \"\$d\" ] || mv \"\$d\" $(printf '%q' "$WORK/trash")/\$(date +%s%N)" \
        --export-csv "$WORK/raw/$site-cp.csv" --command-name "$site cp -r" \
        "$(printf 'cp -r %q %q' "$out" "$copy")"
    read -r "CP_MEAN[$site]" "CP_SD[$site]" _ < <(csv_stats "$WORK/raw/$site-cp.csv")
    rm -rf "$copy"

    say "site $site: over the previous output ($runs runs, 1 warm-up)"
    hyperfine --style basic --runs "$runs" --warmup 1 \
        --export-csv "$WORK/raw/$site-previous.csv" --export-json "$WORK/raw/$site-previous.json" \
        --command-name "$site over previous" "$cmd"
    read -r "PREV_MEAN[$site]" "PREV_SD[$site]" "PREV_MED[$site]" < <(csv_stats "$WORK/raw/$site-previous.csv")
    mv "$out" "$WORK/trash/$(date +%s%N)"
    mv "$side" "$WORK/trash/$(date +%s%N)"
    if [ "$site" = 5k ]; then
        compare_with_others
        LOAD_CMP_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
    fi
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- 6. serve ---------------------------------------------------------------------------
# Save → reload event, on the real site (a copy, so that the repository is not touched)
# and on L. The report is edited by appending a space (its body changes, not its front
# matter), and restored byte for byte afterwards.
declare -A SERVE_LINE SERVE_REBUILD
if [ "$QUICK" = 1 ]; then SERVED=(real); elif [ "$COMPARE_ONLY" = 1 ]; then SERVED=(); else SERVED=(real L); fi
for site in "${SERVED[@]+"${SERVED[@]}"}"; do
    if [ "$site" = real ]; then
        root="$WORK/real-copy"
        rm -rf "$root"
        mkdir -p "$root"
        cp -r "$ROOT/content" "$root/"
        for d in templates static; do [ ! -d "$ROOT/$d" ] || cp -r "$ROOT/$d" "$root/"; done
        report="$root/content/years/2021/report.md"
    else
        root="$(site_root "$site")"
        report="$(find "$root/content/years" -mindepth 1 -maxdepth 1 -type d | sort | tail -n 1)/report.md"
    fi
    port=$((20000 + RANDOM % 20000))
    log="$WORK/raw/$site-serve.log"
    say "serve $site: save → reload, 20 edits of ${report#"$root"/}"
    "$BIN" serve --root "$root" --port "$port" >"$log" 2>&1 &
    server=$!
    for _ in $(seq 1 600); do grep -q '^Serving' "$log" && break; sleep 0.2; done
    base="$(sed -n 's|^Serving the site at http://[^/]*\(/[^ ]*\) .*|\1|p' "$log")"
    SERVE_LINE[$site]="$(python3 "$ROOT/scripts/reload-latency.py" "$port" "${base:-/}" "$report" 20 | head -n 1)"
    kill "$server"
    wait "$server" 2>/dev/null || true
    SERVE_REBUILD[$site]="$(grep -o 'Rebuilt in [0-9]* ms[^:]*' "$log" | sort | uniq -c | sort -rn | head -n 3 | awk '{$1=$1 "×"; print}' | paste -sd ';' -)"
    echo "${SERVE_LINE[$site]}"
done
rm -rf "$WORK/trash" "$WORK/real-copy"

# --- 7. Report --------------------------------------------------------------------------
# Seconds as "123 ms" or "4.56 s".
fmt_time() { awk -v s="$1" 'BEGIN { if (s < 0.01) printf "%.1f ms", s * 1000; else if (s < 1) printf "%.0f ms", s * 1000; else printf "%.2f s", s }'; }
wall() {
    printf '%s ± %s (median %s)' "$(fmt_time "$1")" "$(fmt_time "$2")" "$(fmt_time "$3")"
}
rate() { awk -v p="$1" -v s="$2" 'BEGIN { printf "%.0f", p / s }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f MiB", k / 1024 }'; }
describe() {
    case "$1" in
        real) echo "real (content/)" ;;
        *) read -r y m p <<<"${SPEC[$1]}"; echo "$1 ($y y, $m metrics, $p pubs)" ;;
    esac
}

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if ! git diff --quiet HEAD -- 2>/dev/null; then commit="$commit (with uncommitted changes)"; fi
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"

{
    echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC') · machine: $(nproc) CPUs, ${cpu:-unknown model}," \
        "$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM ·" \
        "commit $commit · $(hyperfine --version)"
    echo "Load average (1, 5, 15 min): before $LOAD_BEFORE, after $LOAD_AFTER."
    echo
    echo "| site | pages | empty: wall | empty: pages/s | cp -r (floor) | over previous: wall | over previous: pages/s | peak RSS |"
    echo "| --- | ---: | --- | ---: | --- | --- | ---: | ---: |"
    for site in "${SITES[@]}"; do
        echo "| $(describe "$site") | ${PAGES[$site]}" \
            "| $(wall "${EMPTY_MEAN[$site]}" "${EMPTY_SD[$site]}" "${EMPTY_MED[$site]}") | $(rate "${PAGES[$site]}" "${EMPTY_MEAN[$site]}")" \
            "| $(fmt_time "${CP_MEAN[$site]}") ± $(fmt_time "${CP_SD[$site]}")" \
            "| $(wall "${PREV_MEAN[$site]}" "${PREV_SD[$site]}" "${PREV_MED[$site]}") | $(rate "${PAGES[$site]}" "${PREV_MEAN[$site]}")" \
            "| $(mib "${RSS[$site]}") |"
    done
    echo
    # Issue #19's budgets for the real site: an "empty" build draws every PNG (chart PNGs
    # and every page's share image); "over previous" keeps every PNG whose SVG did not
    # change (the key each PNG carries), so it draws none.
    budget() { awk -v t="$1" -v b="$2" 'BEGIN { print (t < b ? "within" : "OVER") }'; }
    if [ -n "${PREV_MEAN[real]:-}" ]; then
        echo "Budgets (real site): over previous $(fmt_time "${PREV_MEAN[real]}")," \
            "$(budget "${PREV_MEAN[real]}" 0.040) 40 ms; empty, every PNG drawn, $(fmt_time "${EMPTY_MEAN[real]}")," \
            "$(budget "${EMPTY_MEAN[real]}" 1.5) 1.5 s; serve's save → reload below, budget 100 ms."
        echo
    fi
    echo "Runs: $(for s in "${SITES[@]}"; do printf '%s %s, ' "$s" "${RUNS[$s]}"; done | sed 's/, $//')." \
        "Peak RSS: one build into an empty folder, from /usr/bin/time -v."
    echo
    if [ ${#SERVED[@]} -gt 0 ]; then
        echo "serve, save → reload event (20 edits of a report's body):"
        echo
        for site in "${SERVED[@]}"; do
            echo "- $(describe "$site"): ${SERVE_LINE[$site]}; the server's rebuilds: ${SERVE_REBUILD[$site]}"
        done
        echo
    fi
    echo "Time per page (mean wall / pages), to see how the build time grows:"
    echo
    echo "| site | pages | empty: ms/page | over previous: ms/page |"
    echo "| --- | ---: | ---: | ---: |"
    for site in "${SITES[@]}"; do
        awk -v s="$(describe "$site")" -v p="${PAGES[$site]}" -v e="${EMPTY_MEAN[$site]}" -v o="${PREV_MEAN[$site]}" \
            'BEGIN { printf "| %s | %d | %.3f | %.3f |\n", s, p, e * 1000 / p, o * 1000 / p }'
    done
    if [ "$QUICK" = 0 ] && [ "$COMPARE_ONLY" = 0 ]; then
        echo
        awk -v ps="${PAGES[S]}" -v pl="${PAGES[L]}" -v ts="${EMPTY_MEAN[S]}" -v tl="${EMPTY_MEAN[L]}" \
            -v pm="${PAGES[M]}" -v tm="${EMPTY_MEAN[M]}" 'BEGIN {
            printf "From S to L the pages grow %.1f×, the time (empty) %.1f× (S to M: %.1f× and %.1f×):", pl / ps, tl / ts, pm / ps, tm / ts
            r = (tl / ts) / (pl / ps)
            if (r < 1.3) print " about linear."
            else printf " %.1f× worse than linear.\n", r
        }'
    fi
    if [ "$QUICK" = 0 ]; then
        # Issue #19: over the previous output, at least 3× faster than Zola 0.22 and 2×
        # faster than Hugo 0.111, on the same 5,000 publications, measured in this run.
        declare -A NAME=([zola]=Zola [hugo]=Hugo) FACTOR=([zola]=3 [hugo]=2) WANTED=([zola]=0.22 [hugo]=0.111)
        ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
        echo
        echo "Comparison on the 5k site's 5,000 publications, in this run (load average, 1, 5, 15 min:" \
            "before the 5k site $LOAD_CMP_BEFORE, after Zola and Hugo $LOAD_CMP_AFTER):"
        echo
        echo "| generator | version | pages | empty: wall | over previous: wall | ÷ jaarverslag, over previous: means (medians) |"
        echo "| --- | --- | --- | --- | --- | ---: |"
        echo "| jaarverslag | commit $commit | ${PAGES[5k]} (the 5,000 publications and the site's year, theme and metric pages)" \
            "| $(wall "${EMPTY_MEAN[5k]}" "${EMPTY_SD[5k]}" "${EMPTY_MED[5k]}")" \
            "| $(wall "${PREV_MEAN[5k]}" "${PREV_SD[5k]}" "${PREV_MED[5k]}") | 1 |"
        for tool in "${OTHERS[@]}"; do
            if [ "${OTHER_STATUS[$tool]}" = measured ]; then
                echo "| ${NAME[$tool]} | $(awk '{ print $1, $2 }' <<<"${OTHER_VERSION[$tool]}") | ${OTHER_PAGES[$tool]} posts and the lists" \
                    "| $(wall "${EMPTY_MEAN[$tool]}" "${EMPTY_SD[$tool]}" "${EMPTY_MED[$tool]}")" \
                    "| $(wall "${PREV_MEAN[$tool]}" "${PREV_SD[$tool]}" "${PREV_MED[$tool]}")" \
                    "| $(ratio "${PREV_MEAN[$tool]}" "${PREV_MEAN[5k]}")× ($(ratio "${PREV_MED[$tool]}" "${PREV_MED[5k]}")×) |"
            else
                echo "| ${NAME[$tool]} | — | — | ${OTHER_STATUS[$tool]} | ${OTHER_STATUS[$tool]} | — |"
            fi
        done
        echo
        for tool in "${OTHERS[@]}"; do
            want="at least ${FACTOR[$tool]}× faster than ${NAME[$tool]} ${WANTED[$tool]}"
            case "${OTHER_STATUS[$tool]}" in
                measured)
                    r="$(ratio "${PREV_MEAN[$tool]}" "${PREV_MEAN[5k]}")"
                    rm="$(ratio "${PREV_MED[$tool]}" "${PREV_MED[5k]}")"
                    met="$(awk -v r="$r" -v m="$rm" -v f="${FACTOR[$tool]}" 'BEGIN {
                        if (r >= f && m >= f) print "met"
                        else if (r < f && m < f) print "NOT MET"
                        else printf "UNDECIDED: %s by the means, %s by the medians (too noisy a run; measure again)",
                            (r >= f ? "met" : "not met"), (m >= f ? "met" : "not met")
                    }')"
                    note=""
                    case "$(awk '{ print $2 }' <<<"${OTHER_VERSION[$tool]}")" in
                        "${WANTED[$tool]}".* | "v${WANTED[$tool]}".*) ;;
                        *) note=" (note: measured against ${OTHER_VERSION[$tool]}, not ${WANTED[$tool]})" ;;
                    esac
                    echo "- Budget, $want over the previous output: $r× (means), $rm× (medians): $met.$note"
                    ;;
                skipped)
                    echo "- Budget, $want: NOT CHECKED, ${NAME[$tool]} was skipped (not available; how to get it:" \
                        "$WORK/raw/$tool.log, or bash scripts/bench-$tool.sh --help)."
                    ;;
                *)
                    echo "- Budget, $want: NOT CHECKED, ${NAME[$tool]} ${OTHER_STATUS[$tool]} (see $WORK/raw/$tool.log)."
                    ;;
            esac
        done
    fi
} >"$RESULTS"

say "results (also in $RESULTS; raw hyperfine exports in $WORK/raw)"
echo
cat "$RESULTS"
echo
echo "bench.sh: done in $((SECONDS - STARTED)) s"
for tool in "${OTHERS[@]}"; do
    case "${OTHER_STATUS[$tool]:-}" in
        failed*) echo "bench.sh: $tool ${OTHER_STATUS[$tool]}; see $WORK/raw/$tool.log" >&2; exit 1 ;;
    esac
done
