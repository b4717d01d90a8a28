# The initramfs: a small normal init (PID 1) and the UKL marker file that
# exec's the linked-in application.

INIT_BIN	:= $(O)/initramfs/init
INITRAMFS	:= $(O)/initramfs-$(APP_NAME).cpio

$(INIT_BIN): scripts/initramfs/init.c | $(DEPS_STAMP)
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D) && $(CC_WRAP) -static -O2 -Wall -Wextra -o $@ $<

$(INITRAMFS): $(INIT_BIN) scripts/initramfs/mkinitramfs.sh $(KERNEL_IMAGE)
	$(call msg,GEN,$@)
	$(Q)sh scripts/initramfs/mkinitramfs.sh $(GEN_INIT_CPIO) $@ $(INIT_BIN) $(APP_NAME)
