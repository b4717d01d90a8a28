# glibc 2.36 (Debian's glibc-source), patched for UKL and built static for
# the kernel code model: the second C library, LIBC=glibc.  Output: a
# sysroot with usr/include (glibc's and our kernel's UAPI headers) and
# lib/libc.a, lib/libm.a.  See scripts/build-glibc.sh.

GLIBC_TARBALL	:= /usr/src/glibc/glibc-2.36.tar.xz
GLIBC_SHA256	:= 95f0ed7a02f15857fe725c510e0e2cb9050fb7793bcde4cc72ddf8def40d5cf8
GLIBC_TESTED	:= 2.36-9+deb12u14
GLIBC_SRC	:= $(O)/glibc-src
GLIBC_BUILD	:= $(O)/glibc
GLIBC_SYSROOT	:= $(O)/sysroot-glibc
GLIBC_LIBC	:= $(GLIBC_SYSROOT)/lib/libc.a
GLIBC_LIBM	:= $(GLIBC_SYSROOT)/lib/libm.a
GLIBC_PATCHES	:= libc-patches/glibc/series $(wildcard libc-patches/glibc/*.patch)
# The kernel's UAPI headers, which glibc's headers include (kernel/kernel.mk).
KERNEL_HEADERS	:= $(O)/kernel-headers

# Everything glibc compiles gets these; the static objects, which go into
# the kernel image, also get GLIBC_OBJ_CFLAGS (see build-glibc.sh).
GLIBC_CFLAGS	:= -O2 -g0 -mno-red-zone -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -fno-common
GLIBC_OBJ_CFLAGS := -mcmodel=kernel -fno-pic -fno-pie

$(GLIBC_SRC)/.git/ukl-prepared: $(GLIBC_PATCHES) scripts/prepare-source.sh | $(DEPS_STAMP)
	$(Q)ver=$$(dpkg-query -W -f='$${Version}' glibc-source 2>/dev/null); \
	case "$$ver" in \
	2.36-*) ;; \
	*) echo "error: glibc-source 2.36 is not installed (found '$$ver'); run: make deps (or apt-get install glibc-source)" >&2; exit 1 ;; \
	esac; \
	[ "$$ver" = "$(GLIBC_TESTED)" ] || \
		echo "  NOTE    glibc-source is $$ver; the series was made on $(GLIBC_TESTED)"; \
	got=$$(sha256sum $(GLIBC_TARBALL) | cut -d' ' -f1); \
	[ "$$got" = "$(GLIBC_SHA256)" ] || \
		{ echo "error: $(GLIBC_TARBALL) has sha256 $$got, expected $(GLIBC_SHA256) (another glibc 2.36 tarball?); check it and update GLIBC_SHA256 in libc-patches/glibc.mk" >&2; exit 1; }; \
	sh scripts/prepare-source.sh glibc $(GLIBC_TARBALL) libc-patches/glibc $(GLIBC_SRC) \
		"glibc 2.36 (Debian glibc-source $$ver)"
	$(Q)touch $@

BUILD_GLIBC	= sh scripts/build-glibc.sh $(GLIBC_SRC) $(GLIBC_BUILD) $(GLIBC_SYSROOT) \
	$(KERNEL_HEADERS)/include "$(CC_WRAP)" "$(GLIBC_CFLAGS)" "$(GLIBC_OBJ_CFLAGS)" $(JOBS)

$(GLIBC_LIBC): $(GLIBC_SRC)/.git/ukl-prepared $(KERNEL_HEADERS)/.ok scripts/build-glibc.sh libc-patches/glibc.mk
	$(Q)$(BUILD_GLIBC)
	$(Q)touch $@

$(GLIBC_LIBM): $(GLIBC_LIBC)

# 'make glibc' also rebuilds after edits in $(GLIBC_SRC) (glibc's make
# knows what changed); 'make export-glibc' writes them back as the series.
.PHONY: glibc export-glibc
glibc: $(GLIBC_SRC)/.git/ukl-prepared $(KERNEL_HEADERS)/.ok
	$(Q)$(BUILD_GLIBC)

export-glibc:
	$(Q)sh scripts/export-series.sh $(GLIBC_SRC) libc-patches/glibc
