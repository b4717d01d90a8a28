#!/bin/sh
# Rebuild the compiler runtime (libgcc.a) for UKL applications from
# Debian's gcc-12-source, with the code generation of everything else that
# goes into the kernel image: no red zone, the kernel code model, no PIC.
#
# Usage: build-libgcc.sh OUT_DIR CC CFLAGS
#
# GCC emits calls to libgcc for what x86-64 has no instruction for: 128-bit
# division, conversions between __int128 and floating point, complex
# multiplication and division, __builtin_powi, popcount without POPCNT,
# _Float16 and __float128 arithmetic, -ftrapv checks, __builtin_cpu_supports.
# Debian's own libgcc.a keeps temporaries in the red zone, which an
# interrupt in ring 0 overwrites, so it cannot be linked into the kernel.
#
# Only libgcc's own configure and Makefile run, with the installed gcc as
# the target compiler.  What libgcc wants from a gcc build directory (tm.h,
# insn-modes.h, ...) comes from gcc-12-plugin-dev, which ships the headers
# generated when Debian built this very compiler; so the versions of gcc-12,
# gcc-12-plugin-dev and gcc-12-source must be the same.  Decimal float is
# left out (its rounding mode is a thread-local variable, which a UKL
# application cannot have); a program using _Decimal64 fails to link with
# the names of the missing helpers.  The result appears only when every step
# passed.
set -eu
. "$(dirname "$0")/lib.sh"

out=$1 cc=$2 cflags=$3

GCC_TARBALL=/usr/src/gcc-12/gcc-12.2.0-dfsg.tar.xz
GCC_SHA256=50c63ff82919323c25fbbb4a9eae259edc974118a0fb30c905190cb782ec11c2
GCC_TOP=gcc-12.2.0

pkg_version() {
	dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true
}

compiler=$(pkg_version gcc-12)
[ -n "$compiler" ] || die "the compiler package gcc-12 is not installed; run: make deps"
[ "$(gcc -dumpversion)" = 12 ] ||
	die "'gcc' is gcc $(gcc -dumpversion), but the runtime is rebuilt from gcc 12 sources; make gcc point at gcc-12"
for p in gcc-12-source gcc-12-plugin-dev; do
	v=$(pkg_version "$p")
	[ -n "$v" ] || die "$p is not installed; run: make deps"
	[ "$v" = "$compiler" ] ||
		die "$p is $v but the compiler gcc-12 is $compiler; install the same version: apt-get install $p=$compiler"
done
plugin=$(gcc -print-file-name=plugin)/include
[ -f "$plugin/tm.h" ] || die "gcc's build headers are missing from $plugin; run: apt-get install --reinstall gcc-12-plugin-dev"
[ -f "$GCC_TARBALL" ] || die "$GCC_TARBALL is missing; run: apt-get install --reinstall gcc-12-source"
got=$(sha256_of "$GCC_TARBALL")
[ "$got" = "$GCC_SHA256" ] ||
	die "$GCC_TARBALL has sha256 $got, expected $GCC_SHA256 (a new gcc-12-source?); check it and update GCC_SHA256 in $0"

tmp=$out.tmp
rm -rf "$tmp" "$out"
# libgcc's Makefile finds gcc_objdir at ../../gcc from its build directory.
bdir=$tmp/build/x86_64-linux-gnu/libgcc
mkdir -p "$tmp/src" "$tmp/build/gcc" "$bdir"

note UNPACK "libgcc ($(basename "$GCC_TARBALL"), gcc-12-source $compiler)"
tar -C "$tmp/src" --strip-components=1 -xJf "$GCC_TARBALL" \
	"$GCC_TOP/libgcc" "$GCC_TOP/include" "$GCC_TOP/gcc/BASE-VER" \
	"$GCC_TOP/gcc/common/config/i386" \
	"$GCC_TOP/config-ml.in" "$GCC_TOP/config.sub" "$GCC_TOP/config.guess" \
	"$GCC_TOP/install-sh" "$GCC_TOP/mkinstalldirs" "$GCC_TOP/move-if-change" ||
	die "cannot unpack the libgcc sources from $GCC_TARBALL; run: apt-get install --reinstall gcc-12-source"

# The stand-in for gcc's build directory (libgcc's Makefile calls it
# gcc_objdir): the compiler's generated headers, plus the two files gcc's
# Makefile would write for libgcc.
cp -rs "$plugin/." "$tmp/build/gcc/"
cat >"$tmp/build/gcc/tconfig.h" <<'EOF'
/* Written by scripts/build-libgcc.sh: what gcc's mkconfig.sh writes for
   an x86-64 Linux target, which has no extra xm files. */
#ifndef GCC_TCONFIG_H
#define GCC_TCONFIG_H
#ifndef USED_FOR_TARGET
#define USED_FOR_TARGET
#endif
#include "auto-host.h"
#ifdef IN_GCC
#include "ansidecl.h"
#endif
#endif
EOF
cat >"$tmp/build/gcc/libgcc.mvars" <<'EOF'
# Written by scripts/build-libgcc.sh in place of gcc's generated file.
GCC_CFLAGS = -DIN_GCC -W -Wall -Wno-narrowing -Wwrite-strings -Wcast-qual -Wstrict-prototypes -Wmissing-prototypes -Wold-style-definition
INHIBIT_LIBC_CFLAGS =
TARGET_SYSTEM_ROOT =
NO_PIE_CFLAGS = -fno-PIE
EOF

note CONFIG libgcc
(cd "$bdir" && CC="$cc" CFLAGS="-O2 -g0 $cflags" "$tmp/src/libgcc/configure" \
	--build=x86_64-linux-gnu --host=x86_64-linux-gnu \
	--disable-shared --disable-multilib --disable-cet \
	>configure.log 2>&1) ||
	die "configuring libgcc failed; see $bdir/configure.log"

# PICFLAG and CET_FLAGS are what libgcc adds for the shared library and
# for CET; LIBGCC2_DEBUG_CFLAGS is its -g.  None belong in the kernel.
# decimal_float=no leaves out the _Decimal helpers (see above).
note MAKE "libgcc (gcc $(cat "$tmp/src/gcc/BASE-VER"), kernel code model, no red zone)"
(cd "$bdir" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -j"$(nproc)" \
	PICFLAG= CET_FLAGS= LIBGCC2_DEBUG_CFLAGS= decimal_float=no libgcc.a >build.log 2>&1) || {
	tail -n 5 "$bdir/build.log" | cut -c 1-300 >&2
	die "building libgcc failed; see $bdir/build.log"
}

# The flags must have reached every compile: no -fpic, no red zone is
# checked at link time (linker/check-redzone.sh).
! grep -- ' -fpic \| -fPIC ' "$bdir/build.log" >/dev/null ||
	die "libgcc was compiled with -fpic; see $bdir/build.log"

mv "$bdir/libgcc.a" "$tmp/libgcc.a"
mv "$tmp" "$out"

record_version "$(dirname "$out")/versions.txt" libgcc \
	"$(printf 'gcc %s libgcc (Debian gcc-12-source %s, headers from gcc-12-plugin-dev %s), %s sha256 %s, %s objects' \
	"$(cat "$out/src/gcc/BASE-VER")" "$compiler" "$compiler" "$(basename "$GCC_TARBALL")" \
	"$GCC_SHA256" "$(ar t "$out/libgcc.a" | wc -l)")"
