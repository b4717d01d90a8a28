# The initramfs: a small normal init (PID 1) and the UKL marker file that
# exec's the linked-in application.

# Normal (ring 3) programs, built with the host's static glibc.
INIT_BIN	:= $(O)/initramfs/init
NORMAL_BIN	:= $(O)/initramfs/ukl-normal

$(O)/initramfs/%: scripts/initramfs/%.c | $(DEPS_STAMP)
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D) && $(CC_WRAP) -static -O2 -Wall -Wextra -o $@ $<

# FILES="HOST[:GUEST] ...": host files and folders copied in (default GUEST:
# /data/BASENAME).  Their gen_init_cpio lines are the stamp, rewritten only
# when FILES or one of the files changes (see files-list.sh).
FILES		?=
FILES_LIST	:= $(O)/initramfs/files-$(APP_NAME).list
$(FILES_LIST): FORCE
	$(Q)mkdir -p $(@D) && sh scripts/initramfs/files-list.sh $@ '$(FILES)'

# INITRAMFS_EXTRA: more GUEST_PATH=HOST_FILE programs (see scripts/bench/bench.mk).
$(INITRAMFS): $(FILES_LIST) $(INIT_BIN) $(NORMAL_BIN) $(foreach f,$(INITRAMFS_EXTRA),$(lastword $(subst =, ,$(f)))) \
		scripts/initramfs/mkinitramfs.sh scripts/initramfs/files-list.sh $(KERNEL_IMAGE)
	$(call msg,GEN,$@)
	$(Q)sh scripts/initramfs/mkinitramfs.sh $(GEN_INIT_CPIO) $@ $(APP_NAME) --list $(FILES_LIST) \
		/init=$(INIT_BIN) /bin/ukl-normal=$(NORMAL_BIN) $(INITRAMFS_EXTRA)

.PHONY: initramfs
initramfs: $(INITRAMFS)
