#!/bin/sh
# Build the guest's initramfs (an uncompressed cpio) with the kernel's
# gen_init_cpio: /dev/console, /proc, /tmp, the given programs (/init among
# them) and /ukl/NAME, the file whose exec starts the application linked
# into the kernel; with --list, the gen_init_cpio lines in LIST too (the
# FILES= of make run, from files-list.sh).
# Usage: mkinitramfs.sh GEN_INIT_CPIO OUT APP_NAME [--list LIST] GUEST_PATH=HOST_FILE...
set -eu
. "$(dirname "$0")/../lib.sh"

gen=$1 out=$2 name=$3 extra=/dev/null
shift 3
[ "${1:-}" != --list ] || { extra=$2; shift 2; }
[ -x "$gen" ] || die "$gen is missing; build the kernel first (make kernel)"

dir=$(dirname "$out")/initramfs
mkdir -p "$dir"
printf '\177UKL\napplication %s, linked into the kernel image\n' "$name" >"$dir/ukl-app"
{
	cat <<LIST
dir /bin 0755 0 0
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
nod /dev/null 0666 0 0 c 1 3
dir /proc 0755 0 0
dir /tmp 1777 0 0
dir /ukl 0755 0 0
file /ukl/$name $dir/ukl-app 0755 0 0
LIST
	for f in "$@"; do
		case ${f%%=*} in /selftests/*) echo "dir /selftests 0755 0 0" ;; esac
		echo "file ${f%%=*} ${f#*=} 0755 0 0"
	done
	cat "$extra"
} | awk '!seen[$0]++ && ($1 != "dir" || !dirs[$2]++)' >"$dir/list"
"$gen" "$dir/list" >"$out.tmp"
mv "$out.tmp" "$out"
