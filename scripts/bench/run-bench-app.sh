#!/bin/sh
# make bench-apps, one application: boot it in every configuration, in
# sequence, on the same accelerator (scripts/bench/apps.mk lists the rows).
#
# Usage: run-bench-app.sh OUTDIR NAME PROG STOCK_KERNEL UKL_KERNEL INITRD MODE TIMEOUT
#                         VERSIONS KERNEL_ARGS LIBC APPEND ARGS
#   NAME is the benchmark (speedtest1, redis), PROG the program: the UKL
#   application in the UKL kernel and /bin/PROG, its normal build, in the
#   initramfs.  APPEND goes on the kernel command line of every row (with
#   KERNEL_ARGS), ARGS are the program's arguments.  Each row's console
#   goes to OUTDIR/NAME-ROW.log, and OUTDIR/NAME.meta says how it ran;
#   scripts/bench/apps-report.sh reads them.
set -eu
here=$(dirname "$0")
. "$here/../lib.sh"
. "$here/mode.sh"

[ $# -eq 13 ] || die "usage: run-bench-app.sh OUTDIR NAME PROG STOCK UKL INITRD MODE TIMEOUT VERSIONS KERNEL_ARGS LIBC APPEND ARGS"
out=$1 name=$2 prog=$3 stock=$4 ukl=$5 initrd=$6 mode=$7 timeout=$8 versions=$9
extra=${10} libc=${11} append_all=${12} args=${13}
resolve_mode "$mode" "$ukl" "$initrd" "$versions"
mkdir -p "$out"
note BENCH "$name: mode $mode ($why)"

# run ROW KERNEL KERNEL_ARGS: one boot; a failure is recorded, not fatal.
failed=
run() {
	note BENCH "$name: $1"
	append="$3${append_all:+ $append_all}${extra:+ $extra}"
	rm -f "$out/$name-$1.log"
	if ! sh "$here/../run-qemu.sh" --kernel "$2" --initrd "$initrd" \
		--timeout "$timeout" --log "$out/$name-$1.log" --args "$args" \
		${append:+--append "$append"} $icount >"$out/$name-$1.run" 2>&1; then
		echo "  FAILED  $name $1: $(grep -m1 '^error:' "$out/$name-$1.run" || tail -n 1 "$out/$name-$1.run")"
		failed="$failed $1"
	fi
}

run stock-normal "$stock" "ukl_exec=/bin/$prog"
run ukl-normal "$ukl" "ukl_exec=/bin/$prog"
run ukl-app "$ukl" ""
run ukl-bypass "$ukl" "UKL_BYPASS=1"

accel=$(sed -n 's/.*, accel \([a-z]*\) (.*/\1/p' "$out/$name-ukl-app.run" | head -n 1)
{
	echo "mode: $mode ($why)"
	echo "accelerator: ${accel:-unknown}"
	echo "guest cpu: $(sed -n 's/.*, -cpu \(.*\)$/\1/p' "$out/$name-ukl-app.run" | head -n 1)"
	echo "program: $prog $args"
	echo "kernel arguments: $append_all${extra:+ $extra}"
	echo "libc: $libc"
	echo "failed rows:${failed:- none}"
} >"$out/$name.meta"
[ -z "$failed" ]
