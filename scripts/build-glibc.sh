#!/bin/sh
# Build static glibc for UKL applications, out of tree, from a patched
# source tree (libc-patches/glibc.mk prepares it).
#
# Usage: build-glibc.sh SRC BUILD SYSROOT HEADERS CC CFLAGS OBJ_CFLAGS JOBS
#
#   SRC      the patched glibc tree (a git tree, never built in)
#   BUILD    the build directory, kept between runs: glibc's own make
#            rebuilds only what changed
#   SYSROOT  where usr/include/ (glibc's and the kernel's headers) and
#            lib/{libc,libm}.a go
#   HEADERS  the kernel's UAPI headers (make headers_install of our Linux)
#   CFLAGS   for everything glibc compiles; OBJ_CFLAGS is added for the
#            objects of the static libraries (.o), which go into the kernel
#            image: the kernel code model and no PIC.  The few PIC objects
#            that glibc's build makes anyway (.os) never reach an
#            application.
#
# glibc 2.36 cannot be configured static-only (--disable-shared leaves out
# the headers that every object includes: libc-modules.h, abi-versions.h).
# So it is configured as usual, one subdirectory is built with the shared
# configuration, which generates those headers, and the libraries are then
# built with build-shared=no and .o objects only: no libc.so, no ld.so, no
# programs.  The sysroot appears only when every step passed.
set -eu
. "$(dirname "$0")/lib.sh"

src=$1 build=$2 sysroot=$3 headers=$4 cc=$5 cflags=$6 objflags=$7 jobs=$8

mkdir -p "$build"
log=$build/build.log

fail() {
	tail -n 5 "$log" | cut -c 1-300 >&2
	die "$1; see $log"
}

# Configured (and built) afresh only when the configuration or the object
# flags change, which glibc's make does not notice; after a change of the
# sources, glibc's make knows what to rebuild.
opts="--prefix=/usr --host=x86_64-linux-gnu --build=x86_64-linux-gnu
	--with-headers=$headers --disable-werror --disable-default-pie
	--enable-stack-protector=no --disable-profile --disable-crypt
	--disable-mathvec --disable-nscd --disable-build-nscd
	--disable-timezone-tools --without-selinux --without-gd"
config="$cc | $cflags | $objflags | $opts"
if [ ! -f "$build/config.make" ] || [ "$(cat "$build/.ukl-config" 2>/dev/null)" != "$config" ]; then
	note CONFIG glibc
	rm -rf "$build" && mkdir -p "$build"
	# shellcheck disable=SC2086
	(cd "$build" && CC="$cc" CFLAGS="$cflags" "$src/configure" $opts) \
		>"$build/configure.log" 2>&1 ||
		{ log=$build/configure.log; fail "configuring glibc failed"; }
	printf '%s\n' "$config" >"$build/.ukl-config"
fi

# Static objects only, with the kernel-image flags.
static="build-shared=no object-suffixes=.o object-suffixes-for-libc=.o"
note MAKE "glibc (libc.a, libm.a)"
{
	# shellcheck disable=SC2086
	make -j"$jobs" -C "$build" csu/subdir_lib object-suffixes=.o \
		object-suffixes-for-libc=.o "CFLAGS-.o=$objflags" &&
	make -j"$jobs" -C "$build" lib $static "CFLAGS-.o=$objflags" &&
	make -j"$jobs" -C "$build" math/others $static "CFLAGS-.o=$objflags"
} >"$log" 2>&1 || fail "building glibc failed"

# Headers (gnu/stubs.h lists the functions glibc has only as ENOSYS stubs,
# from their .gnu.glibc-stub.* sections, as glibc's own install does).
tmp=$sysroot.tmp
rm -rf "$tmp"
make -C "$build" install-headers install-bootstrap-headers=yes build-shared=no \
	install_root="$tmp" >"$build/install.log" 2>&1 ||
	{ log=$build/install.log; fail "installing the glibc headers failed"; }
{
	sed '/^@/d' "$src/include/stubs-prologue.h"
	objdump -h "$build/libc.a" "$build/math/libm.a" |
		awk '/\.gnu\.glibc-stub\./ { sub(/\.gnu\.glibc-stub\./, "", $2); print "#define __stub_" $2 }' |
		sort -u
} >"$tmp/usr/include/gnu/stubs-64.h"
# <gnu/lib-names.h> (LIBM_SO and friends, for dlopen by name) is installed
# only by a shared build; phase 1 generated it.
cp "$build"/gnu/lib-names*.h "$tmp/usr/include/gnu/"
# glibc's headers include the kernel's (<linux/errno.h>, <asm/...>).
cp -R "$headers/." "$tmp/usr/include/"
mkdir -p "$tmp/lib"
cp "$build/libc.a" "$build/math/libm.a" "$tmp/lib/"
rm -rf "$sysroot"
mv "$tmp" "$sysroot"
