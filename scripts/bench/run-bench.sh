#!/bin/sh
# Run apps/bench in every configuration, in sequence, on the same
# accelerator, and write the report (scripts/bench/report.sh).
#
# Usage: run-bench.sh OUTDIR STOCK_KERNEL UKL_KERNEL INITRD ITER OPS MODE TIMEOUT VERSIONS [KERNEL_ARGS [LIBC [PLUGIN]]]
#   The report goes to OUTDIR-MODE (MODE as resolved: wall or icount).
#   MODE: auto (the default: wall under a working KVM, icount otherwise),
#   wall (the default accelerator, wall-clock numbers; under TCG they are
#   noise, and the report says so) or icount (TCG with -icount:
#   deterministic numbers).  KERNEL_ARGS go on the kernel command line of
#   every configuration.  PLUGIN: the costly-instruction counter
#   (scripts/bench/costly.c); in icount mode every row runs with it and
#   the report gets its counts (scripts/bench/costly-report.sh).
#
# Configurations (rows of the report, the first is the baseline):
#   stock-normal  the benchmark as a normal static process (the same C
#                 library: musl 1.2.3 unpatched, or with LIBC=glibc
#                 Debian's static glibc 2.36), stock kernel
#   ukl-normal    the same normal process on the UKL kernel
#   ukl-app       the benchmark linked into the UKL kernel, in ring 0
#   ukl-bypass    the same with UKL_BYPASS=1: its system calls take the
#                 bypass (prctl PR_SET_UKL_BYPASS) whenever no entry or
#                 exit work is due
set -eu
here=$(dirname "$0")
. "$here/../lib.sh"

out=$1 stock=$2 ukl=$3 initrd=$4 iter=$5 ops=$6 mode=$7 timeout=$8 versions=$9
extra=${10:-}
libc=${11:-musl}
plugin=${12:-}
profile=${13:-0}
. "$here/mode.sh"
resolve_mode "$mode" "$ukl" "$initrd" "$versions"
out=$out-$mode
[ "$mode" = icount ] || plugin=
[ "$profile" = 0 ] || [ -n "$plugin" ] ||
	die "BENCH_PROFILE=1 counts in icount mode only, and the mode here is $mode; use BENCH_MODE=icount"
# ukl-init prints where KASLR put the kernel text, for profile.sh.
[ "$profile" = 0 ] || extra="${extra:+$extra }ukl_ktext=1"
# QEMU's -plugin option separates its arguments with commas.
[ -z "$plugin" ] || case $plugin$out in
*,*) die "the results folder $out or the plugin $plugin has a comma in its path, which QEMU's -plugin option cannot carry; use RESULTS= without one, or BENCH_COSTLY=0" ;;
esac
mkdir -p "$out"
note BENCH "mode $mode ($why)"
args="iter=$iter${ops:+ ops=$ops}"

# run LABEL KERNEL KERNEL_ARGS: one boot; a failure is recorded, not fatal.
run() {
	note BENCH "$1 ($args)"
	append="$3${extra:+ $extra}"
	pcs=
	[ "$profile" = 0 ] || pcs=",pcs=$out/pcs-$1.txt"
	if ! sh "$here/../run-qemu.sh" --kernel "$2" --initrd "$initrd" \
		--timeout "$timeout" --log "$out/log-$1.txt" --args "$args" \
		${append:+--append "$append"} $icount \
		${plugin:+--plugin "$plugin,out=$out/costly-$1.txt$pcs"} >"$out/run-$1.txt" 2>&1; then
		echo "  FAILED  $1: $(grep -m1 '^error:' "$out/run-$1.txt" || tail -n 1 "$out/run-$1.txt")"
	fi
}

run stock-normal "$stock" "ukl_exec=/bin/bench"
run ukl-normal "$ukl" "ukl_exec=/bin/bench"
run ukl-app "$ukl" ""
run ukl-bypass "$ukl" "UKL_BYPASS=1"

accel=$(sed -n 's/.*, accel \([a-z]*\) (.*/\1/p' "$out/run-ukl-app.txt" | head -n 1)
{
	echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
	echo "mode: $mode ($why)"
	[ "$mode:$accel" != wall:tcg ] ||
		echo "warning: wall-clock numbers under TCG are noise (one run here gave 13.9 ns and 8.5 ns for the same empty call); use BENCH_MODE=icount"
	echo "accelerator: ${accel:-unknown}"
	echo "guest cpu: $(sed -n 's/.*, -cpu \(.*\)$/\1/p' "$out/run-ukl-app.txt" | head -n 1) ($accel)"
	echo "host cpu: $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)"
	echo "qemu: $(qemu-system-x86_64 --version | head -n 1)"
	echo "iterations: $iter"
	echo "ops: ${ops:-all}"
	echo "kernel arguments: ${extra:-none}"
	if [ -n "$plugin" ]; then
		echo "costly instructions: counted in every row by a QEMU TCG plugin (scripts/bench/costly.c)"
	else
		echo "costly instructions: not counted (only in icount mode, and not with BENCH_COSTLY=0)"
	fi
	[ "$profile" = 0 ] ||
		echo "instructions per kernel symbol: counted (BENCH_PROFILE=1, see profile.md)"
	if [ "$libc" = glibc ]; then
		echo "libc: glibc 2.36 in every row: stock-normal and ukl-normal are linked with Debian's static glibc ($(dpkg-query -W -f='${Version}' libc6-dev 2>/dev/null || echo unknown), libc6-dev), ukl-app and ukl-bypass with glibc 2.36 patched for UKL (libc-patches/glibc)"
	else
		echo "libc: musl 1.2.3 in every row: stock-normal and ukl-normal unpatched, ukl-app and ukl-bypass patched for UKL (libc-patches/musl)"
	fi
	linux=$(sed -n 's/^linux: \([^,]*\),.*/\1/p' "$versions" 2>/dev/null || true)
	echo "stock kernel: ${linux:-Linux 6.1}, no UKL patch, configs/base.config"
	echo "ukl kernel: the same + the kernel/ series, CONFIG_UNIKERNEL_LINUX=y"
	if [ -f "$versions" ]; then
		sed 's/^/source /' "$versions"
	else
		echo "source versions: unknown ($versions is missing)"
	fi
} >"$out/meta.txt"

rc=0
sh "$here/report.sh" "$out" "$out/meta.txt" \
	stock-normal="$out/log-stock-normal.txt" \
	ukl-normal="$out/log-ukl-normal.txt" \
	ukl-app="$out/log-ukl-app.txt" \
	ukl-bypass="$out/log-ukl-bypass.txt" || rc=$?
if [ -n "$plugin" ] && [ "$rc" -ne 2 ]; then
	sh "$here/costly-report.sh" "$out" stock-normal ukl-normal ukl-app ukl-bypass
	note BENCH "costly-instruction counts: $out/results.md, $out/costly.csv"
fi
if [ "$profile" = 1 ] && [ "$rc" -ne 2 ]; then
	vmlinux_of() { echo "${1%/arch/x86/boot/bzImage}/vmlinux"; }
	if sh "$here/profile.sh" "$out" stock-normal="$(vmlinux_of "$stock")" \
		ukl-normal="$(vmlinux_of "$ukl")" ukl-app="$(vmlinux_of "$ukl")" \
		ukl-bypass="$(vmlinux_of "$ukl")"; then
		note BENCH "instructions per kernel symbol: $out/profile.md"
	else
		rc=1
	fi
fi
exit $rc
