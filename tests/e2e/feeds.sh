#!/bin/sh
# Feeds, calendars and the sitemap as their clients read them (tests/e2e/check_feeds.py): the Network
# site's Atom, podcast RSS and iCalendar files against its front matter; texts full of markup characters
# and scripts that come back intact; a sitemap index past 50,000 URLs; and only online pages link to feeds.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
langs=$(sed -n 's/^ *- { *code: *\([A-Za-z-]*\),.*/\1/p' site.yaml | paste -sd, -)
# Debian's python3 has feedparser and icalendar (TEST_DEBS); another python3 first on PATH may not
py=python3
python3 -c 'import feedparser, icalendar, yaml' 2>/dev/null || py=/usr/bin/python3
feeds() { "$py" tests/e2e/check_feeds.py "$@"; }

copy_network_site "$tmp/site"
check "the Network site builds, saying only its summary" sh -c "'$JISITE' build -C '$tmp/site' 2>'$tmp/stderr' &&
	! grep -v '^jisite: built [0-9,]* pages ([0-9,]* rendered, 0 kept), [0-9,]* downloads ([0-9,]* made) in [0-9.]* s\$' '$tmp/stderr'"
pub="$tmp/site/public"
check "Atom, podcast and calendar files agree with the front matter, as clients read them" \
	feeds site "$pub" "$tmp/site/content" "$langs"
check "the sitemap is well-formed XML" xmllint --noout "$pub/sitemap.xml"
check "it lists every page once, with reciprocal alternates and x-default" feeds sitemap "$pub" "$langs"
check "the Atom feed is well-formed XML" xmllint --noout "$pub/ar/feed.atom" "$pub/zh/podcasts/feed.xml"
check "pages link to the Atom feed" grep -q '<link rel="alternate" type="application/atom+xml" title="[^"]*" href="../feed.atom">' "$pub/fr/news/index.html"
check "podcast pages to the podcast feed" grep -q 'type="application/rss+xml" title="[^"]*" href="feed.xml"' "$pub/fr/podcasts/index.html"
check "event pages to their calendar, and offer to add it" sh -c "
	grep -q 'type=\"text/calendar\" title=\"[^\"]*\" href=\"event.ics\"' '$pub/ko/events/launch-vienna-2018/index.html' &&
	grep -q '<a href=\"event.ics\" type=\"text/calendar\" download>캘린더에 추가</a>' '$pub/ko/events/launch-vienna-2018/index.html'"
mkdir "$tmp/zip"
(cd "$tmp/zip" && unzip -q "$pub/downloads/site-fr.zip")
check "offline copies link to no feed" sh -c "! grep -rlE 'application/(atom|rss)\+xml|text/calendar|\.ics\"' '$tmp/zip'"
feeds guids "$pub" >"$tmp/guids-a"
cp -R "$pub" "$tmp/public-a"
# an edited title and a new episode: the old episodes keep their guids
sed -i 's/^title: "Judges online/title: "Judges on the internet/' "$tmp/site/content/podcasts/episode-1-judges-online/index.md"
mkdir "$tmp/site/content/podcasts/episode-6-new"
sed 's/^number: 1$/number: 6/' "$tmp/site/content/podcasts/episode-1-judges-online/index.md" \
	>"$tmp/site/content/podcasts/episode-6-new/index.md"
cp "$tmp/site/content/podcasts/episode-1-judges-online/transcript.txt" "$tmp/site/content/podcasts/episode-6-new/"
check "a rebuild after an episode changed and one was added" "$JISITE" build -C "$tmp/site"
feeds guids "$pub" >"$tmp/guids-b"
check "every episode keeps its guid" sh -c "grep -v episode-6 '$tmp/guids-b' | cmp - '$tmp/guids-a'"
check "the feed has the new episode" sh -c "grep -q 'episode-6-new' '$pub/en/podcasts/feed.xml' && grep -q 'Judges on the internet' '$pub/en/podcasts/feed.xml'"
check "and still agrees with the front matter" feeds site "$pub" "$tmp/site/content" "$langs"
rm -rf "$tmp/site/content/podcasts/episode-6-new"
check "an incremental build after the episode was removed" "$JISITE" build -C "$tmp/site"
check "gives the same files as a full build" sh -c "
	'$JISITE' build -C '$tmp/site' --out full --no-cache && diff -r '$pub' '$tmp/site/full'"
check "the feeds no longer have it" sh -c "! grep -rl episode-6 '$pub' --include='*.xml' --include='*.atom' --include='*.ics'"

mkdir "$tmp/hostile"
check "a site whose texts hold & < > quotes, emoji, Arabic and Chinese" feeds hostile-make "$tmp/hostile"
check "builds" "$JISITE" build -C "$tmp/hostile"
check "its Atom, RSS and iCalendar files are well-formed" \
	xmllint --noout "$tmp/hostile/public/en/feed.atom" "$tmp/hostile/public/ar/podcasts/feed.xml" "$tmp/hostile/public/sitemap.xml"
check "and every parser reads the texts back exactly as written" feeds hostile "$tmp/hostile/public"

mkdir "$tmp/many"
check "a site of 60,000 pages" feeds many-make "$tmp/many" 30000
check "builds" "$JISITE" build -C "$tmp/many" --no-bundles
check "its sitemap is an index of files within the limits, with every URL once" \
	feeds sitemap "$tmp/many/public" en,fr --index --urls 60064
check "every file of it is well-formed" sh -c "xmllint --noout '$tmp/many/public'/sitemap*.xml"
check "robots.txt names the index" grep -qx 'Sitemap: https://many.example/sitemap.xml' "$tmp/many/public/robots.txt"
finish
