#!/bin/sh
# Incremental builds: after each kind of change (content, a translation of content, interface
# translations, a layout, a partial, the stylesheet, the configuration, a deletion, a new day), an
# incremental build of the Network's site gives exactly the output of a clean full build, renders only
# what the change touches, and checks itself: JISITE_VERIFY_CACHE renders every page it kept and fails if
# one would have changed.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
site="$tmp/site"
copy_network_site "$site"
SOURCE_DATE_EPOCH=1801440000 # 2027-02-01: some events are still to come
export SOURCE_DATE_EPOCH

incremental() { # builds incrementally, verifying; keeps what -v printed in $tmp/log
	JISITE_VERIFY_CACHE=1 "$JISITE" build -C "$site" -v --jobs 2 2>"$tmp/log"
}

full_equals() { # a clean full build elsewhere gives the same bytes as the incremental one
	rm -rf "$tmp/full"
	"$JISITE" build -C "$site" --no-cache --out "$tmp/full" 2>/dev/null && diff -r "$site/public" "$tmp/full"
}

rendered() { # the number of pages the last build rendered
	sed -n 's/^jisite: \([0-9]*\) of [0-9]* pages rendered.*/\1/p' "$tmp/log"
}

total() {
	sed -n 's/^jisite: [0-9]* of \([0-9]*\) pages rendered.*/\1/p' "$tmp/log"
}

after() { # after NAME [MAX]: an incremental build succeeds, equals a full one, and renders at most MAX pages
	check "$1: the incremental build succeeds" incremental
	check "$1: its output is the clean full build's" full_equals
	if [ -n "$2" ]; then
		n=$(rendered)
		check "$1: it rendered $n pages, at most $2" test -n "$n" -a "$n" -le "$2"
	fi
}

check "first build (no cache yet)" incremental
check "it is a full build" grep -q 'pages rendered (full build)' "$tmp/log"
check "it writes a build cache" sh -c "ls '$site/.jisite-cache/' | grep -q ."
pages=$(total)

check "nothing changed: a build succeeds" incremental
check "nothing changed: the build stops after the scan" grep -q 'nothing changed' "$tmp/log"
check "nothing changed: the output is the clean full build's" full_equals

touch "$site/content/about.md"
after "a file touched but not changed" 0

sed -i 's/^title: "The Bangalore Principles of Judicial Conduct"/title: "The Bangalore Principles"/' \
	"$site/content/resources/bangalore-principles/index.md"
after "a resource's title" $((pages / 4))
check "a resource's title: its page shows it" \
	grep -q 'The Bangalore Principles<' "$site/public/en/resources/bangalore-principles/index.html"

sed -i 's/^title: Resource library$/title: The resource library/' "$site/content/resources/index.md"
after "a listing's introduction (the menu shows its title: every page)"
check "a listing's introduction (the menu shows its title: every page): the search page points at the listing by its new title" \
	grep -q '>The resource library</a>' "$site/public/en/search/index.html"
check "a resource's title: the search index has it" \
	grep -q '"The Bangalore Principles"' "$site/public/en/search/search-index.js"

printf '\nA paragraph added by a translator.\n' >> "$site/content/about.fr.md"
after "a translation of a page" 40
check "a translation of a page: its page shows it" \
	grep -q 'A paragraph added by a translator.' "$site/public/fr/about/index.html"

mkdir "$site/content/resources/a-new-resource"
sed -e 's/^title: .*/title: "A new resource"/' \
	"$site/content/resources/bangalore-principles/index.md" >"$site/content/resources/a-new-resource/index.md"
after "a new resource" $((pages / 4))
check "a new resource: it has a page" test -f "$site/public/ar/resources/a-new-resource/index.html"

rm -r "$site/content/resources/a-new-resource"
after "a deleted resource" $((pages / 4))
check "a deleted resource: its pages are gone" test ! -e "$site/public/ar/resources/a-new-resource"

rm "$site/content/videos/launch-highlights-2018/transcript.txt"
sed -i '/transcript/d' "$site/content/videos/launch-highlights-2018/index.md"
after "a deleted attachment"
check "a deleted attachment: it is gone" test ! -e "$site/public/videos/launch-highlights-2018/transcript.txt"

sed -i 's/^\(  [a-z_]*: \)"\(.*\)"$/\1"\2 (fr)"/' "$site/translations/fr.yaml"
after "interface translations (French)"
n=$(rendered)
check "interface translations: the other languages' pages are kept ($n rendered)" test "$n" -le $((pages / 12 + 1))

printf '\n<!-- changed -->\n' >> "$site/themes/default/layouts/resource.mustache"
after "a layout"
check "a layout: it is in the resource pages" grep -q '<!-- changed -->' \
	"$site/public/en/resources/bangalore-principles/index.html"

sed -i 's|</footer>|<span class="note">changed</span></footer>|' "$site/themes/default/partials/footer.mustache"
after "a partial"
check "a partial: every page shows it" grep -q 'class="note">changed' "$site/public/zh/about/index.html"

