#!/bin/sh
# The Network's own site: builds in every language, every internal link resolves, every page says its
# language and links to its translations, and two builds give the same bytes.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
langs=$(sed -n 's/^ *- { *code: *\([A-Za-z-]*\),.*/\1/p' site.yaml | paste -sd, -)

check "the site builds" "$JISITE" build --out "$tmp/a"
for l in $(echo "$langs" | tr , ' '); do
	check "home page in $l" test -s "$tmp/a/$l/index.html"
done
check "links, languages and alternates" python3 tests/e2e/check_site.py "$tmp/a" --languages "$langs" --rtl ar
check "a second build" "$JISITE" build --out "$tmp/b"
check "two builds are byte-identical" diff -r "$tmp/a" "$tmp/b"
finish
