#!/bin/sh
# Download the pinned musl source package from Debian and verify it.
# Usage: fetch-musl.sh DL_DIR
set -eu
# UKL_MUSL_DEB_VERSION exists for the tests of the failure path only.
UKL_FETCH_EXACT=${UKL_MUSL_DEB_VERSION:+1} exec sh "$(dirname "$0")/fetch-source.sh" "$1" musl "${UKL_MUSL_DEB_VERSION:-1.2.3-1}" \
	musl_1.2.3.orig.tar.gz 7d5b0b6062521e4627e099e4c9dc8248d32a30285e959b7eecaa780cf8cfd4a4
