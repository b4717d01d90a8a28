#!/bin/sh
# Download a pinned Debian source package's upstream tarball and verify it.
# Usage: fetch-source.sh DL_DIR PACKAGE VERSION TARBALL SHA256
#
# apt-get source --download-only fetches the .dsc, the orig tarball and
# the Debian part into DL_DIR; only TARBALL (the orig tarball, the
# unmodified upstream source) is used, and only when its sha256 matches.
# UKL_FETCH_EXACT=1: only the pinned version, no other revision.
set -eu
. "$(dirname "$0")/lib.sh"

dl=$1 pkg=$2 version=$3 tarball=$4 sha256=$5
mkdir -p "$dl"
if [ ! -f "$dl/$tarball" ]; then
	need_tool apt-get apt
	note FETCH "$pkg $version (Debian source package)"
	# The pinned Debian revision first; when the archive has moved on to
	# another revision of the same upstream release (a security update),
	# its orig tarball is the same file, which the checksum below proves.
	(cd "$dl" && { apt-get source -q --download-only "$pkg=$version" ||
		{ [ -z "${UKL_FETCH_EXACT:-}" ] && apt-get source -q --download-only "$pkg"; }; } \
		>"fetch-$pkg.log" 2>&1) ||
		die "cannot download the Debian source package $pkg=$version (package unreachable?); see $dl/fetch-$pkg.log, check the apt sources (a deb-src entry), then run: make deps"
	[ -f "$dl/$tarball" ] ||
		die "the Debian source package $pkg has no $tarball (its upstream version is not the pinned one; see $dl/fetch-$pkg.log); update the pinned version, tarball and sha256"
fi
got=$(sha256_of "$dl/$tarball")
if [ "$got" != "$sha256" ]; then
	rm -f "$dl/$tarball"
	die "$tarball has sha256 $got, expected $sha256; removed it, run make again to download it afresh"
fi
