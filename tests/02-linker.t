#!/bin/sh
# The link-time checks that guard what goes into the kernel image: the
# red-zone scanner, the system-call scanner and the symbol namespace.
# Needs the hello build of 01-hello.t.
. "$(dirname "$0")/lib.sh"
plan 11
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A function that keeps its array in the red zone when the red zone is on.
cat >"$tmp/rz.c" <<'C'
int pick(const int *p) { int a[4]; for (int i = 0; i < 4; i++) a[i] = p[i] * 3; return a[p[5] & 3]; }
C
gcc -O2 -fno-pic -mcmodel=kernel -c -o "$tmp/rz-on.o" "$tmp/rz.c"
gcc -O2 -fno-pic -mcmodel=kernel -mno-red-zone -c -o "$tmp/rz-off.o" "$tmp/rz.c"

sh linker/check-redzone.sh "$tmp/rz-on.o" 2>"$tmp/err"
[ $? -ne 0 ]
ok $? "the red-zone scanner rejects an object built with the red zone"
like "$tmp/err" "rz-on\.o: pick uses the red zone" "and names the object and the function"
sh linker/check-redzone.sh "$tmp/rz-off.o" 2>"$tmp/err"
ok $? "the same code built with -mno-red-zone passes"

sh linker/check-redzone.sh "$(gcc -print-libgcc-file-name)" 2>"$tmp/err"
[ $? -ne 0 ]
ok $? "Debian's libgcc.a is rejected ($(wc -l <"$tmp/err") functions use the red zone)"

printf 'void raw_exit(void) { __asm__ volatile("syscall" ::: "rcx", "r11", "memory"); }\n' >"$tmp/sc.c"
gcc -O2 -fno-pic -mno-red-zone -mcmodel=kernel -c -o "$tmp/sc.o" "$tmp/sc.c"
sh linker/check-syscall.sh "$tmp/sc.o" 2>"$tmp/err"
[ $? -ne 0 ]
ok $? "the syscall scanner rejects a SYSCALL instruction"
like "$tmp/err" "sc\.o: raw_exit executes \"syscall\"" "and names the function"

printf 'void ukl_entry_SYSCALL_64(void);\nvoid via_pointer(void) { void (*volatile f)(void) = ukl_entry_SYSCALL_64; f(); }\n' >"$tmp/ind.c"
gcc -O2 -fno-pic -mno-red-zone -mcmodel=kernel -c -o "$tmp/ind.o" "$tmp/ind.c"
sh linker/check-syscall.sh "$tmp/ind.o" 2>"$tmp/err"
[ $? -ne 0 ]
ok $? "an indirect call of ukl_entry_SYSCALL_64 is rejected (restarts rewind 5 bytes)"
sh linker/check-syscall.sh "$(app_obj apps/hello)" 2>"$tmp/err"
ok $? "every system call of hello is a direct call of ukl_entry_SYSCALL_64"

# Namespacing of the real application object.
app=$(app_obj apps/hello)
nm -g --defined-only "$app" | awk '{ print $3 }' | grep -v '^ukl_app_' >"$tmp/exports"
is "$(wc -l <"$tmp/exports")" 0 "the application object exports only ukl_app_* symbols"
is "$(nm -u "$app" | awk '$1 == "U" { print $2 }' | tr '\n' ' ')" "ukl_entry_SYSCALL_64 " \
	"the application object imports only ukl_entry_SYSCALL_64"
nm "$O/kernel-ukl/vmlinux" >"$tmp/syms"
# The last image 01-hello.t linked may hold either C library: musl's
# memcpy is a plain local function, glibc's an IFUNC ('i').
grep -Eq ' [TW] memcpy$' "$tmp/syms" && grep -Eq ' [ti] __ukl_memcpy$' "$tmp/syms"
ok $? "vmlinux holds the kernel's memcpy and the application's __ukl_memcpy side by side"

done_testing
