#!/bin/sh
# The kernel's protections stay on while a UKL application runs in ring 0
# (tests/apps/protect says what the application checks).  Three boots:
#  - the default CPU model (QEMU's qemu64 with SMEP and SMAP, an AMD model)
#    with pti=on forced;
#  - the same with clearcpuid=smap,smep pti=off (Linux 6.1 has no nosmap or
#    nosmep any more): the LKDTM checks must now see the protections
#    missing, which shows they can fail;
#  - an Intel model (Broadwell-noTSX), on which the kernel turns PTI on by
#    itself, as on most Intel hardware before 2019.
. "$(dirname "$0")/lib.sh"

# boot NAME "APP ARGS" "KERNEL ARGS" [CPU]: one boot, its TAP passed on.
boot() {
	out=$O/test-protect-$1.out
	UKL_CPU=${4:-} run_make "$out" APP=tests/apps/protect ARGS="$2" KERNEL_ARGS="$3" TIMEOUT=240 run
	is "$status" 0 "$1: make run APP=tests/apps/protect ARGS='$2' KERNEL_ARGS='$3' succeeds"
	[ "$status" -eq 0 ] || grep -v '^  [A-Z]' "$out" | tail -n 20 | sed 's/^/#   /'
	app_tap "$out"
	guest_survived "$out"
	unlike "$out" "double fault|Kernel panic" "$1: no double fault or panic"
	diag "$1: $(grep -m1 '^protect: meltdown:' "$out")"
}

boot pti-on "expect:smap expect:smep expect:pti" "pti=on"
boot unprotected "none" "clearcpuid=smap,smep pti=off"
boot intel "expect:smap expect:smep expect:pti" "" Broadwell-noTSX
like "$O/test-protect-intel.out" '^protect: meltdown: Mitigation: PTI' "intel: the kernel mitigates Meltdown with PTI"
done_testing
