#!/bin/sh
# FILES="HOST[:GUEST] ...": host files and folders (folders with all they
# hold) as gen_init_cpio lines for the initramfs.  The default GUEST is
# /data/BASENAME; the folders above GUEST are created.
#
# Usage: files-list.sh OUT "SPECS"    write the lines to OUT, only if they changed
#        files-list.sh --check "SPECS"   only check SPECS
#
# OUT is the initramfs's stamp: it holds, besides the lines, each file's
# mtime and size as comments, so it changes (and the initramfs is rebuilt)
# when FILES or a file it names changes, and only then.
set -eu
. "$(dirname "$0")/../lib.sh"

out=$1 specs=$2

# check_guest PATH SPEC: an absolute, plain path that init does not mount
# over (and that does not replace init or the application).
check_guest() {
	case $1 in
	/*) ;;
	*) die "FILES: the guest path '$1' in '$2' is not absolute; write e.g. $host:/data/$(basename -- "$host")" ;;
	esac
	case $1/ in
	//) die "FILES: the guest path in '$2' is the root folder; name a folder for it, e.g. $host:/data/$(basename -- "$host")" ;;
	*//* | */./* | */../*) die "FILES: the guest path '$1' in '$2' has an empty, . or .. part; write a plain absolute path" ;;
	/init/ | /ukl/* | /proc/* | /tmp/* | /share/* | /dev/*)
		die "FILES: the guest path '$1' in '$2' is init's (/init, /ukl, /proc, /tmp, /share, /dev); put it elsewhere, e.g. under /data" ;;
	esac
}

# no_space PATH: gen_init_cpio reads space-separated fields.
no_space() {
	case $1 in
	*[[:space:]]*) die "FILES: '$1' has a space in its name, which the initramfs list cannot hold; rename it or leave it out" ;;
	esac
}

# entries HOST GUEST: the lines for HOST (a file, or a folder and all in it).
entries() {
	# The folders above GUEST, from the top.
	p= rest=${2#/}
	while [ "$rest" != "${rest#*/}" ]; do
		p=$p/${rest%%/*} rest=${rest#*/}
		echo "dir $p 0755 0 0"
	done
	# -H: HOST itself may be a symlink (followed); links inside stay links.
	found=$(find -H "$1" -printf '%y %m %T@ %s %p\n') ||
		die "FILES: cannot read all of $1 (find's message above); make it readable or leave it out"
	printf '%s\n' "$found" | while read -r type mode mtime size path; do
		no_space "$path"
		rel=${path#"$1"}
		case $type in
		d) echo "dir $2$rel $mode 0 0" ;;
		f) echo "# $mtime $size" && echo "file $2$rel $path $mode 0 0" ;;
		l)
			target=$(readlink -- "$path")
			no_space "$target"
			echo "slink $2$rel $target 0777 0 0"
			;;
		*) die "FILES: $path is not a file, folder or symlink; leave it out" ;;
		esac
	done || exit 1
}

set -f
list=
for spec in $specs; do
	case $spec in
	*:*) host=${spec%%:*} guest=${spec#*:} ;;
	*) host=$spec guest= ;;
	esac
	[ -n "$host" ] || die "FILES: '$spec' names no host path; write HOST_PATH[:GUEST_PATH]"
	[ -e "$host" ] || die "FILES: $host does not exist; name an existing host file or folder"
	abs=$(realpath -- "$host")
	[ "$abs" != / ] || die "FILES: $host is the host's root folder; name a file or folder below it"
	if [ -z "$guest" ]; then
		name=$(basename -- "$host")
		case $name in . | .. | /) name=$(basename -- "$abs") ;; esac
		guest=/data/$name
	fi
	while [ "$guest" != / ] && [ "$guest" != "${guest%/}" ]; do guest=${guest%/}; done
	check_guest "$guest" "$spec"
	no_space "$guest"
	no_space "$abs"
	list="$list$(entries "$abs" "$guest")
" || exit 1
done

[ "$out" != --check ] || exit 0
# Folders given twice (two files in /data): the first line only.
printf '# FILES=%s\n%s' "$specs" "$list" | awk '$1 != "dir" || !seen[$2]++' >"$out.tmp"
if cmp -s "$out.tmp" "$out"; then
	rm -f "$out.tmp"
else
	mv "$out.tmp" "$out"
fi
