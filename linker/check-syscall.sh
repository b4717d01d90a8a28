#!/bin/sh
# Check the system calls of an application object:
#  - no SYSCALL, SYSENTER or INT $0x80 is left: in ring 0, SYSCALL would
#    SWAPGS to the user GS base and crash the kernel;
#  - every reference to ukl_entry_SYSCALL_64 is a direct 5-byte
#    "call rel32": the kernel rewinds the return address by that much to
#    restart an interrupted system call (UKL_SYSCALL_CALL_LEN).
# Usage: check-syscall.sh OBJECT
set -eu
objdump -dr -w "$1" | awk -v file="$1" '
	/^[0-9a-f]+ <.*>:$/ { fn = $2; gsub(/[<>:]/, "", fn); next }
	/^ *[0-9a-f]+:\t/ {
		n = split($0, f, "\t")
		bytes = f[2]; insn = f[3]
		if (insn ~ /^(syscall|sysenter|int +\$0x80)([ \t]|$)/) {
			printf "error: %s: %s executes \"%s\"; route it through ukl_entry_SYSCALL_64 (see libc-patches/)\n", file, fn, insn
			bad++
		}
		if (n >= 5 && f[5] ~ /^ukl_entry_SYSCALL_64([-+]|$)/ &&
		    (bytes !~ /^e8 / || f[4] !~ /R_X86_64_(PLT32|PC32)$/)) {
			printf "error: %s: %s uses ukl_entry_SYSCALL_64 in \"%s\", not as a direct call; system call restarts need a 5-byte call rel32\n", file, fn, insn
			bad++
		}
	}
	END { exit bad ? 1 : 0 }' >&2

# References from data (function pointers) would be called indirectly.
refs=$(objdump -r -w "$1" | awk '
	/^RELOCATION RECORDS FOR / { sec = $4; next }
	$3 ~ /^ukl_entry_SYSCALL_64([-+]|$)/ && sec !~ /^\[\.text/ { print sec }' | sort -u | tr '\n' ' ')
if [ -n "$refs" ]; then
	printf 'error: %s: ukl_entry_SYSCALL_64 is referenced from data (%s); system calls must be direct calls\n' "$1" "$refs" >&2
	exit 1
fi
