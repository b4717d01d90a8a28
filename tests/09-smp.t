#!/bin/sh
# The UKL image boots with 2 and 4 CPUs and application threads run on all
# of them.
. "$(dirname "$0")/lib.sh"

for n in 2 4; do
	out=$O/test-smp$n.out
	run_make "$out" APP=tests/apps/smp SMP=$n TIMEOUT=180 run
	is "$status" 0 "SMP=$n: make run APP=tests/apps/smp succeeds"
	app_tap "$out"
	cpus=$(sed -n 's/.*ran on \([0-9]*\) different CPUs.*/\1/p' "$out")
	is "${cpus:-0}" "$n" "SMP=$n: threads ran on every CPU"
	guest_survived "$out"
done
done_testing
