# SQLite 3.40, the sqlite3 shell and the speedtest1 benchmark, from
# Debian's sqlite3 source package, built by SQLite's own configure and
# Makefile (its targets sqlite3 and speedtest1) with CC=ukl-cc:
#
#   make sqlite
#   make run APP=apps/sqlite PROG=speedtest1 ARGS="--size 10 /tmp/speed.db"
#   make run APP=apps/sqlite FILES=t.sql SHARE=out \
#        ARGS="-batch -init /data/t.sql /tmp/t.db .quit"
#
# The shell's standard input is the console: commands after the database
# name (.quit above) make it run them and exit instead of reading it, and
# -init FILE runs a script first (.output /share/x in it writes to SHARE).
#
# No patch is needed.  configure is told it cross-compiles (ukl-cc links
# UKL application objects, which do not run on the build machine), so the
# generators (lemon, mkkeywordhash, ...) are built with the host's gcc
# (BUILD_CC); the amalgamation sqlite3.c is made by the tree's Tcl scripts
# with the host's tclsh (scripts/deps.sh installs tcl).  Only static
# code: --disable-shared.  No Tcl extension, no readline or editline (the
# shell reads its input without line editing).  Loading extensions stays
# in: .load and load_extension() fail with dlopen()'s message (a UKL
# application cannot load code) and the shell goes on.  -O2 without -g
# keeps the object that is linked into vmlinux small.

sqlite_PKG	:= sqlite3
sqlite_VERSION	:= 3.40.1-2+deb12u2
sqlite_TARBALL	:= sqlite3_3.40.1.orig.tar.xz
sqlite_SHA256	:= aaa776260ab4dc976db34aa7891819484c8676b5b2783123ebc6301e2ca5d655
sqlite_PROGS	:= sqlite3=sqlite3 speedtest1=speedtest1
sqlite_CONFIGURE = ./configure --host=$(UKL_HOST) CC="$(UKL_CC)" CFLAGS=-O2 \
	BUILD_CC=gcc --disable-shared --enable-static --disable-tcl --disable-readline \
	--disable-editline
sqlite_BUILD	= $(RECIPE_MAKE) sqlite3 speedtest1

# The normal static speedtest1 of make bench-apps: the same configure, as
# the same cross build, with the normal compiler.
sqlite_NORMAL_PROGS	:= speedtest1=speedtest1
sqlite_NORMAL_CONFIGURE	= ./configure --host=$(UKL_HOST) CC="$(RECIPE_NORMAL_CC)" CFLAGS=-O2 \
	BUILD_CC=gcc --disable-shared --enable-static --disable-tcl --disable-readline \
	--disable-editline
sqlite_NORMAL_BUILD	= $(RECIPE_MAKE) speedtest1
