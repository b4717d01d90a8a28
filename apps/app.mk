# The application: every .c file in APP (default apps/hello), compiled
# against the patched musl for the kernel code model.

APP_SRCS	:= $(wildcard $(APP_DIR)/*.c)
# Output per application directory: two apps named alike never share objects.
APP_ID		:= $(APP_NAME)-$(shell printf '%s' '$(abspath $(APP_DIR))' | sha1sum | cut -c1-8)
APP_OUT		:= $(O)/app/$(APP_ID)
APP_OBJS	:= $(patsubst $(APP_DIR)/%.c,$(APP_OUT)/%.o,$(APP_SRCS))

.PHONY: app-check
app-check:
	@[ -d "$(APP_DIR)" ] || { echo "error: APP=$(APP) is not a directory; point APP at a folder of C sources, e.g. make APP=apps/hello run" >&2; exit 1; }
	@[ -n "$(APP_SRCS)" ] || { echo "error: APP=$(APP) has no .c files; put the application's C sources in $(APP_DIR)/" >&2; exit 1; }

$(APP_OUT)/%.o: $(APP_DIR)/%.c $(MUSL_HEADERS) | app-check
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D) && $(CC_WRAP) $(UKL_APP_CFLAGS) $(APP_CFLAGS) -c -o $@ $< || \
		{ echo "error: $< does not compile (compiler messages above); fix it and run make again" >&2; exit 1; }

