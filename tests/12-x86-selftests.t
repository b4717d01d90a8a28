#!/bin/sh
# Normal processes on the UKL kernel behave exactly as on the stock kernel,
# and the patched tree with CONFIG_UNIKERNEL_LINUX off behaves exactly as
# stock: the kernel's own x86 selftests that apply to 64-bit processes run
# as normal processes and must end the same way, with page-table isolation
# forced on (pti=on) and off (pti=off):
#   stock and UKL kernel under pti=on, stock and UKL kernel under pti=off,
#   and the kernel with UKL off under pti=on.
# Each boot reports whether PTI really was in force (the pti flag in
# /proc/cpuinfo, printed by run-selftests).
. "$(dirname "$0")/lib.sh"

run_make "$O/test-selftests-build.out" x86-selftests
is "$status" 0 "the x86 selftests, their initramfs and the three kernels build"

# boot NAME KERNEL PTI [PROGRAM]: one run of the selftests (or of one of
# them), its console in $O/selftests-NAME.log.
boot() {
	sh scripts/run-qemu.sh --kernel "$O/kernel-$2/arch/x86/boot/bzImage" \
		--initrd "$O/initramfs-selftests.cpio" --append "ukl_exec=/bin/run-selftests pti=$3" \
		${4:+--args "$4"} --timeout 900 --log "$O/selftests-$1.log" >"$O/test-selftests-$1.out" 2>&1
}

for run in stock:on ukl:on off:on stock:off ukl:off; do
	k=${run%%:*} pti=${run#*:}
	boot "$k-pti$pti" "$k" "$pti"
	ok $? "$k kernel, pti=$pti: the selftest run finished"
	like "$O/selftests-$k-pti$pti.log" "^selftests pti: $pti\$" "$k kernel, pti=$pti: PTI is $pti for these processes"
	grep '^selftest ' "$O/selftests-$k-pti$pti.log" | sort >"$O/selftests-$k-pti$pti.results"
done

# fail_lines LOG NAME: the [FAIL] lines NAME printed (its output comes just
# before its result line).
fail_lines() {
	awk -v n="$2" '/^selftest / { if ($2 == n) { for (i = 0; i < k; i++) print buf[i]; exit } k = 0; next }
		/FAIL/ { buf[k++] = $0 }' "$1" | head -n 10 | sed 's/^/#   /'
}

# result LOG NAME: NAME's result line in LOG (exit=N, signal=N, timeout).
result() {
	awk -v n="$2" '$1 == "selftest" && $2 == n { print $3 }' "$1"
}

# same_as_stock K PTI WHAT: every selftest ends on kernel K as on stock,
# both under pti=PTI.
same_as_stock() {
	base=$O/selftests-stock-pti$2.results
	is "$(grep -c '^selftest ' "$O/selftests-$1-pti$2.results")" "$(grep -c '^selftest ' "$base")" \
		"$3, pti=$2, ran as many selftests as stock"
	while read -r _ name want; do
		got=$(result "$O/selftests-$1-pti$2.results" "$name")
		if [ "$got" != "$want" ]; then
			# Say what failed, then run that one program once more on
			# both kernels: the same result on both is a match (one of
			# the first two results was a fluke), different ones fail.
			diag "$name: stock $want, $1 ${got:-missing} (pti=$2); the [FAIL] lines:"
			fail_lines "$O/selftests-stock-pti$2.log" "$name"
			fail_lines "$O/selftests-$1-pti$2.log" "$name"
			boot "stock-pti$2-rerun" stock "$2" "$name"
			boot "$1-pti$2-rerun" "$1" "$2" "$name"
			want=$(result "$O/selftests-stock-pti$2-rerun.log" "$name")
			got=$(result "$O/selftests-$1-pti$2-rerun.log" "$name")
			diag "$name: rerun: stock ${want:-no result}, $1 ${got:-no result}"
			fail_lines "$O/selftests-$1-pti$2-rerun.log" "$name"
		fi
		is "$got" "$want" "$name: the same on $3 as on stock, pti=$2 ($want)"
	done <"$base"
}

same_as_stock ukl on "the UKL kernel"
same_as_stock ukl off "the UKL kernel"
same_as_stock off on "the patched kernel with UKL off"

# The entry from user space switches to the kernel's page tables in C
# (kernel patch 42), and the disassembly shows it: the SYSCALL entry up to
# entry_SYSCALL_64_safe_stack, where it has its stack, writes no CR3 of
# its own but calls entry_switch_to_kernel(), which writes CR3 and lies in
# .entry.text, the kernel text the user page tables map.
# entry_switch VMLINUX: the three facts, one per line.
entry_switch() {
	objdump -d --no-show-raw-insn --disassemble=entry_SYSCALL_64 "$1" >"$O/entry-syscall.dis" 2>&1
	objdump -d --no-show-raw-insn --disassemble=entry_switch_to_kernel "$1" >"$O/entry-switch.dis" 2>&1
	echo "cr3 writes in the syscall gap: $(grep -c ',%cr3$' "$O/entry-syscall.dis")"
	echo "calls of entry_switch_to_kernel there: $(grep -c 'call .*<entry_switch_to_kernel>' "$O/entry-syscall.dis")"
	nm "$1" | awk '$3 == "__entry_text_start" { s = $1 } $3 == "__entry_text_end" { e = $1 }
		$3 == "entry_switch_to_kernel" { f = $1 }
		END { print "entry_switch_to_kernel in .entry.text: " (f != "" && f >= s && f < e ? "yes" : "no") }'
}
entry_switch "$O/kernel-ukl/vmlinux" >"$O/entry-switch.txt"
is "$(cat "$O/entry-switch.txt")" "cr3 writes in the syscall gap: 0
calls of entry_switch_to_kernel there: 1
entry_switch_to_kernel in .entry.text: yes" "the UKL kernel's SYSCALL entry switches CR3 in C, in text the user page tables map"
like "$O/entry-switch.dis" ',%cr3$' "entry_switch_to_kernel() writes CR3"
for pti in on off; do
	passed=$(grep -c ' exit=0$' "$O/selftests-stock-pti$pti.results")
	diag "pti=$pti: $passed of $(wc -l <"$O/selftests-stock-pti$pti.results") selftests pass on the stock kernel under this QEMU CPU model"
done
done_testing
