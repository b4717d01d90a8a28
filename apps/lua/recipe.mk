# Lua 5.4, the interpreter and the bytecode compiler, from Debian's lua5.4
# source package, built by Lua's own Makefile with CC=ukl-cc:
#
#   make lua
#   make run APP=apps/lua FILES=script.lua ARGS=/data/script.lua
#
# No patch is needed.  'make linux' gives Lua its POSIX features (os.time,
# io.popen, ...) and dlopen() for C modules, which in a UKL application
# fails with the kernel's reason (loading code is refused).

lua_PKG		:= lua5.4
lua_VERSION	:= 5.4.4-3+deb12u1
lua_TARBALL	:= lua5.4_5.4.4.orig.tar.gz
lua_SHA256	:= 164c7849653b80ae67bec4b7473b884bf5cc8d2dca05653475ec2ed27b9ebf61
lua_PROGS	:= lua=src/lua luac=src/luac
lua_BUILD	= $(RECIPE_MAKE) linux CC="$(UKL_CC) -std=gnu99"
