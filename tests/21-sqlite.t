#!/bin/sh
# SQLite 3.40 from Debian's sqlite3 source package, built by SQLite's own
# configure and Makefile with CC=ukl-cc (apps/sqlite/recipe.mk): the
# speedtest1 benchmark runs to the end on a database in the guest's /tmp,
# the sqlite3 shell runs tests/apps/sqlite/script.sql (given with FILES=)
# and writes its output to the host through SHARE=, where it must equal
# what the host's own sqlite3 (the same version) prints for the script;
# loading an extension fails with an error, not a crash.  A recipe patch
# that no longer applies stops the build with one error line.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run_make "$tmp/build.log" sqlite
is "$status" 0 "make sqlite builds sqlite3 and speedtest1 with SQLite's configure and Makefile, CC=ukl-cc"
[ "$status" -eq 0 ] || { tail -n 10 "$tmp/build.log" | sed 's/^/#   /'; done_testing; }
for p in sqlite3 speedtest1; do
	sh linker/check-app-object.sh "$O/recipes/sqlite/$p"
	ok $? "$p is a UKL application object"
done
like "$O/recipes/versions.txt" '^sqlite: .*sqlite3_3\.40\.1\.orig\.tar\.xz sha256 aaa77626' \
	"versions.txt records the source package and its checksum"

# speedtest1 with --size 10 takes 7-11 s of guest time under TCG.
out=$O/test-speedtest1.out
run_make "$out" APP=apps/sqlite PROG=speedtest1 ARGS="--size 10 /tmp/speed.db" TIMEOUT=240 run
is "$status" 0 "make run APP=apps/sqlite PROG=speedtest1 ARGS='--size 10 /tmp/speed.db' succeeds"
[ "$status" -eq 0 ] || grep -v '^  [A-Z]\|^ukl-init: /proc/ukl: ' "$out" | tail -n 20 | sed 's/^/#   /'
like "$out" '^-- Speedtest1 for SQLite 3\.40\.1 ' "speedtest1 starts (SQLite 3.40.1)"
is "$(grep -Ec '^ *[0-9]+ - .*\.\.\. *[0-9]+\.[0-9]+s$' "$out")" 32 "speedtest1 completes all 32 of its tests"
like "$out" '^ +TOTAL\.+ +[0-9]+\.[0-9]+s$' "speedtest1 prints its closing TOTAL line"
grep -E '^ +TOTAL' "$out" | sed 's/^ */# speedtest1 under TCG, guest wall clock: /'
like "$out" '^ukl-init: application exited with status 0$' "speedtest1 exits with status 0"
guest_survived "$out"
no_oops "$out" "speedtest1"

# The shell runs the script from FILES with its output on the share:
# guest.sql sends the output to /share, reads the script, then tries to
# load an extension (a UKL application cannot load code).  Errors in an
# -init file do not end the shell; .quit, as the command after the
# database, ends it without reading the console.  The host's sqlite3 runs
# the same script the same way.
host_version=$(sqlite3 -version 2>/dev/null | cut -d' ' -f1)
is "$host_version" 3.40.1 "the host has sqlite3 3.40.1, the same version (package sqlite3, scripts/deps.sh)"
mkdir -p "$tmp/in" "$tmp/host"
cat >"$tmp/in/guest.sql" <<'EOF'
.output /share/out.txt
.read /data/script.sql
.output stdout
.bail off
.load /data/no-such-extension
SELECT load_extension('/data/no-such-extension');
SELECT 'still ' || 'here';
EOF
printf '.output %s\n.read %s\n' "$tmp/host/out.txt" "$TOP/tests/apps/sqlite/script.sql" >"$tmp/host.sql"
sqlite3 -batch -init "$tmp/host.sql" "$tmp/host/t.db" .quit >"$tmp/host.log" 2>&1
[ $? -eq 0 ] && [ ! -s "$tmp/host.log" ]
ok $? "the host's sqlite3 runs the script without an error"
[ -s "$tmp/host.log" ] && head -n 5 "$tmp/host.log" | sed 's/^/#   /'
[ "$(wc -l <"$tmp/host/out.txt" 2>/dev/null || echo 0)" -gt 100 ]
ok $? "and prints more than 100 lines ($(wc -l <"$tmp/host/out.txt" 2>/dev/null || echo 0))"

# same_as_host NAME: the shell's output on the share is the host's.
same_as_host() {
	cmp -s "$tmp/host/out.txt" "$share/out.txt"
	_st=$?
	ok $_st "$1"
	[ $_st -eq 0 ] || diff "$tmp/host/out.txt" "$share/out.txt" 2>&1 | head -n 20 | sed 's/^/#   /'
}

