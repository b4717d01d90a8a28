# TAP helpers for the shell tests (sourced).  Each test file runs from the
# repository root and prints TAP for prove.
set -u
cd "$(dirname "$0")/.." || exit 1
TOP=$(pwd)
O=${O:-$TOP/build}
_n=0 _failed=0

plan() { echo "1..$1"; }
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

done_testing() { exit $((_failed > 0)); }

# app_obj APP_DIR: the application object the build makes for APP_DIR
# (see apps/app.mk).
app_obj() {
	_abs=$(cd "$1" && pwd)
	echo "$O/app/$(basename "$_abs")-$(printf '%s' "$_abs" | sha1sum | cut -c1-8)/app.o"
}
