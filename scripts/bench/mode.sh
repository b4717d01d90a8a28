# Sourced by the benchmark runners: resolve_mode MODE UKL_KERNEL INITRD VERSIONS
# sets $mode to wall or icount, $icount to run-qemu.sh's option for it, and
# $why to the reason.  auto (the default) means wall under a working KVM
# and icount otherwise: wall-clock TCG numbers are noise.
resolve_mode() {
	mode=$1 why="chosen by name (BENCH_MODE=$1)"
	if [ "$mode" = auto ]; then
		# The build directory's probe result, as make run uses it.
		probe_accel=$(sh "$here/../run-qemu.sh" --kernel "$2" --initrd "$3" \
			--log "$(dirname "$4")/bench-probe.log" --which-accel) ||
			die "could not tell whether KVM works (see $(dirname "$4")/bench-probe.log)"
		if [ "$probe_accel" = kvm ]; then
			mode=wall why="chosen automatically: KVM works"
		else
			mode=icount why="chosen automatically: no working KVM, and wall-clock TCG numbers are noise (BENCH_MODE=wall for them)"
		fi
	fi
	case $mode in
	wall) icount= ;;
	icount) icount=--icount ;;
	*) die "BENCH_MODE=$mode is not auto, wall or icount" ;;
	esac
}
