# linker: application + ukl-lib + musl + libgcc -> one namespaced relocatable object
# for the vmlinux link (see linker/link-app.sh).

APP_OBJ		:= $(APP_OUT)/app.o
LINKER_DEPS	:= linker/link-app.sh linker/ukl-app.lds linker/check-redzone.sh \
		   linker/check-syscall.sh

$(APP_OBJ): $(APP_OBJS) $(UKL_LIB_OBJS) $(MUSL_LIBC) $(UKL_LIBGCC) $(LINKER_DEPS) | app-check
	$(call msg,LD,$@)
	$(Q)sh linker/link-app.sh $@ linker/ukl-app.lds $(UKL_LIB_OBJS) $(APP_OBJS) \
		$(MUSL_LIBC) $(UKL_LIBGCC)

app: $(APP_OBJ)
