#!/bin/sh
# Boot a kernel and initramfs under QEMU and exit with the application's
# status, as reported by the guest's init ("ukl-init: exit-status=N").
#
# Usage: run-qemu.sh --kernel IMAGE --initrd CPIO [--timeout SECONDS]
#                    [--smp N] [--log FILE] [--args "APP ARGS"] [--append "KERNEL ARGS"]
#                    [--status-file FILE] [--icount] [--which-accel]
#                    [--ports "HOST:GUEST ..."] [--share HOST_DIR] [--cpu MODEL]
#                    [--plugin "PLUGIN.so,ARG=VALUE,..."]
#        run-qemu.sh --check [--ports "HOST:GUEST ..."] [--share HOST_DIR]
#
# The guest has virtio-net on QEMU's user-mode network (no host setup; init
# gives eth0 10.0.2.15/24).  --ports forwards each host TCP port, bound to
# 127.0.0.1 only, to the guest port (space- or comma-separated; a single N
# means N:N).  --share exports HOST_DIR (created if missing) read-write over
# virtio 9p with mount tag "ukl"; init mounts it on /share.  --check only
# validates --ports and --share (the ports must be free) and exits.
#
# Exit status: the application's (0-255) when the guest reported one, which
# is also written to --status-file; 1 with an error line otherwise.
#
# Environment:
#   UKL_ACCEL=auto|kvm|tcg  auto (default) probes KVM once per build
#                           directory: a short boot with ukl_probe=1 under
#                           KVM; TCG when that does not finish in time.
#   UKL_PROBE_TIMEOUT=S     the probe's time limit (default 20 s).
#   UKL_TCG_THREAD=single|multi
#                           TCG with more than one guest CPU: one host
#                           thread for all of them (single, the default),
#                           or one each (multi).  QEMU 7.2's multi-threaded
#                           TCG can keep a translation made while another
#                           CPU rewrites the same code, so a guest CPU may
#                           run the INT3 of a jump-label update after the
#                           kernel finished it and oops ("int3: 0000");
#                           stock Linux does it too (tests/09, keyrace).
#   UKL_CPU=MODEL           QEMU's -cpu (--cpu MODEL too).  Default: under
#                           KVM "host"; under TCG "qemu64,+smep,+smap",
#                           QEMU's usual model with the two protections the
#                           UKL kernel keeps on for its ring-0 application.
#                           It is an AMD model, so PTI stays off unless the
#                           kernel is booted with pti=on; an Intel model
#                           such as Broadwell-noTSX turns it on by default.
#   V=1                     print the whole console, not just from init on.
#
# --which-accel prints the accelerator a run would use (kvm or tcg, after
# the probe, which is cached) and exits.
#
# --plugin loads a TCG plugin (QEMU's -plugin), e.g. the costly-instruction
# counter of make bench (scripts/bench/costly.c); TCG only.
# --icount runs TCG with deterministic instruction counting (-icount): the
# guest's clocks advance with executed instructions, so timings repeat run
# after run.  It forces TCG.
#
# Every run is bounded by --timeout: a guest that hangs is killed and
# reported, it never hangs the build.
set -eu
. "$(dirname "$0")/lib.sh"

kernel= initrd= timeout=300 smp=1 log= app_args= extra= status_file= icount=
plugin=
ports= share= check= cpu_model=${UKL_CPU:-} which_accel=
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
	--check) check=1; shift; continue ;;
	--which-accel) which_accel=1; shift; continue ;;
	--ports) ports=$2 ;;
	--share) share=$2 ;;
	--cpu) cpu_model=$2 ;;
	--plugin) plugin=$2 ;;
	*) die "run-qemu.sh: unknown option $1" ;;
	esac
	shift 2
done
# A status left from an earlier run must not pass for this run's.
[ -z "$status_file" ] || rm -f "$status_file"
case $smp in
''|*[!0-9]*|0) die "SMP=$smp is not a number of CPUs; write e.g. SMP=2" ;;
esac
tcg_threads=${UKL_TCG_THREAD:-single}
case $tcg_threads in
single|multi) ;;
*) die "UKL_TCG_THREAD=$tcg_threads: write UKL_TCG_THREAD=single (the default) or UKL_TCG_THREAD=multi" ;;
esac

# port_in_use PORT: something on this host listens on 127.0.0.1:PORT (or
# on a wildcard address, which takes it too).  The kernel's socket tables:
# no tool needed; QEMU's own error below catches what this misses.
port_in_use() {
	hex=$(printf '%04X' "$1")
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v p="$hex" '
		$4 == "0A" {
			split($2, a, ":")
			if (a[2] == p && (a[1] == "0100007F" || a[1] ~ /^0+$/ ||
			    a[1] == "0000000000000000FFFF00000100007F"))
				found = 1
		}
		END { exit !found }'
}

# check_port NUMBER WHICH SPEC: a port number from 1 to 65535.
check_port() {
	case $1 in
	'' | *[!0-9]* | 0?*) die "PORTS: '$3' is not HOST:GUEST with two port numbers; write e.g. PORTS=8080:80" ;;
	0 | ??????*) die "PORTS: $2 port $1 in '$3' is outside 1-65535; choose a port from 1 to 65535" ;;
	esac
	[ "$1" -le 65535 ] ||
		die "PORTS: $2 port $1 in '$3' is outside 1-65535; choose a port from 1 to 65535"
}

# port_taken HOST GUEST: the error for a host port something else holds.
port_taken() {
	die "host port $1 (127.0.0.1) is already in use; choose another host port with PORTS=, e.g. PORTS=$(($1 % 65535 + 1)):$2"
}

