#!/bin/sh
# Reject any object that reads or writes below %rsp (the x86-64 red zone).
#
# In ring 0 an interrupt pushes its frame onto the current stack, right
# over whatever a function keeps below %rsp.  Everything linked into the
# kernel image must be built with -mno-red-zone; this proves it from the
# machine code.  Usage: check-redzone.sh FILE... (objects or archives).
# A clean archive is remembered with a stamp next to it.
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

status=0
for f in "$@"; do
	[ -f "$f" ] || die "check-redzone: no such object: $f"
	case $f in *.a) [ "$f.redzone-ok" -nt "$f" ] && continue ;; esac
	if objdump -d -w --no-show-raw-insn "$f" | awk -v file="$f" '
		/^In archive / { next }
		/file format/ { obj = $1; sub(/:$/, "", obj); next }
		/^[0-9a-f]+ <.*>:$/ { fn = $2; gsub(/[<>:]/, "", fn); next }
		/^ *[0-9a-f]+:\t/ {
			insn = $0; sub(/^ *[0-9a-f]+:\t/, "", insn)
			mnem = insn; sub(/[ \t].*/, "", mnem)
			if (mnem ~ /^(lea|nop)/)
				next
			if (insn ~ /-0x[0-9a-f]+\(%rsp\)/) {
				where = (obj == file) ? file : file "(" obj ")"
				if (!seen[where, fn]++)
					printf "error: %s: %s uses the red zone (%s); build it with -mno-red-zone\n", where, fn, insn
				bad++
			}
		}
		END { exit bad ? 1 : 0 }' >&2; then
		case $f in *.a) touch "$f.redzone-ok" ;; esac
	else
		status=1
	fi
done
exit $status
