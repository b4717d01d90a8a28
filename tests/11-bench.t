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
res=$(ls -d "$tmp"/results/*-wall "$tmp"/results/*-icount 2>/dev/null | head -n 1)
[ -n "$res" ] && [ -f "$res/results.md" ] && [ -f "$res/chart.svg" ]
ok $? "a results folder with results.md and chart.svg"
like "$res/meta.txt" '^accelerator: (kvm|tcg)$' "the report records the accelerator"
# The default mode: wall-clock only where KVM works, else instruction counts.
if grep -q '^accelerator: kvm$' "$res/meta.txt"; then
	like "$res/meta.txt" '^mode: wall \(chosen automatically: KVM works\)' "with KVM, make bench measures wall-clock time"
	like "$res/results.md" 'wall-clock' "the report says which mode produced it"
else
	like "$res/meta.txt" '^mode: icount \(chosen automatically: no working KVM' "without KVM, make bench counts instructions (-icount)"
	like "$res/results.md" 'deterministic \(-icount\)' "the report says which mode produced it"
	# The costly-instruction counts of the QEMU plugin (scripts/bench/costly.c).
	like "$res/results.md" '^## Costly instructions per operation \(counted\)$' \
		"icount mode: the report counts costly instructions with the QEMU plugin"
	per() { awk -F, -v l="$1" -v o="$2" -v c="$3" '$1 == l && $2 == o && $3 == c { printf "%.0f\n", $4 }' "$res/costly.csv"; }
	is "$(per stock-normal getppid syscall):$(per stock-normal getppid sysret):$(per stock-normal getppid swapgs)" \
		1:1:2 "stock-normal getppid: one SYSCALL, one SYSRET, two SWAPGS per call (rounded: a timer tick may add an IRET)"
	is "$(per ukl-normal getppid syscall):$(per ukl-normal getppid sysret)" 1:1 \
		"ukl-normal getppid: the same SYSCALL and SYSRET"
	is "$(per ukl-app getppid syscall):$(per ukl-app getppid sysret):$(per ukl-app getppid swapgs):$(per ukl-app getppid iret)" \
		0:0:0:0 "ukl-app getppid: no SYSCALL, SYSRET, SWAPGS or IRET"
fi
like "$res/meta.txt" '^guest cpu: .*smep,\+smap|^guest cpu: host' "the report records the guest CPU model"
unlike "$res/results.md" 'FAILED' "no configuration or operation failed"
for cfg in stock-normal ukl-normal ukl-app ukl-bypass; do
	csv=$res/raw-$cfg.csv
	rows=$(awk -F, 'NR > 1 && $3 + 0 > 0 && $4 + 0 > 0 && $5 + 0 > 0 && $3 !~ /nan|inf/ { n++ } END { print n + 0 }' "$csv" 2>/dev/null)
	is "$rows" 21 "$cfg: all 21 operations have positive, finite median, p99 and mean"
done
like "$out" '^\| getppid ' "make bench prints the table"
done_testing