printf '\n/* changed */\n' >> "$site/themes/default/static/style.css"
after "the stylesheet"
check "the stylesheet: one stylesheet remains, the new one" \
	sh -c "test \$(ls '$site/public/assets/' | grep -c '^style\.') -eq 1"

sed -i '0,/per_page: 20/s//per_page: 7/' "$site/site.yaml"
after "the configuration"

SOURCE_DATE_EPOCH=1803859200 # 2027-03-01: an event of February 2027 is now past
after "a new day" $((pages / 4))

SOURCE_DATE_EPOCH=1803898800 # 11:00 the same day: the downloads' entries do not carry the hour
after "a later hour of the same day"

# A translated event whose original changes on a later day: its calendars in French take the original's
# date (DTSTAMP), which the French text's digest does not hold. Outside git, a text's date is its mtime.
event="$site/content/events/launch-vienna-2018"
printf -- '---\ntitle: "Lancement du Réseau"\n---\nLe Réseau a été lancé à Vienne.\n' >"$event/index.fr.md"
touch -d 2027-01-10 "$event/index.fr.md" "$event/index.md"
after "a translated event"
printf '\nA sentence added on a later day.\n' >>"$event/index.md"
touch -d 2027-01-20 "$event/index.md"
after "its original changed on a later day"
check "its original changed on a later day: the French calendars show the original's date" sh -c "
	grep -q '^DTSTAMP:20270120T000000Z' '$site/public/fr/events/launch-vienna-2018/event.ics' &&
	grep -q '^DTSTAMP:20270120T000000Z' '$site/public/fr/events.ics'"

printf '\n[gone](../gone/index.md)\n' >> "$site/content/about.md"
cp -R "$site/public" "$tmp/before"
check "a broken link: the build fails" sh -c "! '$JISITE' build -C '$site' 2>/dev/null"
check "a broken link: the output is untouched" diff -r "$site/public" "$tmp/before"
sed -i '$d' "$site/content/about.md"
after "the link removed again"

rm -rf "$site/public"
after "the output folder removed"
check "the output folder removed: it is a full build" grep -q 'pages rendered (full build)' "$tmp/log"

rm -rf "$site/public/fr"
after "a language's folder removed by hand"
check "a language's folder removed by hand: it is a full build" grep -q 'pages rendered (full build)' "$tmp/log"

rm -rf "$site/public" && mkdir "$site/public"
after "the output folder emptied"
check "the output folder emptied: it is a full build" grep -q 'pages rendered (full build)' "$tmp/log"

rm -rf "$site/.jisite-cache" && printf 'in the way' > "$site/.jisite-cache"
check "a cache that cannot be written: the build still succeeds" \
	sh -c "'$JISITE' build -C '$site' 2>'$tmp/log' && grep -q 'warning: cannot write the build cache' '$tmp/log'"
check "a cache that cannot be written: the output is the clean full build's" full_equals
rm -f "$site/.jisite-cache"
after "a cache folder made again"

printf 'not a cache' > "$site/.jisite-cache/$(printf public | sha256sum | cut -c1-16)"
after "a damaged cache"
check "a damaged cache: it is ignored (a full build)" grep -q 'pages rendered (full build)' "$tmp/log"

# the same damage, the length the same (a flipped letter in a title the cache holds), then an edit: the
# checksum refuses the cache, says so, and the output is still right
cache="$site/.jisite-cache/$(printf public | sha256sum | cut -c1-16)"
check "a cache of the same length damaged: the cache holds the title" grep -q 'Bangalore' "$cache"
sed -i 's/Bangalore/Bxngalore/' "$cache"
printf '\nAn edit after the damage.\n' >> "$site/content/about.md"
after "a cache of the same length damaged"
check "a cache of the same length damaged: the build says so" grep -qx \
	".jisite-cache/$(printf public | sha256sum | cut -c1-16): warning: the build cache is damaged (its checksum does not match): it is ignored, and this build is a full one" "$tmp/log"
check "a cache of the same length damaged: a full build" grep -q 'pages rendered (full build)' "$tmp/log"

# Verify mode proves the keys: a page, a search index or a download the cache keeps, changed behind its
# back (as a key that missed a change would leave it), is reported, and the build fails.
verify_catches() { # verify_catches NAME FILE WHAT: FILE of the output changed by hand, then a build
	"$JISITE" build -C "$site" 2>/dev/null
	printf '\n<!-- changed by hand -->\n' >> "$site/public/$2"
	printf '\nA paragraph added by an editor.\n' >> "$site/content/about.md"
	check "verify mode: a kept $1 that changed fails the build" \
		sh -c "! JISITE_VERIFY_CACHE=1 '$JISITE' build -C '$site' --jobs 2 2>'$tmp/log'"
	check "verify mode: it names the $1" \
		grep -q "public/$2:1:1: error: the build cache kept this $3 although it changed" "$tmp/log"
	rm -rf "$site/public"
}
verify_catches page en/resources/bangalore-principles/index.html page
verify_catches "search index" fr/search/search-index.js file
verify_catches download downloads/social-media-guidelines-fr.epub download

finish
