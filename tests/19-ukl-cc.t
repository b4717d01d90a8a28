#!/bin/sh
# ukl-cc, the compiler driver for programs with their own build systems:
# compile and link like a C compiler, with autoconf (cross-compiling mode),
# CMake and plain make; the usual options; one clear error line for what
# cannot be a UKL application; an installed copy that works from any
# directory; and a CMake-built program booted with make run APP=PROGRAM.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

use_ukl_cc "$tmp/ukl-cc.log"

# A UKL program is an application object, not a host executable.
cat >"$tmp/a.c" <<'C'
#include <math.h>
#include <pthread.h>
int helper(int);
int main(int argc, char **argv) { (void)argv; return helper(argc) + (int)sqrt(4.0) + (pthread_self() != 0); }
C
printf 'int helper(int x) { return x * 2; }\n' >"$tmp/b.c"
(cd "$tmp" && $cc -O2 -g -Wall -DX=1 -I. -o prog a.c b.c -static -lm -lpthread -lrt -ldl -lutil -lcrypt \
	-Wl,-E -Wl,--as-needed -Wl,-O1 -Wl,-z,relro -Wl,-rpath -Wl,/usr/local/lib -pthread -rdynamic) 2>"$tmp/err"
ok $? "compile and link in one step, with -O2 -g -static -l{m,pthread,rt,dl,util,crypt} -Wl,... -pthread"
sh linker/check-app-object.sh "$tmp/prog"
ok $? "the output is a UKL application object (exports ukl_app_entry, imports only ukl_entry_SYSCALL_64)"
(cd "$tmp" && ./prog) 2>/dev/null
[ $? -eq 126 ]
ok $? "it does not run on the build machine (exec format error), so configure must cross-compile"

(cd "$tmp" && $cc -c -O2 b.c && ar rcs libhelp.a b.o && mkdir -p lib && mv libhelp.a lib/ &&
	$cc -c a.c && $cc -o prog2 a.o -Llib -lhelp -lm && $cc -o prog3 a.o lib/libhelp.a)
ok $? "archives link by -L/-l and by name"
[ -s "$tmp/err" ] && sed 's/^/#   /' "$tmp/err"

# Bad input: one error line, a non-zero exit, no output file.
# refuse NAME EXPECTED-REGEX ARGS...
refuse() {
	_what=$1 _want=$2
	shift 2
	rm -f "$tmp/out"
	(cd "$tmp" && $cc "$@") >"$tmp/refuse.log" 2>&1
	_st=$?
	[ $_st -ne 0 ] && [ ! -e "$tmp/out" ] && [ "$(grep -c '^error: ' "$tmp/refuse.log")" = 1 ] &&
		grep -Eq "^error: .*$_want" "$tmp/refuse.log"
	ok $? "$_what: one error line, non-zero exit, no output"
	[ $? -eq 0 ] || sed 's/^/#   /' "$tmp/refuse.log"
}
printf 'int x;\n' >"$tmp/x.c"
printf 'int main() { return 0; }\n' >"$tmp/x.cpp"
printf 'int ukl_entry_SYSCALL_64(void) { return 0; }\nint main(void) { return ukl_entry_SYSCALL_64(); }\n' >"$tmp/hijack.c"
refuse "-m32" "-m32: a UKL application is x86-64" -m32 -o out x.c
refuse "-shared" "-shared: .*not a shared object" -shared -fPIC -o out x.c
refuse "a C++ source" "x.cpp is C\+\+" -o out x.cpp
refuse "a missing library" "cannot find -lnosuch" -o out a.c b.c -lnosuch
refuse "an application defining a kernel symbol" "defines ukl_entry_SYSCALL_64 .*rename it" -o out hijack.c

# CMake, with its compiler checks, a static library, threads and libm.
cmake -DCMAKE_C_COMPILER="$cc" -S tests/apps/cmake-hello -B "$tmp/cmake" >"$tmp/cmake.log" 2>&1 &&
	cmake --build "$tmp/cmake" >>"$tmp/cmake.log" 2>&1
ok $? "CMake with CMAKE_C_COMPILER=ukl-cc configures and builds"
[ $? -eq 0 ] || tail -n 15 "$tmp/cmake.log" | sed 's/^/#   /'
like "$tmp/cmake.log" "The C compiler identification is GNU" "CMake identifies the compiler"

# autoconf: configure's link tests are real (a missing function is "no"),
# and its run tests take the cross-compiling branch.
cp -r tests/apps/autoconf-probe "$tmp/ac"
(cd "$tmp/ac" && autoconf && autoheader && ./configure --host=x86_64-linux-musl CC="$cc" &&
	$cc -O2 -o probe probe.c) >"$tmp/ac.log" 2>&1
ok $? "autoconf's configure --host=x86_64-linux-musl CC=ukl-cc runs, the program links"
[ $? -eq 0 ] || tail -n 15 "$tmp/ac.log" | sed 's/^/#   /'
like "$tmp/ac.log" "checking whether we are cross compiling\.\.\. yes" "configure knows it cross-compiles"
like "$tmp/ac.log" "checking for clock_gettime\.\.\. yes" "a libc function is found by a link test"
like "$tmp/ac.log" "checking for no_such_function_anywhere\.\.\. no" "a missing function is not"
like "$tmp/ac/config.h" '#define PROBE_RUN "cross"' "AC_RUN_IFELSE takes the cross-compiling branch"

# An installed copy runs from any directory.
run_make "$tmp/install.log" install-ukl-cc PREFIX="$tmp/prefix"
(cd / && "$tmp/prefix/bin/ukl-cc" -O2 -o "$tmp/inst-prog" "$tmp/a.c" "$tmp/b.c")
ok $? "make install-ukl-cc PREFIX=... gives a ukl-cc that works from /"

# The CMake-built program boots as the UKL application.
out=$O/test-cmake-hello.out
run_make "$out" APP="$tmp/cmake/cmake-hello" run
is "$status" 0 "make run APP=PROGRAM boots the program CMake built"
like "$out" '^cmake-hello: hello, main \(sqrt\(2\) = 1\.414214, call 1\)$' "it prints from main, with libm"
like "$out" '^cmake-hello: hello, a thread \(sqrt\(2\) = 1\.414214, call 1\)$' "and from a thread with its own TLS counter"
like "$out" '^cmake-hello: cpl=0$' "in ring 0"

# One changed source: the program's own build and make run again, with
# no kernel source recompiled (reported, not asserted).
kdir=$O/kernel-ukl
before=$(stat -c %Y "$kdir/vmlinux.o")
cp -r tests/apps/cmake-hello "$tmp/src2"
sed -i 's/hello, %s/hi again, %s/' "$tmp/src2/greet.c"
cmake -DCMAKE_C_COMPILER="$cc" -S "$tmp/src2" -B "$tmp/cmake2" >"$tmp/cmake2.log" 2>&1 &&
	cmake --build "$tmp/cmake2" >>"$tmp/cmake2.log" 2>&1
sleep 1
touch "$tmp/src2/greet.c"
start=$(date +%s)
cmake --build "$tmp/cmake2" >>"$tmp/cmake2.log" 2>&1 &&
	run_make "$tmp/rerun.log" APP="$tmp/cmake2/cmake-hello" run
elapsed=$(( $(date +%s) - start ))
like "$tmp/rerun.log" '^cmake-hello: hi again, main' "a changed source is rebuilt and booted"
is "$(stat -c %Y "$kdir/vmlinux.o")" "$before" "with no kernel source recompiled (vmlinux.o unchanged)"
diag "one changed source of a ukl-cc program to a finished guest: ${elapsed} s"

done_testing
