# The application, APP (default apps/hello), is one of
#  - a folder of C sources: every .c file in it, compiled by ukl-cc
#    (linker/ukl-cc.in) against the patched musl for the kernel code model;
#  - a recipe, apps/NAME with a recipe.mk (apps/recipes.mk): the program
#    PROG (default: the recipe's first) that its own build system made;
#  - a program that ukl-cc linked anywhere (a UKL application object).

APP_KIND	:= $(if $(wildcard $(APP_DIR)/recipe.mk),recipe,$(if $(wildcard $(APP_DIR)/.),dir,$(if $(wildcard $(APP_DIR)),file,none)))
ifeq ($(APP_KIND),recipe)
APP_RECIPE	:= $(notdir $(APP_DIR))
PROG		?= $(firstword $(subst =, ,$(firstword $($(APP_RECIPE)_PROGS))))
APP_NAME	:= $(PROG)
APP_FILE	:= $(O)/recipes/$(APP_RECIPE)$(LIBC_TAG)/$(PROG)
else
APP_NAME	:= $(notdir $(APP_DIR))
APP_FILE	:= $(APP_DIR)
endif
INITRAMFS	:= $(O)/initramfs-$(APP_NAME)$(LIBC_TAG).cpio
APP_SRCS	:= $(if $(filter dir,$(APP_KIND)),$(wildcard $(APP_DIR)/*.c))
# Output per application: two apps named alike never share objects.
APP_ID		:= $(APP_NAME)-$(shell printf '%s' '$(abspath $(APP_FILE))' | sha1sum | cut -c1-8)$(LIBC_TAG)
APP_OUT		:= $(O)/app/$(APP_ID)
APP_OBJS	:= $(patsubst $(APP_DIR)/%.c,$(APP_OUT)/%.o,$(APP_SRCS))
APP_OBJ		:= $(APP_OUT)/app.o

.PHONY: app-check
app-check:
	@[ "$(APP_KIND)" != none ] || { echo "error: APP=$(APP) is not a directory or a program; point APP at a folder of C sources (make APP=apps/hello run) or at a program linked by ukl-cc" >&2; exit 1; }
	@[ "$(APP_KIND)" != dir ] || [ -n "$(APP_SRCS)" ] || { echo "error: APP=$(APP) has no .c files; put the application's C sources in $(APP_DIR)/" >&2; exit 1; }
	@[ "$(APP_KIND)" != recipe ] || case " $($(APP_RECIPE)_PROGS) " in *" $(PROG)="*) ;; \
		*) echo "error: the recipe $(APP_RECIPE) makes no program '$(PROG)'; choose PROG= from: $(foreach p,$($(APP_RECIPE)_PROGS),$(firstword $(subst =, ,$(p))))" >&2; exit 1 ;; esac

$(APP_OUT)/%.o: $(APP_DIR)/%.c $(UKL_CC) $(LIBC_HEADERS) | app-check
	$(call msg,CC,$<)
	$(Q)mkdir -p $(@D) && $(UKL_CC) -std=gnu11 -O2 -Wall $(APP_CFLAGS) -c -o $@ $< || \
		{ echo "error: $< does not compile (compiler messages above); fix it and run make again" >&2; exit 1; }
