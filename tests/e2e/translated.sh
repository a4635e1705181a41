#!/bin/sh
# The Network site in its readers' languages: every item of every collection has its title and summary in
# the six official languages of the United Nations (the five besides English here; the members' entries, in
# the language a member writes, are not asked), the home and about pages and every menu label exist in all
# 13 languages, and a page in one language shows no English title in its menu; searching the rarest word of
# an item's Arabic, Chinese or Russian title finds the item.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
site="$tmp/site"
copy_network_site "$site"
check "the Network site builds" "$JISITE" build -C "$site" -q --no-bundles

for l in ar zh fr ru es; do
	"$JISITE" translations -C "$site" --lang "$l" --format json >"$tmp/$l.json" 2>/dev/null
	check "$l: every item of every collection is translated, with a title and a summary" python3 - "$site" "$l" "$tmp/$l.json" <<'PY'
import json, os, re, sys
sys.path.insert(0, "tests/e2e")
from check_fields import members_collections
site, lang, report = sys.argv[1], sys.argv[2], sys.argv[3]
files = json.load(open(report))["languages"][0]["files"]
# the members' directory and queries are written by members, in the language they choose: their
# introductions are translated (checked below with the other listings), their entries need not be
members = members_collections(os.path.join(site, "site.yaml"))
bad = []
for f in files:
    parts = f["original"].split("/")
    if len(parts) != 4 or parts[3] != "index.md" or parts[1] in members:
        continue  # plain pages and listing introductions: checked below
    if f["status"] == "missing":
        bad.append(f"{f['translation']}: missing")
        continue
    text = open(os.path.join(site, f["translation"]), encoding="utf-8").read()
    head = text.split("\n---\n")[0]
    for field in ("title", "summary"):
        if not re.search(rf"^{field}:", head, re.M):
            bad.append(f"{f['translation']}: no {field}")
n = sum(1 for f in files if len(f["original"].split("/")) == 4 and f["original"].endswith("/index.md"))
if n < 90:
    bad.append(f"only {n} items in the report")
for b in bad:
    print("#", b)
sys.exit(1 if bad else 0)
PY
done

for l in $(sed -n 's/^  - { code: \([a-z]*\),.*/\1/p' "$site/site.yaml"); do
	[ "$l" = en ] && continue
	check "$l: the home page is translated" test -f "$site/content/index.$l.md"
	check "$l: the about page is translated" test -f "$site/content/about.$l.md"
	check "$l: no menu entry is in another language" \
		sh -c "sed -n '/<ul class=\"menu\">/,/<\/ul>/p' '$site/public/$l/index.html' | grep '<a ' >'$tmp/menu' &&
		test -s '$tmp/menu' && ! grep -q ' lang=' '$tmp/menu'"
done
# a field the translation does not set is shown in the original's language, and says so: guests described
# in English are joined as English joins them, on a Chinese page
check "zh: the guests, in English, are marked and joined as English" \
	grep -q '<dd lang="en" dir="ltr">A judge of a first-instance court and A court communications adviser</dd>' \
	"$site/public/zh/podcasts/episode-1-judges-online/index.html"

# the digits of each page's numbers, for its scripts and lists: ICU's default for the language
check "ar: pages say their numbers are in Arabic-Indic digits" grep -q '^<html lang="ar" dir="rtl" data-numbering="arab">' \
	"$site/public/ar/resources/index.html"
check "en: pages say their numbers are in Latin digits" grep -q '^<html lang="en" dir="ltr" data-numbering="latn">' \
	"$site/public/en/resources/index.html"

# search, in the browser: one query per item and language (tests/e2e/title_cases.py)
python3 tests/e2e/title_cases.py "$site" ar zh ru >"$tmp/cases.json"
check "there is a search case for every item in ar, zh and ru" \
	python3 -c "import json, sys; sys.exit(len(json.load(open(sys.argv[1]))) < 3 * 90)" "$tmp/cases.json"
node_checks "title search" tests/browser/search.mjs "$tmp/cases.json" --online "$site/public"
finish
