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

# Kernel text patching while every CPU runs: QEMU 7.2's multi-threaded TCG
# can keep a translation made while another CPU rewrote that code, and a
# guest CPU then runs the INT3 of a finished jump-label update and oopses,
# stock Linux as well.  The runner gives TCG one thread for all CPUs
# (UKL_TCG_THREAD, scripts/run-qemu.sh); with UKL_TCG_THREAD=multi this
# run oopsed in 3 of 4 tries.
run_app_test tests/apps/keyrace SMP=4 ARGS=30 TIMEOUT=200
no_oops "$O/run-keyrace.log" "keyrace" "int3: "
case $(sed -n 's/^  QEMU .* accel \([a-z]*\) .*/\1/p' "$app_out") in
tcg) grep -q 'one TCG thread for all CPUs' "$app_out"
	ok $? "keyrace: TCG ran the 4 CPUs on one thread" ;;
*) ok 0 "keyrace: TCG ran the 4 CPUs on one thread # SKIP not under TCG" ;;
esac
done_testing
