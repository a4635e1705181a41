#!/bin/sh
# The reader's site (issue 18, "Done when"), checked in headless Chromium and the Nu Html Checker by
# tests/browser/reader.mjs on the Network's site in every language: no page scrolls sideways or has an
# element sticking out at 320 and 390 px; axe-core finds no violation on a page of every kind in en, ar
# and zh; vnu finds no error in any page, stylesheet or SVG file; every page weighs at most 30 KB gzipped
# with its CSS and JS, and requests nothing outside the site. Each check is first shown able to fail, on
# a hand-made site (tests/browser/fixture/reader) with one fault per page.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)

reader() { # reader OUT ROOT [OPTION...]: runs reader.mjs; its "ok"/"not ok" lines count here
	reader_out=$1
	shift
	node_checks "reader.mjs $1" tests/browser/reader.mjs "$@"
	cp "$node_out" "$reader_out"
}

# The hand-made site: what it reports is shown as comments and checked here, not counted as failures.
# Its heavy script is written here: 40 KB that gzip cannot shrink, over the 30 KB limit.
fixture="$tmp/fixture"
cp -R tests/browser/fixture/reader "$fixture"
{ printf '/* '; head -c 40000 /dev/urandom | base64 -w 0; printf ' */\n'; } >"$fixture/assets/heavy.js"
node tests/browser/reader.mjs "$fixture" --axe-every-page --axe-langs en >"$tmp/bad" 2>&1
bad_rc=$?
sed 's/^/# /' "$tmp/bad"
check "fixture: the checks fail" test "$bad_rc" -eq 1
reported() { # reported WHAT PATTERN: the fixture's report has a line matching PATTERN
	check "fixture: reports $1" grep -q -- "$2" "$tmp/bad"
}
not_reported() {
	check "fixture: does not report $1" sh -c "! grep -q -- '$2' '$tmp/bad'"
}
for w in 320 390; do
	reported "the two pages too wide at $w px, and no other" "^not ok - overflow at $w px: en, 7 pages, 2 overflow\$"
	reported "the element sticking out at $w px, with its text" \
		"^#   en/: scrollWidth [0-9]* in $w px; 1 element(s) stick out, [a-z]* [0-9]* px out: body > main > div.wide \"A box 600 pixels wide"
	reported "the menu too wide once open at $w px" \
		"^#   en/menu/: with its <details> open, scrollWidth [0-9]* in $w px; 1 element(s) stick out, [a-z]* [0-9]* px out: .*details > div.wide \"A menu 600 pixels"
done
reported "the pages that fit" '^ok - overflow at 320 px: root, 1 pages$'
not_reported "a wide box inside a scrolling box, or a skip link off the screen" 'scrolling box does not count\|Skip to the end'
reported "a page over 30 KB" '^not ok - weight: en, every page at most 30 KB gzipped (heaviest en/heavy/, '
reported "its weight, HTML, CSS and JS apart" '^#   en/heavy/: [0-9.]* KB (HTML [0-9.]*, CSS [0-9.]*, JS [0-9.]*)$'
reported "a request outside the site" '^#   en/external/: requests http://127.0.0.1:9/picture.png$'
reported "a lazy image from outside the site, not loaded yet" '^#   en/external/: would request http://127.0.0.1:9/later.png$'
not_reported "an episode from elsewhere that waits for the reader (preload=none)" 'episode.mp3'
reported "the pages that stay inside the site" '^ok - no request outside the site: root$'
reported "an axe violation, with its rule, impact and target" \
	'^#   button-name (critical): button: Buttons must have discernible text$'
reported "the page of the violation" '^not ok - axe: en/unlabelled/ (plain page), 1 violation(s)$'
reported "a page without violation" '^ok - axe: en/ (home)$'
reported "a vnu error in a page, with its line" '^#   en/invalid/index.html:[0-9]*:[0-9]*: No “p” element in scope but a “p” end tag seen\.$'
reported "a vnu error in a stylesheet" '^#   assets/bad.css:2:[0-9]*: CSS: “colour”: Property “colour” doesn.t exist\.$'
reported "a vnu error in an SVG file" '^#   assets/bad.svg:[0-9]*:[0-9]*: .*notasvgelement'
reported "the pages without vnu error" '^ok - vnu: root, 1 pages$'
check "fixture: each failing check fails once, and no other" test "$(grep -c '^not ok - ' "$tmp/bad")" -eq 8

# The Network's site, built into a temporary folder: every check, every page, every language.
site="$tmp/site"
copy_network_site "$site"
check "the Network's site builds" "$JISITE" build -C "$site"
reader "$tmp/out" "$site/public" --site-yaml "$site/site.yaml"

# the axe pass saw a page of every kind, in each of its languages
for l in en ar zh; do
	for kind in home 'plain page' 'resources item' 'events item' 'news item' 'opinion item' 'podcasts item' \
		'videos item' 'sessions item' 'products item' chapter 'print page' 'resources listing' 'events listing' \
		'news listing' 'opinion listing' 'podcasts listing' 'videos listing' 'sessions listing' 'products listing' \
		'paginated listing' taxonomy term downloads submit search; do
		check "axe checked a page of kind '$kind' in $l" grep -q "^\(not \)\{0,1\}ok - axe: $l/.* ($kind)" "$tmp/out"
	done
	if [ -f "$site/public/$l/404.html" ] || [ -f "$site/public/$l/404/index.html" ]; then
		check "axe checked the 404 page in $l" grep -q "^\(not \)\{0,1\}ok - axe: $l/.* (404)" "$tmp/out"
	fi
done
if [ -f "$site/public/404.html" ]; then
	check "axe checked the root 404 page" grep -q '^\(not \)\{0,1\}ok - axe: 404.html (404)' "$tmp/out"
fi
# and the overflow pass every language of site.yaml and the pages outside them (the root index.html), at both widths
langs=$(sed -n 's/^ *- { *code: *\([A-Za-z-]*\),.*/\1/p' site.yaml)
for l in $langs root; do
	for w in 320 390; do
		check "overflow checked the pages of $l at $w px" grep -q "^\(not \)\{0,1\}ok - overflow at $w px: $l, [0-9]* pages" "$tmp/out"
	done
done

echo "# reader.sh: $(($(date +%s) - start)) s"
finish
