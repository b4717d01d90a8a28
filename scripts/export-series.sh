#!/bin/sh
# Export the commits on top of 'upstream' in a prepared source tree as the
# patch series kept in this repository.
# Usage: export-series.sh TREE SERIES_DIR
set -eu
. "$(dirname "$0")/lib.sh"

tree=$1 dir=$2
[ -d "$tree/.git" ] || die "$tree is not a prepared git tree; run make first"
[ -z "$(git -C "$tree" status --porcelain --ignored=no -uno)" ] ||
	die "$tree has uncommitted changes; commit them (git add -f) first"

head=$(sed -n 1p "$dir/series")
rm -f "$dir"/*.patch
git -C "$tree" format-patch -q --no-signature --zero-commit -o "$(cd "$dir" && pwd)" upstream..HEAD
{ echo "$head"; (cd "$dir" && ls *.patch); } >"$dir/series"

# The tree already is upstream + this series: mark it prepared so the next
# build does not unpack it again.
tarball_sum=$(cut -d' ' -f1 "$tree/.git/ukl-prepared")
series_sum=$( (cd "$dir" && cat series $(grep -v '^#' series)) | sha256sum | cut -d' ' -f1)
# (rewritten only when it changes: its time stamp is what make compares)
[ "$(cat "$tree/.git/ukl-prepared")" = "$tarball_sum $series_sum" ] ||
	echo "$tarball_sum $series_sum" >"$tree/.git/ukl-prepared"
# ... and keep the build's record of it (versions.txt) true.
versions=$(dirname "$tree")/versions.txt
if [ -f "$versions" ]; then
	n=$(grep -vc '^#' "$dir/series")
	sed -i "/sha256 $tarball_sum, series /s/series [0-9a-f]* ([0-9]* patches)/series $series_sum ($n patches)/" "$versions"
fi
note EXPORT "$(grep -vc '^#' "$dir/series") patches to $dir"
