#!/bin/sh
# Bad input stops with one clear error line naming the problem and the fix,
# a non-zero exit, and no output that looks complete.
. "$(dirname "$0")/lib.sh"
plan 28
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# one_error LOG WHAT: exactly one "error:" line, and it matches WHAT.
one_error() {
	is "$(grep -c '^error: ' "$1")" 1 "$2: exactly one error line"
	like "$1" "^error: .*$3" "$2: the line says what is wrong"
}

run_make "$tmp/missing.log" APP=apps/no-such-app run
[ "$status" -ne 0 ]; ok $? "APP pointing at nothing fails"
one_error "$tmp/missing.log" "missing app" "APP=apps/no-such-app is not a directory"

mkdir "$tmp/broken"
printf 'int main(void) { return undeclared_variable; }\n' >"$tmp/broken/main.c"
run_make "$tmp/broken.log" APP="$tmp/broken" run
[ "$status" -ne 0 ]; ok $? "an application that does not compile fails"
one_error "$tmp/broken.log" "compile error" "main.c does not compile"
! ls "$O"/app/broken-*/main.o "$O"/app/broken-*/app.o "$O/initramfs-broken.cpio" >/dev/null 2>&1
ok $? "no object, application object or initramfs is left for it"

mkdir "$tmp/unresolved"
printf 'void not_defined_anywhere(void);\nint main(void) { not_defined_anywhere(); return 0; }\n' >"$tmp/unresolved/main.c"
run_make "$tmp/unresolved.log" APP="$tmp/unresolved" run
[ "$status" -ne 0 ]; ok $? "an application with an undefined symbol fails at the link"
one_error "$tmp/unresolved.log" "undefined symbol" "not_defined_anywhere"

mkdir "$tmp/spin"
printf 'int main(void) { for (volatile int x = 0;; x++) ; }\n' >"$tmp/spin/main.c"
run_make "$tmp/spin.log" APP="$tmp/spin" TIMEOUT=25 run
[ "$status" -ne 0 ]; ok $? "a guest that never exits is stopped"
one_error "$tmp/spin.log" "hung guest" "did not finish within 25 s"

# A tool missing from PATH: qemu-system-x86_64 is not in this one.
mkdir "$tmp/bin"
for t in sh dirname; do ln -s "$(command -v $t)" "$tmp/bin/$t"; done
PATH=$tmp/bin sh scripts/run-qemu.sh --kernel "$O/kernel-ukl/arch/x86/boot/bzImage" \
	--initrd "$O/initramfs-hello.cpio" >"$tmp/tool.log" 2>&1
[ $? -ne 0 ]; ok $? "a missing QEMU fails before anything runs"
one_error "$tmp/tool.log" "missing tool" "missing tool 'qemu-system-x86_64'; install it with: apt-get install qemu-system-x86"

UKL_MUSL_DEB_VERSION=0.0-no-such-version sh scripts/fetch-musl.sh "$tmp/dl" >"$tmp/pkg.log" 2>&1
[ $? -ne 0 ] && [ ! -e "$tmp/dl/musl_1.2.3.orig.tar.gz" ]
ok $? "an unreachable package fails and leaves no tarball"
one_error "$tmp/pkg.log" "unreachable package" "cannot download the Debian source package musl=0.0-no-such-version"

# A guest CPU count that is not one, application arguments the kernel
# command line cannot carry, and an unknown TCG threading: refused
# before anything is built or booted.
run_make "$tmp/smp.log" APP=apps/hello SMP=two run
[ "$status" -ne 0 ]; ok $? "make run SMP=two fails"
one_error "$tmp/smp.log" "SMP=two" "SMP=two is not a number of CPUs"
run_make "$tmp/quote.log" APP=apps/hello ARGS='say "hi"' run
[ "$status" -ne 0 ]; ok $? "make run ARGS with quotes fails"
one_error "$tmp/quote.log" "ARGS with quotes" "ARGS has a quote or backtick or backslash; it goes through the kernel command line"
UKL_TCG_THREAD=many sh scripts/run-qemu.sh --kernel "$O/kernel-ukl/arch/x86/boot/bzImage" \
	--initrd "$O/initramfs-hello.cpio" --smp 2 >"$tmp/thread.log" 2>&1
[ $? -ne 0 ]; ok $? "UKL_TCG_THREAD=many fails"
one_error "$tmp/thread.log" "UKL_TCG_THREAD=many" "UKL_TCG_THREAD=many: write UKL_TCG_THREAD=single"

done_testing
