# The compiler runtime linked with every application: libgcc rebuilt from
# Debian's gcc-12-source for the kernel code model, without the red zone
# (Debian's libgcc.a uses it).  See scripts/build-libgcc.sh.

UKL_LIBGCC	:= $(O)/libgcc/libgcc.a

$(UKL_LIBGCC): scripts/build-libgcc.sh ukl-lib/libgcc.mk | $(DEPS_STAMP)
	$(Q)sh scripts/build-libgcc.sh $(O)/libgcc "$(CC_WRAP)" "$(KERNEL_OBJ_CFLAGS)"

libgcc: $(UKL_LIBGCC)
