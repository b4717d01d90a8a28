#!/bin/sh
# The system call bypass (tests/apps/bypass says what it checks), on one
# CPU so that the spinning threads must be preempted; then the same
# application's calls with UKL_BYPASS=1 on the kernel command line, which
# init passes on in the environment: ukl-lib turns the bypass on before
# main(), and the table must still match.
. "$(dirname "$0")/lib.sh"
run_app_test tests/apps/bypass SMP=1 TIMEOUT=120
like "$app_out" '^ukl-init: /proc/ukl: ukl_syscalls_bypassed [1-9][0-9]*$' "init's /proc/ukl shows bypassed calls"
like "$app_out" '^ukl-init: /proc/ukl: ukl_syscalls_full_path [1-9][0-9]*$' "and full-path ones"
no_oops "$app_out" "the bypass test"

out=$O/test-bypass-env.out
run_make "$out" APP=tests/apps/bypass SMP=1 TIMEOUT=120 ARGS=env KERNEL_ARGS=UKL_BYPASS=1 run
is "$status" 0 "make run APP=tests/apps/bypass ARGS=env KERNEL_ARGS=UKL_BYPASS=1 succeeds"
app_tap "$out"
done_testing
