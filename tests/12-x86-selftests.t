#!/bin/sh
# Normal processes on the UKL kernel behave exactly as on the stock kernel,
# and the patched tree with CONFIG_UNIKERNEL_LINUX off behaves exactly as
# stock: the kernel's own x86 selftests that apply to 64-bit processes run
# as normal processes on the three kernels and must end the same way.
. "$(dirname "$0")/lib.sh"

run_make "$O/test-selftests-build.out" x86-selftests
is "$status" 0 "the x86 selftests, their initramfs and the three kernels build"

for k in stock ukl off; do
	sh scripts/run-qemu.sh --kernel "$O/kernel-$k/arch/x86/boot/bzImage" \
		--initrd "$O/initramfs-selftests.cpio" --append "ukl_exec=/bin/run-selftests" \
		--timeout 900 --log "$O/selftests-$k.log" >"$O/test-selftests-$k.out" 2>&1
	ok $? "$k kernel: the selftest run finished"
	grep '^selftest ' "$O/selftests-$k.log" | sort >"$O/selftests-$k.results"
done

stock_n=$(grep -c '^selftest ' "$O/selftests-stock.results")
# fail_lines LOG NAME: the [FAIL] lines NAME printed (its output comes just
# before its result line).
fail_lines() {
	awk -v n="$2" '/^selftest / { if ($2 == n) { for (i = 0; i < k; i++) print buf[i]; exit } k = 0; next }
		/FAIL/ { buf[k++] = $0 }' "$1" | head -n 10 | sed 's/^/#   /'
}

# same_as_stock K WHAT: every selftest ends on kernel K as on stock.
same_as_stock() {
	is "$(grep -c '^selftest ' "$O/selftests-$1.results")" "$stock_n" \
		"$2 ran the same number of selftests as stock ($stock_n)"
	while read -r _ name result; do
		got=$(awk -v n="$name" '$2 == n { print $3 }' "$O/selftests-$1.results")
		if [ "$got" != "$result" ]; then
			# Say what failed, then run that one program once more on
			# kernel K: a second mismatch is a failure, a match is reported.
			diag "$name: stock $result, $1 ${got:-missing}; its [FAIL] lines there:"
			fail_lines "$O/selftests-$1.log" "$name"
			sh scripts/run-qemu.sh --kernel "$O/kernel-$1/arch/x86/boot/bzImage" \
				--initrd "$O/initramfs-selftests.cpio" --append "ukl_exec=/bin/run-selftests" \
				--args "$name" --timeout 300 --log "$O/selftests-$1-rerun.log" >/dev/null 2>&1
			rerun=$(awk -v n="$name" '$1 == "selftest" && $2 == n { print $3 }' "$O/selftests-$1-rerun.log")
			diag "$name: rerun on $1: ${rerun:-no result}"
			fail_lines "$O/selftests-$1-rerun.log" "$name"
			[ "$rerun" = "$result" ] && got=$rerun
		fi
		is "$got" "$result" "$name: the same on $2 as on stock ($result)"
	done <"$O/selftests-stock.results"
}

same_as_stock ukl "the UKL kernel"
same_as_stock off "the patched kernel with UKL off"
passed=$(grep -c ' exit=0$' "$O/selftests-stock.results")
diag "$passed of $stock_n selftests pass on the stock kernel under this QEMU CPU model"
done_testing
