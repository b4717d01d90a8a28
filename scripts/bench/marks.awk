# marks.awk: the guest console's operation marks, for the awk programs of
# costly-report.sh and profile.sh (awk -f marks.awk -f PROGRAM).
#
# read_mark(label, line): when LINE is apps/bench's
#   bench-mark: id=I op=NAME calls=C
# record name[label, I] = NAME and ncalls[label, I] = C (1 when C is
# missing or not positive), and return 1; otherwise return 0.
function read_mark(label, line,   n, i, kv, id, op, calls) {
	sub(/\r+$/, "", line)
	if (line !~ /^bench-mark: /)
		return 0
	n = split(line, kv, " ")
	id = ""; op = ""; calls = 1
	for (i = 2; i <= n; i++) {
		if (kv[i] ~ /^id=/) id = substr(kv[i], 4)
		else if (kv[i] ~ /^op=/) op = substr(kv[i], 4)
		else if (kv[i] ~ /^calls=/) calls = substr(kv[i], 7) + 0
	}
	if (id == "" || op == "")
		return 0
	name[label, id] = op
	ncalls[label, id] = calls > 0 ? calls : 1
	return 1
}
