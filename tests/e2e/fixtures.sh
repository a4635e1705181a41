#!/bin/sh
# Fixture sites under tests/sites/. "good" must build and pass the site checks. Every "broken-*" fixture
# is laid over a copy of "good" (its files replace or add to good's; an optional setup.sh runs in the copy
# first), must exit 1 with exactly the diagnostics of its expected.stderr, and must leave the public/ of the
# earlier good build byte-for-byte as it was.
. tests/e2e/lib.sh
top=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fresh_copy() { # $1: destination
	rm -rf "$1"
	mkdir -p "$1"
	cp -R tests/sites/good/. "$1"
	cp -R themes "$1/themes"
}

fresh_copy "$tmp/good"
check "good: builds" "$JISITE" build -C "$tmp/good"
check "good: site checks" python3 tests/e2e/check_site.py "$tmp/good/public" --languages en,fr,ar --rtl ar
cp -R "$tmp/good/public" "$tmp/good-public"
check "good: rebuild is byte-identical" sh -c "'$JISITE' build -C '$tmp/good' && diff -r '$tmp/good/public' '$tmp/good-public'"
check "good: check writes nothing" sh -c "'$JISITE' check -C '$tmp/good' --out x && test ! -e '$tmp/good/x'" 2>/dev/null
"$JISITE" build --frobnicate >/dev/null 2>&1
check "an unknown option is a usage error (2)" test $? -eq 2
"$JISITE" frobnicate >/dev/null 2>&1
check "an unknown command is a usage error (2)" test $? -eq 2
check "build --help" sh -c "'$JISITE' build --help | grep -q -- '--out'"

for fixture in tests/sites/broken-*/; do
	[ -d "$fixture" ] || continue
	name=$(basename "$fixture")
	work="$tmp/$name"
	fresh_copy "$work"
	"$JISITE" build -C "$work" 2>/dev/null || { fail "$name: the good base builds"; continue; }
	cp -R "$work/public" "$tmp/$name.before"
	(cd "$fixture" && find . -type f ! -name expected.stderr ! -name setup.sh | while read -r f; do
		mkdir -p "$work/$(dirname "$f")" && cp "$f" "$work/$f"; done)
	[ -f "$fixture/setup.sh" ] && (cd "$work" && sh "$top/$fixture/setup.sh")
	"$JISITE" build -C "$work" 2>"$tmp/$name.stderr"
	check "$name: exits 1" test $? -eq 1
	if diff -u "$fixture/expected.stderr" "$tmp/$name.stderr"; then
		pass "$name: diagnostics"
	else
		fail "$name: diagnostics"
	fi
	check "$name: public/ untouched" diff -r "$tmp/$name.before" "$work/public"
	check "$name: no temporary folder left" sh -c "! ls -a '$work' | grep -q '^\.public\.'"
done
finish
