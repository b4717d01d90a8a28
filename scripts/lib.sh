# Shared helpers for the build scripts (sourced, POSIX sh).

# die MESSAGE: one clear line on stderr, non-zero exit.
die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

# note MESSAGE: a progress line in the Kbuild style.
note() {
	printf '  %-7s %s\n' "$1" "$2"
}

# need_tool TOOL PACKAGE: fail with the fix when TOOL is missing.
need_tool() {
	command -v "$1" >/dev/null 2>&1 ||
		die "missing tool '$1'; install it with: apt-get install $2 (or run: make deps)"
}

# sha256_of FILE
sha256_of() {
	sha256sum "$1" | cut -d' ' -f1
}

# record_version VERSIONS_FILE NAME LINE: "NAME: LINE" replaces NAME's line
# in the build's record of what it was built from (versions.txt).
record_version() {
	touch "$1"
	grep -v "^$2:" "$1" >"$1.tmp" || true
	printf '%s: %s\n' "$2" "$3" >>"$1.tmp"
	mv "$1.tmp" "$1"
}
