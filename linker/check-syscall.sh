#!/bin/sh
# Reject an application object that still contains a system call
# instruction: in ring 0, SYSCALL would SWAPGS to the user GS base and
# crash the kernel.  Every system call must be a call of
# ukl_entry_SYSCALL_64.  Usage: check-syscall.sh OBJECT
set -eu
objdump -d -w --no-show-raw-insn "$1" | awk -v file="$1" '
	/^[0-9a-f]+ <.*>:$/ { fn = $2; gsub(/[<>:]/, "", fn); next }
	/^ *[0-9a-f]+:\t/ {
		insn = $0; sub(/^ *[0-9a-f]+:\t/, "", insn)
		if (insn ~ /^(syscall|sysenter|int +\$0x80)([ \t]|$)/) {
			printf "error: %s: %s executes \"%s\"; route it through ukl_entry_SYSCALL_64 (see libc-patches/)\n", file, fn, insn
			bad++
		}
	}
	END { exit bad ? 1 : 0 }' >&2
