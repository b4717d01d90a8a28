#!/bin/sh
# make bench BENCH_PROFILE=1's report: scripts/bench/profile.sh turns the
# plugin's per-address counts into instructions per call and kernel
# symbol, undoing KASLR from the _text address ukl-init printed.  Made-up
# inputs and a small ELF image with kernel-half symbols, no guest.
. "$(dirname "$0")/lib.sh"
plan 10
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# An "image" whose text is at the kernel's link address: _text, then two
# functions 16 bytes apart.
cat >"$tmp/k.s" <<'ASM'
	.text
	.globl _text, f_one, f_two, _start
_text:
_start:
	.skip 16
f_one:
	.skip 16
f_two:
	.skip 16
ASM
gcc -nostdlib -static -no-pie -Wl,-Ttext=0xffffffff81000000 -Wl,--build-id=none \
	-o "$tmp/vmlinux" "$tmp/k.s" 2>"$tmp/ld.err"
is "$?" 0 "a test image with kernel-half symbols links" || diag "$(cat "$tmp/ld.err")"

# Row a booted at the link address, row b 0x2e400000 higher (KASLR).  Op 0
# is getppid, 2 calls per region and 10 regions.
mk() {	# LABEL TEXT
	printf 'ukl-init: kernel text: _text=%s\r\nbench-mark: id=0 op=getppid calls=2\n' "$2" >"$tmp/log-$1.txt"
	echo "id=0 regions=10 syscall=10" >"$tmp/costly-$1.txt"
}
mk a ffffffff81000000
mk b ffffffffaf400000
# a: 40 in f_one (2 per call), 20 in user code; b: the same, plus 20 in f_two.
printf '0 ffffffff81000010 40\n0 401000 20\n' >"$tmp/pcs-a.txt"
printf '0 ffffffffaf400014 40\n0 401000 20\n0 ffffffffaf400020 20\n' >"$tmp/pcs-b.txt"
sh scripts/bench/profile.sh "$tmp" a="$tmp/vmlinux" b="$tmp/vmlinux" 2>"$tmp/err"
is "$?" 0 "profile.sh: exit status 0"
like "$tmp/profile.md" '^### getppid$' "a section per operation"
like "$tmp/profile.md" '^\| \*\*total\*\* \| 3\.0 \| 4\.0 \|$' "totals per call: 60 and 80 instructions over 10 regions of 2 calls"
like "$tmp/profile.md" '^\| f_one \| 2\.0 \| 2\.0 \|$' "KASLR undone: row b's f_one addresses resolve to f_one"
like "$tmp/profile.md" '^\| f_two \| 0\.0 \| 1\.0 \|$' "a symbol only one row executes"
like "$tmp/profile.md" '^\| \[user\] \| 1\.0 \| 1\.0 \|$' "user addresses are [user]"
# The biggest difference comes first.
first=$(grep -A3 '^| \*\*total' "$tmp/profile.md" | sed -n 2p)
is "$first" "| f_two | 0.0 | 1.0 |" "the symbol that differs most is listed first"

# A row without the _text line is left out and named, not resolved wrongly.
sed -i '/kernel text/d' "$tmp/log-b.txt"
sh scripts/bench/profile.sh "$tmp" a="$tmp/vmlinux" b="$tmp/vmlinux" 2>"$tmp/err"
like "$tmp/err" 'b: no kernel text address' "a row without its _text address is named on stderr"

# A plugin whose table filled up says so, and the report says the row is incomplete.
mk b ffffffffaf400000
printf '# lost 7 executions of new addresses: table full\n' >>"$tmp/pcs-b.txt"
sh scripts/bench/profile.sh "$tmp" a="$tmp/vmlinux" b="$tmp/vmlinux" 2>"$tmp/err"
like "$tmp/profile.md" '^\*\*Incomplete:\*\* b.s counts lost 7 executions' "a full address table marks the row incomplete"
