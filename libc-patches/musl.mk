# musl 1.2.3 (Debian source package), patched for UKL and built for the
# kernel code model.  Output: a sysroot with include/ and lib/libc.a.

MUSL_TARBALL	:= $(O)/dl/musl_1.2.3.orig.tar.gz
MUSL_SRC	:= $(O)/musl-src
MUSL_BUILD	:= $(O)/musl
MUSL_SYSROOT	:= $(O)/sysroot
MUSL_LIBC	:= $(MUSL_BUILD)/lib/libc.a
MUSL_HEADERS	:= $(MUSL_SYSROOT)/.headers-ok
MUSL_PATCHES	:= libc-patches/musl/series $(wildcard libc-patches/musl/*.patch)

$(MUSL_TARBALL): scripts/fetch-musl.sh | $(DEPS_STAMP)
	$(Q)sh scripts/fetch-musl.sh $(@D)
	$(Q)touch $@

$(MUSL_SRC)/.git/ukl-prepared: $(MUSL_TARBALL) $(MUSL_PATCHES) scripts/prepare-source.sh
	$(Q)sh scripts/prepare-source.sh musl $< libc-patches/musl $(MUSL_SRC) \
		"musl 1.2.3 (Debian source package musl 1.2.3-1)"
	$(Q)touch $@

$(MUSL_BUILD)/config.mak: $(MUSL_SRC)/.git/ukl-prepared libc-patches/musl.mk
	$(call msg,CONFIG,musl)
	$(Q)rm -rf $(MUSL_BUILD) && mkdir -p $(MUSL_BUILD)
	$(Q)cd $(MUSL_BUILD) && CC="$(CC_WRAP)" CFLAGS="$(KERNEL_OBJ_CFLAGS)" \
		$(MUSL_SRC)/configure --prefix=$(MUSL_SYSROOT) \
		--disable-shared >configure.log 2>&1 || \
		{ echo "error: configuring musl failed; see $(MUSL_BUILD)/configure.log" >&2; rm -f $@; exit 1; }

# musl's own make knows what is out of date; libc.a keeps its time stamp
# when nothing changed, so nothing downstream is rebuilt.  Only the static
# library is built: no crt files, no libc.so.
$(MUSL_LIBC): $(MUSL_BUILD)/config.mak FORCE
	$(call msg,MAKE,musl)
	$(Q)$(MAKE) -j$(JOBS) -C $(MUSL_BUILD) lib/libc.a >$(MUSL_BUILD)/build.log 2>&1 || \
		{ tail -n 5 $(MUSL_BUILD)/build.log | cut -c 1-300 >&2; \
		  echo "error: building musl failed; see $(MUSL_BUILD)/build.log" >&2; exit 1; }

$(MUSL_HEADERS): $(MUSL_BUILD)/config.mak
	$(call msg,INSTALL,musl headers)
	$(Q)$(MAKE) -C $(MUSL_BUILD) -s install-headers >/dev/null
	$(Q)touch $@

musl: $(MUSL_LIBC) $(MUSL_HEADERS)

export-musl:
	$(Q)sh scripts/export-series.sh $(MUSL_SRC) libc-patches/musl

# The same musl without the UKL series, for normal (ring 3) programs that
# must match an application's libc: the benchmark's normal rows.
MUSL_NORMAL_SRC	:= $(O)/musl-normal-src
MUSL_NORMAL	:= $(O)/musl-normal
MUSL_NORMAL_GCC	:= $(MUSL_NORMAL)/sysroot/bin/musl-gcc

$(MUSL_NORMAL_GCC): $(MUSL_SRC)/.git/ukl-prepared
	$(call msg,MAKE,musl (unpatched, normal static programs))
	$(Q)rm -rf $(MUSL_NORMAL_SRC) $(MUSL_NORMAL) && mkdir -p $(MUSL_NORMAL_SRC) $(MUSL_NORMAL)
	$(Q)git -C $(MUSL_SRC) archive upstream | tar -x -C $(MUSL_NORMAL_SRC)
	$(Q)cd $(MUSL_NORMAL) && CC="$(CC_WRAP)" $(MUSL_NORMAL_SRC)/configure \
		--prefix=$(MUSL_NORMAL)/sysroot --disable-shared >configure.log 2>&1 && \
		$(MAKE) -j$(JOBS) install >build.log 2>&1 || \
		{ echo "error: building the unpatched musl failed; see $(MUSL_NORMAL)/build.log" >&2; rm -f $@; exit 1; }
