#!/bin/sh
# Translations of the front matter alone (a title and summary, no body yet): the page shows the translated
# title and summary, the original's body marked with the original's language and a note that says so, in
# the site and in offline copies; `needs_review: true` is accepted everywhere; `jisite translations` says
# which translations are of the front matter only and which are to review; an incremental build follows an
# edit of the original's body into such a page.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
site="$tmp/site"
copy_network_site "$site"
item=content/resources/bangalore-principles
page="$site/public/it/resources/bangalore-principles/index.html"
# Italian: a language with translations of the home and about pages only; its about page is removed, so
# that the menu has an entry in English
rm -f "$site/content/about.it.md"

cat >"$site/$item/index.it.md" <<'MD'
---
title: Principi di Bangalore sulla condotta giudiziaria
summary: >-
  I sei valori della condotta giudiziaria che guidano i giudici ovunque.
needs_review: true
---

MD
# a translation that sets only the summary: its title is the original's, in English
cat >"$site/content/resources/doha-declaration/index.it.md" <<'MD'
---
summary: Riassunto in italiano.
---
MD

check "the site builds with translations of the front matter only" "$JISITE" build -C "$site" -q
check "the title is the translation's" grep -q '<h1>Principi di Bangalore sulla condotta giudiziaria</h1>' "$page"
check "the summary is the translation's, in the page's language" \
	grep -q '<p class="summary">I sei valori della condotta' "$page"
check "the body is the original's, marked as English" \
	sh -c "grep -A1 '<div class=\"content\" lang=\"en\" dir=\"ltr\">' '$page' | grep -q 'The Bangalore Principles of Judicial Conduct set out'"
check "a note says the body is not translated yet" grep -q 'Il testo completo di questa pagina non è ancora stato tradotto' "$page"
check "no note that the whole page is untranslated" sh -c "! grep -q 'class=\"notice\".*Questa pagina non è ancora stata tradotta' '$page'"
check "the English page has no such note" \
	sh -c "! grep -q 'has not been translated yet' '$site/public/en/resources/bangalore-principles/index.html'"
doha="$site/public/it/resources/doha-declaration/index.html"
check "an inherited title is marked as English" grep -q '<h1 lang="en" dir="ltr">' "$doha"
check "a translated summary under it is not" grep -q '<p class="summary">Riassunto in italiano.</p>' "$doha"
cat "$site"/public/it/resources/index.html "$site"/public/it/resources/page/*/index.html >"$tmp/listing"
check "listings mark the inherited title as English" grep -q 'doha-declaration/" lang="en" dir="ltr"' "$tmp/listing"
check "listings do not mark a translated title" \
	sh -c "grep '[/\"]bangalore-principles/\"' '$tmp/listing' | grep -q . &&
		! grep '[/\"]bangalore-principles/\"' '$tmp/listing' | grep -q 'lang=\"en\"'"
# a link after one in another language is not taken for one (a template may look the language up inside
# another link's section)
check "menu entries after an untranslated one are not marked" \
	sh -c "grep -A1 'href=\"../about/\" lang=\"en\"' '$site/public/it/resources/index.html' | grep 'href=\"./\"' | grep -vq 'lang='"

# the offline copy shows the same body
python3 -m zipfile -e "$site/public/downloads/site-it.zip" "$tmp/copy"
copy=$(find "$tmp/copy" -path '*resources/bangalore-principles/index.html' | head -n 1)
check "the offline copy shows the original's body too" \
	sh -c "test -n '$copy' && grep -q 'The Bangalore Principles of Judicial Conduct set out' '$copy'"

# translations: what is of the front matter only, what is to review
"$JISITE" translations -C "$site" --lang it >"$tmp/report" 2>/dev/null
check "the report counts the translations of the front matter only" \
	grep -q '^Italiano (it): .*; 2 of the front matter only; 7 to review$' "$tmp/report"
check "the report marks the file" \
	grep -q "content/resources/bangalore-principles/index.it.md (front matter only, to review)$" "$tmp/report"
"$JISITE" translations -C "$site" --lang it --format json >"$tmp/report.json" 2>/dev/null
check "the JSON report has both flags" python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))['languages'][0]
f = {x['translation']: x for x in r['files']}
b = f['content/resources/bangalore-principles/index.it.md']
d = f['content/resources/doha-declaration/index.it.md']
a = f['content/about.it.md']  # removed above
assert r['counts']['front_matter_only'] == 2 and r['counts']['needs_review'] == 7, r['counts']
assert b['front_matter_only'] and b['needs_review'], b
assert d['front_matter_only'] and not d['needs_review'], d
assert not a['front_matter_only'] and not a['needs_review'], a
" "$tmp/report.json"

# an incremental build: the original's body edited shows in the translation's page
sed -i 's/set out the values/set out the six values/' "$site/$item/index.md"
check "an incremental build after the original's body changed" "$JISITE" build -C "$site" -q
check "the translation's page shows the new body" grep -q 'set out the six values' "$page"
# and once the translation has a body of its own, the page shows it
printf 'Testo tradotto.\n' >>"$site/$item/index.it.md"
check "an incremental build after the translation got a body" "$JISITE" build -C "$site" -q
check "the page shows the translation's own body" grep -q '<p>Testo tradotto.</p>' "$page"
check "no longer the original's" sh -c "! grep -q 'set out the six values' '$page'"
check "nor the note" sh -c "! grep -q 'Il testo completo di questa pagina' '$page'"

# needs_review must be true or false
printf -- '---\ntitle: x\nneeds_review: yes please\n---\n' >"$site/content/resources/doha-declaration/index.fr.md"
"$JISITE" check -C "$site" >/dev/null 2>"$tmp/err"
check "needs_review that is not true or false: an error at its value" grep -q \
	"^content/resources/doha-declaration/index.fr.md:3:15: error: 'needs_review' must be true or false" "$tmp/err"
finish
