#!/bin/sh
# Redis 7.0 (apps/redis): redis-server, built by Redis's own Makefile with
# CC=ukl-cc, runs as the UKL application with persistence off, and the
# host's redis-cli and redis-benchmark (package redis-tools) talk to it
# through a forwarded port (PORTS=HOST:6379).  Checked: PING, a SET/GET
# round trip, redis-benchmark without errors, a background (bio) thread
# freeing a big value, BGSAVE failing promptly with Redis's own error
# (fork() is ENOSYS in a UKL application), and SHUTDOWN NOSAVE ending the
# application with status 0 in a kernel that is still alive.  All traffic
# is to 127.0.0.1.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
mk=
# make runs in a session of its own (setsid): a test that stops early ends
# every process of that session, QEMU included (timeout(1) gives it a
# process group of its own, not a session).
stop_run() {
	[ -z "$mk" ] || kill $(ps -o pid= --sid "$mk" 2>/dev/null) 2>/dev/null
}
trap 'stop_run; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP

for t in redis-cli redis-benchmark; do
	command -v $t >/dev/null 2>&1
	ok $? "$t is installed (package redis-tools, scripts/deps.sh)"
done
command -v redis-cli >/dev/null 2>&1 && command -v redis-benchmark >/dev/null 2>&1 || done_testing

run_make "$tmp/build.log" redis
is "$status" 0 "make redis builds redis-server with Redis's Makefile and ukl-cc"
[ "$status" -eq 0 ] || { tail -n 10 "$tmp/build.log" | sed 's/^/#   /'; done_testing; }
sh linker/check-app-object.sh "$O/recipes/redis/redis-server"
ok $? "redis-server is a UKL application object"

# listening PORT: something on this host holds TCP port PORT (any address).
listening() {
	_hex=$(printf '%04X' "$1")
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
		awk -v p="$_hex" '{ split($2, a, ":") } a[2] == p { f = 1 } END { exit !f }'
}
port=
for p in $(seq 16379 16399); do
	listening "$p" || { port=$p; break; }
done
[ -n "$port" ]
ok $? "a free host port in 16379-16399 (${port:-none})"
[ -n "$port" ] || done_testing

# cli ARGS...: redis-cli to the forwarded port, bounded.
cli() {
	timeout 30 redis-cli -h 127.0.0.1 -p "$port" "$@" 2>&1 </dev/null
}

# The run, in the background: the guest boots and redis-server serves
# until SHUTDOWN.  --save as the last option means save "" (no snapshots).
out=$O/test-redis.out
setsid make -C "$TOP" O="$O" APP=apps/redis PORTS="$port:6379" TIMEOUT=480 \
	ARGS="--appendonly no --protected-mode no --port 6379 --save" run </dev/null >"$out" 2>&1 &
mk=$!

# Until PING answers (at most 240 s: a kernel relink and a TCG boot).
start=$(date +%s) pong=
while kill -0 "$mk" 2>/dev/null && [ $(($(date +%s) - start)) -lt 240 ]; do
	pong=$(timeout 5 redis-cli -h 127.0.0.1 -p "$port" PING 2>/dev/null </dev/null) &&
		[ "$pong" = PONG ] && break
	sleep 1
done
is "$pong" PONG "redis-cli PING through 127.0.0.1:$port answers PONG (after $(($(date +%s) - start)) s)"
if [ "$pong" != PONG ]; then
	grep -v '^  [A-Z]' "$out" | tail -n 20 | sed 's/^/#   /'
	done_testing	# its exit stops the run
fi

token=ukl-$$-$(date +%s)
is "$(cli SET ukl:token "$token")" OK "SET ukl:token"
is "$(cli GET ukl:token)" "$token" "GET ukl:token returns what SET stored"

cli INFO server | tr -d '\r' >"$tmp/info-server"
like "$tmp/info-server" '^redis_version:7\.0\.15$' "INFO server: Redis 7.0.15"
like "$tmp/info-server" '^os:Linux 6\.1\.' "INFO server: it runs on the guest's Linux 6.1"
like "$tmp/info-server" '^multiplexing_api:epoll$' "INFO server: the event loop uses epoll"

