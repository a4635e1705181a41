#!/bin/sh
# Search: the tokenizer of the browser's search.js against the cases the C side is tested on; the indexes
# of a built site (tests/e2e/check_search.py); the search page in headless Chromium on a hand-made page
# (tests/browser/search-ui.mjs) and on built sites (tests/browser/search.mjs): the search fixture
# (tests/sites/search: resources in English, French, Arabic, Chinese, Korean and Russian) published over
# HTTP and in each language's offline copy read from file://, and the Network's own site, where
# tests/browser/search-reader.mjs also checks the page on a phone and a desktop, ranking and the URL.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

node_checks "tokens" tests/search/tokens.mjs
node_checks "search page" tests/browser/search-ui.mjs

# The search fixture: the repository's site.yaml, theme and translations over the fixture's content
site="$tmp/site"
mkdir -p "$site"
cp -R tests/sites/search/content themes translations site.yaml "$site/"
sed -i 's/^menu:.*/menu: [resources, news, topics]/' "$site/site.yaml"
sed -i 's/^footer:.*/footer: [] # the fixture has no about or contact page/' "$site/site.yaml"
check "the search fixture builds" "$JISITE" build -C "$site"
python3 tests/e2e/check_search.py "$site/public" --expect tests/sites/search/expect.txt >"$tmp/out" 2>&1
cat "$tmp/out"
passed=$((passed + $(grep -c '^ok - ' "$tmp/out")))
failed=$((failed + $(grep -c '^not ok - ' "$tmp/out")))
check "the search page is in the sitemap of every language" \
	test "$(grep -c '/search/</loc>' "$site/public/sitemap.xml")" -eq 13
check "every resource page's header has the search form" \
	test -z "$(grep -L 'class="site-search"' "$site"/public/fr/resources/*/index.html)"
check "the search page has no header form of its own" \
	sh -c "! grep -q 'class=\"site-search\"' '$site/public/fr/search/index.html'"

node_checks "online search" tests/browser/search.mjs tests/sites/search/cases.json --online "$site/public"
for lang in en fr ar zh ko ru; do
	rm -rf "$tmp/copy"
	python3 -m zipfile -e "$site/public/downloads/site-$lang.zip" "$tmp/unzipped"
	mv "$tmp/unzipped/site-$lang" "$tmp/copy" && rmdir "$tmp/unzipped" # the copy's one folder
	check "site-$lang.zip holds the search page and its index" \
		test -f "$tmp/copy/$lang/search/index.html" -a -f "$tmp/copy/$lang/search/search-index.js"
	node_checks "offline search ($lang)" tests/browser/search.mjs tests/sites/search/cases.json --offline "$tmp/copy" --lang "$lang"
done

# The Network's site: the guidelines and the library, online and in the English and Chinese copies
network="$tmp/network"
copy_network_site "$network"
check "the Network's site builds" "$JISITE" build -C "$network"
python3 tests/e2e/check_search.py "$network/public" >"$tmp/out" 2>&1
cat "$tmp/out"
passed=$((passed + $(grep -c '^ok - ' "$tmp/out")))
failed=$((failed + $(grep -c '^not ok - ' "$tmp/out")))
product=$(unzip -Z1 "$network/public/downloads/social-media-guidelines-en.zip")
check "the guidelines' copy has no search page" sh -c "! echo '$product' | grep -q 'search'"
unzip -p "$network/public/downloads/social-media-guidelines-en.zip" \
	'social-media-guidelines-en/en/products/social-media-guidelines/index.html' >"$tmp/book.html"
check "the guidelines' copy has no search form" sh -c "! grep -q 'site-search' '$tmp/book.html'"
node_checks "Network online search" tests/browser/search.mjs tests/browser/network-search.json --online "$network/public"
node_checks "the search page as a reader meets it" tests/browser/search-reader.mjs "$network/public"
for lang in en zh; do
	rm -rf "$tmp/copy"
	python3 -m zipfile -e "$network/public/downloads/site-$lang.zip" "$tmp/unzipped"
	mv "$tmp/unzipped/site-$lang" "$tmp/copy" && rmdir "$tmp/unzipped"
	node_checks "Network offline search ($lang)" tests/browser/search.mjs tests/browser/network-search.json \
		--offline "$tmp/copy" --lang "$lang"
done

finish
