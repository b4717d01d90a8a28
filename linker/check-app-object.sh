#!/bin/sh
# Check that FILE is a UKL application object, as link-app.sh (and so
# ukl-cc) writes it and the kernel links it: an x86-64 relocatable ELF
# object that exports ukl_app_entry and other ukl_app_* symbols only, and
# imports nothing but ukl_entry_SYSCALL_64 and the IRELATIVE table bounds
# that vmlinux.lds.S defines for glibc's IFUNCs.
# Usage: check-app-object.sh FILE
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

f=$1
[ -f "$f" ] || die "no application object '$f'"
hdr=$(readelf -h "$f" 2>/dev/null | awk '/^  (Type|Machine):/ { $1 = ""; print }' | tr '\n' ' ') || true
case $hdr in
*"REL (Relocatable file)"*"X86-64"*) ;;
*) die "$f is not a program linked by ukl-cc (not an x86-64 relocatable object); link it with: ukl-cc -o $f OBJECTS..." ;;
esac
nm -g --defined-only "$f" | grep -q ' ukl_app_entry$' ||
	die "$f is not a program linked by ukl-cc (it has no ukl_app_entry); link it with: ukl-cc -o $f OBJECTS..."
exports=$(nm -g --defined-only "$f" | awk '$3 !~ /^ukl_app_/ { print $3 }' | tr '\n' ' ')
[ -z "$exports" ] ||
	die "namespacing failed: $f must export ukl_app_entry and ukl_app_* only, not '${exports}'"
imports=$(nm -u "$f" | awk '$1 == "U" && $2 != "ukl_entry_SYSCALL_64" && $2 !~ /^ukl_app_rela_iplt_(start|end|linked)$/ { print $2 }' | tr '\n' ' ')
[ -z "$imports" ] ||
	die "namespacing failed: $f imports '${imports}', expected only ukl_entry_SYSCALL_64 (and the ukl_app_rela_iplt_* bounds)"
