# ukl-lib: the startup and glue code linked with every application, built
# for the C library chosen by LIBC; ukl-lib/LIBC/ holds what only that C
# library needs.

# gcc's own headers (stddef.h, stdarg.h, ...).  Asked when a recipe needs
# it, not when make reads this file: on a bare machine gcc arrives with
# scripts/deps.sh, after that.
GCC_INCLUDE	= $(shell gcc -print-file-name=include)

# Compiling application and ukl-lib sources against the patched C library.
UKL_APP_CFLAGS	= -std=gnu11 -O2 -Wall $(KERNEL_OBJ_CFLAGS) \
	-nostdinc -isystem $(LIBC_INCLUDE) -isystem $(GCC_INCLUDE)

UKL_LIB_OUT	:= $(O)/ukl-lib$(LIBC_TAG)
UKL_LIB_SRCS	:= $(wildcard ukl-lib/*.c ukl-lib/*.S ukl-lib/$(LIBC)/*.c)
UKL_LIB_OBJS	:= $(patsubst ukl-lib/%,$(UKL_LIB_OUT)/%.o,$(UKL_LIB_SRCS))

$(UKL_LIB_OUT)/%.c.o: ukl-lib/%.c $(LIBC_HEADERS)
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D) && $(CC_WRAP) $(UKL_APP_CFLAGS) -c -o $@ $<

$(UKL_LIB_OUT)/%.S.o: ukl-lib/%.S $(LIBC_HEADERS)
	$(call msg,AS,$<)
	$(Q)mkdir -p $(@D) && $(CC_WRAP) $(UKL_APP_CFLAGS) -c -o $@ $<
