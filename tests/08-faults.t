#!/bin/sh
# Faults in application code end the process with the Linux signal; the
# kernel survives (init reports the status afterwards).  That includes a
# signal handler at, and a sigreturn to, a non-canonical address, and a
# heap corruption that musl's malloc finds (its crash is ud2: SIGILL).
. "$(dirname "$0")/lib.sh"

for case in null:11:SIGSEGV div0:8:SIGFPE abort:6:SIGABRT badhandler:11:SIGSEGV badsigreturn:11:SIGSEGV heap:4:SIGILL ud2:4:SIGILL; do
	what=${case%%:*} rest=${case#*:}
	sig=${rest%%:*} name=${rest#*:}
	out=$O/test-faults-$what.out
	run_make "$out" APP=tests/apps/faults ARGS="$what" TIMEOUT=120 run
	like "$out" "^ukl-init: application killed by signal $sig\$" "faults $what: the application dies with $name"
	is "$(cat "$O/run-faults.status" 2>/dev/null)" "$((128 + sig))" "faults $what: the host sees status 128+$sig"
	guest_survived "$out"
done
done_testing
