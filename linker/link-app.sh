#!/bin/sh
# Turn an application, ukl-lib, musl and the compiler runtime into the one
# relocatable object that the kernel links into vmlinux (UKL_APP=...).
#
# Usage: link-app.sh OUT LDS OBJECT... [ARCHIVE...]
#
# Steps, each of which fails the build with the reason:
#  1. no input uses the red zone (check-redzone.sh);
#  2. 'ld -r' with ukl-app.lds into .text/.rodata/.data/.bss;
#  3. nothing is left undefined but the kernel's ukl_entry_SYSCALL_64;
#  4. no SYSCALL/SYSENTER/int $0x80 is left (check-syscall.sh);
#  5. namespacing: every symbol gets the prefix __ukl_ (memcpy and friends
#     exist in the kernel too), _start becomes ukl_app_entry, and all
#     symbols but the ukl_app_* exports (entry point, data bounds) become
#     local.  The application binds to exactly one kernel symbol,
#     ukl_entry_SYSCALL_64, and the kernel sees only ukl_app_*.
# The output appears only when every step passed.
set -eu
here=$(dirname "$0")
. "$here/../scripts/lib.sh"

out=$1 lds=$2
shift 2
objs= archives=
for f in "$@"; do
	case $f in
	*.a) archives="$archives $f" ;;
	*) objs="$objs $f" ;;
	esac
done

tmp=$out.tmp
trap 'rm -f "$tmp".*' EXIT
rm -f "$out"

# shellcheck disable=SC2086
sh "$here/check-redzone.sh" $objs $archives

# shellcheck disable=SC2086
ld -r -T "$lds" -o "$tmp.r" $objs --start-group $archives --end-group ||
	die "ld -r of the application failed (messages above)"

undef=$(nm -u "$tmp.r" | awk '$1 == "U" && $2 != "ukl_entry_SYSCALL_64" { print $2 }' | tr '\n' ' ')
[ -z "$undef" ] ||
	die "the application uses ${undef}which neither it, musl, libgcc nor ukl-lib defines; define it in the application (or, for a kernel-side helper, in ukl-lib/)"

tls=$(objdump -h "$tmp.r" | awk '$2 ~ /^\.t(data|bss)/ { print $2 }')
[ -z "$tls" ] ||
	die "the application has thread-local variables ($tls), which UKL does not support yet; use pthread_getspecific instead"

sh "$here/check-syscall.sh" "$tmp.r"

objcopy --prefix-symbols=__ukl_ "$tmp.r" "$tmp.p"
nm "$tmp.p" | awk '$NF ~ /^__ukl_ukl_app_/ { e = $NF; sub(/^__ukl_/, "", e); print $NF, e }
	$NF == "__ukl_ukl_entry_SYSCALL_64" { print $NF, "ukl_entry_SYSCALL_64" }
	$NF == "__ukl__start" { print $NF, "ukl_app_entry" }' | sort -u >"$tmp.map"
objcopy --redefine-syms="$tmp.map" "$tmp.p" "$tmp.n"
objcopy --wildcard --keep-global-symbol='ukl_app_*' "$tmp.n" "$tmp.o"

exports=$(nm -g --defined-only "$tmp.o" | awk '$3 !~ /^ukl_app_/ { print $3 }' | tr '\n' ' ')
[ -z "$exports" ] && nm -g --defined-only "$tmp.o" | grep -q ' ukl_app_entry$' ||
	die "namespacing failed: the application object must export ukl_app_entry and ukl_app_* only, not '${exports}'"
imports=$(nm -u "$tmp.o" | awk '$1 == "U" { print $2 }' | tr '\n' ' ')
[ "$imports" = "ukl_entry_SYSCALL_64 " ] || [ -z "$imports" ] ||
	die "namespacing failed: the application object imports '${imports}', expected only ukl_entry_SYSCALL_64"

mv "$tmp.o" "$out"
