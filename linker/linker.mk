# linker: application + ukl-lib + musl + libgcc -> one namespaced relocatable object
# for the vmlinux link (see linker/link-app.sh), and ukl-cc, the compiler
# driver that does the same for programs with their own build system.

LINKER_DEPS	:= linker/link-app.sh linker/ukl-app.lds linker/check-redzone.sh linker/check-app-object.sh \
		   linker/check-syscall.sh
# What a ukl-cc link adds to every application, in link order.
UKL_RUNTIME_OBJS := $(UKL_LIB_OBJS)
UKL_RUNTIME_LIBS := $(LIBC_LIBS) $(UKL_LIBGCC)

# ukl-cc with this build directory's paths filled in.  The code generation
# flags are the ones every object of the kernel image gets.  It names the
# runtime objects, so a new one in ukl-lib/ writes it again.
$(UKL_CC): linker/ukl-cc.in linker/linker.mk Makefile $(UKL_RUNTIME_OBJS) | $(DEPS_STAMP)
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D) && sed -e 's|@UKL_TOP@|$(TOP)|' -e 's|@UKL_O@|$(O)|' \
		-e 's|@UKL_GCC@|$(CC_WRAP)|' -e 's|@UKL_LIBC@|$(LIBC)|' -e 's|@UKL_LIBC_INCLUDE@|$(LIBC_INCLUDE)|' \
		-e 's|@UKL_GCC_INCLUDE@|$(GCC_INCLUDE)|' -e 's|@UKL_CFLAGS@|$(KERNEL_OBJ_CFLAGS)|' \
		-e 's|@UKL_RUNTIME_OBJS@|$(UKL_RUNTIME_OBJS)|' -e 's|@UKL_RUNTIME_LIBS@|$(UKL_RUNTIME_LIBS)|' \
		$< >$@.tmp && chmod 755 $@.tmp && mv $@.tmp $@

# 'make ukl-cc': the driver and everything it links with.
.PHONY: ukl-cc install-ukl-cc
ukl-cc: $(UKL_CC) $(UKL_RUNTIME_OBJS) $(UKL_RUNTIME_LIBS) $(LIBC_HEADERS)

PREFIX	?= /usr/local
install-ukl-cc: ukl-cc
	$(call msg,INSTALL,$(DESTDIR)$(PREFIX)/bin/ukl-cc$(LIBC_TAG))
	$(Q)install -D -m 755 $(UKL_CC) $(DESTDIR)$(PREFIX)/bin/ukl-cc$(LIBC_TAG)

# An application from apps/ (or any folder of C sources) is linked by
# ukl-cc too; a program that ukl-cc linked elsewhere is copied in (see
# apps/app.mk).
ifeq ($(APP_KIND),dir)
$(APP_OBJ): $(APP_OBJS) $(UKL_RUNTIME_OBJS) $(UKL_RUNTIME_LIBS) $(LINKER_DEPS) $(UKL_CC) | app-check
	$(call msg,LD,$@)
	$(Q)$(UKL_CC) -o $@ $(APP_OBJS)
else
$(APP_OBJ): $(if $(filter file,$(APP_KIND)),$(APP_FILE)) $(if $(filter recipe,$(APP_KIND)),$(APP_RECIPE)) \
		linker/check-app-object.sh | app-check
	$(call msg,COPY,$< -> $@)
	$(Q)mkdir -p $(@D) && sh linker/check-app-object.sh $(APP_FILE) && \
		{ cmp -s $(APP_FILE) $@ || { cp $(APP_FILE) $@.tmp && mv $@.tmp $@; }; }
endif

app: $(APP_OBJ)
