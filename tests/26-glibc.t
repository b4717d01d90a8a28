#!/bin/sh
# Static glibc as the second C library (LIBC=glibc): its build (pinned
# glibc-source, the kernel-image flags, the UKL series), and what glibc
# does differently from musl, in tests/apps/glibc: the IFUNC variant the
# resolvers pick for the CPU (the baseline on the default CPU model, AVX2
# on QEMU's "max" model), NPTL, stdio, contexts, malloc, and the loading of
# code, which fails with the kernel's reason.  The suite's other test
# applications run with both C libraries (tests 05 to 15).
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run_make "$tmp/build.log" LIBC=glibc glibc
is "$status" 0 "make LIBC=glibc glibc builds static glibc"
[ "$status" -eq 0 ] || tail -n 20 "$tmp/build.log" | sed 's/^/#   /'
libc=$O/sysroot-glibc/lib/libc.a libm=$O/sysroot-glibc/lib/libm.a
like "$O/versions.txt" '^glibc: glibc 2\.36 \(Debian glibc-source [^ ]+\), glibc-2\.36\.tar\.xz sha256 [0-9a-f]{64}, series [0-9a-f]{64} \([0-9]+ patches\)' \
	"versions.txt records the glibc source package, its checksum and the series"
sh linker/check-redzone.sh "$libc" "$libm" 2>"$tmp/rz"
ok $? "libc.a and libm.a pass the red-zone scanner"
[ -s "$tmp/rz" ] && head -n 5 "$tmp/rz" | sed 's/^/#   /'
objdump -d "$libc" "$libm" | grep -E '	(syscall|sysenter|int +\$0x80|hlt)( |$)' >"$tmp/insns"
is "$(wc -l <"$tmp/insns" | tr -d ' ')" 0 "no syscall, sysenter, int \$0x80 or hlt instruction is left in libc.a and libm.a"
calls=$(objdump -dr "$libc" | grep -c 'R_X86_64_PLT32\s*ukl_entry_SYSCALL_64')
[ "$calls" -gt 300 ]
ok $? "libc.a calls ukl_entry_SYSCALL_64 instead ($calls call sites)"
objdump -r "$libc" "$libm" | awk '$2 ~ /^R_X86_64_(GOT|TLSGD|TLSLD|DTPOFF|REX_GOTP)/' >"$tmp/got"
is "$(wc -l <"$tmp/got" | tr -d ' ')" 0 "no GOT or dynamic-TLS relocation: kernel code model, local-exec TLS"

# A glibc-source of another upstream version stops the build with the fix.
mkdir "$tmp/bin"
cat >"$tmp/bin/dpkg-query" <<'EOS'
#!/bin/sh
case "$*" in
*Version*glibc-source*) echo "2.37-1" ;;
*) exec /usr/bin/dpkg-query "$@" ;;
esac
EOS
chmod +x "$tmp/bin/dpkg-query"
rm -rf "$tmp/o" && mkdir -p "$tmp/o" && cp -p "$O/.deps-ok" "$tmp/o/"
PATH="$tmp/bin:$PATH" make -C "$TOP" O="$tmp/o" LIBC=glibc glibc >"$tmp/mismatch.out" 2>&1
[ $? -ne 0 ]
ok $? "a glibc-source of another version stops the glibc build"
is "$(grep -c '^error: ' "$tmp/mismatch.out")" 1 "with one error line"
like "$tmp/mismatch.out" "^error: glibc-source 2\.36 is not installed \(found '2\.37-1'\); run: make deps" "naming the package and the fix"
[ ! -e "$tmp/o/glibc-src" ] && [ ! -e "$tmp/o/sysroot-glibc" ]
ok $? "and leaving no glibc tree or sysroot"

# LIBC= names a C library that exists.
make -C "$TOP" O="$O" LIBC=uclibc app >"$tmp/badlibc.out" 2>&1
[ $? -ne 0 ]
ok $? "LIBC=uclibc is refused"
like "$tmp/badlibc.out" 'LIBC=uclibc is not a C library UKL builds applications with; use LIBC=musl \(the default\) or LIBC=glibc' \
	"with a line naming the choices"

