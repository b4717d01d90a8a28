#!/bin/sh
# A benchmark run that goes wrong is a failed row with its reason, never a
# silent zero or a table that looks complete: the report script on console
# logs of guests that crashed, printed garbage or measured nothing, and one
# real `make bench` whose guests are stopped in the middle of a run; the
# report of make bench-apps on made-up consoles, and its bad input.
. "$(dirname "$0")/lib.sh"
plan 43
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

good() {
	cat <<'EOF'
bench: start iter=100 warmup=10 tsc_mhz=2000.0 timer_overhead_ns=7.0
bench: op=getppid n=100 median_ns=250.0 p99_ns=260.0 mean_ns=251.0
bench: op=futex_wake n=100 median_ns=420.0 p99_ns=430.0 mean_ns=421.0
bench: done ops=2
EOF
}

# A run where every configuration is fine.
good >"$tmp/a.log"
good >"$tmp/b.log"
echo "mode: wall" >"$tmp/meta"
mkdir "$tmp/ok"
sh scripts/bench/report.sh "$tmp/ok" "$tmp/meta" base="$tmp/a.log" other="$tmp/b.log" >"$tmp/ok.table" 2>&1
is "$?" 0 "report.sh: two good logs give status 0"
unlike "$tmp/ok/results.md" 'FAILED' "and no FAILED cell"

# The guest died after the first op: the console stops mid-run, with a
# kernel message in place of the rest.
good | head -n 2 >"$tmp/crash.log"
echo '[   12.345678] Kernel panic - not syncing: Attempted to kill init!' >>"$tmp/crash.log"
# Garbage in the middle: a record with a number that is not one, and a
# median of zero (the op did not rise above the timer overhead).
good | sed -e 's/median_ns=250.0/median_ns=2#0.0/' -e 's/median_ns=420.0/median_ns=0.0/' >"$tmp/garbage.log"
mkdir "$tmp/bad"
sh scripts/bench/report.sh "$tmp/bad" "$tmp/meta" base="$tmp/a.log" \
	crash="$tmp/crash.log" garbage="$tmp/garbage.log" missing="$tmp/none.log" >"$tmp/bad.table" 2>&1
is "$?" 1 "report.sh: bad logs give status 1"
md=$tmp/bad/results.md
like "$md" '^\*\*Status: FAILED\*\*' "the report says FAILED at the top"
like "$md" '^\| getppid \| 250\.0 \(260\.0\) \| 250\.0 \(260\.0\) ×1\.00 \| FAILED: median_ns=2#0\.0 is not a positive finite number \| FAILED: log file missing' \
	"getppid: the crashed row keeps its one good result, garbage and a missing log are FAILED with the reason"
like "$md" '^\| futex_wake \| 420\.0 \(430\.0\) \| FAILED: log truncated: no bench: done line' \
	"futex_wake: the crashed configuration's missing op is FAILED: log truncated"
like "$md" 'FAILED: median_ns=0\.0: not above the timer overhead' "a zero median is FAILED, not shown as 0"
for cfg in crash garbage missing; do
	like "$tmp/bad/configs.csv" "^$cfg,FAILED," "configs.csv: $cfg is FAILED"
done
like "$tmp/bad/configs.csv" '^base,ok,7\.0,2000\.0,100,10$' "configs.csv: the good row is ok, with its timer overhead"
is "$(wc -l <"$tmp/bad/raw-garbage.csv" | tr -d ' ')" 1 \
	"no garbage value reaches the raw CSV (only its header is there)"
is "$(awk -F, 'FNR > 1 && !($3 + 0 > 0)' "$tmp/bad"/raw-*.csv | wc -l | tr -d ' ')" 0 \
	"no raw CSV holds a zero, negative or non-numeric median"
like "$tmp/bad.table" 'FAILED' "the printed table shows the failures"

