#!/bin/sh
# Changing only the application relinks vmlinux; it recompiles nothing of
# the kernel (vmlinux.o and vmlinux.a stay as they are).  The time it takes
# is reported, not asserted: this is not a benchmark.
. "$(dirname "$0")/lib.sh"
plan 5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run_make "$tmp/first.log" APP=apps/hello run
is "$status" 0 "hello is built and runs"
kdir=$O/kernel-ukl
before=$(stat -c %Y "$kdir/vmlinux.o" "$kdir/vmlinux.a" | tr '\n' ' ')

mkdir "$tmp/hello"
sed 's/Hello from a UKL application!/Hello again, from a changed application!/' apps/hello/hello.c >"$tmp/hello/hello.c"
sleep 1
start=$(date +%s)
run_make "$tmp/second.log" APP="$tmp/hello" run
elapsed=$(( $(date +%s) - start ))
is "$status" 0 "the changed application builds and runs"
like "$tmp/second.log" '^Hello again, from a changed application!$' "the new code is what runs"
is "$(stat -c %Y "$kdir/vmlinux.o" "$kdir/vmlinux.a" | tr '\n' ' ')" "$before" \
	"vmlinux.o and vmlinux.a were not rebuilt"
unlike "$tmp/second.log" '^  CC +(kernel|mm|fs|arch/x86/(kernel|entry|mm))/' "no kernel source was recompiled"
diag "application change to booted and finished guest: ${elapsed} s"

done_testing
