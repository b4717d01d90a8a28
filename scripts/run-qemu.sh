#!/bin/sh
# Boot a kernel and initramfs under QEMU and exit with the application's
# status, as reported by the guest's init ("ukl-init: exit-status=N").
#
# Usage: run-qemu.sh --kernel IMAGE --initrd CPIO [--timeout SECONDS]
#                    [--smp N] [--log FILE] [--args "APP ARGS"] [--append "KERNEL ARGS"]
#                    [--status-file FILE] [--icount]
#
# Exit status: the application's (0-255) when the guest reported one, which
# is also written to --status-file; 1 with an error line otherwise.
#
# Environment:
#   UKL_ACCEL=auto|kvm|tcg  auto (default) probes KVM once per build
#                           directory: a short boot with ukl_probe=1 under
#                           KVM; TCG when that does not finish in time.
#   UKL_PROBE_TIMEOUT=S     the probe's time limit (default 20 s).
#   V=1                     print the whole console, not just from init on.
#
# --icount runs TCG with deterministic instruction counting (-icount): the
# guest's clocks advance with executed instructions, so timings repeat run
# after run.  It forces TCG.
#
# Every run is bounded by --timeout: a guest that hangs is killed and
# reported, it never hangs the build.
set -eu
. "$(dirname "$0")/lib.sh"

kernel= initrd= timeout=300 smp=1 log= app_args= extra= status_file= icount=
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2 ;;
	--initrd) initrd=$2 ;;
	--timeout) timeout=$2 ;;
	--smp) smp=$2 ;;
	--log) log=$2 ;;
	--args) app_args=$2 ;;
	--append) extra=$2 ;;
	--status-file) status_file=$2 ;;
	--icount) icount="-icount shift=0,sleep=off,align=off"; shift; continue ;;
	*) die "run-qemu.sh: unknown option $1" ;;
	esac
	shift 2
done
[ -n "$kernel" ] && [ -f "$kernel" ] || die "no kernel image '$kernel'; run: make kernel"
[ -n "$initrd" ] && [ -f "$initrd" ] || die "no initramfs '$initrd'; run: make run"
need_tool qemu-system-x86_64 qemu-system-x86
need_tool timeout coreutils
[ -n "$log" ] || log=$(dirname "$kernel")/run.log
mkdir -p "$(dirname "$log")"

# boot ACCEL TIMEOUT LOG KERNEL_ARGS: run QEMU, console to LOG, QEMU's
# exit code (124: timed out) to LOG.rc.
boot() {
	case $1 in
	kvm) cpu="host,smap=off" ;;
	*) cpu=qemu64 ;;
	esac
	{
		qrc=0
		# shellcheck disable=SC2086
		timeout -k 5 "$2" qemu-system-x86_64 -accel "$1" -cpu "$cpu" $icount \
			-m 512M -smp "$smp" -nodefaults -display none -no-reboot \
			-serial stdio -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
			-kernel "$kernel" -initrd "$initrd" \
			-append "console=ttyS0 panic=-1 quiet $4" </dev/null 2>&1 || qrc=$?
		echo $qrc >"$3.rc"
	} | tr -d '\r' >"$3"
}

accel=${UKL_ACCEL:-auto}
cache=$(dirname "$log")/accel
why="UKL_ACCEL=$accel"
[ -z "$icount" ] || accel=tcg why="-icount runs under TCG"
if [ "$accel" = auto ]; then
	if [ -s "$cache" ]; then
		accel=$(sed -n 1p "$cache")
		why="$(sed -n 2p "$cache"); cached in $cache"
	elif [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
		accel=tcg why="no usable /dev/kvm"
	else
		probe_timeout=${UKL_PROBE_TIMEOUT:-20}
		note PROBE "KVM (a ${probe_timeout} s test boot)"
		boot kvm "$probe_timeout" "$log.probe" "ukl_probe=1"
		if grep -q 'ukl-init: probe ok' "$log.probe"; then
			accel=kvm why="the KVM probe booted"
		else
			accel=tcg why="the KVM probe did not boot within ${probe_timeout} s"
		fi
		printf '%s\n%s\n' "$accel" "$why" >"$cache"
	fi
fi
note QEMU "$(basename "$kernel") + $(basename "$initrd"), ${smp} CPU(s), accel $accel ($why)"

# The console streams to the terminal while the guest runs: from init's
# first line on, or all of it with V=1.
rm -f "$log" "$log.rc" ${status_file:+"$status_file"}
boot "$accel" "$timeout" "$log" "$extra${app_args:+ -- $app_args}" &
bootpid=$!
while [ ! -f "$log" ]; do sleep 0.1; done
if [ "${V:-0}" = 1 ]; then
	tail -n +1 -f --pid=$bootpid "$log"
else
	tail -n +1 -f --pid=$bootpid "$log" | awk '/ukl-init:/ { on = 1 } on { print; fflush() }'
fi
wait $bootpid || true
rc=$(cat "$log.rc" 2>/dev/null || echo 255)

if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	die "the guest did not finish within $timeout s (hung?) and was killed; see $log (raise TIMEOUT= if the application needs longer)"
fi
panic=$(grep -m1 'Kernel panic' "$log" || true)
if [ -n "$panic" ]; then
	tail -n 30 "$log" >&2
	die "the guest kernel panicked: ${panic#*Kernel panic - }; see $log"
fi
status=$(sed -n 's/^ukl-init: exit-status=\([0-9][0-9]*\)$/\1/p' "$log" | tail -n 1)
if [ -z "$status" ]; then
	qemu_err=$(grep -m1 '^qemu-system-x86_64:' "$log" || true)
	die "the guest stopped without reporting the application's status (QEMU exit code $rc${qemu_err:+: $qemu_err}); see $log"
fi
[ -z "$status_file" ] || echo "$status" >"$status_file"
exit "$status"