# The compiler driver for glibc: ukl-cc-glibc compiles and links a program
# of its own, with glibc's headers and libc.a.
run_make "$tmp/ukl-cc.log" LIBC=glibc ukl-cc
is "$status" 0 "make LIBC=glibc ukl-cc builds the driver"
cc=$O/bin/ukl-cc-glibc
printf '#include <gnu/libc-version.h>\n#include <stdio.h>\nint main(void) { printf("%%s\\n", gnu_get_libc_version()); return 0; }\n' >"$tmp/v.c"
(cd "$tmp" && "$cc" -O2 -Wall -o v v.c -lm -lpthread -ldl) >"$tmp/cc.out" 2>&1
ok $? "ukl-cc-glibc -o v v.c -lm -lpthread -ldl links"
[ -s "$tmp/cc.out" ] && head -n 5 "$tmp/cc.out" | sed 's/^/#   /'
sh linker/check-app-object.sh "$tmp/v"
ok $? "the output is a UKL application object"
nm "$tmp/v" | grep -q ' __ukl___libc_start_main$'
ok $? "with glibc's __libc_start_main in it"
(cd "$tmp" && "$cc" -o v2 v.c -lresolv) >"$tmp/resolv.out" 2>&1
[ $? -ne 0 ] && [ ! -e "$tmp/v2" ]
ok $? "-lresolv, which this glibc build does not have, fails the link and leaves no output"
like "$tmp/resolv.out" '^error: ukl-cc-glibc: -lresolv: the UKL build of glibc has no libresolv\.a' "with one line saying so"
"$cc" -dumpversion >/dev/null 2>&1
ok $? "ukl-cc-glibc answers -dumpversion as gcc does"

# The glibc application, on the default CPU model and on one with AVX2.
run_app_test tests/apps/glibc LIBC=glibc ARGS=expect-baseline SMP=2 TIMEOUT=180
like "$app_out" '^# cpu: avx2\+bmi2 0 .*strlen variant: sse2$' "default CPU model: the baseline strlen"
like "$app_out" '^# kernel: .*ukl: glibc\[[0-9]+\]: executable mapping refused: a UKL application runs only the code linked into the kernel' \
	"the kernel logged why the loading failed, naming the program"
no_oops "$app_out" "the glibc application"
cp "$app_out" "$O/test-glibc-baseline.out"
UKL_CPU=max run_app_test tests/apps/glibc LIBC=glibc ARGS=expect-avx2 SMP=2 TIMEOUT=180
like "$app_out" '^# cpu: avx2\+bmi2 1 .*strlen variant: avx2$' "CPU model max: the AVX2 strlen"

# The object: glibc's IFUNCs go through the PLT that vmlinux.lds.S places.
app=$(app_obj tests/apps/glibc glibc)
nm "$app" | grep -q ' i __ukl_strlen$'
ok $? "the application object holds strlen as an IFUNC (namespaced __ukl_strlen)"
n=$(readelf -r "$O/kernel-ukl/vmlinux" 2>/dev/null | grep -c R_X86_64_IRELATIV)
[ "${n:-0}" -gt 10 ]
ok $? "vmlinux holds the application's IRELATIVE relocations (${n:-0})"

# make bench LIBC=glibc: every row with glibc, and the report says so.
run_make "$tmp/bench.log" LIBC=glibc bench ITER=200 OPS=getppid,futex_wake RESULTS="$tmp/results"
is "$status" 0 "make LIBC=glibc bench runs"
[ "$status" -eq 0 ] || tail -n 10 "$tmp/bench.log" | sed 's/^/#   /'
res=$(ls -d "$tmp"/results/*-glibc-* 2>/dev/null | head -n 1)
ok $([ -n "$res" ]; echo $?) "its results folder is named for glibc (${res##*/})"
like "$res/results.md" '^\*\*Status: ok\*\*' "every row and operation succeeded"
like "$res/results.md" '^- libc: glibc 2\.36 in every row: stock-normal and ukl-normal are linked with Debian.s static glibc' \
	"the report says which libc each row used"
cells=$(grep '^| getppid |' "$res/results.md" | grep -o '[0-9][0-9.]* ([0-9.]*)' | wc -l)
is "$cells" 4 "getppid has a measurement in each of the 4 rows"
# (the rows of the main table; the costly-instruction table has its own)
is "$(grep -c '^| \(getppid\|futex_wake\) | [0-9][0-9.]* (' "$res/results.md")" 2 "both operations are in the table"
done_testing
