# Unikernel Linux (UKL) build system.
#
#   make run               build everything missing, boot APP, print its output
#                          (fails if the app fails; its status: build/run-APP.status)
#   make test              the test suite (TAP, under prove; TESTS=tests/05-signals.t for one)
#   make bench             syscall latency: stock kernel vs UKL (see scripts/bench/bench.mk)
#   make bench-apps        SQLite and Redis on the same rows (see scripts/bench/apps.mk)
#   make APP=apps/x run    another application (a directory of C sources)
#   make LIBC=glibc run    the application with static glibc instead of musl
#   make V=1 ...           print full commands
#
# All output goes under O (default: build/).  See README.md.

APP	?= apps/hello
O	?= build
V	?= 0
TIMEOUT	?= 300
SMP	?= 1
ARGS	?=
KERNEL_ARGS	?=
PORTS	?=
SHARE	?=

override O	:= $(abspath $(O))
APP_DIR		:= $(patsubst %/,%,$(APP))
TOP		:= $(CURDIR)

# The C library of UKL applications: musl (the default) or static glibc.
# Each has its own compiler driver, ukl-lib objects and application
# objects; the kernel, the initramfs and the normal programs are shared.
LIBC	?= musl
ifeq ($(LIBC),musl)
LIBC_INCLUDE	= $(MUSL_SYSROOT)/include
LIBC_HEADERS	= $(MUSL_HEADERS)
LIBC_LIBS	= $(MUSL_LIBC)
LIBC_TAG	:=
else ifeq ($(LIBC),glibc)
LIBC_INCLUDE	= $(GLIBC_SYSROOT)/usr/include
LIBC_HEADERS	= $(GLIBC_LIBC)
LIBC_LIBS	= $(GLIBC_LIBC) $(GLIBC_LIBM)
LIBC_TAG	:= -glibc
else
$(error LIBC=$(LIBC) is not a C library UKL builds applications with; use LIBC=musl (the default) or LIBC=glibc)
endif
# The compiler driver (linker/linker.mk makes it; apps and recipes use it).
UKL_CC		:= $(O)/bin/ukl-cc$(LIBC_TAG)

ifeq ($(V),1)
Q :=
msg = @:
else
Q := @
msg = @printf '  %-7s %s\n' '$(1)' '$(2)'
endif
export V

# The compiler, always through ccache: scripts/deps.sh installs it before
# anything is compiled.  The command must not depend on what is installed
# when make reads this file, or the first run on a bare machine (ccache not
# there yet) would record plain gcc in Kbuild's .cmd files and the next run
# would recompile the whole kernel for 'ccache gcc'.
CC_WRAP		:= ccache gcc

# Parallel jobs for the big sub-builds (the kernels, musl): one per CPU, so
# that a plain 'make test' on a fresh machine does not build three kernels
# one file at a time.  'make JOBS=1' builds serially.
JOBS		?= $(shell nproc 2>/dev/null || echo 1)

# Every object that goes into the kernel image: no red zone (an interrupt in
# ring 0 pushes its frame onto the current stack), the kernel code model (the
# image lives in the top 2 GiB), no PIC, no unwind tables, no stack
# protector (its canary would be read from the kernel GS base), and
# thread-local variables at fixed offsets from %fs (local-exec: the image
# is one static program, and no GOT is wanted in the kernel).
KERNEL_OBJ_CFLAGS := -mno-red-zone -mcmodel=kernel -fno-pic -fno-pie \
	-fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables \
	-fno-common -ffunction-sections -fdata-sections -ftls-model=local-exec

.DEFAULT_GOAL := run
.DELETE_ON_ERROR:
.PHONY: run test deps kernel app musl libgcc clean distclean export-kernel export-musl FORCE

DEPS_STAMP := $(O)/.deps-ok
$(DEPS_STAMP): scripts/deps.sh
	$(Q)sh scripts/deps.sh $@

deps: $(DEPS_STAMP)

include libc-patches/musl.mk
include libc-patches/glibc.mk
include ukl-lib/ukl-lib.mk
include ukl-lib/libgcc.mk
include apps/recipes.mk
include apps/app.mk
include linker/linker.mk
include kernel/kernel.mk
include scripts/bench/bench.mk
include scripts/bench/apps.mk
include scripts/initramfs/initramfs.mk
include scripts/initramfs/selftests.mk

# make cannot exit with an arbitrary status: a failing application makes
# 'make run' fail, and its exact status is in $(RUN_STATUS).
RUN_STATUS := $(O)/run-$(APP_NAME).status
# Networking and files (README): PORTS, SHARE and FILES are checked before
# anything is built.
RUN_IO	:= --ports "$(PORTS)" $(if $(SHARE),--share "$(abspath $(SHARE))")
# ARGS, KERNEL_ARGS and make bench-apps' SPEEDTEST1_ARGS reach the guest
# on the kernel command line, which keeps no quoting, and the recipes
# quote them with "...": $(call plain_words,NAME) is one error line when
# $(NAME) has a quote, a backtick or a backslash.
plain_words = $(if $(findstring ",$($(1)))$(findstring ',$($(1)))$(findstring `,$($(1)))$(findstring \,$($(1))),\
	echo "error: $(1) has a quote or backtick or backslash; it goes through the kernel command line (no quoting there): write plain words" >&2; exit 1)
.PHONY: run-check
run-check:
	$(Q)$(call plain_words,ARGS)
	$(Q)$(call plain_words,KERNEL_ARGS)
	$(Q)sh scripts/run-qemu.sh --check --smp "$(SMP)" $(RUN_IO)
	$(Q)sh scripts/initramfs/files-list.sh --check '$(FILES)'

run: run-check $(KERNEL_IMAGE) $(INITRAMFS)
	$(Q)sh scripts/run-qemu.sh --kernel $(KERNEL_IMAGE) --initrd $(INITRAMFS) \
		--timeout $(TIMEOUT) --smp $(SMP) --log $(O)/run-$(APP_NAME).log \
		--status-file $(RUN_STATUS) --args "$(ARGS)" --append "$(KERNEL_ARGS)" $(RUN_IO) || \
	{ [ -f $(RUN_STATUS) ] && \
	  echo "error: the application exited with status $$(cat $(RUN_STATUS))" >&2; exit 1; }

# make test runs the test applications of the matrix tests with both C
# libraries; LIBC=musl or LIBC=glibc on the command line runs them with
# that one only.  TESTS= picks test files.  The tests' own make calls get
# none of this command line.
TESTS	?= tests/
TEST_LIBCS := $(if $(filter command line,$(origin LIBC)),$(LIBC),musl glibc)
test: $(KERNEL_IMAGE) $(INITRAMFS)
	env -u LIBC -u MAKEFLAGS -u MFLAGS -u MAKELEVEL UKL_TEST_LIBCS="$(TEST_LIBCS)" \
		O=$(O) prove -v --timer $(TESTS)

clean:
	rm -rf $(O)/app $(O)/ukl-lib $(O)/ukl-lib-glibc $(O)/initramfs* $(O)/run-*.log

distclean:
	rm -rf $(O)
