#!/bin/sh
# Turn an application, ukl-lib, musl and the compiler runtime into the one
# relocatable object that the kernel links into vmlinux (UKL_APP=...).
#
# Usage: link-app.sh OUT LDS OBJECT... [ARCHIVE...]
#
# Steps, each of which fails the build with the reason:
#  1. no input uses the red zone (check-redzone.sh);
#  2. no input defines a name the kernel binds to (ukl_app_*,
#     ukl_entry_SYSCALL_64) or the entry point _start, which ukl-lib has;
#  3. 'ld -r' with ukl-app.lds into .text/.rodata/.data/.bss and the
#     thread-local template .ukl.tdata/.ukl.tbss (UKL_LDFLAGS: more ld
#     options, from ukl-cc);
#  4. nothing is left undefined but the kernel's ukl_entry_SYSCALL_64, and
#     no code needs a GOT (position-independent code, or thread-local
#     variables in a model other than local-exec);
#  5. no SYSCALL/SYSENTER/int $0x80 is left (check-syscall.sh);
#  6. namespacing: every symbol gets the prefix __ukl_ (memcpy and friends
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
reserved=$(nm -g --defined-only -A $objs $archives 2>/dev/null | awk '
	{ where = $1; sub(/:[0-9a-f]*$/, "", where) }
	$NF ~ /^ukl_app_/ || $NF == "ukl_entry_SYSCALL_64" || ($NF == "_start" && n++) {
		printf "%s (in %s) ", $NF, where
	}' | cut -c 1-300)
[ -z "$reserved" ] ||
	die "the application defines ${reserved}which the kernel binds to or ukl-lib provides; rename it in the application"

# shellcheck disable=SC2086
ld -r -T "$lds" ${UKL_LDFLAGS:-} -o "$tmp.r" $objs --start-group $archives --end-group ||
	die "ld -r of the application failed (messages above)"

got=$(objdump -r "$tmp.r" | awk '$2 ~ /^R_X86_64_(GOT|TLSGD|TLSLD|DTPOFF|GOTTPOFF)/ { print $2 " against " $3; exit }')
[ -z "$got" ] ||
	die "the application needs a GOT ($got): some object was compiled as position-independent code or with a thread-local model other than local-exec; compile every source with ukl-cc (or -fno-pic -ftls-model=local-exec)"

# The assembler names _GLOBAL_OFFSET_TABLE_ in every object that has TLS
# relocations, even local-exec ones that need no GOT; with no GOT
# relocation left (above), the name is dropped.
if nm -u "$tmp.r" | grep -q ' _GLOBAL_OFFSET_TABLE_$'; then
	objcopy --strip-symbol=_GLOBAL_OFFSET_TABLE_ "$tmp.r"
fi

# The kernel's link provides ukl_entry_SYSCALL_64 and, for glibc's IFUNCs,
# the bounds of the IRELATIVE table (vmlinux.lds.S).
undef=$(nm -u "$tmp.r" | awk '$1 == "U" && $2 != "ukl_entry_SYSCALL_64" && $2 !~ /^ukl_app_rela_iplt_(start|end|linked)$/ { print $2 }' | tr '\n' ' ')
[ -z "$undef" ] ||
	die "the application uses ${undef}which neither it, the C library, libgcc nor ukl-lib defines; define it in the application (or, for a kernel-side helper, in ukl-lib/)"

sh "$here/check-syscall.sh" "$tmp.r"

objcopy --prefix-symbols=__ukl_ "$tmp.r" "$tmp.p"
nm "$tmp.p" | awk '$NF ~ /^__ukl_ukl_app_/ { e = $NF; sub(/^__ukl_/, "", e); print $NF, e }
	$NF == "__ukl_ukl_entry_SYSCALL_64" { print $NF, "ukl_entry_SYSCALL_64" }
	$NF == "__ukl__start" { print $NF, "ukl_app_entry" }' | sort -u >"$tmp.map"
objcopy --redefine-syms="$tmp.map" "$tmp.p" "$tmp.n"
objcopy --wildcard --keep-global-symbol='ukl_app_*' "$tmp.n" "$tmp.o"

sh "$here/check-app-object.sh" "$tmp.o"

mv "$tmp.o" "$out"
