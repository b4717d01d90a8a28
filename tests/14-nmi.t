#!/bin/sh
# NMIs that interrupt application code return to it with every register
# intact: the kernel (ukl_nmi_test) sends NMIs to CPU 0 about once a
# millisecond while the application checks its registers in a loop there.
. "$(dirname "$0")/lib.sh"

run_app_test tests/apps/nmi SMP=2 KERNEL_ARGS=ukl_nmi_test TIMEOUT=300
no_oops "$app_out" "NMI test" Uhhuh
done_testing
