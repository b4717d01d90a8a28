#!/bin/sh
# KASLR stays on in the UKL kernel: two boots of hello load the kernel,
# and the application linked into it, at two different addresses, and
# the application works on both (relocated with the kernel).
. "$(dirname "$0")/lib.sh"
plan 7
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

grep -q '^CONFIG_RANDOMIZE_BASE=y$' "$O/kernel-ukl/.config"
ok $? "the UKL kernel is built with CONFIG_RANDOMIZE_BASE"
linked=$(nm "$O/kernel-ukl/vmlinux" | awk '$3 == "__ukl_main" { print "0x" $1 }')
for i in 1 2; do
	run_make "$tmp/boot$i.log" APP=apps/hello run
	is "$status" 0 "boot $i: hello runs"
	sed -n 's/^hello: main at \(0x[0-9a-f]*\)$/\1/p' "$tmp/boot$i.log" >"$tmp/addr$i"
done
a1=$(cat "$tmp/addr1") a2=$(cat "$tmp/addr2")
diag "main() linked at $linked, at $a1 in boot 1, at $a2 in boot 2"
[ -n "$a1" ] && [ -n "$a2" ] && [ "$a1" != "$a2" ]
ok $? "the two boots put the application at different addresses"
[ -n "$a1" ] && [ "$a1" != "$linked" ] || [ "$a2" != "$linked" ]
ok $? "at least one of them is not the link-time address"
like "$tmp/boot1.log" '^hello: cs=0x10 cpl=0$' "boot 1: in ring 0"
like "$tmp/boot2.log" '^hello: cs=0x10 cpl=0$' "boot 2: in ring 0"
done_testing
