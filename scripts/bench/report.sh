#!/bin/sh
# report.sh: turn the console logs of `make bench` into a report.
#
# Usage: report.sh OUTDIR META_FILE LABEL=LOG [LABEL=LOG ...]
#
# Each LOG is the captured guest console of one configuration (e.g.
# stock-normal, ukl-normal, ukl-app) running apps/bench/bench.c.  Lines
# that start with "bench: " are records; every other line is noise.  The
# first LABEL is the baseline the others are compared with.  META_FILE
# holds "key: value" lines from the caller (accel, mode: wall|icount, cpu,
# kernels, iterations, date, ...) and is copied into the report verbatim.
#
# Writes into OUTDIR:
#   results.md        the report: metadata, mode, timer overhead, table of
#                     "median ns (p99 ns) xRATIO", failures, chart
#   chart.svg         grouped bars of the medians, log scale; failed cells
#                     have no bar (chart.dat and chart.gp beside it)
#   raw-LABEL.csv     op,n,median_ns,p99_ns,mean_ns: the valid op records
#                     of one configuration, numbers as the log printed them
#   configs.csv       label,status,timer_overhead_ns,tsc_mhz,iter,warmup:
#                     one row per configuration (the timer overhead lives
#                     here, not in the raw files)
#   failures.csv      label,op,reason: every failure (op empty when the
#                     whole configuration is concerned)
# and prints the Markdown table on stdout.
#
# A configuration fails when its log is missing or empty, has no valid
# "bench: start" or "bench: done", has a malformed or unknown record, or
# loses op records; an op fails when bench reported error=, its line is
# malformed, or a number is not a positive finite number (a median of 0.0
# means the op did not rise above the timer overhead).  Failures are shown
# as such and never as zero.  Warm-up may legitimately be 0.
#
# Exit status: 0 when everything succeeded, 1 when anything failed (the
# report is still written and says so), 2 for a usage error.

set -u

usage_error() {
	printf 'error: %s\n' "$*" >&2
	exit 2
}

