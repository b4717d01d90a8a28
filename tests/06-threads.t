#!/bin/sh
# tests/apps/threads as a UKL application (its source says what it checks).
. "$(dirname "$0")/lib.sh"
run_app_test tests/apps/threads SMP=1 TIMEOUT=120
done_testing
