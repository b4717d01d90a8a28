#!/bin/sh
# apps/hello, end to end: built with the patched musl, linked into vmlinux,
# booted under QEMU, running in ring 0 with its system calls through
# ukl_entry_SYSCALL_64; then the same with the patched glibc (LIBC=glibc).
. "$(dirname "$0")/lib.sh"
out=$O/test-hello.out

run_make "$out" APP=apps/hello run
is "$status" 0 "make run APP=apps/hello succeeds"
[ "$status" -eq 0 ] || tail -n 30 "$out" | sed 's/^/#   /'

like "$out" '^  QEMU .*accel (kvm|tcg) \(' "the runner says which accelerator it used"
like "$out" '^Hello from a UKL application!$' "the greeting reaches the console"

cs=$(sed -n 's/^hello: cs=\(0x[0-9a-f]*\) .*/\1/p' "$out")
is "$cs" "0x10" "the application runs with CS = __KERNEL_CS (0x10), i.e. CPL 0"

cr0=$(sed -n 's/^hello: cr0=\(0x[0-9a-f]*\)$/\1/p' "$out")
[ -n "$cr0" ] && [ $(( cr0 & 0x80000001 )) -eq $(( 0x80000001 )) ]
ok $? "the privileged read of CR0 succeeded (got ${cr0:-nothing}; PE and PG set)"

write_calls=$(sed -n 's/^ukl-init: \/proc\/ukl: ukl_syscall 1 \([0-9]*\)$/\1/p' "$out")
[ "${write_calls:-0}" -ge 1 ]
ok $? "the kernel counted write() through ukl_entry_SYSCALL_64 (${write_calls:-0} calls)"

total=$(sed -n 's/^ukl-init: \/proc\/ukl: ukl_syscalls_total \([0-9]*\)$/\1/p' "$out")
[ "${total:-0}" -gt 0 ]
ok $? "the kernel's UKL syscall counter is above zero (${total:-0})"

like "$out" '^ukl-init: application exited with status 0$' "init saw the application exit with status 0"
is "$(cat "$O/run-hello.status" 2>/dev/null)" 0 "the status reached the host"

# The syscall path, from the machine code: the object linked into vmlinux
# calls ukl_entry_SYSCALL_64 and holds no system call instruction.
# syscall_path OBJECT MIN PREFIX
syscall_path() {
	_calls=$(objdump -dr "$1" | grep -c 'R_X86_64_PLT32\s*ukl_entry_SYSCALL_64\|R_X86_64_PC32\s*ukl_entry_SYSCALL_64')
	[ "$_calls" -gt "$2" ]
	ok $? "${3}the application object calls ukl_entry_SYSCALL_64 ($_calls call sites)"
	objdump -d "$1" | grep -Eq '	(syscall|sysenter|int +\$0x80)( |$)'
	[ $? -ne 0 ]
	ok $? "${3}the application object contains no syscall/sysenter/int \$0x80"
}
syscall_path "$(app_obj apps/hello)" 0 ""

nm "$O/kernel-ukl/vmlinux" | grep -q ' T ukl_app_entry$'
ok $? "vmlinux contains the application's entry point"

# The same program with glibc: nothing in it changes.
for libc in $(test_libcs); do
	[ "$libc" != musl ] || continue
	out=$O/test-hello-$libc.out
	run_make "$out" APP=apps/hello LIBC=$libc run
	is "$status" 0 "$libc: make run APP=apps/hello LIBC=$libc succeeds"
	[ "$status" -eq 0 ] || tail -n 30 "$out" | sed 's/^/#   /'
	like "$out" '^Hello from a UKL application!$' "$libc: the greeting reaches the console"
	is "$(sed -n 's/^hello: cs=\(0x[0-9a-f]*\) .*/\1/p' "$out")" 0x10 "$libc: the application runs with CS = __KERNEL_CS"
	like "$out" '^ukl-init: application exited with status 0$' "$libc: init saw the application exit with status 0"
	syscall_path "$(app_obj apps/hello "$libc")" 100 "$libc: "
done

done_testing
