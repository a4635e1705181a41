#!/bin/sh
# build --base-url URL: the site built for another address than site.yaml's base_url (a pull request's
# preview, opened from a local server): the sitemap, robots.txt, the feeds and the pages carry it, a build
# for another address renders every page again (the build cache must not keep pages made for the old one),
# and an address that is not an absolute http(s) one is a usage error.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
site="$tmp/site"
copy_good_site "$site"
printf 'feeds:\n  atom: [notes]\n' >>"$site/site.yaml"
pub="$site/public"
production='https://fixture.example/'
preview='http://localhost:8000/'

"$JISITE" build -C "$site" --no-bundles 2>"$tmp/err"
check "the site builds for site.yaml's address" grep -q "<loc>${production}en/</loc>" "$pub/sitemap.xml"
check "its feed has it" grep -q "$production" "$pub/en/feed.atom"

# the address without its final slash, as site.yaml may give it
"$JISITE" build -C "$site" --no-bundles --base-url http://localhost:8000 2>"$tmp/err"
status=$?
sed 's/^/# /' "$tmp/err"
check "a build with --base-url succeeds" test "$status" -eq 0
check "it renders every page again, keeping none made for the other address" \
	grep -q '^jisite: built [0-9,]* pages ([0-9,]* rendered, 0 kept)' "$tmp/err"
check "the sitemap lists the pages at the given address, with its slash" \
	grep -q "<loc>${preview}en/</loc>" "$pub/sitemap.xml"
check "robots.txt names the sitemap there" grep -qx "Sitemap: ${preview}sitemap.xml" "$pub/robots.txt"
check "the feed links to the given address" grep -q "href=\"${preview}en/notes/" "$pub/en/feed.atom"
check "a page names its address there" grep -q "$preview" "$pub/en/notes/first-note/index.html"
check "no file of the output has site.yaml's address" sh -c "! grep -rl '$production' '$pub'"

"$JISITE" build -C "$site" --no-bundles --base-url "$preview" 2>"$tmp/err"
check "the same address again: nothing changed" grep -q '^jisite: nothing changed since the last build' "$tmp/err"

"$JISITE" build -C "$site" --no-bundles 2>"$tmp/err"
check "without it again: every page is rendered for site.yaml's address" \
	grep -q '^jisite: built [0-9,]* pages ([0-9,]* rendered, 0 kept)' "$tmp/err"
check "and the sitemap and the feed are back on site.yaml's address" \
	sh -c "grep -q '<loc>${production}en/</loc>' '$pub/sitemap.xml' && grep -q '$production' '$pub/en/feed.atom' &&
		! grep -rl '$preview' '$pub'"

check "check takes --base-url too" "$JISITE" check -C "$site" -q --base-url https://preview.example/site/

bad() { # bad DESCRIPTION VALUE: --base-url VALUE is a usage error (exit 2) that says what it takes
	"$JISITE" build -C "$site" --no-bundles --base-url "$2" >"$tmp/out" 2>"$tmp/err"
	status=$?
	check "$1: usage error (exit 2)" sh -c "test $status -eq 2 &&
		grep -q \"^jisite: --base-url must be an http:// or https:// address\" '$tmp/err' && test ! -s '$tmp/out'"
}
bad "a relative address" "/preview/"
bad "another scheme" "ftp://example.org/"
bad "no host" "https://"
bad "a query" "https://example.org/?x=1"
bad "a space" "https://example.org/a b/"
bad "a quote" 'https://example.org/"/'
"$JISITE" build -C "$site" --base-url >/dev/null 2>"$tmp/err"
check "no value: usage error" sh -c "test $? -eq 2 && grep -q '^jisite: --base-url needs' '$tmp/err'"
check "a refused build wrote nothing" sh -c "grep -q '<loc>${production}en/</loc>' '$pub/sitemap.xml'"

finish
