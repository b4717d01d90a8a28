# Real applications, from their own unmodified sources and their own build
# systems, compiled and linked by ukl-cc: one apps/NAME/recipe.mk each.
#
#   make NAME                       build the recipe's programs
#   make run APP=apps/NAME          boot its first program
#   make run APP=apps/NAME PROG=p   boot another one
#
# A recipe sets, for NAME:
#   NAME_PKG NAME_VERSION    the Debian source package (apt-get source)
#   NAME_TARBALL NAME_SHA256 its upstream (orig) tarball, checked
#   NAME_PROGS               PROGRAM=PATH pairs: what the build makes, with
#                            PATH relative to the source tree; the first
#                            one is the default PROG
#   NAME_CONFIGURE           optional: run once in the source tree after
#                            the patches (e.g. ./configure)
#   NAME_BUILD               run in the source tree on every 'make NAME':
#                            the program's own make knows what is out of date
# and keeps its patches, each with a message that says why, in
# apps/NAME/patches/ (a 'series' file, git format-patch output; make
# NAME_PATCH_DIR=dir takes them from elsewhere, e.g. to try a series).  The
# source is unpacked fresh and patched by scripts/prepare-source.sh under
# $(O)/recipes/NAME-src (a git tree, like linux-src), and the programs end
# up in $(O)/recipes/NAME/PROGRAM; with LIBC=glibc, NAME-glibc-src and
# NAME-glibc.  A configure script must be told that it cross-compiles:
# --host=$(UKL_HOST) names the C library too.
#
# For make bench-apps (scripts/bench/apps.mk) a recipe may also build the
# same source as normal static programs, the stock-normal and ukl-normal
# rows of the benchmark; only that target builds them:
#   NAME_NORMAL_PROGS        PROGRAM=PATH pairs, as NAME_PROGS
#   NAME_NORMAL_CONFIGURE    optional, as NAME_CONFIGURE
#   NAME_NORMAL_BUILD        as NAME_BUILD
# with CC="$(RECIPE_NORMAL_CC)" (build/bin/normal-cc): the same C library
# as the UKL build (unpatched musl 1.2.3, or Debian's static glibc 2.36),
# and -static.  The
# tree is a second copy with the same patches, under
# $(O)/recipes/NAME-normal-src, and the programs end up in
# $(O)/recipes/NAME-normal/PROGRAM (LIBC=glibc: NAME-normal-glibc...).

# The GNU host triple of a UKL application, for configure's --host: not
# the build machine's, so that configure does not try to run what it links.
UKL_HOST	:= $(if $(filter glibc,$(LIBC)),x86_64-ukl-linux-gnu,x86_64-linux-musl)