# The forwarding rules (",hostfwd=..."), each host port checked and free.
hostfwd= fwd_note= seen=" " pairs=" "
set -f
for p in $(printf '%s' "$ports" | tr ',' ' '); do
	case $p in
	*:*:*) die "PORTS: '$p' is not HOST:GUEST with two port numbers; write e.g. PORTS=8080:80" ;;
	*:*) h=${p%:*} g=${p#*:} ;;
	*) h=$p g=$p ;;
	esac
	check_port "$h" host "$p"
	check_port "$g" guest "$p"
	case $seen in
	*" $h "*) die "PORTS: host port $h is given twice; forward each host port once" ;;
	esac
	seen="$seen$h "
	port_in_use "$h" && port_taken "$h" "$g"
	hostfwd="$hostfwd,hostfwd=tcp:127.0.0.1:$h-:$g"
	fwd_note="$fwd_note 127.0.0.1:$h->$g"
	pairs="$pairs$h:$g "
done
set +f

if [ -n "$share" ]; then
	[ ! -e "$share" ] || [ -d "$share" ] ||
		die "SHARE=$share is not a folder; point SHARE at a folder (it is created if missing)"
	mkdir -p "$share" 2>/dev/null ||
		die "cannot create the SHARE folder $share; create it or choose another SHARE="
fi
[ -z "$check" ] || exit 0

[ -n "$kernel" ] && [ -f "$kernel" ] || die "no kernel image '$kernel'; run: make kernel"
[ -n "$initrd" ] && [ -f "$initrd" ] || die "no initramfs '$initrd'; run: make run"
need_tool qemu-system-x86_64 qemu-system-x86
need_tool timeout coreutils
[ -n "$log" ] || log=$(dirname "$kernel")/run.log
mkdir -p "$(dirname "$log")"

# cpu_for ACCEL: the -cpu model.
cpu_for() {
	case $1 in
	kvm) echo "${cpu_model:-host}" ;;
	*) echo "${cpu_model:-qemu64,+smep,+smap}" ;;
	esac
}

# tcg_thread ACCEL: the thread= option of -accel tcg (see UKL_TCG_THREAD),
# empty for KVM, for one CPU and for -icount (always one thread).
tcg_thread() {
	[ "$1" = tcg ] && [ "$smp" -gt 1 ] && [ -z "$icount" ] || return 0
	echo ",thread=$tcg_threads"
}

# boot ACCEL TIMEOUT LOG KERNEL_ARGS [QEMU_ARGS...]: run QEMU, console to
# LOG, QEMU's exit code (124: timed out) to LOG.rc.
boot() {
	cpu=$(cpu_for "$1")
	b_accel=$1 b_timeout=$2 b_log=$3 b_append=$4
	shift 4
	{
		qrc=0
		# shellcheck disable=SC2086
		timeout -k 5 "$b_timeout" qemu-system-x86_64 -accel "$b_accel$(tcg_thread "$b_accel")" -cpu "$cpu" $icount \
			-m 512M -smp "$smp" -nodefaults -display none -no-reboot \
			-serial stdio -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
			-kernel "$kernel" -initrd "$initrd" "$@" \
			-append "console=ttyS0 panic=-1 quiet $b_append" </dev/null 2>&1 || qrc=$?
		echo $qrc >"$b_log.rc"
	} | tr -d '\r' >"$b_log"
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
if [ -n "$which_accel" ]; then
	echo "$accel"
	exit 0
fi
threads=
case $(tcg_thread "$accel") in
*single) threads=", one TCG thread for all CPUs (UKL_TCG_THREAD=multi: one each)" ;;
*multi) threads=", one TCG thread per CPU (UKL_TCG_THREAD=multi)" ;;
esac
note QEMU "$(basename "$kernel") + $(basename "$initrd"), ${smp} CPU(s), accel $accel ($why)$threads, -cpu $(cpu_for "$accel")"
[ -z "$fwd_note" ] || note NET "host TCP${fwd_note} (guest eth0 10.0.2.15)"
[ -z "$share" ] || note SHARE "$share -> /share (virtio 9p, read-write)"

# The guest's devices: virtio-net on the user-mode network, the 9p share.
set -- -netdev "user,id=net0$hostfwd" -device virtio-net-pci,netdev=net0
if [ -n "$plugin" ]; then
	[ "$accel" = tcg ] || die "--plugin needs TCG (accel $accel); use --icount or UKL_ACCEL=tcg"
	set -- "$@" -plugin "$plugin"
fi
if [ -n "$share" ]; then
	set -- "$@" -fsdev "local,id=share0,path=$(printf '%s' "$share" | sed 's/,/,,/g'),security_model=none" \
		-device virtio-9p-pci,fsdev=share0,mount_tag=ukl
	extra="ukl_share=ukl${extra:+ $extra}"
fi

# The console streams to the terminal while the guest runs: from init's
# first line on, or all of it with V=1.
rm -f "$log" "$log.rc"
boot "$accel" "$timeout" "$log" "$extra${app_args:+ -- $app_args}" "$@" &
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
	# Taken between the check above and QEMU's start, or bound without
	# listening: QEMU says "Could not set up host forwarding rule 'tcp:...'".
	taken=$(sed -n "s/.*Could not set up host forwarding rule 'tcp:127\.0\.0\.1:\([0-9]*\)-.*/\1/p" "$log" | head -n 1)
	[ -z "$taken" ] || port_taken "$taken" "$(printf '%s' "$pairs" | sed -n "s/.* $taken:\([0-9]*\) .*/\1/p")"
	qemu_err=$(grep -m1 '^qemu-system-x86_64:' "$log" || true)
	die "the guest stopped without reporting the application's status (QEMU exit code $rc${qemu_err:+: $qemu_err}); see $log"
fi
[ -z "$status_file" ] || echo "$status" >"$status_file"
exit "$status"