# redis-benchmark: 20000 SETs and 20000 GETs, from two connections.  Not
# its default 50: QEMU's user-mode network listens on the forwarded host
# port with a backlog of 1, so of 50 connects at once the host's kernel
# queues 2 and drops the rest (SYNs and handshake ACKs; the clients retry
# with growing timeouts, and some end reset).  A normal ring-3 redis-server
# in the same guest stalls the same way; 2 connects always fit.
timeout 300 redis-benchmark -h 127.0.0.1 -p "$port" -c 2 -n 20000 -t set,get -q </dev/null >"$tmp/bench.raw" 2>&1
is "$?" 0 "redis-benchmark -c 2 -n 20000 -t set,get -q exits with status 0"
tr '\r' '\n' <"$tmp/bench.raw" | grep -v '^ *$' >"$tmp/bench"
like "$tmp/bench" '^SET: [0-9.]+ requests per second' "redis-benchmark completed the SET test"
like "$tmp/bench" '^GET: [0-9.]+ requests per second' "redis-benchmark completed the GET test"
unlike "$tmp/bench" '[Ee]rror|ERR|[Rr]eset|[Rr]efused|[Tt]imeout' "redis-benchmark reports no error"
grep -E '^(SET|GET): [0-9.]+ requests per second' "$tmp/bench" |
	sed 's/^/# TCG, guest wall-clock via user-mode networking, not a benchmark: /'
is "$(cli STRLEN key:__rand_int__)" 3 "the benchmark's SETs reached the server (key:__rand_int__ holds 3 bytes)"
cli INFO commandstats | tr -d '\r' >"$tmp/commandstats"
for c in set get; do
	calls=$(sed -n "s/^cmdstat_$c:calls=\([0-9]*\),.*/\1/p" "$tmp/commandstats")
	[ "${calls:-0}" -ge 20000 ]
	ok $? "the server counted the benchmark's $(echo $c | tr a-z A-Z)s (cmdstat_$c calls=${calls:-none})"
done

# A background thread: UNLINK of a big set (a hash table of 500 members,
# more than LAZYFREE_THRESHOLD) hands the value to a bio thread, and only
# that thread's job (lazyfreeFreeObject) counts lazyfreed_objects (in
# INFO memory).
lazyfreed() {
	cli INFO memory | tr -d '\r' | sed -n 's/^lazyfreed_objects://p'
}
before=$(lazyfreed)
is "$(cli SADD ukl:bigset $(seq -f member-%g 1 500))" 500 "SADD 500 members"
is "$(cli UNLINK ukl:bigset)" 1 "UNLINK the set"
# freed_more: the count grew (and both are numbers).
freed_more() {
	case $before in '' | *[!0-9]*) return 1 ;; esac
	case $after in '' | *[!0-9]*) return 1 ;; esac
	[ "$after" -gt "$before" ]
}
after=
for i in 1 2 3 4 5 6 7 8 9 10; do
	after=$(lazyfreed)
	freed_more && break
	sleep 1
done
freed_more
ok $? "a bio thread freed the set (lazyfreed_objects ${before:-none} -> ${after:-none})"
is "$(cli EXISTS ukl:bigset)" 0 "the set is gone"

# fork() fails with ENOSYS: BGSAVE answers Redis's error at once (no hang),
# and the server keeps serving.
bg_start=$(date +%s)
bgsave=$(cli BGSAVE)
bg_time=$(($(date +%s) - bg_start))
is "$bgsave" ERR "BGSAVE fails with Redis's error reply (ERR)"
[ "$bg_time" -le 10 ]
ok $? "BGSAVE answered in ${bg_time} s (no hang)"
cli INFO persistence | tr -d '\r' >"$tmp/info-persistence"
like "$tmp/info-persistence" '^rdb_last_bgsave_status:err$' "INFO persistence: the last BGSAVE failed"
like "$tmp/info-persistence" '^rdb_bgsave_in_progress:0$' "INFO persistence: no BGSAVE in progress"
is "$(cli GET ukl:token)" "$token" "the server still serves after BGSAVE"

# SHUTDOWN NOSAVE: the application exits and init reports it.
cli SHUTDOWN NOSAVE >"$tmp/shutdown"
ok $? "redis-cli SHUTDOWN NOSAVE"
start=$(date +%s)
while kill -0 "$mk" 2>/dev/null && [ $(($(date +%s) - start)) -lt 120 ]; do
	sleep 1
done
if kill -0 "$mk" 2>/dev/null; then
	diag "make run did not finish 120 s after SHUTDOWN; stopping it"
	stop_run
fi
wait "$mk"
status=$?
mk=
is "$status" 0 "make run APP=apps/redis ends with status 0 after SHUTDOWN"
[ "$status" -eq 0 ] || grep -v '^  [A-Z]' "$out" | tail -n 20 | sed 's/^/#   /'
like "$out" 'Ready to accept connections' "the server log says it was ready"
like "$out" "Can't save in background: fork: Function not implemented" \
	"the server log gives fork's ENOSYS as the reason BGSAVE failed"
like "$out" 'Redis is now ready to exit, bye bye' "the server log says it shut down"
like "$out" '^ukl-init: application exited with status 0$' "init saw redis-server exit with status 0"
guest_survived "$out"
no_oops "$out" "redis"

done_testing
