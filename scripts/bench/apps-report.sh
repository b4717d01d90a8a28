#!/bin/sh
# The report of make bench-apps: OUTDIR/results.md and OUTDIR/results.csv
# from the consoles that scripts/bench/run-bench-app.sh kept.
#
# Usage: apps-report.sh OUTDIR NAME...
#   speedtest1: SQLite's closing "TOTAL ... N.NNNs" line (lower is better);
#   redis: per test, requests per second over the run of its
#   redis-benchmark timed by redis-client ("redis-client: test=T
#   requests=N ns=NS"), and the p99 latency from redis-benchmark's --csv
#   line.  A row whose program did not exit with status 0,
#   or printed no result, is reported as failed; the script then exits 1.
set -eu
. "$(dirname "$0")/../lib.sh"

[ $# -ge 2 ] || die "usage: apps-report.sh OUTDIR NAME..."
out=$1
shift
rows="stock-normal ukl-normal ukl-app ukl-bypass"
md=$out/results.md csv=$out/results.csv
rc=0

# status LOG: the guest's exit status, or nothing.
status() {
	sed -n 's/^ukl-init: exit-status=\([0-9]*\).*/\1/p' "$1" 2>/dev/null | tail -n 1
}

# speedtest1 LOG: the TOTAL seconds.
speedtest1_total() {
	sed -n 's/^ *TOTAL\.* *\([0-9][0-9]*\.[0-9]*\)s *$/\1/p' "$1" 2>/dev/null | tail -n 1
}

# redis_field LOG TEST COLUMN: one field of redis-benchmark's CSV line for
# TEST (column 2: requests per second, 7: p99 in ms).
redis_field() {
	awk -F'","' -v t="\"$2" -v c="$3" '$1 == t { v = $c; gsub(/"/, "", v); f = v } END { if (f != "") print f }' \
		"$1" 2>/dev/null | tr -d '\r'
}

# ukl_calls LOG: the system calls that came through ukl_entry_SYSCALL_64
# (/proc/ukl, printed by init at the end), "TOTAL (BYPASSED bypassed)".
ukl_calls() {
	awk '/^ukl-init: \/proc\/ukl: ukl_syscalls_total / { t = $NF }
	     /^ukl-init: \/proc\/ukl: ukl_syscalls_bypassed / { b = $NF }
	     END { if (t != "" && t + 0 > 0) printf "%d (%d bypassed)", t, b; else printf "-" }' "$1" 2>/dev/null | tr -d '\r'
}

# redis_rps LOG TEST: requests per second of TEST by redis-client's clock.
redis_rps() {
	sed -n "s/^redis-client: test=$2 requests=\([0-9]*\) ns=\([0-9]*\).*/\1 \2/p" "$1" 2>/dev/null |
		awk '$2 > 0 { printf "%.1f\n", $1 * 1e9 / $2 }' | tail -n 1
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b != "" && b + 0 > 0) printf "%.3f", a / b; else printf "-" }'
}

: >"$csv.tmp"
{
	echo "# make bench-apps"
	echo
	echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
	echo
	echo "Rows: stock-normal is the program as a normal static process on the stock"
	echo "kernel; ukl-normal the same process on the UKL kernel; ukl-app the program"
	echo "linked into the UKL kernel (ring 0); ukl-bypass the same with UKL_BYPASS=1."
} >"$md.tmp"

for name in "$@"; do
	{
		echo
		echo "## $name"
		echo
		sed 's/^/- /' "$out/$name.meta" 2>/dev/null || echo "- (no run information: $out/$name.meta is missing)"
		echo
	} >>"$md.tmp"
	case $name in
	speedtest1)
		echo "| row | TOTAL (s) | × stock-normal | UKL system calls |" >>"$md.tmp"
		echo "|---|---:|---:|---:|" >>"$md.tmp"
		base=$(speedtest1_total "$out/$name-stock-normal.log")
		for r in $rows; do
			log=$out/$name-$r.log v=$(speedtest1_total "$log")
			if [ "$(status "$log")" != 0 ] || [ -z "$v" ]; then
				echo "| $r | failed (see $name-$r.log) | - | - |" >>"$md.tmp"
				rc=1
				continue
			fi
			echo "| $r | $v | $(ratio "$v" "$base") | $(ukl_calls "$log") |" >>"$md.tmp"
			echo "$name,$r,total_s,$v" >>"$csv.tmp"
		done
		;;
	redis)
		# The tests asked for (redis_tests= in the run information).
		tests=$(sed -n 's/^kernel arguments: .*redis_tests=\([a-z_,]*\).*/\1/p' "$out/$name.meta" 2>/dev/null | tr ',' ' ')
		[ -n "$tests" ] || tests="set get"
		h="| row |" s="|---|"
		for t in $tests; do
			T=$(echo "$t" | tr a-z A-Z)
			h="$h $T req/s | $T p99 (ms) | $T req/s × stock-normal |" s="$s---:|---:|---:|"
		done
		echo "$h UKL system calls |" >>"$md.tmp"
		echo "$s---:|" >>"$md.tmp"
		for r in $rows; do
			log=$out/$name-$r.log line="| $r |" bad= rcsv=
			[ "$(status "$log")" = 0 ] || bad=1
			for t in $tests; do
				T=$(echo "$t" | tr a-z A-Z)
				rps=$(redis_rps "$log" "$t") p99=$(redis_field "$log" "$T" 7)
				base=$(redis_rps "$out/$name-stock-normal.log" "$t")
				[ -n "$rps" ] && [ -n "$p99" ] || bad=1
				line="$line $rps | $p99 | $(ratio "$rps" "$base") |"
				rcsv="$rcsv$name,$r,${T}_rps,$rps
$name,$r,${T}_p99_ms,$p99
"
			done
			if [ -n "$bad" ]; then
				line="| $r | failed (see $name-$r.log) |"
				for t in $tests; do line="$line - | - | - |"; done
				echo "$line" >>"$md.tmp"
				rc=1
			else
				echo "$line $(ukl_calls "$log") |" >>"$md.tmp"
				printf '%s' "$rcsv" >>"$csv.tmp"
			fi
		done
		;;
	*)
		echo "unknown benchmark" >>"$md.tmp"
		rc=1
		;;
	esac
done
mv "$md.tmp" "$md"
mv "$csv.tmp" "$csv"
cat "$md"
note BENCH "report: $md, $csv"
exit $rc
