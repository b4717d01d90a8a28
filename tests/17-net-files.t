#!/bin/sh
# Networking and files: make run PORTS= forwards host TCP ports (bound to
# 127.0.0.1) to the guest's virtio-net, FILES= puts host files and folders
# into the initramfs (rebuilt when they change), SHARE= shares a host
# folder read-write on /share over virtio 9p, and /tmp is a tmpfs.
# tests/apps/net answers one request from the host and writes a file to the
# share.  Bad PORTS, FILES, SHARE and taken host ports stop with one error
# line.  All traffic stays on 127.0.0.1; nothing else is contacted.
. "$(dirname "$0")/lib.sh"
plan 58
tmp=$(mktemp -d)
holders=
trap 'for p in $holders; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT

# one_error LOG WHAT REGEX: exactly one "error:" line, and it matches REGEX.
one_error() {
	is "$(grep -c '^error: ' "$1")" 1 "$2: exactly one error line"
	like "$1" "^error: .*$3" "$2: the line says what is wrong"
}

# hold MODE: $held is a host port that net-client MODE now holds.
hold() {
	held=$("$client" free)
	"$client" "$1" "$held" 300 >"$tmp/$1.out" &
	holders="$holders $!"
	for _i in 1 2 3 4 5 6 7 8 9 10; do
		grep -qs ready "$tmp/$1.out" && break
		sleep 0.5
	done
}

# cpio_has NAME: the application's initramfs holds NAME.
cpio_has() {
	cpio -it --quiet <"$O/initramfs-net.cpio" 2>/dev/null | grep -qx "$1"
}

client=$O/tests/net-client
mkdir -p "$O/tests"
gcc -O2 -Wall -Wextra -o "$client" tests/net-client.c
ok $? "the host-side client (tests/net-client.c) compiles"

token=token-$$-$(date +%s)
printf 'input %s\n' "$token" >"$tmp/in.txt"
mkdir -p "$tmp/tree/sub"
printf 'deep\n' >"$tmp/tree/sub/deep.txt"
printf '#!/bin/sh\n' >"$tmp/tree/run.sh" && chmod 755 "$tmp/tree/run.sh"
files="$tmp/in.txt $tmp/tree:/srv/tree"
share=$tmp/share/out

# The run, and the host's request while it runs: the guest needs a while to
# boot, so the client tries once a second until it gets an answer.
port=$("$client" free)
out=$O/test-net.out
make -C "$TOP" O="$O" APP=tests/apps/net ARGS=80 PORTS="$port:80" FILES="$files" \
	SHARE="$share" TIMEOUT=240 run >"$out" 2>&1 &
mk=$!
reply=
while kill -0 "$mk" 2>/dev/null; do
	reply=$("$client" get "$port" "ping $token" 2>/dev/null) && break
	sleep 1
done
wait "$mk"
status=$?
is "$status" 0 "make run APP=tests/apps/net PORTS=$port:80 FILES=... SHARE=... succeeds"
[ "$status" -eq 0 ] || grep -v '^  [A-Z]' "$out" | tail -n 20 | sed 's/^/#   /'
is "$reply" "pong $token input=input $token" \
	"a request to 127.0.0.1:$port reached the application on guest port 80 and was answered"
app_tap "$out"
guest_survived "$out"
like "$out" "^  NET .*127\\.0\\.0\\.1:$port->80" "the runner says which port it forwards"
like "$out" '^ukl-init: network: eth0 10\.0\.2\.15/24, gateway 10\.0\.2\.2, DNS 10\.0\.2\.3$' \
	"init brought eth0 up with the user-mode network's addresses"
like "$out" '^ukl-init: /share: ' "init mounted the shared folder on /share"
[ -d "$share" ]
ok $? "the missing SHARE folder was created"
is "$(cat "$share/out.txt" 2>/dev/null)" "request=ping $token
input=input $token" "the file the application wrote to /share is on the host"

# FILES: what the initramfs holds, and when it is rebuilt.
cpio_has data/in.txt
ok $? "FILES: the initramfs holds data/in.txt (the default guest path)"
cpio_has srv/tree/sub/deep.txt
ok $? "FILES: the initramfs holds the folder at its guest path (srv/tree/sub/deep.txt)"

