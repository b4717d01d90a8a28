#!/bin/sh
# posix_spawn/vfork + execve of a normal program from a UKL application,
# and fork(), which fails cleanly.
. "$(dirname "$0")/lib.sh"
run_app_test tests/apps/spawn TIMEOUT=120
like "$app_out" '^ukl-normal: cs=0x33 cpl=3$' "the spawned program runs in ring 3 (CS 0x33)"
done_testing
