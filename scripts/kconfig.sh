#!/bin/sh
# Configure a kernel build directory from config fragments on top of
# allnoconfig, and fail if Kconfig dropped any line of the fragments
# (a dependency missing, a typo).
# Usage: kconfig.sh LINUX_SRC BUILD_DIR FRAGMENT...
set -eu
. "$(dirname "$0")/lib.sh"

src=$1 dir=$2
shift 2
mkdir -p "$dir"
cat "$@" >"$dir/fragment.config"
make -s -C "$src" O="$dir" KCONFIG_ALLCONFIG="$dir/fragment.config" allnoconfig >"$dir/kconfig.log" 2>&1 ||
	die "kernel configuration failed; see $dir/kconfig.log"

dropped=
for line in $(grep -E '^CONFIG_[A-Z0-9_]+=' "$dir/fragment.config"); do
	grep -qx "$line" "$dir/.config" || dropped="$dropped $line"
done
for opt in $(sed -n 's/^# \(CONFIG_[A-Z0-9_]*\) is not set$/\1/p' "$dir/fragment.config"); do
	grep -q "^$opt=" "$dir/.config" && dropped="$dropped $opt=n"
done
if [ -n "$dropped" ]; then
	rm -f "$dir/.config"
	die "Kconfig did not take$dropped from $*; fix the fragment (missing dependency?)"
fi
