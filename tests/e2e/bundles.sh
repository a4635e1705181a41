#!/bin/sh
# Offline copies, e-books and the downloads page of the Network's site: every link inside every archive
# leads to a file in it; the same content gives the same bytes; Debian's epubcheck accepts every e-book;
# the manifest and the downloads pages tell the truth about sizes and checksums.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
site="$tmp/site"
copy_network_site "$site"
SOURCE_DATE_EPOCH=1801440000
export SOURCE_DATE_EPOCH
base_url=$(sed -n 's/^base_url: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' site.yaml)
langs=$(ls translations | sed 's/\.yaml$//' | tr '\n' ' ')
pub="$site/public"

check "the site builds with its downloads" sh -c "'$JISITE' build -C '$site' --jobs 2 -v 2>'$tmp/first.log'"
for l in $langs; do
	test -s "$pub/downloads/site-$l.zip" || fail "a whole-site archive in $l"
	test -s "$pub/downloads/social-media-guidelines-$l.zip" || fail "the guidelines' archive in $l"
	test -s "$pub/downloads/social-media-guidelines-$l.epub" || fail "the guidelines' e-book in $l"
done
check "an archive per language, and an archive and an e-book per product and language" \
	test "$(ls "$pub/downloads" | grep -c '\.zip$')" -eq "$(($(echo $langs | wc -w) * 2))"

check "every link in every archive leads to a file in it" \
	python3 tests/e2e/check_bundle.py --base-url "$base_url" "$pub"/downloads/*.zip

check "a copy's search index is the site's, byte for byte, and a copy's pages link the mark's file" sh -c "
	for l in $langs; do
		unzip -p '$pub/downloads/site-'\$l.zip site-\$l/\$l/search/search-index.js |
			cmp - '$pub/'\$l/search/search-index.js || exit 1
	done
	unzip -p '$pub/downloads/site-fr.zip' site-fr/fr/about/index.html |
		grep -q '<link rel=\"icon\" href=\"../../assets/favicon[.0-9a-f]*svg\"'"
# A body that names no other file is the same online and offline: the copies take it as the render stage
# wrote it (render.h). Verify mode renders every body again for the copies: the bytes must be the same.
check "most bodies are rendered once, for the pages and the copies" sh -c "
	n=\$(sed -n 's/^jisite: \([0-9]*\) bodies rendered once.*/\1/p' '$tmp/first.log') && test \"\$n\" -gt 300"
check "... and the downloads are those of a build that renders every body again for the copies" sh -c "
	cp -r '$site' '$tmp/rendered' && rm -rf '$tmp/rendered/public' '$tmp/rendered/.jisite-cache' &&
	JISITE_VERIFY_CACHE=1 '$JISITE' build -C '$tmp/rendered' --jobs 2 -q &&
	for f in '$pub'/downloads/*; do cmp \"\$f\" '$tmp/rendered/public/downloads/'\"\${f##*/}\" || exit 1; done"
# drawn in every page, the mark cost 6 % of a copy once compressed
check "the pages of a copy draw the mark from that file, twice, and hold no drawing of it" sh -c "
	unzip -p '$pub/downloads/site-ar.zip' site-ar/ar/about/index.html >'$tmp/about' &&
	test \$(grep -c '<img class=\"logo\" src=\"../../assets/favicon[.0-9a-f]*svg\"' '$tmp/about') -eq 2 &&
	! grep -q '<svg class=\"logo\"' '$tmp/about'"

# the archives' entries, without the folder each is in (check_bundle.py checks that folder)
check "a product's archive holds its pages, its printable page and its e-book, and nothing else of the site" \
	sh -c "unzip -Z1 '$pub/downloads/social-media-guidelines-fr.zip' |
	sed 's|^social-media-guidelines-fr/||' >'$tmp/list' &&
	grep -qx 'fr/products/social-media-guidelines/print/index.html' '$tmp/list' &&
	grep -qx 'social-media-guidelines-fr.epub' '$tmp/list' &&
	grep -qx 'index.html' '$tmp/list' &&
	! grep -q '^fr/resources/' '$tmp/list' && ! grep -q '^en/' '$tmp/list'"
check "a language's archive holds that language only, with the assets, attachments, manifest and update page" \
	sh -c "unzip -Z1 '$pub/downloads/site-ar.zip' | sed 's|^site-ar/||' >'$tmp/list' &&
	! grep -v -e '^ar/' -e '^assets/' -e '^index.html$' -e '^manifest.json$' -e '^update.html$' \
		-e '^[a-z-]*/[a-z0-9-]*/[^/]*$' '$tmp/list' &&
	grep -qx 'manifest.json' '$tmp/list' && grep -qx 'update.html' '$tmp/list' &&
	grep -q '^videos/launch-highlights-2018/poster.svg$' '$tmp/list' && ! grep -q '^ar/downloads/' '$tmp/list'"
