#!/bin/sh
# The default theme on the Network's site (check_theme.py): the home page's lists built from the content,
# the "not found" pages, the description and Open Graph tags, the visible subscribe links, the icon,
# header and footer of every page. Then the home page follows the content through incremental builds
# (a news item's new title, a new item, a featured resource, a new day), offline copies hold none of the
# online-only parts, the root 404 page sends a reader to their language's in Chromium (notfound.mjs), and site.yaml's home and license report their mistakes with positions.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
site="$tmp/site"
copy_network_site "$site"
SOURCE_DATE_EPOCH=1801440000 # 2027-02-01: some events are still to come
export SOURCE_DATE_EPOCH
base=https://judicial-integrity.example.org/
pub="$site/public"
theme() { python3 tests/e2e/check_theme.py "$pub" "$base" "${today:-2027-02-01}" "$@"; }
build() { JISITE_VERIFY_CACHE=1 "$JISITE" build -C "$site" -q --no-bundles --jobs 2; }
home_has() { grep -q "$1" "$pub/en/index.html"; }

check "the site builds" build
check "every home page shows the next events, latest news, featured items, podcast and resources" theme home
check "every language has a 404 page with absolute links, and the root one sends readers to theirs" theme notfound
check "every page has a description and Open Graph tags" theme meta
check "the home page and the feeds' listings link to their feeds" theme subscribe
check "every page has the icon, the menu and language buttons, and the footer with the licence" theme frame
check "the 404 pages are not in the sitemap" sh -c "! grep -q 404 '$pub/sitemap.xml'"

# the home page follows the content, through incremental builds (verified against their keys)
news="$site/content/news/ethics-trainers-milestone/index.md"
sed -i 's/^title: .*/title: "Trainers reach a new milestone"/' "$news"
check "a news item's new title: the build succeeds" build
check "the home page shows the news item's new title" home_has "Trainers reach a new milestone"
mkdir -p "$site/content/news/fresh-news"
printf -- '---\ntitle: "Freshest news of the Network"\nsummary: "Just in."\ndate: 2027-01-31\n---\nText.\n' \
	>"$site/content/news/fresh-news/index.md"
check "a new news item: the build succeeds" build
check "the new news item comes first among the latest news" \
	sh -c "sed -n '/home-news/,/<\/section>/p' '$pub/en/index.html' | grep -m1 '<h3>' | grep -q fresh-news"
res="$site/content/resources/doha-declaration/index.md"
sed -i 's/^year: .*/&\nfeatured: true/' "$res"
check "a resource marked featured: the build succeeds" build
check "it is among the featured items" sh -c "sed -n '/home-featured/,/<\/section>/p' '$pub/ar/index.html' | grep -q doha-declaration"
first=$(sed -n '/home-events/,/<\/section>/p' "$pub/en/index.html" | sed -n 's/.*<h3><a href="\([^"]*\)".*/\1/p' | head -1)
SOURCE_DATE_EPOCH=1803859200 # 2027-03-01: the first of the next events is past
check "a new day: the build succeeds" build
check "the event now past has left the next events ($first)" \
	sh -c "test -n '$first' && ! sed -n '/home-events/,/<\/section>/p' '$pub/en/index.html' | grep -q '$first'"
today=2027-03-01 check "the home pages are right on the new day" theme home
SOURCE_DATE_EPOCH=1801440000

# offline copies: no 404 page, no feeds, no sharing metadata
check "the site builds with its downloads" "$JISITE" build -C "$site" -q --jobs 2
mkdir "$tmp/copy" && (cd "$tmp/copy" && unzip -q "$pub/downloads/site-en.zip")
check "an offline copy holds no 404 page" sh -c "! find '$tmp/copy' -name 404.html | grep -q ."
check "an offline copy has no Open Graph tags, description or subscribe links" \
	sh -c "! grep -rlE 'og:url|name=\"description\"|class=\"subscribe\"|feed.atom' '$tmp/copy' | grep -q ."
check "an offline copy's home still shows its lists" sh -c "grep -rq 'home-featured' '$tmp/copy'"

# the root "not found" page in a browser, served by jisite serve: it sends a reader to their language's
node_checks "the browser check of the not-found pages" tests/browser/notfound.mjs "$JISITE" "$site"
grep -q '^# not found pages' "$node_out" || fail "the browser check of the not-found pages runs"

# site.yaml's mistakes, with their positions
bad() { # bad NAME SED-EXPRESSION MESSAGE: site.yaml changed so is reported at a line and column
	cp "$site/site.yaml" "$tmp/site.yaml.good"
	sed -i "$2" "$site/site.yaml"
	"$JISITE" check -C "$site" -q 2>"$tmp/err"
	check "$1" grep -qE "^site.yaml:[0-9]+:[0-9]+: error: $3" "$tmp/err"
	cp "$tmp/site.yaml.good" "$site/site.yaml"
}
bad "a home list shown some other way" 's/show: upcoming/show: soonest/' "'show' is upcoming, newest or featured, not 'soonest'"
bad "a home list sorted by a field that is no date" 's/by: year/by: publisher/' "collection 'resources' has no date, datetime or int field 'publisher'"
bad "a home list of a collection that does not exist" 's/collections: \[news, opinion\]/collections: [news, blogs]/' "'blogs' is not a collection"
bad "a licence without a web address" 's|url: https://creativecommons.org/licenses/by/4.0/|url: creativecommons.org|' "'url' must be an http or https address"
bad "a footer entry that is no page" 's/footer: \[about, contact\]/footer: [about, kontakt]/' "menu entry 'kontakt' is neither"
finish
