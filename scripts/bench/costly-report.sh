#!/bin/sh
# costly-report.sh: the costly-instruction counts of make bench, beside
# the instruction counts, as a section of results.md.
#
# Usage: costly-report.sh OUTDIR LABEL...
#
# For each LABEL (a row of the report) it reads, in OUTDIR:
#   log-LABEL.txt     the guest console: "bench-mark: id=I op=NAME calls=C"
#                     lines say which operation each plugin id is
#   costly-LABEL.txt  what scripts/bench/costly.c counted: "id=I regions=N
#                     CLASS=COUNT ..." totals over the op's measured regions
#   raw-LABEL.csv     the op medians (report.sh), shown beside the counts
# and writes costly.csv (label,op,class,per_op) and costly.md, a table
# that it appends to results.md and prints: per operation and row, the count of each costly instruction
# per operation (total / regions / calls), for every class that occurs in
# any row.  A row without counts (its run failed, or the plugin wrote no
# file) is named as such.  Exit status: 0, or 2 for a usage error.
set -u
[ $# -ge 2 ] || { echo "usage: costly-report.sh OUTDIR LABEL..." >&2; exit 2; }
out=$1
shift

missing=
for label in "$@"; do
	grep -qs '^id=' "$out/costly-$label.txt" || missing="$missing $label"
done

awk -v out="$out" -v labels="$*" -f "$(dirname "$0")/marks.awk" -f /dev/stdin <<'AWK'
	function load(label,   f, line, n, i, kv, id, op, reg, cls) {
		f = out "/log-" label ".txt"
		while ((getline line < f) > 0)
			read_mark(label, line)
		close(f)
		f = out "/raw-" label ".csv"
		while ((getline line < f) > 0) {
			n = split(line, kv, ",")
			if (n >= 3 && kv[1] != "op")
				median[label, kv[1]] = kv[3]
		}
		close(f)
		f = out "/costly-" label ".txt"
		while ((getline line < f) > 0) {
			if (line ~ /^#/)
				continue
			n = split(line, kv, " ")
			id = substr(kv[1], 4)
			reg = substr(kv[2], 9) + 0
			if (!((label, id) in name) || reg <= 0)
				continue
			op = name[label, id]
			if (!(op in opseen)) {
				opseen[op] = 1
				oporder[++nops] = op
			}
			have[label, op] = 1
			for (i = 3; i <= n; i++) {
				cls = kv[i]
				sub(/=.*/, "", cls)
				if (!(cls in clsseen)) {
					clsseen[cls] = 1
					clsorder[++ncls] = cls
				}
				v = substr(kv[i], length(cls) + 2) / reg / ncalls[label, id]
				per[label, op, cls] = v
				if (v > 0)
					used[cls] = 1
			}
		}
		close(f)
	}
	function fmt(v) {
		if (v == 0)
			return "0"
		if (v < 0.005)
			return "<0.01"
		if (v == int(v))
			return sprintf("%d", v)
		return sprintf("%.2f", v)
	}
	BEGIN {
		nl = split(labels, lab, " ")
		for (l = 1; l <= nl; l++)
			load(lab[l])
		csv = out "/costly.csv"
		print "label,op,class,per_op" > csv
		md = out "/costly.md"
		printf "" > md
		print "## Costly instructions per operation (counted)" >> md
		print "" >> md
		print "Counted by a QEMU TCG plugin (scripts/bench/costly.c) in the same runs as the table above:" >> md
		print "every instruction of these kinds that the guest CPU executed between the markers around each" >> md
		print "measured operation (the benchmark, the kernel entry and exit, interrupts meanwhile), divided by" >> md
		print "the number of operations measured (a mean over every region, warm-up included). These are" >> md
		print "counts of executed instructions, not estimates;" >> md
		print "\"insns\" is the icount median of the table above. Classes that never occur are left out." >> md
		print "" >> md
		hdr = "| op | row | insns"
		sep = "|---|---|---:"
		for (c = 1; c <= ncls; c++)
			if (clsorder[c] in used) {
				hdr = hdr " | " clsorder[c]
				sep = sep "|---:"
			}
		print hdr " |" >> md
		print sep "|" >> md
		for (o = 1; o <= nops; o++) {
			op = oporder[o]
			for (l = 1; l <= nl; l++) {
				row = "| " op " | " lab[l] " | " ((lab[l], op) in median ? median[lab[l], op] : "-")
				for (c = 1; c <= ncls; c++) {
					cls = clsorder[c]
					if (!(cls in used))
						continue
					if ((lab[l], op) in have) {
						row = row " | " fmt(per[lab[l], op, cls])
						printf "%s,%s,%s,%s\n", lab[l], op, cls, per[lab[l], op, cls] > csv
					} else {
						row = row " | -"
					}
				}
				print row " |" >> md
			}
		}
	}
AWK
if [ -n "$missing" ]; then
	{
		echo ""
		echo "No costly-instruction counts for:$missing (the run failed, or QEMU wrote no plugin output)."
	} >>"$out/costly.md"
fi
{ echo ""; cat "$out/costly.md"; } >>"$out/results.md"
cat "$out/costly.md"
exit 0
