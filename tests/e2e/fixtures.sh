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
check "good: a rebuild by one process is byte-identical" \
	sh -c "'$JISITE' build -C '$tmp/good' --jobs 1 && diff -r '$tmp/good/public' '$tmp/good-public'"
check "good: so is a rebuild by five processes" \
	sh -c "'$JISITE' build -C '$tmp/good' --jobs 5 && diff -r '$tmp/good/public' '$tmp/good-public'"
# a rebuild shares the files whose bytes did not change with the previous output: same inode, same time
inode() { stat -c %i "$tmp/good/public/$1"; }
before_about=$(inode en/about/index.html)
before_note=$(inode en/notes/first-note/index.html)
"$JISITE" build -C "$tmp/good" --jobs 2
check "good: an unchanged page is not rewritten" test "$(inode en/about/index.html)" = "$before_about"
printf '\nOne more sentence.\n' >> "$tmp/good/content/about.md"
"$JISITE" build -C "$tmp/good" --jobs 2
check "good: a changed page is written anew" test "$(inode en/about/index.html)" != "$before_about"
check "good: the pages around it are not" test "$(inode en/notes/first-note/index.html)" = "$before_note"
check "good: the stylesheet's name carries its content's hash" \
	sh -c "ls '$tmp/good/public/assets/' | grep -Eq '^style\.[0-9a-f]{10}\.css$'"
"$JISITE" build -C "$tmp/good" --out pre --precompress
check "good: --precompress writes a gzip copy of each page" \
	sh -c "gzip -dc '$tmp/good/pre/en/about/index.html.gz' | cmp - '$tmp/good/pre/en/about/index.html'"
check "good: and a brotli copy" test -s "$tmp/good/pre/fr/notes/index.html.br"
check "good: of text attachments too (SVG)" test -s "$tmp/good/pre/notes/first-note/chart.svg.gz"
check "good: and never of a compressed copy" test ! -e "$tmp/good/pre/en/about/index.html.gz.gz"
cp -R "$tmp/good/pre" "$tmp/pre-before"
"$JISITE" build -C "$tmp/good" --out pre --precompress --jobs 1
check "good: compressed copies are the same bytes on every build" diff -r "$tmp/good/pre" "$tmp/pre-before"
check "good: check writes nothing" sh -c "'$JISITE' check -C '$tmp/good' --out x && test ! -e '$tmp/good/x'" 2>/dev/null
# What the model promises, seen in the pages
pub="$tmp/good/public"
check "good: a translation inherits the fields it does not set" \
	sh -c "grep -q 'Deuxième note' '$pub/fr/notes/second-note/index.html' && grep -q '2024-03-04' '$pub/fr/notes/second-note/index.html'"
check "good: an untranslated page shows the original, marked" \
	sh -c "grep -q 'Not translated yet.' '$pub/fr/about/index.html' && grep -q 'class=\"content\" lang=\"en\"' '$pub/fr/about/index.html'"
check "good: a translated page is not marked" sh -c "! grep -q 'Not translated yet.' '$pub/ar/about/index.html'"
check "good: Arabic pages are right to left" grep -Eq '<html lang="ar" dir="rtl"[ >]' "$pub/ar/notes/index.html"
check "good: listings are sorted as configured (newest first) and paginated" \
	sh -c "grep -q 'Second note' '$pub/en/notes/index.html' && grep -q 'First note' '$pub/en/notes/page/2/index.html'"
check "good: a term page per term and language" grep -q 'First note' "$pub/fr/topics/ethics/index.html"
check "good: headings get ids, content links become page URLs" \
	sh -c "grep -q '<a href=\"../notes/first-note/#details\">' '$pub/en/about/index.html' &&
		grep -q '<h2 id=\"details\">Details</h2>' '$pub/en/notes/first-note/index.html'"
check "good: attachments are published once, for every language" \
	sh -c "test -f '$pub/notes/first-note/chart.svg' && grep -q 'src=\"../../../notes/first-note/chart.svg\"' '$pub/fr/notes/first-note/index.html'"
check "good: chapters follow the order of the 'chapters' field, with their own pages" \
	sh -c "grep -q 'rel=\"next\">Next: Alpha comes second' '$pub/en/notes/first-note/zeta/index.html' &&
		grep -q 'Alpha vient en second' '$pub/fr/notes/first-note/alpha/index.html' &&
		grep -q 'href=\"../alpha/\"' '$pub/en/notes/first-note/zeta/index.html'"
check "good: the root page lets the visitor choose a language" grep -q 'href="ar/"' "$pub/index.html"

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
	# several processes: their diagnostics come back to the parent, sorted as from one; and a bound on
	# time, for a fixture that once made the build run for ever (broken-symlink-loop)
	timeout 60 "$JISITE" build -C "$work" --jobs 3 2>"$tmp/$name.stderr"
	check "$name: exits 1" test $? -eq 1
	if diff -u "$fixture/expected.stderr" "$tmp/$name.stderr"; then
		pass "$name: diagnostics"
	else
		fail "$name: diagnostics"
	fi
	# check runs the same stages but writing: it reports the same problems, in one run (and, as notes,
	# what is not published; its closing line is its own)
	timeout 60 "$JISITE" check -C "$work" 2>"$tmp/$name.check"
	check "$name: check exits 1" test $? -eq 1
	if diff -u "$fixture/expected.stderr" "$tmp/$name.check" | grep '^[-+][^-+]' | grep -v '^+[^ ]*: note: ' |
		grep -vq '^[-+]jisite: '; then
		fail "$name: check reports what build reports"
	else
		pass "$name: check reports what build reports"
	fi
	check "$name: public/ untouched" diff -r "$tmp/$name.before" "$work/public"
	# (the lock file stays: removing it would race with a build about to take it)
	check "$name: no temporary folder left" sh -c "! ls -a '$work' | grep -v '^\.public\.lock$' | grep -q '^\.public\.'"
done
finish
