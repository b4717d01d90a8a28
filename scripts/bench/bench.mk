# make bench: apps/bench/bench.c as a normal static process on a stock
# Linux 6.1 kernel and on the UKL kernel, and as a UKL application, one
# after the other on the same accelerator; report under results/.
#
#   make bench                    wall-clock numbers under KVM; without a working KVM,
#                                 deterministic ones (TCG with -icount)
#   make bench BENCH_MODE=icount  deterministic numbers in any case
#   make bench BENCH_MODE=wall    wall-clock numbers in any case (under TCG: noise)
#   make bench ITER=1000 OPS=getppid,page_fault
#   make bench KERNEL_ARGS=mitigations=off   (every configuration's kernel)
#   make bench LIBC=glibc         every row with glibc instead of musl
#   make bench BENCH_COSTLY=0     no costly-instruction counts (icount mode
#                                 counts them with a QEMU plugin by default)
#   make bench BENCH_PROFILE=1    also instructions per kernel symbol and
#                                 operation (profile.md; icount mode only,
#                                 several times slower)

ITER		?= 10000
OPS		?=
BENCH_MODE	?= auto
BENCH_TIMEOUT	?= 600
RESULTS		?= results
BENCH_COSTLY	?= 1
BENCH_PROFILE	?= 0

# The costly-instruction counter, a QEMU TCG plugin (scripts/bench/costly.c),
# built against qemu-plugin.h from Debian's qemu source package, the same
# release as the installed qemu-system-x86: the plugin API is QEMU's own.
QEMU_SRC_PKG	:= qemu
QEMU_SRC_VERSION := 1:7.2+dfsg-7+deb12u18
QEMU_SRC_TARBALL := qemu_7.2+dfsg.orig.tar.xz
QEMU_SRC_SHA256	:= 91aca71520040edc40b8d437aa3004dae614f58e286cf653ee8996c07af2962f
QEMU_RELEASE	:= 7.2
QEMU_PLUGIN_DIR	:= $(O)/qemu-plugin
QEMU_PLUGIN_H	:= $(QEMU_PLUGIN_DIR)/qemu-plugin.h
COSTLY_PLUGIN	:= $(QEMU_PLUGIN_DIR)/costly.so
# (Not built for wall-clock numbers by name: only icount mode uses it.)
ifeq ($(BENCH_COSTLY),1)
BENCH_PLUGIN	:= $(if $(filter wall,$(BENCH_MODE)),,$(COSTLY_PLUGIN))
else ifeq ($(BENCH_COSTLY),0)
BENCH_PLUGIN	:=
else
$(error BENCH_COSTLY=$(BENCH_COSTLY): use 1 (count costly instructions in icount mode, the default) or 0)
endif
ifeq ($(filter 0 1,$(BENCH_PROFILE)),)
$(error BENCH_PROFILE=$(BENCH_PROFILE): use 1 (instructions per kernel symbol, icount mode only) or 0 (the default))
endif
ifeq ($(BENCH_PROFILE):$(BENCH_PLUGIN),1:)
$(error BENCH_PROFILE=1 counts with the costly-instruction plugin, which BENCH_COSTLY=0 or BENCH_MODE=wall turns off; use BENCH_MODE=icount BENCH_COSTLY=1)
endif

# The stock kernel: the 'upstream' commit of linux-src, i.e. Debian's
# linux-source-6.1 without any UKL patch, with the same config fragments
# minus UKL.
LINUX_STOCK_SRC	:= $(O)/linux-stock-src
LINUX_STOCK_STAMP := $(LINUX_STOCK_SRC)/.ukl-stock
KERNEL_STOCK	:= $(O)/kernel-stock
KERNEL_STOCK_IMAGE := $(KERNEL_STOCK)/arch/x86/boot/bzImage
BENCH_NORMAL_BIN := $(O)/initramfs/bench$(LIBC_TAG)

# The benchmark's initramfs also holds the normal build of the same source.
ifeq ($(APP_NAME),bench)
INITRAMFS_EXTRA	+= /bin/bench=$(BENCH_NORMAL_BIN)
endif

$(LINUX_STOCK_STAMP): $(LINUX_TARBALL) | $(LINUX_STAMP)
	$(call msg,EXPORT,linux upstream -> $(LINUX_STOCK_SRC))
	$(Q)rm -rf $(LINUX_STOCK_SRC) $(LINUX_STOCK_SRC).tmp && mkdir -p $(LINUX_STOCK_SRC).tmp
	$(Q)git -C $(LINUX_SRC) archive upstream | tar -x -C $(LINUX_STOCK_SRC).tmp
	$(Q)mv $(LINUX_STOCK_SRC).tmp $(LINUX_STOCK_SRC) && touch $@