initramfs() {
	run_make "$tmp/ir-$1.log" APP=tests/apps/net FILES="$2" initramfs
}
initramfs same "$files"
unlike "$tmp/ir-same.log" 'GEN +.*initramfs-net\.cpio' "FILES unchanged: the initramfs is not rebuilt"
initramfs fewer "$tmp/in.txt"
like "$tmp/ir-fewer.log" 'GEN +.*initramfs-net\.cpio' "FILES changed: the initramfs is rebuilt"
! cpio_has srv/tree/sub/deep.txt && cpio_has data/in.txt
ok $? "FILES changed: the folder left the initramfs, the file stayed"
printf 'more\n' >>"$tmp/in.txt"
initramfs edited "$tmp/in.txt"
like "$tmp/ir-edited.log" 'GEN +.*initramfs-net\.cpio' "a file FILES names changed: the initramfs is rebuilt"
initramfs tree "$files"
printf 'new\n' >"$tmp/tree/new.txt"
initramfs newfile "$files"
like "$tmp/ir-newfile.log" 'GEN +.*initramfs-net\.cpio' "a new file in a FILES folder: the initramfs is rebuilt"
cpio_has srv/tree/new.txt
ok $? "and holds the new file"

before=$(stat -c %y "$O/initramfs-net.cpio")
initramfs missing "$tmp/no-such-file"
[ "$status" -ne 0 ]
ok $? "make initramfs FILES=<nothing> fails"
one_error "$tmp/ir-missing.log" "make initramfs FILES=<nothing>" "FILES: $tmp/no-such-file does not exist; name an existing"
is "$(stat -c %y "$O/initramfs-net.cpio")" "$before" "FILES=<nothing>: the initramfs is left as it was"

# Bad input to make run, with an application never built: each stops with
# one error line before anything is built.
mkdir "$tmp/netbad"
cp apps/hello/*.c "$tmp/netbad/"
rm -f "$O/initramfs-netbad.cpio"
bad() {
	_name=$1 _what=$2 _re=$3
	shift 3
	run_make "$tmp/$_name.log" APP="$tmp/netbad" "$@" run
	[ "$status" -ne 0 ]
	ok $? "$_what: make run fails"
	one_error "$tmp/$_name.log" "$_what" "$_re"
}
bad port0 "PORTS=0:80" "PORTS: host port 0 in '0:80' is outside 1-65535" PORTS=0:80
bad port70000 "PORTS=8080:70000" "PORTS: guest port 70000 in '8080:70000' is outside 1-65535" PORTS=8080:70000
bad garbage "PORTS=garbage" "PORTS: 'garbage' is not HOST:GUEST" PORTS=garbage
bad nofile "FILES=<nothing>" "FILES: $tmp/no-such-file does not exist" FILES="$tmp/no-such-file"
bad sharefile "SHARE=<a file>" "SHARE=$tmp/in.txt is not a folder" SHARE="$tmp/in.txt"
hold hold
taken=$held
bad taken "a host port in use" \
	"host port $taken \\(127\\.0\\.0\\.1\\) is already in use; choose another host port with PORTS=" PORTS="$taken:80"
! ls -d "$(dirname "$(app_obj "$tmp/netbad")")" "$O/initramfs-netbad.cpio" >/dev/null 2>&1
ok $? "none of the bad runs built anything for the application"

# A port bound without listening passes the check, and QEMU's own failure
# to forward it gives the same one line (the built application boots).
hold bind
bound=$held
run_make "$tmp/bound.log" APP=tests/apps/net PORTS="$bound:80" run
[ "$status" -ne 0 ]
ok $? "a host port QEMU cannot bind: make run fails"
one_error "$tmp/bound.log" "a host port QEMU cannot bind" \
	"host port $bound \\(127\\.0\\.0\\.1\\) is already in use; choose another host port with PORTS=, e\\.g\\. PORTS=[0-9]+:80$"
unlike "$tmp/bound.log" '^ukl-init:' "a host port QEMU cannot bind: no guest ran"

done_testing