RECIPE_FILES	:= $(wildcard apps/*/recipe.mk)
RECIPES		:= $(patsubst apps/%/recipe.mk,%,$(RECIPE_FILES))
include $(RECIPE_FILES)

RECIPE_DL	:= $(O)/dl
# A recipe's own make must not see our command line (O=, V=, APP=, ...):
# those names mean other things in other Makefiles.
RECIPE_MAKE	= env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u V -u O make -j$(shell nproc)
# The compiler of the normal builds: a one-word driver (some Makefiles
# split or requote a CC with spaces) for musl-gcc or gcc, always -static.
RECIPE_NORMAL_CC := $(O)/bin/normal-cc$(LIBC_TAG)
ifeq ($(LIBC),glibc)
$(RECIPE_NORMAL_CC): apps/recipes.mk | $(DEPS_STAMP)
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D) && printf '#!/bin/sh\nexec gcc -static "$$@"\n' >$@.tmp && chmod +x $@.tmp && mv $@.tmp $@
else
$(RECIPE_NORMAL_CC): apps/recipes.mk $(MUSL_NORMAL_GCC)
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D) && printf '#!/bin/sh\nREALGCC=gcc exec %s -static "$$@"\n' $(MUSL_NORMAL_GCC) >$@.tmp && \
		chmod +x $@.tmp && mv $@.tmp $@
endif

# recipe_rules NAME
define recipe_rules
$(1)_SRC	:= $(O)/recipes/$(1)$(LIBC_TAG)-src
$(1)_OUT	:= $(O)/recipes/$(1)$(LIBC_TAG)
$(1)_PATCH_DIR	?= apps/$(1)/patches
$(1)_PATCHES	:= $$($(1)_PATCH_DIR)/series $$(wildcard $$($(1)_PATCH_DIR)/*.patch)

$(RECIPE_DL)/$$($(1)_TARBALL): apps/$(1)/recipe.mk scripts/fetch-source.sh | $(DEPS_STAMP)
	$(Q)sh scripts/fetch-source.sh $$(@D) $$($(1)_PKG) '$$($(1)_VERSION)' $$($(1)_TARBALL) $$($(1)_SHA256)
	$(Q)touch $$@

# Unpacked, patched and configured once; a new tarball, patch or recipe
# starts from a fresh tree.
$$($(1)_SRC)/.ukl-configured: $(RECIPE_DL)/$$($(1)_TARBALL) $$($(1)_PATCHES) apps/$(1)/recipe.mk \
		scripts/prepare-source.sh | ukl-cc
	$(Q)rm -f $$@
	$(Q)sh scripts/prepare-source.sh $(1) $$< $$($(1)_PATCH_DIR) $$($(1)_SRC) \
		"$(1) (Debian source package $$($(1)_PKG) $$($(1)_VERSION))"
	$$(if $$($(1)_CONFIGURE),$$(call msg,CONFIG,$(1) (its own configure, CC=ukl-cc)))
	$(Q)cd $$($(1)_SRC) && { $$(or $$($(1)_CONFIGURE),:) ; } >configure-ukl.log 2>&1 || \
		{ tail -n 5 $$($(1)_SRC)/configure-ukl.log >&2; \
		  echo "error: configuring $(1) failed; see $$($(1)_SRC)/configure-ukl.log (and config.log there)" >&2; exit 1; }
	$(Q)touch $$@

.PHONY: $(1)
$(1): $$($(1)_SRC)/.ukl-configured ukl-cc FORCE
	$$(call msg,MAKE,$(1) (its own build system, CC=ukl-cc))
	$(Q)cd $$($(1)_SRC) && { $$($(1)_BUILD) ; } >build-ukl.log 2>&1 || \
		{ grep -E 'error|Error' $$($(1)_SRC)/build-ukl.log | tail -n 5 >&2; \
		  echo "error: building $(1) with ukl-cc failed; see $$($(1)_SRC)/build-ukl.log" >&2; exit 1; }
	$(Q)mkdir -p $$($(1)_OUT) && for p in $$($(1)_PROGS); do \
		f=$$($(1)_SRC)/$$$${p#*=}; t=$$($(1)_OUT)/$$$${p%%=*}; \
		sh linker/check-app-object.sh $$$$f && { cmp -s $$$$f $$$$t || cp $$$$f $$$$t; } || exit 1; \
	done
endef
$(foreach r,$(RECIPES),$(eval $(call recipe_rules,$(r))))

# recipe_normal_rules NAME: the normal static build of a recipe, for
# make bench-apps.  The same unpacking and patches, its own tree.
define recipe_normal_rules
$(1)_NORMAL_SRC	:= $(O)/recipes/$(1)-normal$(LIBC_TAG)-src
$(1)_NORMAL_OUT	:= $(O)/recipes/$(1)-normal$(LIBC_TAG)
$(1)_NORMAL_FILES := $$(foreach p,$$($(1)_NORMAL_PROGS),$$($(1)_NORMAL_OUT)/$$(firstword $$(subst =, ,$$(p))))

$$($(1)_NORMAL_SRC)/.ukl-configured: $(RECIPE_DL)/$$($(1)_TARBALL) $$($(1)_PATCHES) apps/$(1)/recipe.mk \
		scripts/prepare-source.sh $(RECIPE_NORMAL_CC)
	$(Q)rm -f $$@
	$(Q)sh scripts/prepare-source.sh $(1)-normal $$< $$($(1)_PATCH_DIR) $$($(1)_NORMAL_SRC) \
		"$(1) (Debian source package $$($(1)_PKG) $$($(1)_VERSION)), normal static build"
	$$(if $$($(1)_NORMAL_CONFIGURE),$$(call msg,CONFIG,$(1) normal (its own configure, CC=$(RECIPE_NORMAL_CC))))
	$(Q)cd $$($(1)_NORMAL_SRC) && { $$(or $$($(1)_NORMAL_CONFIGURE),:) ; } >configure-normal.log 2>&1 || \
		{ tail -n 5 $$($(1)_NORMAL_SRC)/configure-normal.log >&2; \
		  echo "error: configuring the normal build of $(1) failed; see $$($(1)_NORMAL_SRC)/configure-normal.log" >&2; exit 1; }
	$(Q)touch $$@

# One stamp for all of its programs: the build runs once.
$$($(1)_NORMAL_OUT)/.built: $$($(1)_NORMAL_SRC)/.ukl-configured FORCE
	$$(call msg,MAKE,$(1) normal (its own build system, CC=$(RECIPE_NORMAL_CC)))
	$(Q)cd $$($(1)_NORMAL_SRC) && { $$($(1)_NORMAL_BUILD) ; } >build-normal.log 2>&1 || \
		{ grep -E 'error|Error' $$($(1)_NORMAL_SRC)/build-normal.log | tail -n 5 >&2; \
		  echo "error: the normal build of $(1) failed; see $$($(1)_NORMAL_SRC)/build-normal.log" >&2; exit 1; }
	$(Q)mkdir -p $$($(1)_NORMAL_OUT) && for p in $$($(1)_NORMAL_PROGS); do \
		f=$$($(1)_NORMAL_SRC)/$$$${p#*=}; t=$$($(1)_NORMAL_OUT)/$$$${p%%=*}; \
		readelf -h $$$$f >/dev/null 2>&1 && ! readelf -l $$$$f | grep -q 'program interpreter' || \
		{ echo "error: the normal build of $(1) made $$$$f, which is not a static program; see $$($(1)_NORMAL_SRC)/build-normal.log" >&2; exit 1; }; \
		cmp -s $$$$f $$$$t || cp $$$$f $$$$t || exit 1; \
	done
	$(Q)touch $$@

$$($(1)_NORMAL_FILES): $$($(1)_NORMAL_OUT)/.built ;
endef
$(foreach r,$(RECIPES),$(if $($(r)_NORMAL_BUILD),$(eval $(call recipe_normal_rules,$(r)))))
