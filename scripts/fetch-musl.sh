#!/bin/sh
# Download the pinned musl source package from Debian and verify it.
# Usage: fetch-musl.sh DL_DIR
set -eu
. "$(dirname "$0")/lib.sh"

# UKL_MUSL_DEB_VERSION exists for the tests of the failure path only.
MUSL_DEB_VERSION=${UKL_MUSL_DEB_VERSION:-1.2.3-1}
MUSL_TARBALL=musl_1.2.3.orig.tar.gz
MUSL_SHA256=7d5b0b6062521e4627e099e4c9dc8248d32a30285e959b7eecaa780cf8cfd4a4

dl=$1
mkdir -p "$dl"
if [ ! -f "$dl/$MUSL_TARBALL" ]; then
	need_tool apt-get apt
	note FETCH "musl $MUSL_DEB_VERSION (Debian source package)"
	(cd "$dl" && apt-get source -q --download-only "musl=$MUSL_DEB_VERSION" >fetch-musl.log 2>&1) ||
		die "cannot download the Debian source package musl=$MUSL_DEB_VERSION (package unreachable?); see $dl/fetch-musl.log, check the apt sources (a deb-src entry), then run: make deps"
fi
got=$(sha256_of "$dl/$MUSL_TARBALL")
if [ "$got" != "$MUSL_SHA256" ]; then
	rm -f "$dl/$MUSL_TARBALL"
	die "$MUSL_TARBALL has sha256 $got, expected $MUSL_SHA256; removed it, run make again to download it afresh"
fi
