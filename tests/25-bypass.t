#!/bin/sh
# The system call bypass (tests/apps/bypass says what it checks), on one
# CPU so that the spinning threads must be preempted; then the same
# application's calls with UKL_BYPASS=1 on the kernel command line, which
# init passes on in the environment: ukl-lib turns the bypass on before
# main(), and the table must still match.
. "$(dirname "$0")/lib.sh"
run_app_test tests/apps/bypass SMP=1 TIMEOUT=120
like "$app_out" '^ukl-init: /proc/ukl: ukl_syscalls_bypassed [1-9][0-9]*$' "init's /proc/ukl shows bypassed calls"
like "$app_out" '^ukl-init: /proc/ukl: ukl_syscalls_full_path [1-9][0-9]*$' "and full-path ones"
no_oops "$app_out" "the bypass test"

# The fast return of a bypassed call (patch 36) reloads from pt_regs the
# result and every argument register the call preserves: the C code on
# getppid's path happens to leave r8-r10 alone, so the register check
# above cannot see a missing reload of those.
dis=$(objdump -d --no-show-raw-insn "$O/kernel-ukl/vmlinux" --disassemble=ukl_entry_SYSCALL_64 2>/dev/null |
	awk '/call.*<ukl_bypass_syscall_64>/ { f = 1 } f { print } f && /\tret/ { exit }')
missing=
for r in 0x50:rax 0x70:rdi 0x68:rsi 0x60:rdx 0x48:r8 0x40:r9 0x38:r10; do
	printf '%s\n' "$dis" | grep -Eq "mov +${r%%:*}\(%rsp\),%${r#*:}\$" || missing="$missing ${r#*:}"
done
[ -n "$dis" ] && [ -z "$missing" ]
ok $? "the bypass's fast return reloads rax, rdi, rsi, rdx, r8, r9 and r10 from pt_regs (disassembly)${missing:+; missing:$missing}"

out=$O/test-bypass-env.out
run_make "$out" APP=tests/apps/bypass SMP=1 TIMEOUT=120 ARGS=env KERNEL_ARGS=UKL_BYPASS=1 run
is "$status" 0 "make run APP=tests/apps/bypass ARGS=env KERNEL_ARGS=UKL_BYPASS=1 succeeds"
app_tap "$out"
done_testing
