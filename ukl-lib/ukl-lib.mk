# ukl-lib: the startup and glue code linked with every application.

# gcc's own headers (stddef.h, stdarg.h, ...).  Asked when a recipe needs
# it, not when make reads this file: on a bare machine gcc arrives with
# scripts/deps.sh, after that.
GCC_INCLUDE	= $(shell gcc -print-file-name=include)

# Compiling application and ukl-lib sources against the patched musl.
UKL_APP_CFLAGS	= -std=gnu11 -O2 -Wall $(KERNEL_OBJ_CFLAGS) \
	-nostdinc -isystem $(MUSL_SYSROOT)/include -isystem $(GCC_INCLUDE)

UKL_LIB_SRCS	:= $(wildcard ukl-lib/*.c ukl-lib/*.S)
UKL_LIB_OBJS	:= $(patsubst ukl-lib/%,$(O)/ukl-lib/%.o,$(UKL_LIB_SRCS))

$(O)/ukl-lib/%.c.o: ukl-lib/%.c $(MUSL_HEADERS)
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D) && $(CC_WRAP) $(UKL_APP_CFLAGS) -c -o $@ $<

$(O)/ukl-lib/%.S.o: ukl-lib/%.S $(MUSL_HEADERS)
	$(call msg,AS,$<)
	$(Q)mkdir -p $(@D) && $(CC_WRAP) $(UKL_APP_CFLAGS) -c -o $@ $<