# parse_log LOG RAW_CSV: checks one log, writes RAW_CSV and prints
# tab-separated records for render_report:
#   start ITER WARMUP TSC_MHZ OVERHEAD_NS
#   op NAME ok MEDIAN P99 | op NAME fail REASON
#   cfail REASON
parse_log() {
	if [ ! -e "$1" ]; then
		printf 'op,n,median_ns,p99_ns,mean_ns\n' >"$2"
		printf 'cfail\tlog file missing: %s\n' "$1"
		return
	fi
	if [ ! -f "$1" ] || [ ! -r "$1" ]; then
		printf 'op,n,median_ns,p99_ns,mean_ns\n' >"$2"
		printf 'cfail\tlog file unreadable: %s\n' "$1"
		return
	fi
	if [ ! -s "$1" ]; then
		printf 'op,n,median_ns,p99_ns,mean_ns\n' >"$2"
		printf 'cfail\tlog file empty: %s\n' "$1"
		return
	fi
	# paths go through the environment: awk -v would expand backslashes
	CSV=$2 awk '
	function posnum(v) { return v ~ /^[0-9]+(\.[0-9]+)?$/ && v + 0 > 0 }
	function count(v) { return v ~ /^[0-9]+$/ }
	function cfail(msg) { printf "cfail\t%s\n", msg }
	function opfail(name, msg) { printf "op\t%s\tfail\t%s\n", name, msg }
	# value of a "key=value" field, or BAD when the key is not that one
	function kv(field, key) {
		if (substr(field, 1, length(key) + 1) != key "=")
			return BAD
		return substr(field, length(key) + 2)
	}
	function at() { return "line " FNR ": " }

	function do_start(   it, wu, mhz, ovh) {
		if (started) {
			cfail(at() "second bench: start (two runs in one log?)")
			return
		}
		started = 1
		if (NF != 6 || (it = kv($3, "iter")) == BAD ||
		    (wu = kv($4, "warmup")) == BAD ||
		    (mhz = kv($5, "tsc_mhz")) == BAD ||
		    (ovh = kv($6, "timer_overhead_ns")) == BAD) {
			cfail(at() "malformed bench: start line")
			return
		}
		if (!count(it) || it + 0 < 1)
			cfail(at() "iter=" it " is not a positive integer")
		else if (!count(wu))
			cfail(at() "warmup=" wu " is not an integer >= 0")
		else if (!posnum(mhz))
			cfail(at() "tsc_mhz=" mhz " is not a positive finite number")
		else if (!posnum(ovh))
			cfail(at() "timer_overhead_ns=" ovh " is not a positive finite number")
		else {
			iter = it
			printf "start\t%s\t%s\t%s\t%s\n", it, wu, mhz, ovh
		}
	}

	function check_number(name, key, v) {
		if (v ~ /^0+(\.0+)?$/ && key == "median_ns")
			opfail(name, "median_ns=" v ": not above the timer overhead (below timer resolution)")
		else if (!posnum(v))
			opfail(name, key "=" v " is not a positive finite number")
		else
			return 1
		return 0
	}

	function do_op(   name, r, n, med, p99, mean) {
		name = substr($2, 4)
		if (name !~ /^[a-z0-9_]+$/) {
			cfail(at() "malformed op line")
			return
		}
		if (!started) {
			opfail(name, at() "record before bench: start")
			return
		}
		if (finished) {
			opfail(name, at() "record after bench: done")
			return
		}
		records++
		if (name in seen) {
			cfail(at() "second record for op " name)
			return
		}
		seen[name] = 1
		if (NF == 3 && (r = kv($3, "error")) != BAD && r != "") {
			opfail(name, "error=" r)
			return
		}
		if (NF != 6 || (n = kv($3, "n")) == BAD ||
		    (med = kv($4, "median_ns")) == BAD ||
		    (p99 = kv($5, "p99_ns")) == BAD ||
		    (mean = kv($6, "mean_ns")) == BAD) {
			opfail(name, at() "malformed op line")
			return
		}
		if (!count(n) || n + 0 < 1) {
			opfail(name, "n=" n " is not a positive integer")
			return
		}
		if (iter != "" && n + 0 != iter + 0) {
			opfail(name, "n=" n " but iter=" iter)
			return
		}
		if (!check_number(name, "median_ns", med) ||
		    !check_number(name, "p99_ns", p99) ||
		    !check_number(name, "mean_ns", mean))
			return
		printf "%s,%s,%s,%s,%s\n", name, n, med, p99, mean > csv
		printf "op\t%s\tok\t%s\t%s\n", name, med, p99
	}

	function do_done(   k) {
		if (!started) {
			cfail(at() "bench: done before bench: start")
			return
		}
		if (finished) {
			cfail(at() "second bench: done")
			return
		}
		finished = 1
		if (NF != 3 || (k = kv($3, "ops")) == BAD || !count(k))
			cfail(at() "malformed bench: done line")
		else if (k + 0 != records)
			cfail("bench: done says ops=" k " but the log has " records " op records (lines lost?)")
	}

	BEGIN {
		BAD = "\001"
		csv = ENVIRON["CSV"]
		iter = ""
		print "op,n,median_ns,p99_ns,mean_ns" > csv
	}
	{ sub(/\r+$/, "") }
	!/^bench: / { next }
	{ gsub(/\t/, " ") }
	$2 == "start" { do_start(); next }
	$2 ~ /^op=/ { do_op(); next }
	$2 == "done" { do_done(); next }
	$2 ~ /^error=/ { cfail(at() "bench reported " $2); next }
	$2 == "error:" { cfail(at() "bench usage error: " substr($0, 15)); next }
	{ cfail(at() "unrecognised bench record: " substr($0, 1, 60)) }
	END {
		if (!started)
			cfail("no bench: start line: bench did not run or its output was lost")
		else if (!finished)
			cfail("log truncated: no bench: done line, bench or the guest stopped early")
	}' <"$1"
}

