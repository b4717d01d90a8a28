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

ITER		?= 10000
OPS		?=
BENCH_MODE	?= auto
BENCH_TIMEOUT	?= 600
RESULTS		?= results

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

.PHONY: bench bench-run stock-kernel
stock-kernel: $(KERNEL_STOCK_IMAGE)

bench:
	$(Q)+$(MAKE) --no-print-directory APP=apps/bench bench-run

bench-run: $(KERNEL_IMAGE) $(INITRAMFS) $(KERNEL_STOCK_IMAGE)
	$(Q)sh scripts/bench/run-bench.sh $(abspath $(RESULTS))/$$(date +%Y%m%d-%H%M%S)$(LIBC_TAG) \
		$(KERNEL_STOCK_IMAGE) $(KERNEL_IMAGE) $(INITRAMFS) $(ITER) "$(OPS)" \
		$(BENCH_MODE) $(BENCH_TIMEOUT) $(O)/versions.txt "$(KERNEL_ARGS)" $(LIBC)