check "an archive unzips into one folder named after it" \
	sh -c "mkdir '$tmp/unzipped' && cd '$tmp/unzipped' && unzip -q '$pub/downloads/site-fr.zip' && test \"\$(ls -A)\" = site-fr &&
	test -f site-fr/index.html"
check "the copy's front page opens its home page, not a choice of one language" \
	sh -c "grep -q '<meta http-equiv=\"refresh\" content=\"0; url=fr/index.html\">' '$tmp/unzipped/site-fr/index.html' &&
	grep -q 'href=\"fr/index.html\"' '$tmp/unzipped/site-fr/index.html'"
check "a product's copy opens on the product" \
	sh -c "unzip -p '$pub/downloads/social-media-guidelines-fr.zip' social-media-guidelines-fr/index.html |
	grep -q 'url=fr/products/social-media-guidelines/index.html'"
check "already compressed files are stored, text is deflated" \
	sh -c "unzip -Zv '$pub/downloads/social-media-guidelines-fr.zip' | grep -A12 'social-media-guidelines-fr.epub' | grep -q 'compression method: *none (stored)' &&
	unzip -Zv '$pub/downloads/social-media-guidelines-fr.zip' | grep -A12 'fr/products/social-media-guidelines/index.html' | grep -q 'compression method: *deflated'"

# the manifest: every download, with its true size and checksum
check "the manifest lists every download with its size and SHA-256" python3 - "$pub" <<'EOF'
import hashlib, json, os, sys
pub = sys.argv[1]
entries = json.load(open(os.path.join(pub, "downloads/manifest.json")))
files = sorted(f for f in os.listdir(os.path.join(pub, "downloads")) if f != "manifest.json")
assert sorted(os.path.basename(e["file"]) for e in entries) == files, "manifest and folder differ"
for e in entries:
    data = open(os.path.join(pub, e["file"]), "rb").read()
    assert e["bytes"] == len(data), e["file"]
    assert e["sha256"] == hashlib.sha256(data).hexdigest(), e["file"]
    assert e["format"] in ("zip", "epub") and e["language"] and e["date"] == "2027-02-01", e
EOF
check "every language's downloads page shows every checksum" sh -c "
	for l in $langs; do
		for s in \$(python3 -c 'import json,sys; print(\" \".join(e[\"sha256\"] for e in json.load(open(sys.argv[1]))))' '$pub/downloads/manifest.json'); do
			grep -q \$s '$pub/'\$l/downloads/index.html || exit 1
		done
	done"
check "sizes are in the page's language" sh -c "grep -q ' ko\|ko<\| Ko\|kB\|ko ' '$pub/fr/downloads/index.html' && grep -q 'kB' '$pub/en/downloads/index.html'"
check "the home and product pages lead to the downloads page" \
	sh -c "grep -q 'href=\"downloads/\"' '$pub/en/index.html' && grep -q 'href=\"../../downloads/\"' '$pub/en/products/social-media-guidelines/index.html'"
check "a printable page per product and language, with every chapter" sh -c "
	for l in $langs; do
		test \$(grep -c '<section class=\"print-section\"' '$pub/'\$l/products/social-media-guidelines/print/index.html) -eq 7 || exit 1
	done"

# the same content gives the same bytes
"$JISITE" build -C "$site" --no-cache --jobs 1 --out "$tmp/again" 2>/dev/null
check "two builds give downloads with the same SHA-256" diff -r "$pub/downloads" "$tmp/again/downloads"

# Debian's epubcheck on every e-book, two at a time (through java: /usr/bin/epubcheck is the jar itself,
# which runs directly only where binfmt_misc knows jars)
check "epubcheck: every e-book has 0 errors and 0 fatal errors" sh -c "
	ls '$pub'/downloads/*.epub | xargs -P 2 -n 1 sh -c 'java -jar /usr/share/java/epubcheck.jar -q \"\$0\" >\"\$0.log\" 2>&1 || { cat \"\$0.log\"; exit 1; }'"
rm -f "$pub"/downloads/*.log

# an incremental build after a chapter changes remakes that product's downloads and the archives that
# hold it, not the others
printf '\nA sentence added to a chapter.\n' >> "$site/content/products/social-media-guidelines/personal-use.fr.md"
"$JISITE" build -C "$site" -v 2>"$tmp/log"
check "a changed chapter remakes only the downloads that hold it (French: site, archive, e-book)" \
	grep -q '^jisite: 3 of [0-9]* downloads made' "$tmp/log"
"$JISITE" build -C "$site" --no-cache --out "$tmp/full" 2>/dev/null
check "and the downloads are those of a clean build" diff -r "$pub/downloads" "$tmp/full/downloads"

finish
