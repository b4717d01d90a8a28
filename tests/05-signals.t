#!/bin/sh
# tests/apps/signals as a UKL application (see its source for what it checks).
. "$(dirname "$0")/lib.sh"
out=$O/test-signals.out

run_make "$out" APP=tests/apps/signals SMP=1 TIMEOUT=120 run
is "$status" 0 "make run APP=tests/apps/signals succeeds"
[ "$status" -eq 0 ] || grep -v '^  [A-Z]' "$out" | tail -n 20 | sed 's/^/#   /'
app_tap "$out"
guest_survived "$out"
done_testing
