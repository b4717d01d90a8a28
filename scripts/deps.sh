#!/bin/sh
# Install the Debian packages the build needs, once per machine.
# Usage: deps.sh STAMP
set -eu
. "$(dirname "$0")/lib.sh"

stamp=$1
mkdir -p "$(dirname "$stamp")"
pkgs="gcc make binutils libc6-dev flex bison bc libelf-dev libssl-dev cpio
ccache gawk xz-utils perl patch git qemu-system-x86 linux-source-6.1
gnuplot-nox gcc-12-source gcc-12-plugin-dev
autoconf cmake redis-tools
tcl sqlite3
glibc-source python3"

missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done

if [ -n "$missing" ]; then
	[ "$(id -u)" = 0 ] ||
		die "missing packages:$missing; install them as root: apt-get install$missing"
	note APT "installing$missing"
	apt-get update -q >/dev/null 2>&1 ||
		die "apt-get update failed (no package mirror reachable?); fix the apt sources, then run: make deps"
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >"$stamp.log" 2>&1 ||
		die "apt-get could not install$missing (package unreachable?); see $stamp.log, fix the apt sources, then run: make deps"
fi

# musl comes as a Debian source package: make sure a deb-src entry exists.
if ! grep -rqs '^Types:.*deb-src\|^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/; then
	[ "$(id -u)" = 0 ] || die "no deb-src entry in the apt sources; add one as root, then run: make deps"
	src=/etc/apt/sources.list.d/debian.sources
	if [ -f "$src" ]; then
		note APT "adding a deb-src entry (/etc/apt/sources.list.d/ukl-deb-src.sources)"
		sed 's/^Types: deb$/Types: deb-src/' "$src" >/etc/apt/sources.list.d/ukl-deb-src.sources
	elif grep -qs '^deb ' /etc/apt/sources.list; then
		# The one-line format, as debootstrap writes it.
		note APT "adding deb-src lines (/etc/apt/sources.list.d/ukl-deb-src.list)"
		sed -n 's/^deb /deb-src /p' /etc/apt/sources.list >/etc/apt/sources.list.d/ukl-deb-src.list
	else
		die "no apt source to derive a deb-src entry from; add a deb-src line for Debian 12, then run: make deps"
	fi
	apt-get update -q >/dev/null 2>&1 ||
		die "apt-get update failed after adding deb-src; fix the apt sources, then run: make deps"
fi

date -u +%FT%TZ >"$stamp"