# End to end: every configuration's benchmark is killed 2 s after it
# starts (init's ukl_kill_after), in the middle of a run of a million
# iterations of each op, and every row says so.
out=$O/test-bench-killed.out
res=$tmp/results
run_make "$out" bench ITER=1000000 KERNEL_ARGS=ukl_kill_after=2 BENCH_TIMEOUT=120 RESULTS="$res"
[ "$status" -ne 0 ]
ok $? "make bench whose guests' benchmarks are killed mid-run fails (status $status)"
r=$(ls -d "$res"/*-wall "$res"/*-icount 2>/dev/null | head -n 1)
[ -n "$r" ] && [ -f "$r/results.md" ]
ok $? "the report is still written"
like "$r/results.md" '^\*\*Status: FAILED\*\*' "and says FAILED at the top"
is "$(grep -c ',FAILED,' "$r/configs.csv" 2>/dev/null)" 4 "all four configurations are FAILED"
is "$(grep -c '^ukl-init: application killed by signal 9$' "$r"/log-*.txt | awk -F: '{ n += $2 } END { print n }')" 4 \
	"in each guest the benchmark was killed"
like "$r/results.md" 'log truncated: no bench: done line' "the reason: the log stops before bench: done"
like "$r/meta.txt" '^kernel arguments: ukl_kill_after=2$' "the report records the extra kernel arguments"

# The costly-instruction report from made-up plugin output: per-op counts
# are totals / regions / calls, a row without counts is named.
c=$tmp/costly
mkdir -p "$c"
printf 'bench-mark: id=0 op=getppid calls=1\nbench-mark: id=9 op=empty_call calls=64\n' >"$c/log-a.txt"
printf '# header\nid=0 regions=4 syscall=4 sysret=4 pushf=0\nid=9 regions=2 syscall=0 sysret=0 pushf=128\nid=255 regions=7 syscall=0 sysret=0 pushf=0\n' >"$c/costly-a.txt"
printf 'op,n,median_ns,p99_ns,mean_ns\ngetppid,4,250.0,260.0,251.0\n' >"$c/raw-a.csv"
: >"$c/results.md"
sh scripts/bench/costly-report.sh "$c" a b >"$c/out" 2>&1
ok $? "costly-report.sh runs"
like "$c/results.md" '^\| getppid \| a \| 250\.0 \| 1 \| 1 \| 0 \|$' "a getppid row: its median, 4 SYSCALLs over 4 regions are 1 per call"
like "$c/results.md" '^\| empty_call \| a \| - \| 0 \| 0 \| 1 \|$' "128 PUSHF over 2 regions of 64 calls are 1 per call"
like "$c/results.md" '^\| getppid \| b \| - \| - \| - \| - \|$' "a row without counts shows none"
like "$c/results.md" '^No costly-instruction counts for: b ' "and is named"
unlike "$c/results.md" '255' "regions of an id without a bench-mark line are left out"

# The report of make bench-apps (scripts/bench/apps-report.sh) from
# made-up consoles: speedtest1's TOTAL lines and redis-benchmark's CSV
# (with the serial console's CR), then one failed row of each.
a=$tmp/apps
mkdir -p "$a"
for r in stock-normal:0.800 ukl-normal:0.808 ukl-app:0.760 ukl-bypass:0.740; do
	printf 'x\n       TOTAL.......................................................    %ss\nukl-init: exit-status=0\n' \
		"${r#*:}" >"$a/speedtest1-${r%%:*}.log"
	case $r in ukl-app:*)
		printf 'ukl-init: /proc/ukl: ukl_syscalls_total 900\nukl-init: /proc/ukl: ukl_syscalls_bypassed 0\n' \
			>>"$a/speedtest1-${r%%:*}.log" ;;
	esac
done
csv_head='"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"'
# redis-client times each test: 20000 requests in NS ns; redis-benchmark's
# own (coarser) rate is not the one reported.
for r in stock-normal:5000000000:3.100 ukl-normal:6666666667:3.500 ukl-app:4000000000:2.900 ukl-bypass:4545454545:2.800; do
	row=${r%%:*} rest=${r#*:}
	ns=${rest%%:*} p99=${rest#*:}
	for t in set get; do
		T=$(echo $t | tr a-z A-Z)
		printf '%s\r\n"%s","1.00","2.2","0.6","2.1","3.0","%s","9.3"\r\nredis-client: test=%s requests=20000 ns=%s\r\n' \
			"$csv_head" "$T" "$p99" "$t" "$ns"
	done >"$a/redis-$row.log"
	echo 'ukl-init: exit-status=0' >>"$a/redis-$row.log"
done
printf 'mode: icount (chosen by name)\n' >"$a/speedtest1.meta"
printf 'mode: icount (chosen by name)\nkernel arguments: ukl_client=/bin/redis-client redis_tests=set,get\n' >"$a/redis.meta"
sh scripts/bench/apps-report.sh "$a" speedtest1 redis >"$a/out" 2>&1
is "$?" 0 "apps-report.sh: good consoles give status 0"
like "$a/results.md" '^\| ukl-app \| 0\.760 \| 0\.950 \| 900 \(0 bypassed\) \|$' \
	"speedtest1: the TOTAL, its ratio to stock-normal and the UKL system calls"
like "$a/results.md" '^\| ukl-normal \| 3000\.0 \| 3\.500 \| 0\.750 \| 3000\.0 \| 3\.500 \| 0\.750 \| - \|$' \
	"redis: requests per second by redis-client's clock, p99 and the ratio, per test"
like "$a/results.csv" '^redis,ukl-bypass,GET_p99_ms,2\.800$' "results.csv has every number, without the CR"
like "$a/results.md" '^- mode: icount \(chosen by name\)$' "each application's run information is in the report"

# A guest that died before the TOTAL, one that printed it but exited 1,
# a server whose client failed (status 137) and one without GET results.
sed -i '/TOTAL/d' "$a/speedtest1-ukl-bypass.log"
sed -i 's/exit-status=0/exit-status=1/' "$a/speedtest1-ukl-app.log"
sed -i 's/exit-status=0/exit-status=137/' "$a/redis-ukl-normal.log"
sed -i '/GET\|test=get/d' "$a/redis-ukl-app.log"
sh scripts/bench/apps-report.sh "$a" speedtest1 redis >"$a/out" 2>&1
is "$?" 1 "apps-report.sh: a failed row gives status 1"
like "$a/results.md" '^\| ukl-bypass \| failed \(see speedtest1-ukl-bypass\.log\) \| - \| - \|$' "speedtest1: the row without a TOTAL is failed"
like "$a/results.md" '^\| ukl-app \| failed \(see speedtest1-ukl-app\.log\) \| - \| - \|$' "speedtest1: the row whose guest did not exit 0 is failed"
like "$a/results.md" '^\| ukl-normal \| failed \(see redis-ukl-normal\.log\) \|( - \|){6}$' "redis: the row whose guest did not exit 0 is failed"
like "$a/results.md" '^\| ukl-app \| failed \(see redis-ukl-app\.log\) \|( - \|){6}$' "redis: the row without a GET result is failed"
unlike "$a/results.csv" '^(redis,ukl-normal|redis,ukl-app|speedtest1,ukl-bypass|speedtest1,ukl-app),' "and no number of a failed row reaches results.csv"

# Bad input: an application make bench-apps does not know, before any build.
run_make "$a/bad.out" bench-apps BENCH_APPS=nosuch
[ "$status" -ne 0 ] && grep -qx "error: BENCH_APPS names 'nosuch'; make bench-apps knows: speedtest1 redis" "$a/bad.out"
ok $? "make bench-apps BENCH_APPS=nosuch fails with one error line naming the known ones (status $status)"
run_make "$a/empty.out" bench-apps BENCH_APPS=
[ "$status" -ne 0 ] && grep -qx "error: BENCH_APPS is empty; name one or more of: speedtest1 redis" "$a/empty.out"
ok $? "make bench-apps BENCH_APPS= fails with one error line (status $status)"
run_make "$a/quote.out" bench-apps BENCH_APPS=speedtest1 SPEEDTEST1_ARGS='--size "5"'
[ "$status" -ne 0 ] && [ "$(grep -c '^error: ' "$a/quote.out")" = 1 ] &&
	grep -q '^error: SPEEDTEST1_ARGS has a quote or backtick or backslash;' "$a/quote.out" &&
	! grep -q '^  [A-Z]' "$a/quote.out"
ok $? "make bench-apps SPEEDTEST1_ARGS with a quote fails with one error line, before any build (status $status)"

# A results folder with a comma cannot be passed to QEMU's -plugin: one
# error line, before anything runs, and no folder.
run_make "$a/comma.out" bench RESULTS="$tmp/a,b" BENCH_MODE=icount ITER=5 OPS=getppid
[ "$status" -ne 0 ] && grep -q "^error: the results folder $tmp/a,b/[0-9-]*-icount or the plugin .* has a comma in its path" "$a/comma.out"
ok $? "make bench RESULTS=dir,with,comma fails with one error line naming the comma (status $status)"
[ ! -e "$tmp/a,b" ] && [ -z "$(ls -d "$tmp"/a,b* 2>/dev/null)" ]
ok $? "and leaves no results folder"

done_testing
