#!/bin/sh
# Page faults of a UKL application are delivered on the #PF IST stack and
# handled where they belong: stack growth by megabytes, first touch of
# heap, anonymous and file-backed pages, uaccess faults, guard pages and a
# fault storm of threads, on 1 and on 4 CPUs under a 1 ms timer; stack
# overflow ends in SIGSEGV (on the sigaltstack when there is one); NMIs
# and #DB data breakpoints that land in the IST window of a page fault or
# of an interrupt and fault there lose no frame.  With each C library.
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

	run_app_test tests/apps/pagefault LIBC=$libc ARGS="window 0 0 32" \
		KERNEL_ARGS="ukl_db_window_test=32" SMP=2 TIMEOUT=300
	no_oops "$app_out" "$libc: #DB window" 'window self-test'

	run_app_test tests/apps/pagefault LIBC=$libc ARGS="window 0 0 0 32" \
		KERNEL_ARGS="ukl_int3_window_test=32 pti=on" SMP=2 TIMEOUT=300
	no_oops "$app_out" "$libc: int3 window" 'window self-test'

	# NMIs at random points of every window (they do not fault): the
	# entries they complete before error_entry calls into C are counted
	# in ukl_ist_relocated, shown here, not asserted (timing decides).
	run_app_test tests/apps/pagefault LIBC=$libc KERNEL_ARGS="ukl_nmi_test pti=on" \
		SMP=4 TIMEOUT=300
	no_oops "$app_out" "$libc: NMI storm"
	diag "$libc: NMI storm: $(grep -ho 'ukl_ist_relocated [0-9]*' "$app_out" | tail -1)"
done
done_testing
