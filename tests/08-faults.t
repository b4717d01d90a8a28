#!/bin/sh
# Faults in application code end the process with the Linux signal; the
# kernel survives (init reports the status afterwards).  That includes a
# signal handler at, and a sigreturn to, a non-canonical address, a heap
# corruption that the C library's malloc finds (musl crashes with ud2:
# SIGILL; glibc aborts), a jump to a user-half page, writes to read-only
# pages of the kernel image, int3 without a handler, and read() into the
# kernel image (EFAULT).
# All of it with the protections on: SMAP and SMEP (the runner's CPU
# model) and PTI forced with pti=on (tests/24-protections.t shows that
# this puts PTI in force on this model).  With each C library.
. "$(dirname "$0")/lib.sh"

# glibc's malloc finds the heap corruption itself and aborts (SIGABRT).
for libc in $(test_libcs); do
	heap=heap:4:SIGILL
	[ "$libc" = musl ] || heap=heap:6:SIGABRT
	for case in null:11:SIGSEGV div0:8:SIGFPE abort:6:SIGABRT badhandler:11:SIGSEGV badsigreturn:11:SIGSEGV $heap ud2:4:SIGILL \
		jumpuser:11:SIGSEGV rodata:11:SIGSEGV ktext:11:SIGSEGV int3:5:SIGTRAP; do
		what=${case%%:*} rest=${case#*:}
		sig=${rest%%:*} name=${rest#*:}
		out=$O/test-faults-$what-$libc.out
		run_make "$out" APP=tests/apps/faults LIBC=$libc ARGS="$what" KERNEL_ARGS=pti=on TIMEOUT=120 run
		like "$out" "^ukl-init: application killed by signal $sig\$" "$libc: faults $what: the application dies with $name"
		is "$(cat "$O/run-faults.status" 2>/dev/null)" "$((128 + sig))" "$libc: faults $what: the host sees status 128+$sig"
		guest_survived "$out"
		no_oops "$out" "$libc: faults $what"
	done

	# read() into the kernel image is an EFAULT, not a fault.
	out=$O/test-faults-kread-$libc.out
	run_make "$out" APP=tests/apps/faults LIBC=$libc ARGS=kread KERNEL_ARGS=pti=on TIMEOUT=120 run
	like "$out" '^faults: read\(\) into the kernel image: -1, Bad address$' "$libc: faults kread: read() into the kernel image fails with EFAULT"
	is "$(cat "$O/run-faults.status" 2>/dev/null)" 0 "$libc: faults kread: the application goes on and exits 0"
	no_oops "$out" "$libc: faults kread"
done
done_testing
