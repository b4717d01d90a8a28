#!/bin/sh
# Unpack an upstream tarball into a fresh git tree and apply a patch series.
#
# Usage: prepare-source.sh NAME TARBALL SERIES_DIR OUT_DIR DESCRIPTION
#
# The tree is built in OUT_DIR.tmp and renamed at the end, so an interrupted
# run never leaves a tree that looks complete.  Each patch is applied with
# 'patch -p1 -F0' (no fuzz) and committed, so OUT_DIR is a git tree whose
# history is upstream + the series; 'make export-kernel' turns it back into
# the series.  A stamp of the tarball and series checksums makes re-runs
# idempotent.
set -eu
. "$(dirname "$0")/lib.sh"

name=$1 tarball=$2 series_dir=$3 out=$4 desc=$5

[ -f "$tarball" ] || die "$name: source tarball $tarball is missing; run: make deps"
[ -f "$series_dir/series" ] || die "$name: no series file in $series_dir"
series_dir=$(cd "$series_dir" && pwd)
for p in $(grep -v '^#' "$series_dir/series"); do
	[ -f "$series_dir/$p" ] || die "$name: $series_dir/series names $p, which is missing"
done

series_sum() {
	(cd "$series_dir" && cat series $(grep -v '^#' series)) | sha256sum | cut -d' ' -f1
}
want="$(sha256_of "$tarball") $(series_sum)"
if [ -f "$out/.git/ukl-prepared" ] && [ "$(cat "$out/.git/ukl-prepared")" = "$want" ]; then
	exit 0
fi

tmp=$out.tmp
rm -rf "$tmp" "$out"
mkdir -p "$tmp"
note UNPACK "$name ($(basename "$tarball"))"
tar -C "$tmp" --strip-components=1 -xf "$tarball" ||
	die "$name: cannot unpack $tarball (corrupt download?); remove it and run: make deps"

git_q() { git -C "$tmp" -c user.name=ukl-build -c user.email=ukl@localhost "$@"; }
git_q init -q
git_q add -A -f
git_q commit -q --no-verify -m "$name upstream ($(basename "$tarball"))"
git_q tag upstream

for p in $(grep -v '^#' "$series_dir/series"); do
	note PATCH "$name: $p"
	(cd "$tmp" && patch -p1 -F0 -s --dry-run <"$series_dir/$p" >/dev/null 2>&1) ||
		die "$name: patch $p does not apply cleanly to $(basename "$tarball"); rebase the series in $series_dir on this version"
	(cd "$tmp" && patch -p1 -F0 -s --no-backup-if-mismatch <"$series_dir/$p")
	git mailinfo "$tmp/.git/ukl-msg" "$tmp/.git/ukl-body" <"$series_dir/$p" >"$tmp/.git/ukl-info"
	subject=$(sed -n 's/^Subject: //p' "$tmp/.git/ukl-info")
	author=$(sed -n 's/^Author: //p' "$tmp/.git/ukl-info")
	email=$(sed -n 's/^Email: //p' "$tmp/.git/ukl-info")
	git_q add -A -f
	printf '%s\n\n' "${subject:-$p}" | cat - "$tmp/.git/ukl-msg" |
		GIT_AUTHOR_NAME=${author:-ukl} GIT_AUTHOR_EMAIL=${email:-ukl@localhost} \
		git_q commit -q --no-verify -F -
	rm -f "$tmp/.git/ukl-msg" "$tmp/.git/ukl-body" "$tmp/.git/ukl-info"
done

echo "$want" >"$tmp/.git/ukl-prepared"
mv "$tmp" "$out"

# Record exactly what was built from, next to the build output.
record_version "$(dirname "$out")/versions.txt" "$name" \
	"$(printf '%s, %s sha256 %s, series %s (%s patches)' "$desc" \
	"$(basename "$tarball")" "$(sha256_of "$tarball")" "$(series_sum)" \
	"$(grep -vc '^#' "$series_dir/series")")"
