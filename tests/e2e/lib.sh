# Shared by the end-to-end scripts: counting checks and printing the closing "N passed, N failed" line.
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "not ok - $1"; }
check() { # check NAME COMMAND...: passes when the command succeeds
	check_name=$1
	shift
	if "$@"; then pass "$check_name"; else fail "$check_name"; fi
}
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

# copy_network_site DIR: the Network's site (content, theme, translations, site.yaml) into DIR, made.
copy_network_site() {
	mkdir -p "$1"
	cp -R content themes translations site.yaml "$1/"
}
