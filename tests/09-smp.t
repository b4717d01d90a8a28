#!/bin/sh
# The UKL image boots with 2 and 4 CPUs and application threads run on all
# of them, with each C library.
. "$(dirname "$0")/lib.sh"

for libc in $(test_libcs); do
	for n in 2 4; do
		run_app_test tests/apps/smp LIBC=$libc SMP=$n TIMEOUT=180
		cpus=$(sed -n 's/.*ran on \([0-9]*\) different CPUs.*/\1/p' "$app_out")
		is "${cpus:-0}" "$n" "$libc: SMP=$n: threads ran on every CPU"
	done
done
done_testing
