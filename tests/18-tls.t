#!/bin/sh
# Thread-local variables (tests/apps/tls): the application and an archive
# member it links (lib/tlsdep.c as libtlsdep.a) are compiled and linked by
# ukl-cc, the program is booted with make run APP=PROGRAM, and the kernel
# describes the TLS template to musl with a PT_TLS program header.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

use_ukl_cc "$tmp/ukl-cc.log"
$cc -O2 -Wall -c -o "$tmp/tlsdep.o" tests/apps/tls/lib/tlsdep.c && ar rcs "$tmp/libtlsdep.a" "$tmp/tlsdep.o"
ok $? "ukl-cc -c and ar make libtlsdep.a"
$cc -O2 -Wall -c -o "$tmp/main.o" tests/apps/tls/main.c
ok $? "ukl-cc -c compiles main.c"
mkdir -p "$tmp/out"
$cc -o "$tmp/out/tls" "$tmp/main.o" -L"$tmp" -ltlsdep -lpthread 2>"$tmp/link.err"
ok $? "ukl-cc links main.o with -ltlsdep -lpthread"
[ -s "$tmp/link.err" ] && sed 's/^/#   /' "$tmp/link.err"

# The template is in the kernel image, local-exec offsets resolved by the
# final link.
readelf -SW "$tmp/out/tls" >"$tmp/sections"
like "$tmp/sections" ' \.ukl\.tdata +PROGBITS .* WAT ' "the program keeps its initialised TLS template (.ukl.tdata)"
like "$tmp/sections" ' \.ukl\.tbss +NOBITS .* WAT ' "and its zeroed one (.ukl.tbss)"
objdump -dr "$tmp/out/tls" | grep -c 'R_X86_64_TPOFF32' >"$tmp/tpoff"
[ "$(cat "$tmp/tpoff")" -gt 10 ]
ok $? "its TLS accesses are local-exec %fs offsets ($(cat "$tmp/tpoff") R_X86_64_TPOFF32)"

app_out=$O/test-tls.out
run_make "$app_out" APP="$tmp/out/tls" SMP=2 TIMEOUT=120 run
is "$status" 0 "make run APP=PROGRAM boots the program ukl-cc linked"
[ "$status" -eq 0 ] || grep -v '^  [A-Z]' "$app_out" | tail -n 20 | sed 's/^/#   /'
app_tap "$app_out"
guest_survived "$app_out"
no_oops "$app_out" "TLS"

done_testing
