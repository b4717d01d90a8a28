#!/bin/sh
# The compiler runtime: libgcc rebuilt from gcc-12-source for the kernel
# code model without the red zone (scripts/build-libgcc.sh).  The same
# program, tests/apps/runtime, runs as a UKL application and as a host
# program linked with Debian's libgcc; every result must be the same bits.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

libgcc=$O/libgcc/libgcc.a
run_make "$tmp/build.log" libgcc
is "$status" 0 "make libgcc builds the runtime"
sh linker/check-redzone.sh "$libgcc" 2>"$tmp/rz"
ok $? "the rebuilt libgcc.a passes the red-zone scanner ($(ar t "$libgcc" | wc -l) objects)"
objdump -dr "$libgcc" | awk '$2 ~ /^R_X86_64_(GOTPCREL|GOTPCRELX|REX_GOTPCRELX|PLT32|64)$/' >"$tmp/relocs"
unlike "$tmp/relocs" 'GOTPCREL' "it is not PIC: no GOT references"
like "$O/versions.txt" '^libgcc: gcc 12\.2\.0 libgcc \(Debian gcc-12-source [^ ]+, headers from gcc-12-plugin-dev [^ ]+\), gcc-12\.2\.0-dfsg\.tar\.xz sha256 [0-9a-f]{64}' \
	"versions.txt records the gcc source package and its checksum"

# gcc's generated headers must come from the compiler that builds: a
# source package of another version stops the build with the fix.
mkdir "$tmp/bin"
cat >"$tmp/bin/dpkg-query" <<'EOF'
#!/bin/sh
case "$*" in
*gcc-12-source*) echo "12.2.0-99" ;;
*) exec /usr/bin/dpkg-query "$@" ;;
esac
EOF
chmod +x "$tmp/bin/dpkg-query"
PATH="$tmp/bin:$PATH" sh scripts/build-libgcc.sh "$tmp/lg" gcc "" >"$tmp/mismatch.out" 2>&1
[ $? -ne 0 ]
ok $? "a gcc-12-source of another version than gcc-12 stops the runtime build"
is "$(grep -c '^error: ' "$tmp/mismatch.out")" 1 "with one error line"
like "$tmp/mismatch.out" '^error: gcc-12-source is 12\.2\.0-99 but the compiler gcc-12 is .*; install the same version: apt-get install gcc-12-source=' \
	"naming both versions and the fix"
[ ! -e "$tmp/lg" ] && [ ! -e "$tmp/lg.tmp" ]
ok $? "and leaving no output"

# The program must really need the runtime: the compiler emitted calls.
out=$O/test-runtime.out
run_make "$out" APP=tests/apps/runtime TIMEOUT=240 run
is "$status" 0 "the runtime test application builds and runs"
[ "$status" -eq 0 ] || grep -v '^  [A-Z]' "$out" | tail -n 20 | sed 's/^/#   /'
like "$out" '^runtime: cpl 0$' "in ring 0 (CS.RPL is 0)"
obj=$(dirname "$(app_obj tests/apps/runtime)")/runtime.o
nm -u "$obj" | awk '{ print $2 }' | grep -E '^__(divmodti4|udivmodti4|floattidf|fixxfti|muldc3|divxc3|powidf2|popcountdi2|extendhfsf2|addtf3|divtf3|mulvdi3|cpu_model)$' >"$tmp/helpers"
is "$(wc -l <"$tmp/helpers" | tr -d ' ')" 13 "the compiled application calls 13 kinds of libgcc helpers"
nm "$O/kernel-ukl/vmlinux" | grep -cE ' t __ukl___(divmodti4|mulxc3|addtf3|truncsfhf2|cpu_indicator_init)$' >"$tmp/linked"
is "$(cat "$tmp/linked")" 5 "vmlinux holds them, namespaced (__ukl___divmodti4, ...)"

# The host build of the same source with Debian's libgcc.
gcc -O2 -o "$tmp/native" tests/apps/runtime/runtime.c 2>"$tmp/native.err"
ok $? "the same source builds on the host"
"$tmp/native" >"$tmp/native.out"
is "$?" 0 "and runs there"
sed -n '/^cpu_supports /,/^runtime: done$/p' "$out" | tr -d '\r' >"$tmp/guest.out"
sed -i '/^runtime: cpl /d' "$tmp/native.out"
is "$(wc -l <"$tmp/guest.out" | tr -d ' ')" "$(wc -l <"$tmp/native.out" | tr -d ' ')" \
	"the guest printed as many results as the host ($(wc -l <"$tmp/native.out" | tr -d ' '))"
diff "$tmp/native.out" "$tmp/guest.out" >"$tmp/diff"
ok $? "every result in ring 0 has the same bits as with Debian's libgcc"
[ -s "$tmp/diff" ] && head -n 10 "$tmp/diff" | sed 's/^/#   /'

# -ftrapv: the overflow check in libgcc aborts, as on the host.
run_make "$O/test-runtime-trapv.out" APP=tests/apps/runtime ARGS=trapv TIMEOUT=120 run
like "$O/test-runtime-trapv.out" '^ukl-init: application killed by signal 6' "an overflowing -ftrapv multiplication aborts the application (SIGABRT)"
no_oops "$O/test-runtime-trapv.out" "the abort"

# The same with the other C libraries: the runtime is shared, its results
# and the -ftrapv abort must be too.
for libc in $(test_libcs); do
	[ "$libc" != musl ] || continue
	out=$O/test-runtime-$libc.out
	run_make "$out" APP=tests/apps/runtime LIBC=$libc TIMEOUT=240 run
	is "$status" 0 "$libc: the runtime test application builds and runs"
	like "$out" '^runtime: cpl 0$' "$libc: in ring 0"
	sed -n '/^cpu_supports /,/^runtime: done$/p' "$out" | tr -d '\r' >"$tmp/guest-$libc.out"
	diff "$tmp/native.out" "$tmp/guest-$libc.out" >"$tmp/diff"
	ok $? "$libc: every result in ring 0 has the same bits as with Debian's libgcc"
	[ -s "$tmp/diff" ] && head -n 10 "$tmp/diff" | sed 's/^/#   /'
	run_make "$O/test-runtime-trapv-$libc.out" APP=tests/apps/runtime LIBC=$libc ARGS=trapv TIMEOUT=120 run
	like "$O/test-runtime-trapv-$libc.out" '^ukl-init: application killed by signal 6' "$libc: an overflowing -ftrapv multiplication aborts the application"
	no_oops "$O/test-runtime-trapv-$libc.out" "$libc: the abort"
done

done_testing
