#!/bin/sh
# posix_spawn/vfork + execve of a normal program from a UKL application,
# and fork(), which fails cleanly; with each C library.
. "$(dirname "$0")/lib.sh"
for libc in $(test_libcs); do
	run_app_test tests/apps/spawn LIBC=$libc TIMEOUT=120
	like "$app_out" '^ukl-normal: cs=0x33 cpl=3$' "$libc: the spawned program runs in ring 3 (CS 0x33)"
done
done_testing
