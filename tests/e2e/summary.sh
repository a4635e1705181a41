#!/bin/sh
# What a build tells the editor, on the Network's site: one summary line on stderr (pages rendered and
# kept, downloads made, warnings, seconds) after a full build, an incremental one and one with nothing to
# do, and after a check; nothing but diagnostics with --quiet; a progress line only on a terminal, cleared
# before the summary; and build --lang, which builds only some languages' outputs and never shares its
# cache with a build of all of them.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
site="$tmp/site"
pub="$site/public"
copy_network_site "$site"
SOURCE_DATE_EPOCH=1801440000
export SOURCE_DATE_EPOCH
codes=$(sed -n 's/^  - { code: \([^,]*\),.*/\1/p' "$site/site.yaml" | paste -sd, | sed 's/,/, /g')
cr=$(printf '\r')
esc=$(printf '\033')

run() { # run build|check ARGS...: its status in $rc, its stdout and stderr in $tmp/out and $tmp/err
	run_command=$1
	shift
	if "$JISITE" "$run_command" -C "$site" --jobs 2 "$@" >"$tmp/out" 2>"$tmp/err"; then rc=0; else rc=$?; fi
}
commas() { # 26013 -> 26,013, as the summary counts
	echo "$1" | sed ':a;s/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/;ta'
}
only_line() { # only_line REGEX: stderr is exactly one line, which matches REGEX (grep's basic syntax)
	test "$(wc -l <"$tmp/err")" -eq 1 && grep -qx "$1" "$tmp/err"
}
no_tty_codes() { # neither a carriage return nor an escape sequence: stderr is not a terminal
	! grep -q "[$cr$esc]" "$tmp/err"
}
count_pages() { # the pages of the output (a folder's index.html; not the root's, the language choice)
	find "$pub" -mindepth 2 -name index.html | wc -l
}
count_downloads() {
	find "$pub/downloads" -type f ! -name manifest.json | wc -l
}

# a full build: every page rendered, every download made
run build
check "a full build succeeds" test "$rc" = 0
pages=$(count_pages)
downloads=$(count_downloads)
p=$(commas "$pages")
d=$(commas "$downloads")
check "it says so in one line: $p pages, $d downloads, all made" \
	only_line "jisite: built $p pages ($p rendered, 0 kept), $d downloads ($d made) in [0-9.]* s"
check "nothing on stdout" test ! -s "$tmp/out"
check "no progress line: stderr is not a terminal" no_tty_codes

# one edit of a text with one translation: its page in every other language is rendered again
languages=$(grep -c '^  - { code: ' "$site/site.yaml")
translated=$(ls "$site"/content/about.*.md | wc -l)
rendered=$((languages - translated))
printf '\nOne more sentence.\n' >>"$site/content/about.md"
run build -v
check "an incremental build after one edit succeeds" test "$rc" = 0
check "it rendered the $rendered pages that show the text (says -v)" \
	grep -qx "jisite: $rendered of $pages pages rendered" "$tmp/err"
check "the summary says the same, and keeps the rest" \
	grep -qx "jisite: built $p pages ($rendered rendered, $(commas $((pages - rendered))) kept), $d downloads ([0-9]* made) in [0-9.]* s" "$tmp/err"
check "-v's stage times come first, the summary last" \
	sh -c "tail -n 1 '$tmp/err' | grep -q '^jisite: built ' && head -n 1 '$tmp/err' | grep -q '^jisite: config '"
check "no progress line with -v either, off a terminal" no_tty_codes

run build
check "nothing changed: the build says so" only_line "jisite: nothing changed since the last build ([0-9.]* s)"

# --quiet: the diagnostics alone, here none
printf '\nAnd another.\n' >>"$site/content/about.md"
run build --quiet
check "--quiet: the build succeeds" test "$rc" = 0
check "--quiet: and prints nothing at all" sh -c "test ! -s '$tmp/err' && test ! -s '$tmp/out'"
run build -q
check "-q: nothing either when nothing changed" sh -c "test '$rc' = 0 && test ! -s '$tmp/err'"

# check: the pages it checked, and the problems it found
run check
check "check: one line, the pages checked" only_line "jisite: checked $p pages in [0-9.]* s"
check "check: --quiet prints nothing" sh -c "'$JISITE' check -C '$site' --jobs 2 -q 2>&1 | cmp -s - /dev/null"

# a pseudo-terminal: the progress line appears, rewritten in place, and is cleared before the summary
script -qfec "'$JISITE' build -C '$site' --jobs 2 --no-cache" /dev/null >"$tmp/tty"
check "on a terminal: a progress line counts the pages rendered" \
	grep -q "${cr}jisite: rendering pages [0-9,]* of [0-9,]*${esc}\[K" "$tmp/tty"
