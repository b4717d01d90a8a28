#!/bin/sh
# tests/apps/preempt as a UKL application (its source says what it checks),
# with each C library.
. "$(dirname "$0")/lib.sh"
for libc in $(test_libcs); do
	run_app_test tests/apps/preempt LIBC=$libc SMP=1 TIMEOUT=120
done
done_testing
