#!/bin/sh
# Prove the README's commands on a machine without the build packages:
# a Debian 12 root made by debootstrap from this machine's apt mirror, with
# this machine's apt sources, then inside it (chroot) only git and make are
# installed, the repository is cloned and 'make run', then
# 'make run APP=apps/OTHER', are run.  The second run must relink the
# kernel without recompiling it.
#
# Usage (as root): scripts/check-bare-root.sh ROOT_DIR [OTHER_APP]  (default apps/lua, run with -v)
#                  scripts/check-bare-root.sh --ci ROOT_DIR
# --ci runs what CI runs (.ci/run: make test) in the bare root instead, and
# says how long it took.
# Not part of 'make test': it downloads a Debian base system and builds
# everything from nothing (about 20 minutes on 2 cores; --ci about an hour).
set -eu
. "$(dirname "$0")/lib.sh"

ci=
if [ "${1:-}" = --ci ]; then
	ci=1
	shift
fi
root=${1:?usage: check-bare-root.sh [--ci] ROOT_DIR [OTHER_APP]} other=${2:-apps/lua}
top=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" = 0 ] || die "run this as root (debootstrap and chroot need it)"
mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
mirror=${mirror:-http://deb.debian.org/debian}

if [ ! -x "$root/bin/sh" ]; then
	need_tool debootstrap debootstrap
	note ROOT "debootstrap --variant=minbase bookworm $root $mirror"
	debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.debootstrap.log" 2>&1 ||
		die "debootstrap failed; see $root.debootstrap.log"
fi
# The same apt sources as this machine (a Debian 12 install has them).
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
	cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/"
	rm -f "$root/etc/apt/sources.list"
fi
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true

for m in proc sys dev; do
	mountpoint -q "$root/$m" || mount --bind "/$m" "$root/$m"
done
trap 'for m in dev sys proc; do umount "$root/$m" 2>/dev/null || true; done' EXIT

rm -rf "$root/src/ukl"
git clone -q "$top" "$root/src/ukl"
chroot "$root" /bin/sh -eu -c "
	export DEBIAN_FRONTEND=noninteractive PATH=/usr/sbin:/usr/bin:/sbin:/bin
	apt-get update -q >/dev/null
	apt-get install -y -q git make >/dev/null
	cd /src/ukl
	if [ -n '$ci' ]; then
		echo '== bash .ci/run'
		start=\$(date +%s)
		rc=0
		bash .ci/run || rc=\$?
		echo \"== bash .ci/run took \$(( \$(date +%s) - start )) s, status \$rc\"
		exit \$rc
	fi
	echo '== make run'
	start=\$(date +%s)
	make run
	echo \"== make run took \$(( \$(date +%s) - start )) s\"
	before=\$(stat -c %Y build/kernel-ukl/vmlinux.o)
	start=\$(date +%s)
	echo '== make run APP=$other'
	make run APP=$other ARGS=-v
	echo \"== make run APP=$other took \$(( \$(date +%s) - start )) s\"
	[ \"\$(stat -c %Y build/kernel-ukl/vmlinux.o)\" = \"\$before\" ] &&
		echo '== vmlinux.o unchanged: the second run relinked without recompiling the kernel'
"