check "on a terminal: it shows the stages" grep -q "${cr}jisite: making downloads [0-9,]* of $d${esc}\[K" "$tmp/tty"
check "on a terminal: the line is cleared, then the summary replaces it" \
	grep -q "${cr}${esc}\[Kjisite: built $p pages ($p rendered, 0 kept)" "$tmp/tty"
check "on a terminal: the summary ends the output, on a line of its own" \
	sh -c "tail -n 1 '$tmp/tty' | sed 's/\r\$//; s/.*\r//; s/^\x1b\[K//' | grep -qx 'jisite: built .* in [0-9.]* s'"
script -qfec "'$JISITE' build -C '$site' --jobs 2 --no-cache --quiet" /dev/null >"$tmp/tty"
check "on a terminal with --quiet: nothing at all" test ! -s "$tmp/tty"

# build --lang fr: French pages, feeds, indexes and downloads; the root page and the assets
cp -R "$pub" "$tmp/before-lang"
run build --lang fr
check "--lang fr: the build succeeds" test "$rc" = 0
check "--lang fr: no other language's folder (its pages, feeds, calendars, search index)" \
	sh -c "for l in \$(echo '$codes' | tr -d ,); do test \$l = fr || test ! -e '$pub/\$l' || exit 1; done"
check "--lang fr: the language choice and the assets stay" \
	sh -c "test -s '$pub/index.html' && test -d '$pub/assets' && test -s '$pub/fr/index.html'"
check "--lang fr: no sitemap (it would list every language), robots.txt and the root's 404.html as always" \
	sh -c "test ! -e '$pub/sitemap.xml' && test -z \"\$(find '$pub' -maxdepth 1 -type f ! -name index.html ! -name robots.txt ! -name 404.html ! -name .jisite-output)\""
check "--lang fr: the French downloads alone" \
	sh -c "test -z \"\$(ls '$pub/downloads' | grep -v -e '-fr\\.' -e '^manifest.json\$')\" &&
	! grep -q '\"language\": \"en\"' '$pub/downloads/manifest.json'"
check "--lang fr: and its own feed, search index and downloads" \
	sh -c "test -s '$pub/fr/feed.atom' && test -s '$pub/fr/search/search-index.js' &&
	ls '$pub/downloads' | grep -q -- '-fr\\.epub\$'"
fr_pages=$(find "$pub/fr" -name index.html | wc -l)
fr_downloads=$(count_downloads)
check "--lang fr: the summary counts the French pages and downloads ($fr_pages, $fr_downloads)" \
	only_line "jisite: built $(commas "$fr_pages") pages ($(commas "$fr_pages") rendered, 0 kept), $fr_downloads downloads ($fr_downloads made) in [0-9.]* s"
check "--lang fr: the French pages are the full build's" \
	diff -r -x downloads "$tmp/before-lang/fr" "$pub/fr"
run build --lang fr,fr
check "--lang fr,fr is --lang fr: nothing changed" only_line "jisite: nothing changed since the last build ([0-9.]* s)"
run check --lang fr
check "check --lang fr: checks the French pages" only_line "jisite: checked $(commas "$fr_pages") pages in [0-9.]* s"

# a code that site.yaml does not list: a usage error that lists those it does; nothing is written
cp -R "$pub" "$tmp/before-bad"
run build --lang fr --lang xx
check "--lang xx: refused with status 2" test "$rc" = 2
check "--lang xx: the message lists the site's languages" \
	only_line "jisite: --lang 'xx' is not a language of the site; its languages are $codes"
check "--lang xx: the output is as it was" diff -r "$tmp/before-bad" "$pub"
run build --lang ''
check "--lang with no code: a usage error" test "$rc" = 2

# a build of every language after a --lang one: a full one, not one that trusts the French build's cache
run build
check "then a build without --lang renders every page again" \
	only_line "jisite: built $p pages ($p rendered, 0 kept), $d downloads ($d made) in [0-9.]* s"
"$JISITE" build -C "$site" --no-cache --out "$tmp/clean" -q
check "and gives every language back, as a clean build does" diff -r "$tmp/clean" "$pub"

# errors: a failed build keeps its closing line, a failed check counts the pages it checked
printf '\nA [broken link](nowhere.md).\n' >>"$site/content/about.md"
run build
check "a failed build: status 1" test "$rc" = 1
check "a failed build: its closing line says nothing was written" \
	sh -c "tail -n 1 '$tmp/err' | grep -qx 'jisite: 1 error: nothing was written, the previous output is unchanged'"
run check
check "a failed check: its closing line counts the pages and the error" \
	sh -c "test '$rc' = 1 && tail -n 1 '$tmp/err' | grep -qx 'jisite: checked $p pages: 1 error in [0-9.]* s'"
run check -q
check "a failed check with --quiet: the diagnostic alone" \
	sh -c "test '$rc' = 1 && test \"\$(wc -l <'$tmp/err')\" -eq 1 && grep -q ': error: ' '$tmp/err'"
finish
