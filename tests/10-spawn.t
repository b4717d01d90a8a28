#!/bin/sh
# posix_spawn/vfork + execve of a normal program from a UKL application,
# and fork(), which fails cleanly.
. "$(dirname "$0")/lib.sh"
out=$O/test-spawn.out

run_make "$out" APP=tests/apps/spawn TIMEOUT=120 run
is "$status" 0 "make run APP=tests/apps/spawn succeeds"
app_tap "$out"
like "$out" '^ukl-normal: cs=0x33 cpl=3$' "the spawned program runs in ring 3 (CS 0x33)"
guest_survived "$out"
done_testing
