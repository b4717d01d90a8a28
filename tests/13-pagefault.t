#!/bin/sh
# Page faults of a UKL application are delivered on the #PF IST stack and
# handled where they belong: stack growth by megabytes, first touch of
# heap, anonymous and file-backed pages, uaccess faults, guard pages and a
# fault storm of threads, on 1 and on 4 CPUs under a 1 ms timer; stack
# overflow ends in SIGSEGV (on the sigaltstack when there is one); NMIs
# that land in the IST window of a page fault or of an interrupt and fault
# there lose no frame.  With each C library.
. "$(dirname "$0")/lib.sh"

for libc in $(test_libcs); do
	for n in 1 4; do
		run_app_test tests/apps/pagefault LIBC=$libc SMP=$n TIMEOUT=300
		no_oops "$app_out" "$libc: SMP=$n"
	done

	out=$O/test-pagefault-overflow-$libc.out
	run_make "$out" APP=tests/apps/pagefault LIBC=$libc ARGS=overflow TIMEOUT=120 run
	like "$out" '^ukl-init: application killed by signal 11$' "$libc: stack overflow: the application dies with SIGSEGV"
	is "$(cat "$O/run-pagefault.status" 2>/dev/null)" 139 "$libc: stack overflow: the host sees status 128+11"
	no_oops "$out" "$libc: stack overflow"
	guest_survived "$out"

	run_app_test tests/apps/pagefault LIBC=$libc ARGS=altstack TIMEOUT=120

	run_app_test tests/apps/pagefault LIBC=$libc ARGS="window 64 64" \
		KERNEL_ARGS="ukl_pf_window_test=64 ukl_intr_window_test=64" SMP=2 TIMEOUT=300
	no_oops "$app_out" "$libc: window" 'did not arrive|IST window self-test'
done
done_testing
