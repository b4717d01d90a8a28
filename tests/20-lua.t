#!/bin/sh
# Lua 5.4 from Debian's lua5.4 source package, built by its own Makefile
# with CC=ukl-cc (apps/lua/recipe.mk), runs tests/apps/lua/checks.lua as a
# UKL application: closures, coroutines, patterns, pcall/error, os.time,
# io on /tmp, string.format of floats.  The script prints TAP.  With each
# C library.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for libc in $(test_libcs); do
	tag= pfx=
	[ "$libc" = musl ] || tag=-$libc pfx="$libc: "
	run_make "$tmp/build.log" LIBC=$libc lua
	is "$status" 0 "${pfx}make lua builds Lua with its own Makefile and CC=ukl-cc$tag"
	[ "$status" -eq 0 ] || tail -n 10 "$tmp/build.log" | sed 's/^/#   /'
	for p in lua luac; do
		sh linker/check-app-object.sh "$O/recipes/lua$tag/$p"
		ok $? "$pfx$p is a UKL application object"
	done

	app_out=$O/test-lua$tag.out
	run_make "$app_out" APP=apps/lua LIBC=$libc FILES=tests/apps/lua/checks.lua ARGS=/data/checks.lua TIMEOUT=200 run
	is "$status" 0 "${pfx}make run APP=apps/lua runs the script to the end"
	[ "$status" -eq 0 ] || grep -v '^  [A-Z]' "$app_out" | tail -n 20 | sed 's/^/#   /'
	app_tap "$app_out" "$pfx"
	guest_survived "$app_out"
	no_oops "$app_out" "${pfx}Lua"
done
like "$O/recipes/versions.txt" '^lua: .*lua5\.4_5\.4\.4\.orig\.tar\.gz sha256 164c7849' "versions.txt records the source package and its checksum"

# A source package that apt cannot give: one error line, no tarball.
UKL_FETCH_EXACT=1 sh scripts/fetch-source.sh "$tmp/dl" lua5.4 0.0-no-such-version \
	lua5.4_5.4.4.orig.tar.gz 164c7849653b80ae67bec4b7473b884bf5cc8d2dca05653475ec2ed27b9ebf61 >"$tmp/fetch.log" 2>&1
[ $? -ne 0 ] && [ ! -e "$tmp/dl/lua5.4_5.4.4.orig.tar.gz" ] && [ "$(grep -c '^error: ' "$tmp/fetch.log")" = 1 ]
ok $? "a missing source package fails with one error line and leaves no tarball"
like "$tmp/fetch.log" '^error: cannot download the Debian source package lua5\.4=0\.0-no-such-version' "and names the package"

done_testing
