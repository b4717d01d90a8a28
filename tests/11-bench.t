#!/bin/sh
# The benchmark pipeline, as a smoke run: few iterations, every
# configuration.  It checks that every row was produced and parsed and the
# numbers are positive and finite; it does not judge the numbers.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$O/test-bench.out

run_make "$out" bench ITER=50 RESULTS="$tmp/results" BENCH_TIMEOUT=300
is "$status" 0 "make bench ITER=50 succeeds"
[ "$status" -eq 0 ] || grep -v '^  [A-Z]' "$out" | tail -n 20 | sed 's/^/#   /'
res=$(ls -d "$tmp"/results/*-wall 2>/dev/null | head -n 1)
[ -n "$res" ] && [ -f "$res/results.md" ] && [ -f "$res/chart.svg" ]
ok $? "a results folder with results.md and chart.svg"
like "$res/results.md" 'wall-clock' "the report says which mode produced it"
like "$res/meta.txt" '^accelerator: (kvm|tcg)$' "the report records the accelerator"
unlike "$res/results.md" 'FAILED' "no configuration or operation failed"
for cfg in stock-normal ukl-normal ukl-app; do
	csv=$res/raw-$cfg.csv
	rows=$(awk -F, 'NR > 1 && $3 + 0 > 0 && $4 + 0 > 0 && $5 + 0 > 0 && $3 !~ /nan|inf/ { n++ } END { print n + 0 }' "$csv" 2>/dev/null)
	is "$rows" 10 "$cfg: all 10 operations have positive, finite median, p99 and mean"
done
like "$out" '^\| getppid ' "make bench prints the table"
done_testing
