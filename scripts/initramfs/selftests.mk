# The kernel's own x86 selftests that apply to normal 64-bit processes,
# built static from the prepared tree, in an initramfs of their own that
# runs them all (/bin/run-selftests).  tests/12-x86-selftests.t boots it
# on the stock and on the UKL kernel and compares the results.

X86_SELFTESTS	:= single_step_syscall syscall_nt test_mremap_vdso sigreturn \
		   iopl ioperm test_vsyscall mov_ss_trap syscall_arg_fault \
		   fsgsbase_restore sigaltstack fsgsbase sysret_rip \
		   syscall_numbering ptrace_syscall ldt_gdt
SELFTEST_DIR	:= $(O)/selftests
SELFTEST_BINS	:= $(addprefix $(SELFTEST_DIR)/,$(X86_SELFTESTS))
SELFTESTS_CPIO	:= $(O)/initramfs-selftests.cpio
RUN_SELFTESTS	:= $(O)/initramfs/run-selftests

$(SELFTEST_DIR)/%: $(LINUX_STAMP)
	$(call msg,CC,selftests/x86/$*.c)
	$(Q)mkdir -p $(@D) && $(CC_WRAP) -m64 -static -O2 -g -std=gnu99 -pthread -no-pie \
		-DCAN_BUILD_64 -w -o $@ $(LINUX_SRC)/tools/testing/selftests/x86/$*.c -lrt -ldl

$(SELFTESTS_CPIO): $(SELFTEST_BINS) $(RUN_SELFTESTS) $(INIT_BIN) scripts/initramfs/mkinitramfs.sh $(KERNEL_IMAGE)
	$(call msg,GEN,$@)
	$(Q)sh scripts/initramfs/mkinitramfs.sh $(GEN_INIT_CPIO) $@ selftests \
		/init=$(INIT_BIN) /bin/run-selftests=$(RUN_SELFTESTS) \
		$(foreach t,$(X86_SELFTESTS),/selftests/$(t)=$(SELFTEST_DIR)/$(t))

.PHONY: x86-selftests
x86-selftests: $(SELFTESTS_CPIO) $(KERNEL_IMAGE) $(KERNEL_STOCK_IMAGE) $(KERNEL_OFF_IMAGE)