$(KERNEL_STOCK)/.config: configs/base.config configs/stock.config $(LINUX_STOCK_STAMP) scripts/kconfig.sh
	$(call msg,CONFIG,kernel-stock)
	$(Q)sh scripts/kconfig.sh $(LINUX_STOCK_SRC) $(@D) configs/base.config configs/stock.config

$(KERNEL_STOCK_IMAGE): $(KERNEL_STOCK)/.config
	$(Q)+$(call kmake,$(KERNEL_STOCK),$(LINUX_STOCK_SRC)) bzImage || \
		{ echo "error: the stock kernel build failed (messages above)" >&2; rm -f $@; exit 1; }
	$(Q)touch $@

# The normal rows use the same libc as the UKL rows: musl 1.2.3, unpatched,
# or with LIBC=glibc Debian's own static glibc 2.36 (libc6-dev), the
# release that libc-patches/glibc patches.
ifeq ($(LIBC),glibc)
$(BENCH_NORMAL_BIN): apps/bench/bench.c | $(DEPS_STAMP)
	$(call msg,CC,$< (normal static, Debian glibc 2.36))
	$(Q)mkdir -p $(@D) && $(CC_WRAP) -static -std=gnu11 -O2 -Wall -Wextra -o $@ $<
else
$(BENCH_NORMAL_BIN): apps/bench/bench.c $(MUSL_NORMAL_GCC)
	$(call msg,CC,$< (normal static, musl))
	$(Q)mkdir -p $(@D) && REALGCC=gcc $(MUSL_NORMAL_GCC) -static -std=gnu11 -O2 -Wall -Wextra -o $@ $<
endif

$(RECIPE_DL)/$(QEMU_SRC_TARBALL): scripts/fetch-source.sh | $(DEPS_STAMP)
	$(Q)sh scripts/fetch-source.sh $(@D) $(QEMU_SRC_PKG) '$(QEMU_SRC_VERSION)' $(QEMU_SRC_TARBALL) $(QEMU_SRC_SHA256)

$(QEMU_PLUGIN_H): $(RECIPE_DL)/$(QEMU_SRC_TARBALL)
	$(call msg,EXTRACT,qemu-plugin.h (QEMU $(QEMU_RELEASE), Debian source $(QEMU_SRC_VERSION)))
	$(Q)mkdir -p $(@D) && tar -xJOf $< qemu-$(QEMU_RELEASE).0/include/qemu/qemu-plugin.h >$@.tmp && mv $@.tmp $@
	$(Q). scripts/lib.sh && record_version $(O)/versions.txt qemu-plugin.h \
		"QEMU $(QEMU_RELEASE) (Debian source package $(QEMU_SRC_PKG) $(QEMU_SRC_VERSION)), $(QEMU_SRC_TARBALL) sha256 $(QEMU_SRC_SHA256)"

$(COSTLY_PLUGIN): scripts/bench/costly.c $(QEMU_PLUGIN_H)
	$(Q)v=$$(qemu-system-x86_64 --version | sed -n '1s/^QEMU emulator version \([0-9]*\.[0-9]*\).*/\1/p'); \
	[ "$$v" = $(QEMU_RELEASE) ] || { echo "error: the costly-instruction plugin is built for QEMU $(QEMU_RELEASE) (Debian 12's qemu-system-x86), but QEMU $${v:-?} is installed; install qemu-system-x86 from Debian 12, or run make bench BENCH_COSTLY=0" >&2; rm -f $@; exit 1; }
	$(call msg,CC,$< (QEMU $(QEMU_RELEASE) plugin))
	$(Q)$(CC_WRAP) -shared -fPIC -O2 -Wall -Wextra -I$(QEMU_PLUGIN_DIR) -o $@.tmp $< && mv $@.tmp $@

.PHONY: bench bench-run stock-kernel
stock-kernel: $(KERNEL_STOCK_IMAGE)

bench:
	$(Q)+$(MAKE) --no-print-directory APP=apps/bench bench-run

bench-run: $(KERNEL_IMAGE) $(INITRAMFS) $(KERNEL_STOCK_IMAGE) $(BENCH_PLUGIN)
	$(Q)sh scripts/bench/run-bench.sh $(abspath $(RESULTS))/$$(date +%Y%m%d-%H%M%S)$(LIBC_TAG) \
		$(KERNEL_STOCK_IMAGE) $(KERNEL_IMAGE) $(INITRAMFS) $(ITER) "$(OPS)" \
		$(BENCH_MODE) $(BENCH_TIMEOUT) $(O)/versions.txt "$(KERNEL_ARGS)" $(LIBC) "$(BENCH_PLUGIN)" \
		$(BENCH_PROFILE)
