#!/bin/sh
# The man page (generator/jisite.1) and the --help of jisite and of every command it lists agree: each
# option one prints, the other documents for that command, both ways (tests/e2e/check_manpage.py, which
# reads the roff itself, without groff or man). A page with an option taken out, or one added, fails.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
man=generator/jisite.1

commands=$("$JISITE" --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
check "jisite --help lists the commands" test -n "$commands"
for c in $commands; do
	check "jisite $c --help exits 0 and prints its usage" \
		sh -c "'$JISITE' $c --help >'$tmp/help' && grep -q '^usage: jisite $c' '$tmp/help'"
done

# manpage_checks MAN: the checker's "ok - " and "not ok - " lines count here; its output is in $tmp/check.out
manpage_checks() {
	python3 tests/e2e/check_manpage.py "$JISITE" "$1" >"$tmp/check.out" 2>&1
	rc=$?
	cat "$tmp/check.out"
	passed=$((passed + $(grep -c '^ok - ' "$tmp/check.out")))
	failed=$((failed + $(grep -c '^not ok - ' "$tmp/check.out")))
	[ "$rc" -eq 0 ] || grep -q '^not ok - ' "$tmp/check.out" || fail "check_manpage.py runs (exit $rc)"
}
manpage_checks "$man"
for c in $commands; do
	check "the checker compared $c both ways" \
		sh -c "grep -q ' - $c --help -> man page' '$tmp/check.out' &&
			grep -q ' - man page -> $c --help' '$tmp/check.out'"
done

# The checker can fail: an option taken out of the page, or one no --help prints put in.
grep -v 'precompress' "$man" >"$tmp/removed.1"
check "a page without --precompress: the checker fails" \
	sh -c "! python3 tests/e2e/check_manpage.py '$JISITE' '$tmp/removed.1' >'$tmp/removed.out' 2>&1"
check "... and names it for build" \
	grep -q '^not ok - build --help -> man page: .*--precompress (OPTIONS)' "$tmp/removed.out"
check "... and for build only" test "$(grep -c '^not ok' "$tmp/removed.out")" -eq 1
sed 's/^\.B jisite check$/&\n.RB [ \\-\\-bogus ]/' "$man" >"$tmp/added.1"
check "a page with a --bogus option of check: the checker fails" \
	sh -c "! python3 tests/e2e/check_manpage.py '$JISITE' '$tmp/added.1' >'$tmp/added.out' 2>&1"
check "... and names it" grep -q '^not ok - man page -> check --help: --bogus$' "$tmp/added.out"
sed '/^\.BI \\-\\-port " n"$/{n;d}' "$man" >"$tmp/unscoped.1"
check "an OPTIONS entry that does not say its commands: the checker fails" \
	sh -c "! python3 tests/e2e/check_manpage.py '$JISITE' '$tmp/unscoped.1' >'$tmp/unscoped.out' 2>&1"
check "... and names it" grep -q '^not ok - the man page parses.*: --port$' "$tmp/unscoped.out"

if command -v groff >/dev/null; then
	check "groff formats the man page without a warning" \
		sh -c "groff -man -ww -z '$man' 2>'$tmp/groff.err' && test ! -s '$tmp/groff.err'"
fi
finish
