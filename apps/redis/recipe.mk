# Redis 7.0, the server, from Debian's redis source package, built by
# Redis's own Makefile with CC=ukl-cc:
#
#   make redis
#   make run APP=apps/redis PORTS=6379 ARGS="--save --appendonly no --protected-mode no"
#   redis-cli -p 6379 PING                  (on the host: package redis-tools)
#
# Only redis-server is a UKL program; redis-cli and redis-benchmark are the
# host's (redis-tools).  The orig tarball bundles the dependencies in deps/
# (hiredis, Lua, linenoise, hdr_histogram), which Redis's Makefile builds
# first with the same CC.  Make variables, no patch:
#   MALLOC=libc      musl's malloc; the bundled jemalloc (its own configure
#                    run from deps/Makefile) is not used;
#   USE_SYSTEMD=no   no pkg-config probe for the host's libsystemd, a
#                    shared library that ukl-cc cannot link;
#   BUILD_TLS=no     (the default) no OpenSSL.
# The Lua in deps/ also links its lua and luac programs; they come out as
# UKL objects too and are not used.
# fork() fails with ENOSYS in a UKL application, so BGSAVE fails at once
# with Redis's own error ("ERR", and "Can't save in background: fork:
# Function not implemented" in the log), and so does everything else Redis
# does in a child (BGREWRITEAOF, a replica's full sync): run the server
# with persistence off, as above.  --save as the last option, or followed
# by another --option, means save "" (no snapshots); the kernel command
# line that carries ARGS cannot quote an empty string.

redis_PKG	:= redis
redis_VERSION	:= 5:7.0.15-1~deb12u10
redis_TARBALL	:= redis_7.0.15.orig.tar.gz
redis_SHA256	:= 4b1dc4ee6d622a09fff9c6777191209750fb5e5a725ef78ea012d6eef4c22982
redis_PROGS	:= redis-server=src/redis-server
redis_BUILD	= $(RECIPE_MAKE) redis-server MALLOC=libc USE_SYSTEMD=no BUILD_TLS=no CC="$(UKL_CC)"

# The normal static builds of make bench-apps: redis-server for the
# stock-normal and ukl-normal rows, and redis-benchmark, the client of
# every row, with the same make variables.  Both in one make of src/: the
# top Makefile runs a make of src/ per target, and under -j those two
# rebuilt the dependencies (deps/lua, hdr_histogram) at the same time,
# over each other's archives.
redis_NORMAL_PROGS	:= redis-server=src/redis-server redis-benchmark=src/redis-benchmark
redis_NORMAL_BUILD	= $(RECIPE_MAKE) -C src redis-server redis-benchmark MALLOC=libc USE_SYSTEMD=no \
	BUILD_TLS=no CC="$(RECIPE_NORMAL_CC)"
