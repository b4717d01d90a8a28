# make bench-apps: real applications on the rows of make bench, each one
# after the other on the same accelerator (scripts/bench/run-bench-app.sh),
# one report under results/ (scripts/bench/apps-report.sh):
#
#   stock-normal  the application as a normal static program, stock kernel
#   ukl-normal    the same program on the UKL kernel
#   ukl-app       the application linked into the UKL kernel, in ring 0
#   ukl-bypass    the same with UKL_BYPASS=1 (the system call bypass)
#
# The normal programs come from the same source, patches and make
# variables as the UKL ones, built by the recipe's own build system with
# the same C library (apps/recipes.mk, NAME_NORMAL_*).  The applications:
#
#   speedtest1  SQLite's own benchmark (apps/sqlite), SPEEDTEST1_ARGS
#               (default --size 5 on a database in the guest's tmpfs); its
#               TOTAL, in guest seconds
#   redis       redis-server (apps/redis) with persistence off, and
#               redis-benchmark, a normal process in the same guest over
#               loopback (scripts/bench/redis-client.c starts it and stops
#               the server): requests per second and p99 latency of each
#               test, REDIS_REQUESTS (20000) requests of REDIS_TESTS
#               (set,get) over REDIS_CLIENTS (10) connections
#
#   make bench-apps                        both, mode as make bench (auto)
#   make bench-apps BENCH_APPS=speedtest1  one of them
#   make bench-apps BENCH_MODE=icount SPEEDTEST1_ARGS="--size 10 /tmp/s.db"
#
# In icount mode the guest's clock is its instruction count (1 ns each,
# idle time skipped), so speedtest1's seconds and Redis's requests per
# second measure the instructions of both the application and the kernel.

BENCH_APPS	?= speedtest1 redis
SPEEDTEST1_ARGS	?= --size 5 /tmp/speed.db
REDIS_REQUESTS	?= 20000
REDIS_CLIENTS	?= 10
REDIS_TESTS	?= set,get
REDIS_ARGS	:= --save --appendonly no --protected-mode no

# NAME:RECIPE:PROGRAM
BENCH_APP_TABLE	:= speedtest1:sqlite:speedtest1 redis:redis:redis-server

REDIS_CLIENT_BIN := $(O)/initramfs/redis-client$(LIBC_TAG)

# The sub-make of one application (BENCH_APP set): its own initramfs with
# the normal programs in /bin, beside the UKL application in /ukl.
ifneq ($(BENCH_APP),)
INITRAMFS	:= $(O)/initramfs-$(APP_NAME)-bench$(LIBC_TAG).cpio
INITRAMFS_EXTRA	+= /bin/$(APP_NAME)=$($(APP_RECIPE)_NORMAL_OUT)/$(APP_NAME)
ifeq ($(BENCH_APP),redis)
INITRAMFS_EXTRA	+= /bin/redis-benchmark=$(redis_NORMAL_OUT)/redis-benchmark \
		   /bin/redis-client=$(REDIS_CLIENT_BIN)
BENCH_APP_APPEND := ukl_client=/bin/redis-client redis_requests=$(REDIS_REQUESTS) \
		    redis_clients=$(REDIS_CLIENTS) redis_tests=$(REDIS_TESTS)
BENCH_APP_ARGS	:= $(REDIS_ARGS)
else
BENCH_APP_APPEND :=
BENCH_APP_ARGS	:= $(SPEEDTEST1_ARGS)
endif
endif

# Built by the recipes' normal compiler (apps/recipes.mk): the same C
# library and -static as the normal programs beside it.
$(REDIS_CLIENT_BIN): scripts/bench/redis-client.c $(RECIPE_NORMAL_CC)
	$(call msg,CC,$< (normal static, $(LIBC)))
	$(Q)mkdir -p $(@D) && $(RECIPE_NORMAL_CC) -std=gnu11 -O2 -Wall -Wextra -o $@ $<

.PHONY: bench-apps bench-app-run bench-apps-check
bench-apps-check:
	$(Q)$(call plain_words,SPEEDTEST1_ARGS)
	$(Q)[ -n "$(strip $(BENCH_APPS))" ] || { echo "error: BENCH_APPS is empty; name one or more of: $(foreach t,$(BENCH_APP_TABLE),$(firstword $(subst :, ,$(t))))" >&2; exit 1; }
	$(Q)for a in $(BENCH_APPS); do case " $(BENCH_APP_TABLE)" in *" $$a:"*) ;; \
		*) echo "error: BENCH_APPS names '$$a'; make bench-apps knows: $(foreach t,$(BENCH_APP_TABLE),$(firstword $(subst :, ,$(t))))" >&2; exit 1 ;; \
	esac; done

# The applications one by one (each relinks vmlinux with its own), then
# the report; a failed row is in the report, and make fails at the end.
bench-apps: bench-apps-check
	$(Q)rc=0; out=$(abspath $(RESULTS))/$$(date +%Y%m%d-%H%M%S)-apps$(LIBC_TAG); mkdir -p "$$out"; \
	for a in $(BENCH_APPS); do \
		t=" $(BENCH_APP_TABLE)"; t=$${t#* $$a:}; t=$${t%% *}; \
		$(MAKE) --no-print-directory APP=apps/$${t%%:*} PROG=$${t#*:} BENCH_APP=$$a \
			BENCH_APPS_OUT=$$out bench-app-run || rc=1; \
	done; \
	sh scripts/bench/apps-report.sh $$out $(BENCH_APPS) || rc=1; exit $$rc

bench-app-run: $(KERNEL_IMAGE) $(INITRAMFS) $(KERNEL_STOCK_IMAGE)
	$(Q)[ -n "$(BENCH_APP)" ] || { echo "error: bench-app-run is run by make bench-apps" >&2; exit 1; }
	$(Q)sh scripts/bench/run-bench-app.sh $(BENCH_APPS_OUT) $(BENCH_APP) $(APP_NAME) \
		$(KERNEL_STOCK_IMAGE) $(KERNEL_IMAGE) $(INITRAMFS) $(BENCH_MODE) $(BENCH_TIMEOUT) \
		$(O)/versions.txt "$(KERNEL_ARGS)" $(LIBC) "$(BENCH_APP_APPEND)" "$(BENCH_APP_ARGS)"