share=$tmp/share
out=$O/test-sqlite3.out
run_make "$out" APP=apps/sqlite PROG=sqlite3 FILES="tests/apps/sqlite/script.sql $tmp/in/guest.sql" \
	SHARE="$share" ARGS="-batch -init /data/guest.sql /tmp/t.db .quit" TIMEOUT=240 run
is "$status" 0 "make run APP=apps/sqlite PROG=sqlite3 FILES=... SHARE=... succeeds"
[ "$status" -eq 0 ] || grep -v '^  [A-Z]\|^ukl-init: /proc/ukl: ' "$out" | tail -n 20 | sed 's/^/#   /'
[ -f "$share/out.txt" ]
ok $? "the shell wrote its output to the shared folder (out.txt)"
same_as_host "its output equals the host sqlite3's for the same script"
like "$out" '^Error: .*[Dd]ynamic loading not supported' ".load of an extension fails with dlopen()'s message"
like "$out" '^Runtime error near line [0-9]+: [Dd]ynamic loading not supported' "so does SELECT load_extension()"
like "$out" '^still here$' "and the shell goes on after both"
like "$out" '^ukl-init: application exited with status 0$' "the shell exits with status 0"
guest_survived "$out"
no_oops "$out" "sqlite3"

# With glibc: the same speedtest1 (smaller) and the same shell script.
run_make "$tmp/build-glibc.log" LIBC=glibc sqlite
is "$status" 0 "glibc: make LIBC=glibc sqlite builds sqlite3 and speedtest1 (configure --host=x86_64-ukl-linux-gnu)"
[ "$status" -eq 0 ] || tail -n 10 "$tmp/build-glibc.log" | sed 's/^/#   /'
out=$O/test-speedtest1-glibc.out
run_make "$out" APP=apps/sqlite LIBC=glibc PROG=speedtest1 ARGS="--size 5 /tmp/speed.db" TIMEOUT=240 run
is "$status" 0 "glibc: speedtest1 --size 5 succeeds"
[ "$status" -eq 0 ] || grep -v '^  [A-Z]\|^ukl-init: /proc/ukl: ' "$out" | tail -n 20 | sed 's/^/#   /'
is "$(grep -Ec '^ *[0-9]+ - .*\.\.\. *[0-9]+\.[0-9]+s$' "$out")" 32 "glibc: speedtest1 completes all 32 of its tests"
guest_survived "$out"
rm -rf "$share"
out=$O/test-sqlite3-glibc.out
run_make "$out" APP=apps/sqlite LIBC=glibc PROG=sqlite3 FILES="tests/apps/sqlite/script.sql $tmp/in/guest.sql" \
	SHARE="$share" ARGS="-batch -init /data/guest.sql /tmp/t.db .quit" TIMEOUT=240 run
is "$status" 0 "glibc: the sqlite3 shell runs the script"
same_as_host "glibc: its output equals the host sqlite3's for the same script"
like "$out" '^Error: .*cannot load code into a UKL application' "glibc: .load of an extension fails with dlopen()'s message, naming UKL"
like "$out" '^still here$' "glibc: and the shell goes on"
guest_survived "$out"
no_oops "$out" "glibc: sqlite3"

# A recipe patch that no longer applies: one error line, non-zero status,
# in a source tree of its own (the real one is left alone).
mkdir -p "$tmp/badpatches"
bad=0001-README-a-title-this-tree-does-not-have.patch
cat >"$tmp/badpatches/$bad" <<'EOF'
From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
From: UKL test <ukl@localhost>
Subject: [PATCH] README: a title this tree does not have

Broken on purpose (tests/21-sqlite.t): the line it replaces is not the
first line of SQLite 3.40.1's README.md, so it does not apply.
---
 README.md | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)

diff --git a/README.md b/README.md
--- a/README.md
+++ b/README.md
@@ -1,3 +1,3 @@
-<h1 align="center">SQLite Source Tree</h1>
+<h1 align="center">SQLite in a UKL kernel</h1>
 
 This repository contains the complete source code for the
EOF
echo "$bad" >"$tmp/badpatches/series"
real=$(stat -c %y "$O/recipes/sqlite-src/.ukl-configured")
run_make "$tmp/badpatch.log" sqlite sqlite_PATCH_DIR="$tmp/badpatches" \
	sqlite_SRC="$tmp/src" sqlite_OUT="$tmp/out"
[ "$status" -ne 0 ]
ok $? "make sqlite with a patch that does not apply fails"
is "$(grep -c '^error: ' "$tmp/badpatch.log")" 1 "with exactly one error line"
like "$tmp/badpatch.log" "^error: sqlite: patch $bad does not apply cleanly" \
	"which names the patch"
[ ! -e "$tmp/src" ] && [ ! -e "$tmp/out" ] && [ "$(stat -c %y "$O/recipes/sqlite-src/.ukl-configured")" = "$real" ]
ok $? "no source tree is left for it, and the real one is untouched"

done_testing
