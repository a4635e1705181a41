#!/bin/sh
# The Network's own site: builds in every language, every internal link resolves, every page says its
# language and links to its translations, and two builds give the same bytes.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
langs=$(sed -n 's/^ *- { *code: *\([A-Za-z-]*\),.*/\1/p' site.yaml | paste -sd, -)

check "the site builds, by three processes" sh -c "'$JISITE' build --out '$tmp/a' --jobs 3 2>'$tmp/stderr'"
check "without a warning (every translation complete)" sh -c "! grep . '$tmp/stderr'"
for l in $(echo "$langs" | tr , ' '); do
	check "home page in $l" test -s "$tmp/a/$l/index.html"
done
check "links, languages and alternates" python3 tests/e2e/check_site.py "$tmp/a" --languages "$langs" --rtl ar
check "no English interface text on the other languages' pages" \
	python3 tests/e2e/check_i18n.py "$tmp/a" translations en
check "every field of every item is shown on its page" python3 tests/e2e/check_fields.py content "$tmp/a" en
check "every collection and taxonomy is published" sh -c "for c in resources events news opinion podcasts videos sessions products topics types regions; do test -s '$tmp/a/fr/'\$c/index.html || exit 1; done"
check "the guidelines exist in every language" \
	sh -c "for l in $(echo "$langs" | tr , ' '); do grep -q 'class=\"content\" lang=\"'\$l'\"' '$tmp/a/'\$l/products/social-media-guidelines/index.html || exit 1; done"
check "a second build, by one process" "$JISITE" build --out "$tmp/b" --jobs 1
check "two builds, by one and by several processes, are byte-identical" diff -r "$tmp/a" "$tmp/b"
finish
