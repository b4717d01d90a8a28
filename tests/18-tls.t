#!/bin/sh
# Thread-local variables (tests/apps/tls): the application and an archive
# member it links (lib/tlsdep.c as libtlsdep.a) are compiled and linked by
# ukl-cc, the program is booted with make run APP=PROGRAM, and the kernel
# describes the TLS template to the C library with a PT_TLS program header;
# with each C library.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for libc in $(test_libcs); do
	pfx= tag=
	[ "$libc" = musl ] || pfx="$libc: " tag=-$libc
	run_make "$tmp/ukl-cc.log" LIBC=$libc ukl-cc
	is "$status" 0 "${pfx}make LIBC=$libc ukl-cc builds the driver and its runtime"
	cc=$O/bin/ukl-cc$tag
	rm -rf "$tmp/out" "$tmp"/*.o "$tmp"/*.a
	$cc -O2 -Wall -c -o "$tmp/tlsdep.o" tests/apps/tls/lib/tlsdep.c && ar rcs "$tmp/libtlsdep.a" "$tmp/tlsdep.o"
	ok $? "${pfx}ukl-cc -c and ar make libtlsdep.a"
	$cc -O2 -Wall -c -o "$tmp/main.o" tests/apps/tls/main.c
	ok $? "${pfx}ukl-cc -c compiles main.c"
	mkdir -p "$tmp/out"
	$cc -o "$tmp/out/tls" "$tmp/main.o" -L"$tmp" -ltlsdep -lpthread 2>"$tmp/link.err"
	ok $? "${pfx}ukl-cc links main.o with -ltlsdep -lpthread"
	[ -s "$tmp/link.err" ] && sed 's/^/#   /' "$tmp/link.err"

	# The template is in the kernel image, local-exec offsets resolved by
	# the final link.
	readelf -SW "$tmp/out/tls" >"$tmp/sections"
	like "$tmp/sections" ' \.ukl\.tdata +PROGBITS .* WAT ' "${pfx}the program keeps its initialised TLS template (.ukl.tdata)"
	like "$tmp/sections" ' \.ukl\.tbss +NOBITS .* WAT ' "${pfx}and its zeroed one (.ukl.tbss)"
	objdump -dr "$tmp/out/tls" | grep -c 'R_X86_64_TPOFF32' >"$tmp/tpoff"
	[ "$(cat "$tmp/tpoff")" -gt 10 ]
	ok $? "${pfx}its TLS accesses are local-exec %fs offsets ($(cat "$tmp/tpoff") R_X86_64_TPOFF32)"

	app_out=$O/test-tls$tag.out
	run_make "$app_out" APP="$tmp/out/tls" LIBC=$libc SMP=2 TIMEOUT=120 run
	is "$status" 0 "${pfx}make run APP=PROGRAM boots the program ukl-cc linked"
	[ "$status" -eq 0 ] || grep -v '^  [A-Z]' "$app_out" | tail -n 20 | sed 's/^/#   /'
	app_tap "$app_out" "$pfx"
	guest_survived "$app_out"
	no_oops "$app_out" "${pfx}TLS"
done

done_testing
