# TAP helpers for the shell tests (sourced).  Each test file runs from the
# repository root and prints TAP for prove.
set -u
cd "$(dirname "$0")/.." || exit 1
TOP=$(pwd)
O=${O:-$TOP/build}
_n=0 _failed=0

plan() { echo "1..$1"; _planned=1; }
diag() { printf '# %s\n' "$@"; }

# ok COND-STATUS NAME: pass when the status is 0.
ok() {
	_n=$((_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_n - $2"
	else
		echo "not ok $_n - $2"
		_failed=$((_failed + 1))
	fi
}

# is GOT WANT NAME
is() {
	[ "$1" = "$2" ]
	_st=$?
	ok $_st "$3"
	[ $_st -eq 0 ] || diag "got '$1', want '$2'"
}

# like TEXT_FILE REGEX NAME: an extended regex matches a line of the file.
like() {
	grep -Eq -- "$2" "$1"
	_st=$?
	ok $_st "$3"
	[ $_st -eq 0 ] || diag "no line of $1 matches /$2/"
}

# unlike TEXT_FILE REGEX NAME
unlike() {
	! grep -Eq -- "$2" "$1"
	_st=$?
	ok $_st "$3"
	[ $_st -eq 0 ] || { diag "unexpected:"; grep -E -- "$2" "$1" | head -n 5 | sed 's/^/#   /'; }
}

# run_make LOG ARGS...: make with output to LOG, status in $status.
run_make() {
	_log=$1
	shift
	make -C "$TOP" O="$O" "$@" >"$_log" 2>&1
	status=$?
}

# done_testing: a trailing plan when plan was not called, and the status.
done_testing() {
	[ -n "${_planned:-}" ] || echo "1..$_n"
	exit $((_failed > 0))
}

# app_tap LOG [PREFIX]: pass the TAP lines a test application printed on
# as our own results (their names after PREFIX), and check that it printed
# all it planned.
app_tap() {
	grep -E '^(not )?ok [0-9]+' "$1" | sed -E 's/^((not )?ok) [0-9]+( - )?/\1 /' >"$1.tap"
	while IFS= read -r _line; do
		case $_line in
		"not ok "*) ok 1 "${2:-}${_line#not ok }" ;;
		"ok "*) ok 0 "${2:-}${_line#ok }" ;;
		esac
	done <"$1.tap"
	_want=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$1" | tail -n 1)
	is "$(wc -l <"$1.tap" | tr -d ' ')" "${_want:-none}" "${2:-}the application ran all the tests it planned"
}

# test_libcs: the C libraries that the matrix tests run each application
# with (UKL_TEST_LIBCS overrides, e.g. to rerun one).
test_libcs() {
	echo "${UKL_TEST_LIBCS:-musl glibc}"
}

# libc_of MAKE_ARGS...: the LIBC= among make arguments (musl by default).
libc_of() {
	_libc=musl
	for _a in "$@"; do
		case $_a in LIBC=*) _libc=${_a#LIBC=} ;; esac
	done
	echo "$_libc"
}

# run_app_test APP_DIR MAKE_ARGS...: boot a test application, pass its TAP
# lines on and check that the kernel survived it.  The console is in
# $O/test-NAME.out ($O/test-NAME-glibc.out with LIBC=glibc, whose results
# are named "glibc: ...").
run_app_test() {
	_app=$1
	shift
	_tag= _pfx=
	if [ "$(libc_of "$@")" != musl ]; then
		_tag=-$(libc_of "$@") _pfx="$(libc_of "$@"): "
	fi
	app_out=$O/test-$(basename "$_app")$_tag.out
	run_make "$app_out" APP="$_app" "$@" run
	is "$status" 0 "make run APP=$_app $* succeeds"
	[ "$status" -eq 0 ] || grep -v '^  [A-Z]' "$app_out" | tail -n 20 | sed 's/^/#   /'
	app_tap "$app_out" "$_pfx"
	guest_survived "$app_out"
}

# guest_survived LOG: init ran after the application and read /proc/ukl,
# so the kernel was alive after the test.
guest_survived() {
	like "$1" '^ukl-init: /proc/ukl: ukl_syscalls_total [0-9]+$' "the kernel is alive after the application (init read /proc/ukl)"
	like "$1" '^ukl-init: exit-status=[0-9]+$' "init reported the status and powered off"
}

# no_oops LOG WHAT: the kernel printed no double fault, oops, BUG or panic
# (and, with a third argument, nothing matching it either).
no_oops() {
	unlike "$1" "double fault|Oops|BUG:|Kernel panic${3:+|$3}" "$2: no double fault, oops or panic"
}

# app_obj APP_DIR [LIBC]: the application object the build makes for
# APP_DIR (see apps/app.mk).
app_obj() {
	_abs=$(cd "$1" && pwd)
	_sfx=
	[ "${2:-musl}" = musl ] || _sfx=-$2
	echo "$O/app/$(basename "$_abs")-$(printf '%s' "$_abs" | sha1sum | cut -c1-8)$_sfx/app.o"
}

# use_ukl_cc LOG: build the compiler driver and its runtime (make ukl-cc),
# one assertion, and point $cc at it.
use_ukl_cc() {
	run_make "$1" ukl-cc
	is "$status" 0 "make ukl-cc builds the driver and its runtime"
	cc=$O/bin/ukl-cc
}
