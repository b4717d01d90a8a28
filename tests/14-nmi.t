#!/bin/sh
# NMIs that interrupt application code return to it with every register
# intact: the kernel (ukl_nmi_test) sends NMIs to CPU 0 about once a
# millisecond while the application checks its registers in a loop there.
# With each C library.
. "$(dirname "$0")/lib.sh"

for libc in $(test_libcs); do
	run_app_test tests/apps/nmi LIBC=$libc SMP=2 KERNEL_ARGS=ukl_nmi_test TIMEOUT=300
	no_oops "$app_out" "$libc: NMI test" Uhhuh
done
done_testing
