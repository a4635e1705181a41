#!/bin/sh
# Drafts and embargoes on a copy of the Network's site: a draft resource (with an attachment) and a news item
# held back by publish_after are in no output of a build — no page, listing, feed, sitemap, search index,
# attachment, offline copy or e-book (grep of the whole tree and of every archive unpacked) — and check lists
# them; build --drafts adds the draft, not the held item; a build at or after the publish_after moment
# publishes the held item everywhere, incrementally too, with no file changed; a link to a draft is an error
# that names it.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
site="$tmp/site"
copy_network_site "$site"
before=1801440000 # 2027-02-01T00:00Z
release=1803888000 # 2027-03-01T08:00Z: the held item's publish_after, written 09:00+01:00
export SOURCE_DATE_EPOCH=$before

mkdir -p "$site/content/resources/quillwort-draft" "$site/content/news/heronsbill-held"
cat >"$site/content/resources/quillwort-draft/index.md" <<'EOF'
---
title: "The quillwort draft guide"
summary: "Quillwort: a guide not finished yet."
type: guide
topics: [social-media]
year: 2027
file: quillwort-notes.txt
draft: true
---
Every quillwort in this body is a draft's.
EOF
echo "quillwort attachment" >"$site/content/resources/quillwort-draft/quillwort-notes.txt"
cat >"$site/content/resources/quillwort-draft/index.fr.md" <<'EOF'
---
title: "Le guide quillwort"
summary: "Quillwort, en français."
---
Quillwort traduit.
EOF
cat >"$site/content/news/heronsbill-held/index.md" <<'EOF'
---
title: "Heronsbill announcement"
summary: "Heronsbill news for the first of March."
date: "2027-03-01"
topics: [social-media]
publish_after: 2027-03-01T09:00+01:00
---
The heronsbill text, embargoed until the morning of the first of March.
EOF

