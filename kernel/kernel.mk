# kernel: Linux 6.1 from Debian's linux-source-6.1, patched with the series
# in kernel/, configured from configs/ and built out of tree.  The UKL
# kernel links the application object in its final link only, so a new
# application relinks vmlinux without recompiling the kernel.

LINUX_TARBALL	:= /usr/src/linux-source-6.1.tar.xz
LINUX_TESTED	:= 6.1.192-3
LINUX_SRC	:= $(O)/linux-src
LINUX_STAMP	:= $(LINUX_SRC)/.git/ukl-prepared
KERNEL_SERIES	:= kernel/series $(wildcard kernel/*.patch)

KERNEL_UKL	:= $(O)/kernel-ukl
KERNEL_IMAGE	:= $(KERNEL_UKL)/arch/x86/boot/bzImage
GEN_INIT_CPIO	:= $(KERNEL_UKL)/usr/gen_init_cpio

HOSTCC_WRAP	:= $(CC_WRAP)
# kmake BUILD_DIR [SOURCE_DIR]: Kbuild, out of tree
kmake = $(MAKE) -j$(JOBS) -C $(or $(2),$(LINUX_SRC)) O=$(1) CC="$(CC_WRAP)" HOSTCC="$(HOSTCC_WRAP)" \
	$(if $(filter 1,$(V)),V=1)

$(LINUX_STAMP): $(KERNEL_SERIES) scripts/prepare-source.sh | $(DEPS_STAMP)
	$(Q)ver=$$(dpkg-query -W -f='$${Version}' linux-source-6.1 2>/dev/null); \
	case "$$ver" in \
	6.1.*) ;; \
	*) echo "error: linux-source-6.1 is not installed (found '$$ver'); run: make deps" >&2; exit 1 ;; \
	esac; \
	[ "$$ver" = "$(LINUX_TESTED)" ] || \
		echo "  NOTE    linux-source-6.1 is $$ver; the series was made on $(LINUX_TESTED)"; \
	sh scripts/prepare-source.sh linux $(LINUX_TARBALL) kernel $(LINUX_SRC) \
		"Linux 6.1 (Debian linux-source-6.1 $$ver)"
	$(Q)touch $@

# config: allnoconfig + fragments; every fragment line must survive Kconfig.
$(KERNEL_UKL)/.config: configs/base.config configs/ukl.config $(LINUX_STAMP) scripts/kconfig.sh
	$(call msg,CONFIG,kernel-ukl)
	$(Q)sh scripts/kconfig.sh $(LINUX_SRC) $(@D) configs/base.config configs/ukl.config

# Which application object the image holds: rewritten only when APP changes,
# so switching applications relinks even when the other object is older.
KERNEL_APP_STAMP := $(KERNEL_UKL)/.ukl-app
$(KERNEL_APP_STAMP): FORCE
	$(Q)mkdir -p $(@D)
	$(Q)[ "$$(cat $@ 2>/dev/null)" = "$(APP_OBJ)" ] || echo "$(APP_OBJ)" >$@

# The image.  Kbuild decides what to rebuild; the recipe runs when the
# application object, the config or the sources changed (make kernel forces).
$(KERNEL_IMAGE): $(KERNEL_UKL)/.config $(APP_OBJ) $(KERNEL_APP_STAMP)
	$(Q)+$(call kmake,$(KERNEL_UKL)) UKL_APP=$(APP_OBJ) bzImage || \
		{ echo "error: the kernel build failed (messages above); fix the series in kernel/ or the config in configs/" >&2; \
		  rm -f $@; exit 1; }
	$(Q)touch $@

# make kernel links APP too: record it, or a later 'make run' of the
# application recorded before would boot this image unchanged.
kernel: $(KERNEL_UKL)/.config $(APP_OBJ) $(KERNEL_APP_STAMP)
	$(Q)+$(call kmake,$(KERNEL_UKL)) UKL_APP=$(APP_OBJ) bzImage

# The kernel's UAPI headers (make headers_install), for glibc's sysroot.
$(KERNEL_HEADERS)/.ok: $(LINUX_STAMP)
	$(call msg,HEADERS,kernel UAPI headers)
	$(Q)rm -rf $(KERNEL_HEADERS)
	$(Q)$(MAKE) -C $(LINUX_SRC) O=$(KERNEL_HEADERS)/build headers_install \
		INSTALL_HDR_PATH=$(KERNEL_HEADERS) >/dev/null 2>$(KERNEL_HEADERS).log || \
		{ echo "error: installing the kernel's UAPI headers failed; see $(KERNEL_HEADERS).log" >&2; exit 1; }
	$(Q)touch $@

export-kernel:
	$(Q)sh scripts/export-series.sh $(LINUX_SRC) kernel

# The patched tree with CONFIG_UNIKERNEL_LINUX off (the stock config): it
# must behave exactly like stock (tests/12-x86-selftests.t).
KERNEL_OFF	:= $(O)/kernel-off
KERNEL_OFF_IMAGE := $(KERNEL_OFF)/arch/x86/boot/bzImage

$(KERNEL_OFF)/.config: configs/base.config configs/stock.config $(LINUX_STAMP) scripts/kconfig.sh
	$(call msg,CONFIG,kernel-off)
	$(Q)sh scripts/kconfig.sh $(LINUX_SRC) $(@D) configs/base.config configs/stock.config

$(KERNEL_OFF_IMAGE): $(KERNEL_OFF)/.config
	$(Q)+$(call kmake,$(KERNEL_OFF)) bzImage || \
		{ echo "error: the kernel build with CONFIG_UNIKERNEL_LINUX off failed (messages above); fix the series in kernel/" >&2; \
		  rm -f $@; exit 1; }
	$(Q)touch $@

.PHONY: kernel-off
kernel-off: $(KERNEL_OFF_IMAGE)
