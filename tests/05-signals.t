#!/bin/sh
# tests/apps/signals as a UKL application (its source says what it checks).
. "$(dirname "$0")/lib.sh"
run_app_test tests/apps/signals SMP=1 TIMEOUT=120
done_testing