# render_report OUTDIR META_FILE LABELS PARSED...: writes results.md (up to
# the failures), chart.dat, configs.csv, failures.csv and table.md; exits
# 1 when anything failed.
render_report() {
	out=$1 meta=$2 labels=$3
	shift 3
	OUT=$out META=$meta LABELS=$labels awk '
	function floor(x) { return x == int(x) || x > 0 ? int(x) : int(x) - 1 }
	function md(s) { gsub(/\|/, "\\|", s); return s }
	function csvq(s) { gsub(/"/, "\"\"", s); return "\"" s "\"" }
	function note_fail(c, op, reason) {
		nfail++
		fail_cfg[nfail] = c
		fail_op[nfail] = op
		fail_why[nfail] = reason
		cfg_bad[c] = 1
	}
	function ratio(r) {
		return sprintf(r >= 0.01 ? "%.2f" : "%.2g", r)
	}
	function cell(c, op,   key, s) {
		key = c SUBSEP op
		if (key in med) {
			s = med[key] " (" p99[key] ")"
			if (c > 1 && (1 SUBSEP op) in med)
				s = s " \303\227" ratio(med[key] / med[1 SUBSEP op])
			else if (c > 1)
				s = s " \303\227n/a (baseline failed)"
			return s
		}
		if (key in why)
			return "FAILED: " md(why[key])
		return "FAILED: " (c in last_cfail ? md(last_cfail[c]) : "no record of this op")
	}

	# the records of configuration N come from the file N.tsv
	FNR == 1 {
		c = FILENAME
		sub(/.*\//, "", c)
		sub(/\.tsv$/, "", c)
		c += 0
	}
	{ split($0, f, "\t") }
	f[1] == "start" {
		iter[c] = f[2]; warmup[c] = f[3]; mhz[c] = f[4]; ovh[c] = f[5]
	}
	# the last configuration-level reason (a truncated log comes last) is
	# what its missing ops say
	f[1] == "cfail" {
		last_cfail[c] = f[2]
		note_fail(c, "", f[2])
	}
	f[1] == "op" {
		if (!(f[2] in known)) {
			known[f[2]] = 1
			ops[++nops] = f[2]
		}
		if (f[3] == "ok") {
			med[c, f[2]] = f[4]
			p99[c, f[2]] = f[5]
		} else {
			why[c, f[2]] = f[4]
			note_fail(c, f[2], f[4])
		}
	}

	BEGIN {
		out = ENVIRON["OUT"]
		meta = ENVIRON["META"]
		labels = ENVIRON["LABELS"]
	}

	END {
		ncfg = split(labels, label, " ")
		# an op that one configuration has and another lacks fails there;
		# listed on its own only when the configuration has no reason yet
		for (i = 1; i <= nops; i++)
			for (j = 1; j <= ncfg; j++)
				if (!((j SUBSEP ops[i]) in med) &&
				    !((j SUBSEP ops[i]) in why) && !(j in last_cfail))
					note_fail(j, ops[i], "no record of this op")
		write_configs()
		write_failures()
		write_chart_data()
		write_table(out "/table.md")
		write_markdown(out "/results.md")
		exit nfail ? 1 : 0
	}

	function write_configs(   file, j) {
		file = out "/configs.csv"
		print "label,status,timer_overhead_ns,tsc_mhz,iter,warmup" > file
		for (j = 1; j <= ncfg; j++)
			printf "%s,%s,%s,%s,%s,%s\n", label[j],
			       (j in cfg_bad) ? "FAILED" : "ok",
			       (j in ovh) ? ovh[j] : "", (j in mhz) ? mhz[j] : "",
			       (j in iter) ? iter[j] : "", (j in warmup) ? warmup[j] : "" > file
		close(file)
	}

	function write_failures(   file, i) {
		file = out "/failures.csv"
		print "label,op,reason" > file
		for (i = 1; i <= nfail; i++)
			printf "%s,%s,%s\n", label[fail_cfg[i]], fail_op[i],
			       csvq(fail_why[i]) > file
		close(file)
	}

	function write_chart_data(   file, i, j, line) {
		file = out "/chart.dat"
		line = "op"
		for (j = 1; j <= ncfg; j++)
			line = line " " label[j]
		print line > file
		for (i = 1; i <= nops; i++) {
			line = ops[i]
			for (j = 1; j <= ncfg; j++) {
				if ((j SUBSEP ops[i]) in med) {
					line = line " " med[j, ops[i]]
					col_points[j]++
					if (!chart_points++ || med[j, ops[i]] + 0 < chart_min)
						chart_min = med[j, ops[i]] + 0
				} else
					line = line " NaN"
			}
			print line > file
		}
		close(file)
		# tells the caller whether there is anything to draw, the bottom
		# of the log axis (a power of ten well below the least bar) and the
		# data columns that have a bar (gnuplot rejects an empty one)
		if (chart_points) {
			line = ""
			for (j = 1; j <= ncfg; j++)
				if (j in col_points)
					line = line " " (j + 1)
			printf "data %g%s\n", 10 ^ floor(log(chart_min / 2) / log(10)),
			       line > (out "/chart.state")
			line = ""
			for (j = 1; j <= ncfg; j++)
				if (!(j in col_points))
					line = line " " label[j]
			if (line != "")
				print "omitted" line > (out "/chart.state")
		} else
			print "empty" > (out "/chart.state")
		close(out "/chart.state")
	}

	function write_table(file,   i, j, line) {
		line = "| op |"
		for (j = 1; j <= ncfg; j++)
			line = line " " label[j] (j == 1 ? " (baseline)" : "") \
			       ((j in cfg_bad) ? " FAILED" : "") " |"
		print line > file
		line = "|---|"
		for (j = 1; j <= ncfg; j++)
			line = line "---:|"
		print line > file
		for (i = 1; i <= nops; i++) {
			line = "| " ops[i] " |"
			for (j = 1; j <= ncfg; j++)
				line = line " " cell(j, ops[i]) " |"
			print line > file
		}
		if (!nops)
			print "| (no op records in any log) |" > file
		close(file)
	}

	function write_markdown(file,   line, mode, i, j, desc) {
		mode = ""
		print "# UKL system call latency benchmark" > file
		print "" > file
		if (nfail)
			print "**Status: FAILED** (" nfail " problem(s); see [Failed](#failed))." > file
		else
			print "**Status: ok** (every configuration and op succeeded)." > file
		print "" > file
		print "## Metadata" > file
		print "" > file
		while ((getline line < meta) > 0) {
			sub(/\r$/, "", line)
			if (line ~ /^[ \t]*$/)
				continue
			print "- " line > file
			if (line ~ /^mode:/) {
				mode = line
				sub(/^mode:[ \t]*/, "", mode)
				sub(/[ \t].*$/, "", mode)
			}
		}
		close(meta)
		print "" > file
		if (mode == "icount")
			desc = "deterministic (-icount): guest time follows the instruction count, so ns are virtual but repeatable"
		else if (mode == "wall")
			desc = "wall-clock: host time as the guest sees it; under TCG emulation absolute ns are inflated, compare ratios"
		else
			desc = "unknown (the metadata has no \"mode: wall\" or \"mode: icount\" line)"
		print "Mode: " desc "." > file
		print "" > file
		print "## Timer overhead" > file
		print "" > file
		print "Median of two back-to-back TSC reads, subtracted from every sample." > file
		print "" > file
		print "| configuration | status | timer overhead ns | TSC MHz | iter | warmup |" > file
		print "|---|---|---:|---:|---:|---:|" > file
		for (j = 1; j <= ncfg; j++)
			printf "| %s | %s | %s | %s | %s | %s |\n", label[j],
			       (j in cfg_bad) ? "FAILED" : "ok",
			       (j in ovh) ? ovh[j] : "-", (j in mhz) ? mhz[j] : "-",
			       (j in iter) ? iter[j] : "-", (j in warmup) ? warmup[j] : "-" > file
		print "" > file
		print "## Results" > file
		print "" > file
		print "Cells: median ns (p99 ns); \303\227R is the ratio of medians to the baseline " \
		      label[1] " (below 1 is faster)." > file
		print "" > file
		close(out "/table.md")
		while ((getline line < (out "/table.md")) > 0)
			print line > file
		close(out "/table.md")
		print "" > file
		print "## Failed" > file
		print "" > file
		if (!nfail)
			print "none" > file
		for (i = 1; i <= nfail; i++)
			print "- " label[fail_cfg[i]] (fail_op[i] != "" ? " / " fail_op[i] : "") \
			      ": " fail_why[i] > file
		print "" > file
		close(file)
		print (mode == "icount" ? "deterministic (-icount)" : \
		       mode == "wall" ? "wall-clock" : "mode unknown") > (out "/chart.mode")
		close(out "/chart.mode")
	}' "$@"
}

# draw_chart OUTDIR: chart.svg from chart.dat; prints why when it cannot.
draw_chart() {
	mode=$(cat "$1/chart.mode")
	read -r state ymin cols <"$1/chart.state"
	omitted=$(sed -n 's/^omitted //p' "$1/chart.state")
	rm -f "$1/chart.svg"
	cat >"$1/chart.gp" <<EOF
# gnuplot script written by scripts/bench/report.sh
set terminal svg size 900,500 noenhanced font "sans,11" background "white"
set output 'chart.svg'
set title "System call latency, median ns (log scale), $mode${omitted:+\\n(no valid data, not drawn: $omitted)}"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set logscale y
set yrange [${ymin:-1}:*]
set ylabel "median ns"
set xtics rotate by 30 right nomirror
set grid ytics
set key top left
plot for [c in "$cols"] 'chart.dat' using (column(int(c))):xtic(1) \\
	title columnheader(int(c)) linecolor int(c) - 1
EOF
	if [ "$state" != data ]; then
		echo "no valid median in any log"
		return 1
	fi
	command -v gnuplot >/dev/null 2>&1 || {
		echo "gnuplot is not installed (apt-get install gnuplot-nox)"
		return 1
	}
	err=$(cd "$1" && gnuplot chart.gp 2>&1 >/dev/null) || {
		rm -f "$1/chart.svg"
		echo "gnuplot failed: $(printf '%s' "$err" | tail -n 1)"
		return 1
	}
	[ -s "$1/chart.svg" ] || { echo "gnuplot wrote no chart.svg"; return 1; }
}

main() {
	[ $# -ge 3 ] || usage_error "missing arguments; run: report.sh OUTDIR META_FILE LABEL=LOG [LABEL=LOG ...] (e.g. stock-normal=build/bench/stock-normal.log)"
	outdir=$1 meta=$2
	shift 2
	if [ ! -f "$meta" ] || [ ! -r "$meta" ]; then
		usage_error "META_FILE '$meta' is not a readable file; write the 'key: value' metadata there first"
	fi
	labels=
	for arg; do
		label=${arg%%=*}
		case $arg in
		*=*) ;;
		*) usage_error "argument '$arg' is not LABEL=LOG; write it as e.g. ukl-app=$arg" ;;
		esac
		case $label in
		'' | *[!A-Za-z0-9._-]*)
			usage_error "label '$label' in '$arg' must be letters, digits, '.', '_' or '-'; rename it" ;;
		esac
		case " $labels " in
		*" $label "*) usage_error "label '$label' is given twice; give each configuration its own label" ;;
		esac
		labels="${labels:+$labels }$label"
	done
	mkdir -p "$outdir" 2>/dev/null || usage_error "cannot create OUTDIR '$outdir'; pick a writable directory"

	tmp=$(mktemp -d) || exit 1
	trap 'rm -rf "$tmp"' EXIT
	trap 'exit 1' HUP INT TERM
	i=0
	for arg; do
		i=$((i + 1))
		parse_log "${arg#*=}" "$outdir/raw-${arg%%=*}.csv" >"$tmp/$i.tsv"
	done
	set --
	j=1
	while [ "$j" -le "$i" ]; do
		set -- "$@" "$tmp/$j.tsv"
		j=$((j + 1))
	done

	status=0
	render_report "$outdir" "$meta" "$labels" "$@" || status=1
	{
		printf '## Chart\n\n'
		if why=$(draw_chart "$outdir"); then
			printf '![median ns per op](chart.svg)\n'
		else
			printf 'chart.svg not drawn: %s\n' "$why"
			printf 'error: chart.svg not drawn: %s\n' "$why" >&2
			status=1
		fi
	} >>"$outdir/results.md"
	rm -f "$outdir/chart.state" "$outdir/chart.mode"
	cat "$outdir/table.md"
	rm -f "$outdir/table.md"
	if [ "$status" -ne 0 ]; then
		printf 'report: FAILED: see %s/results.md (Failed section)\n' "$outdir" >&2
	fi
	exit "$status"
}

main "$@"
