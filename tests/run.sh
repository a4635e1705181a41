#!/bin/sh
# Runs every unit test program and end-to-end suite against the build in $1 and prints one total.
# Each cmocka program prints its own summary; the last line here counts test cases over all of them.
build=${1:-build}
passed=0
failed=0
status=0
log=$(mktemp)
# the history's cache of every repository the tests build (gitinfo.h) goes here, not into the user's
XDG_CACHE_HOME=$(mktemp -d)
export XDG_CACHE_HOME
trap 'rm -rf "$log" "$XDG_CACHE_HOME"' EXIT

count() { # program output in $log: add cmocka's PASSED/FAILED counts
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\./\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:/\1/p' "$log" | tail -n 1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
}

for t in "$build"/tests/test_*; do
	case "$t" in *.d) continue ;; esac
	[ -x "$t" ] || continue
	echo "== $(basename "$t")"
	if "$t" >"$log" 2>&1; then rc=0; else rc=$?; fi
	cat "$log"
	count
	if [ "$rc" -ne 0 ]; then
		status=1
		# A crash leaves no summary: count it as a failure of its own.
		grep -q '^\[  FAILED  \]' "$log" || failed=$((failed + 1))
	fi
done

for t in tests/e2e/*.sh tests/faults/*.sh; do
	[ -f "$t" ] || continue
	case "$t" in */lib.sh) continue ;; esac
	echo "== $(basename "$t")"
	if JISITE="$(pwd)/$build/jisite" sh "$t" >"$log" 2>&1; then rc=0; else rc=$?; fi
	cat "$log"
	p=$(sed -n 's/^\(.*: \)\{0,1\}\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$log" | tail -n 1)
	f=$(sed -n 's/^\(.*: \)\{0,1\}\([0-9]*\) passed, \([0-9]*\) failed$/\3/p' "$log" | tail -n 1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ "$rc" -ne 0 ]; then
		status=1
		[ "${f:-0}" -gt 0 ] || failed=$((failed + 1))
	fi
done

echo "total: $passed passed, $failed failed"
[ "$failed" -eq 0 ] || status=1
exit $status
