#!/bin/sh
# posix_spawn/vfork + execve of a normal program from a UKL application,
# and fork(), which fails cleanly; with each C library.
. "$(dirname "$0")/lib.sh"
for libc in $(test_libcs); do
	run_app_test tests/apps/spawn LIBC=$libc TIMEOUT=120
	like "$app_out" '^ukl-normal: cs=0x33 cpl=3$' "$libc: the spawned program runs in ring 3 (CS 0x33)"
	# Every normal program it started on the console, spawned or
	# vfork'ed, ran on the stock IDT: the exits with 42 and 7, the one that
	# waits for it, the tracer and the exec in between (the guard writes
	# into a pipe).
	n=$(grep -c '^ukl-normal: idt=stock$' "$app_out")
	is "$n" 5 "$libc: its 5 normal children report the stock IDT on their CPU"
	unlike "$app_out" '^ukl-normal: .*idt=[^s]' "$libc: and none another IDT"
	like "$app_out" '^ukl-normal: after waiting for a UKL parent, idt=stock$' \
		"$libc: a normal child the CPU switched to from the application has the stock IDT"
	like "$app_out" '^ukl-init: /proc/ukl: ukl_idt_this_cpu stock$' \
		"$libc: so does init, after the application exited"
done
done_testing