absent() { # absent WORD: no file of the output, nor of any archive in it unpacked, holds WORD
	rm -rf "$tmp/unpacked"
	mkdir -p "$tmp/unpacked"
	for z in "$site"/public/downloads/*.zip "$site"/public/downloads/*.epub; do
		[ -e "$z" ] || continue
		unzip -qo "$z" -d "$tmp/unpacked/$(basename "$z")" || return 1
		for e in $(find "$tmp/unpacked/$(basename "$z")" -type f -name '*.epub'); do
			unzip -qo "$e" -d "$e.d" || return 1
		done
	done
	! grep -rqi "$1" "$site/public" "$tmp/unpacked"
}
present() { # present FILE WORD: the output's FILE holds WORD
	grep -qi "$2" "$site/public/$1"
}
no_file_named() {
	test -z "$(find "$site/public" "$tmp/unpacked" -name "$1")"
}

check "a build with a draft and a held item succeeds" "$JISITE" build -C "$site" --jobs 2
check "the draft's word is in no output, nor in any archive" absent quillwort
check "the draft's attachment is not published" no_file_named quillwort-notes.txt
check "the held item's word is in no output, nor in any archive" absent heronsbill
check "the offline copies and e-books were made" test -e "$site/public/downloads/site-en.zip"

"$JISITE" check -C "$site" --jobs 2 2>"$tmp/check"
check "check lists the held item, with its moment in UTC" grep -qx \
	"content/news/heronsbill-held/index.md: note: held back until 2027-03-01 08:00 UTC (publish_after)" "$tmp/check"
check "check lists the draft" grep -qx \
	"content/resources/quillwort-draft/index.md: note: a draft: not published (draft: true)" "$tmp/check"
check "check lists the draft's translation" grep -q \
	"^content/resources/quillwort-draft/index.fr.md: note: not published: content/resources/quillwort-draft/index.md is a draft" \
	"$tmp/check"
check "check's notes are neither errors nor warnings" sh -c "! grep -q ': error: \|: warning: ' '$tmp/check'"
"$JISITE" check -C "$site" --jobs 2 --format github >"$tmp/github" 2>/dev/null
check "check --format github: a notice" grep -q "^::notice file=content/news/heronsbill-held/index.md::held back" "$tmp/github"

check "build --drafts succeeds" "$JISITE" build -C "$site" --jobs 2 --drafts
check "build --drafts: the draft's page" present en/resources/quillwort-draft/index.html quillwort
check "build --drafts: the draft's French page" present fr/resources/quillwort-draft/index.html "quillwort traduit"
check "build --drafts: the draft's attachment" test -f "$site/public/resources/quillwort-draft/quillwort-notes.txt"
check "build --drafts: the held item stays out" absent heronsbill
check "a build without drafts again takes the draft out" "$JISITE" build -C "$site" --jobs 2
check "... everywhere" absent quillwort
check "... with its attachment" no_file_named quillwort-notes.txt

released() { # the held item is in its page, the news listing, the Atom feed, the sitemap and the search index
	present en/news/heronsbill-held/index.html heronsbill &&
		present en/news/index.html heronsbill &&
		present en/feed.atom heronsbill &&
		grep -rqs "news/heronsbill-held/" "$site"/public/sitemap*.xml &&
		present en/search/"$(cd "$site/public/en/search" && ls | grep -v '\.html$' | head -1)" heronsbill
}
SOURCE_DATE_EPOCH=$((release - 1)) "$JISITE" build -C "$site" --jobs 2
check "a second before the moment, still held back" absent heronsbill
SOURCE_DATE_EPOCH=$release "$JISITE" build -C "$site" --jobs 2 -v 2>"$tmp/log"
check "at the moment, with no file changed: not taken for a build with nothing changed" \
	sh -c "! grep -q 'nothing changed' '$tmp/log'"
check "at the moment: published in its page, the listing, the feed, the sitemap and the search index" released
check "at the moment: the draft stays out" absent quillwort
rm -rf "$tmp/full"
SOURCE_DATE_EPOCH=$release "$JISITE" build -C "$site" --jobs 2 --no-cache --out "$tmp/full" 2>/dev/null
check "the incremental build's output is a clean full build's" diff -r "$site/public" "$tmp/full"
SOURCE_DATE_EPOCH=$release "$JISITE" build -C "$site" --jobs 2 -v 2>"$tmp/log"
check "once published, the next build has nothing to do" grep -q "nothing changed" "$tmp/log"

# a link to the draft, and to its attachment, from a published page
printf '\nSee [the guide](resources/quillwort-draft/index.md) and [its notes](resources/quillwort-draft/quillwort-notes.txt).\n' \
	>>"$site/content/about.md"
if "$JISITE" check -C "$site" --jobs 2 2>"$tmp/err"; then rc=0; else rc=$?; fi
check "a link to a draft: check fails" test "$rc" -eq 1
check "a link to a draft: an error naming it" grep -q \
	"^content/about.md:[0-9]*:[0-9]*: error: link 'resources/quillwort-draft/index.md' points to content/resources/quillwort-draft/index.md, a draft" \
	"$tmp/err"
check "a link to a draft's attachment: an error naming the draft" grep -q \
	"^content/about.md:[0-9]*:[0-9]*: error: link 'resources/quillwort-draft/quillwort-notes.txt' points to a file of content/resources/quillwort-draft/index.md, a draft" \
	"$tmp/err"
check "with --drafts, the links are good" "$JISITE" check -C "$site" --jobs 2 --drafts 2>/dev/null

# bad values, at their place
sed -i 's/^draft: true$/draft: yes/' "$site/content/resources/quillwort-draft/index.md"
sed -i 's/^publish_after: .*/publish_after: 2027-02-30/' "$site/content/news/heronsbill-held/index.md"
"$JISITE" check -C "$site" --jobs 2 2>"$tmp/err"
check "a draft that is not true or false: an error at its value" grep -q \
	"^content/resources/quillwort-draft/index.md:8:8: error: 'draft' must be true or false, not text" "$tmp/err"
check "a publish_after that is no date: an error at its value" grep -q \
	"^content/news/heronsbill-held/index.md:6:16: error: 'publish_after' must be a date and time" "$tmp/err"
finish
