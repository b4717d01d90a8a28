#!/bin/sh
# make bench-apps as a smoke run: SQLite's speedtest1 and Redis with
# redis-benchmark, small, on all four rows.  It checks that each row ran
# the program it names (the normal build in a normal process, the UKL
# build in ring 0, the bypass on) and that the report has a number for
# every row; it does not judge the numbers.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$O/test-bench-apps.out

run_make "$out" bench-apps RESULTS="$tmp/results" BENCH_MODE=icount BENCH_TIMEOUT=300 \
	SPEEDTEST1_ARGS="--size 1 /tmp/s.db" REDIS_REQUESTS=1000
is "$status" 0 "make bench-apps (speedtest1 --size 1, 1000 Redis requests) succeeds"
[ "$status" -eq 0 ] || grep -v '^  [A-Z]' "$out" | tail -n 20 | sed 's/^/#   /'
res=$(ls -d "$tmp"/results/*-apps 2>/dev/null | head -n 1)
[ -n "$res" ] && [ -f "$res/results.md" ] && [ -f "$res/results.csv" ]
ok $? "a results folder with results.md and results.csv"

# The normal programs are static builds of the same sources.
for p in sqlite-normal/speedtest1 redis-normal/redis-server redis-normal/redis-benchmark; do
	f=$O/recipes/$p
	[ -f "$f" ] && ! readelf -l "$f" | grep -q 'program interpreter'
	ok $? "$p is a static program"
done

rows="stock-normal ukl-normal ukl-app ukl-bypass"
for r in $rows; do
	v=$(awk -F, -v r="$r" '$1 == "speedtest1" && $2 == r && $3 == "total_s" { print $4 }' "$res/results.csv" 2>/dev/null)
	awk -v v="$v" 'BEGIN { exit !(v + 0 > 0) }'
	ok $? "speedtest1 $r: a positive TOTAL ($v s)"
	for t in SET GET; do
		v=$(awk -F, -v r="$r" -v t="${t}_rps" '$1 == "redis" && $2 == r && $3 == t { print $4 }' "$res/results.csv" 2>/dev/null)
		awk -v v="$v" 'BEGIN { exit !(v + 0 > 0) }'
		ok $? "redis $r: a positive $t rate ($v requests/s)"
	done
done

# Each row ran what it says: the normal rows exec'd /bin/PROG (init says
# so) and made no UKL system call; the UKL rows ran the application in
# /ukl, and only the bypass row's calls were bypassed.
for app in speedtest1:speedtest1 redis:redis-server; do
	name=${app%%:*} prog=${app#*:}
	for r in stock-normal ukl-normal; do
		like "$res/$name-$r.log" "^ukl-init: starting /bin/$prog\$" "$name $r: the normal $prog"
	done
	like "$res/$name-ukl-normal.log" '^ukl-init: /proc/ukl: ukl_syscalls_total 0$' \
		"$name ukl-normal: no system call came through ukl_entry_SYSCALL_64"
	for r in ukl-app ukl-bypass; do
		like "$res/$name-$r.log" "^ukl-init: starting /ukl/$prog\$" "$name $r: the UKL application"
	done
	like "$res/$name-ukl-app.log" '^ukl-init: /proc/ukl: ukl_syscalls_bypassed 0$' "$name ukl-app: no call bypassed"
	like "$res/$name-ukl-bypass.log" '^ukl-init: /proc/ukl: ukl_syscalls_bypassed [1-9][0-9]*$' \
		"$name ukl-bypass: calls bypassed"
done
like "$res/redis-ukl-app.log" '^redis-client: test=get requests=1000 ns=[0-9]+' "the Redis client ran next to the UKL server"
like "$res/redis-ukl-app.log" 'User requested shutdown' "and stopped it"
like "$res/redis-ukl-app.log" '^ukl-init: client exited with status 0$' "init waited for the client to finish"
like "$res/results.md" '^- mode: icount \(chosen by name' "the report gives the mode of each application"
no_oops "$res/speedtest1-ukl-bypass.log" "speedtest1 with the bypass"
no_oops "$res/redis-ukl-bypass.log" "redis-server with the bypass"
done_testing
