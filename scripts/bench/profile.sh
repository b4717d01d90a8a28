#!/bin/sh
# profile.sh: where each row of make bench spends its instructions, per
# operation and kernel symbol, as profile.md beside results.md.
#
# Usage: profile.sh OUTDIR LABEL=VMLINUX...
#
# For each LABEL it reads, in OUTDIR:
#   log-LABEL.txt     the guest console ("bench-mark: id=I op=NAME calls=C",
#                     and "ukl-init: kernel text: _text=ADDR", which
#                     ukl_ktext=1 makes ukl-init print: where KASLR put it)
#   costly-LABEL.txt  the regions per operation ("id=I regions=N ...")
#   pcs-LABEL.txt     what scripts/bench/costly.c counted with pcs=: "ID
#                     VADDR COUNT", instructions per guest address
# and resolves kernel addresses with the symbols of VMLINUX (nm -n).  The
# rows must have booted with nokaslr (make bench BENCH_PROFILE=1 adds it),
# or kernel addresses resolve to the wrong symbols.  Addresses below the
# kernel half are "[user]".  Per operation, profile.md has one line per
# symbol that executed at least 0.5 instructions per call in some row: the
# mean instructions per call in each row, most differing first.  These
# are counts of executed instructions (totals / regions / calls).
# Exit status: 0, or 2 for a usage error.
set -u
[ $# -ge 2 ] || { echo "usage: profile.sh OUTDIR LABEL=VMLINUX..." >&2; exit 2; }
out=$1
shift
command -v gawk >/dev/null || { echo "profile.sh: gawk is missing (it needs strtonum); run: make deps" >&2; exit 2; }
labels=
for arg in "$@"; do
	label=${arg%%=*}
	vmlinux=${arg#*=}
	[ -f "$vmlinux" ] || { echo "profile.sh: $vmlinux is missing; rebuild with make kernel" >&2; exit 2; }
	# Text symbols, low 32 bits of the address in hex (the kernel half
	# is ffffffff........): awk's doubles hold those exactly.
	nm -n "$vmlinux" | awk '$1 ~ /^ffffffff/ && $2 ~ /^[tTwW]$/ { print substr($1, 9), $3 }' \
		>"$out/syms-$label.txt"
	labels="$labels $label"
done

gawk -v out="$out" -v labels="$labels" -f "$(dirname "$0")/marks.awk" -f /dev/stdin <<'AWK'
	function load(label,   f, line, kv, id, op, lo, hi, mid, a, sym, nsym, ktext, ltext, v) {
		f = out "/log-" label ".txt"
		ktext = ""
		while ((getline line < f) > 0) {
			sub(/\r+$/, "", line)
			if (line ~ /^ukl-init: kernel text: _text=ffffffff[0-9a-f]+$/)
				ktext = strtonum("0x" substr(line, length(line) - 7))
			else
				read_mark(label, line)
		}
		close(f)
		f = out "/costly-" label ".txt"
		while ((getline line < f) > 0)
			if (line ~ /^id=/) {
				split(line, kv, " ")
				regions[substr(kv[1], 4)] = substr(kv[2], 9) + 0
			}
		close(f)
		nsym = 0
		f = out "/syms-" label ".txt"
		while ((getline line < f) > 0) {
			split(line, kv, " ")
			addr[++nsym] = strtonum("0x" kv[1])
			sname[nsym] = kv[2]
			if (kv[2] == "_text")
				ltext = addr[nsym]
		}
		close(f)
		if (ktext == "" || ltext == "") {
			print "profile.sh: " label ": no kernel text address in its log or symbols; row left out" > "/dev/stderr"
			delete regions
			return
		}
		f = out "/pcs-" label ".txt"
		while ((getline line < f) > 0) {
			if (line ~ /^# lost /) {
				split(line, kv, " ")
				lost[label] = kv[3]
			}
			if (line ~ /^#/)
				continue
			split(line, kv, " ")
			id = kv[1]
			if (!((label, id) in name) || !(id in regions) || regions[id] <= 0)
				continue
			if (length(kv[2]) == 16 && substr(kv[2], 1, 8) == "ffffffff") {
				a = (strtonum("0x" substr(kv[2], 9)) - ktext + ltext + 4294967296) % 4294967296
				lo = 1; hi = nsym; sym = "[kernel ?]"
				while (lo <= hi) {
					mid = int((lo + hi) / 2)
					if (addr[mid] <= a) {
						sym = sname[mid]
						lo = mid + 1
					} else {
						hi = mid - 1
					}
				}
			} else {
				sym = "[user]"
			}
			op = name[label, id]
			if (!(op in opseen)) {
				opseen[op] = 1
				oporder[++nops] = op
			}
			v = kv[3] / regions[id] / ncalls[label, id]
			per[label, op, sym] += v
			total[label, op] += v
			syms[op, sym] = 1
		}
		close(f)
		delete regions
	}
	function fmt(v) {
		return sprintf("%.1f", v)
	}
	BEGIN {
		nl = split(labels, lab, " ")
		for (l = 1; l <= nl; l++)
			load(lab[l])
		md = out "/profile.md"
		print "## Instructions per operation and kernel symbol (counted)" > md
		print "" >> md
		print "Counted by scripts/bench/costly.c (pcs=) in the same runs: every instruction the guest" >> md
		print "CPU executed in the measured regions, by the kernel symbol it belongs to (KASLR undone" >> md
		print "from the _text address ukl-init printed)," >> md
		print "per operation (a mean over every region, warm-up included, so totals differ slightly" >> md
		print "from the icount medians). Symbols under 0.5 in every row are left out; the biggest" >> md
		print "difference between rows comes first." >> md
		for (l = 1; l <= nl; l++)
			if (lab[l] in lost) {
				print "" >> md
				print "**Incomplete:** " lab[l] "'s counts lost " lost[lab[l]] " executions (the plugin's address table was full); its figures are too low." >> md
				print "profile.sh: " lab[l] ": incomplete counts (" lost[lab[l]] " executions lost)" > "/dev/stderr"
			}
		for (o = 1; o <= nops; o++) {
			op = oporder[o]
			print "" >> md
			print "### " op >> md
			print "" >> md
			hdr = "| symbol"
			sep = "|---"
			for (l = 1; l <= nl; l++) {
				hdr = hdr " | " lab[l]
				sep = sep "|---:"
			}
			print hdr " |" >> md
			print sep "|" >> md
			row = "| **total**"
			for (l = 1; l <= nl; l++)
				row = row " | " fmt(total[lab[l], op])
			print row " |" >> md
			n = 0
			for (k in syms) {
				split(k, kk, SUBSEP)
				if (kk[1] != op)
					continue
				mn = 1e18; mx = -1
				for (l = 1; l <= nl; l++) {
					v = per[lab[l], op, kk[2]] + 0
					if (v < mn) mn = v
					if (v > mx) mx = v
				}
				if (mx < 0.5)
					continue
				key[++n] = sprintf("%012.1f %s", 1e9 - (mx - mn), kk[2])
			}
			m = asort(key)
			for (i = 1; i <= m; i++) {
				s = substr(key[i], index(key[i], " ") + 1)
				row = "| " s
				for (l = 1; l <= nl; l++)
					row = row " | " fmt(per[lab[l], op, s] + 0)
				print row " |" >> md
			}
			delete key
		}
	}
AWK
rm -f "$out"/syms-*.txt
