#!/bin/sh
# The Network's own site: builds in every language, every internal link resolves, every page says its
# language and links to its translations, and two builds give the same bytes.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
langs=$(sed -n 's/^ *- { *code: *\([A-Za-z-]*\),.*/\1/p' site.yaml | paste -sd, -)

check "the site builds, by three processes" sh -c "'$JISITE' build --out '$tmp/a' --jobs 3 2>'$tmp/stderr'"
check "without a warning (every translation complete): only the summary line" \
	sh -c "! grep -v '^jisite: built [0-9,]* pages ([0-9,]* rendered, 0 kept), [0-9,]* downloads ([0-9,]* made) in [0-9.]* s\$' '$tmp/stderr'"
for l in $(echo "$langs" | tr , ' '); do
	check "home page in $l" test -s "$tmp/a/$l/index.html"
done
check "links, languages and alternates" python3 tests/e2e/check_site.py "$tmp/a" --languages "$langs" --rtl ar
check "no English interface text on the other languages' pages" \
	python3 tests/e2e/check_i18n.py "$tmp/a" translations en
check "every field of every public item is shown on its page, and no item for members has one" \
	python3 tests/e2e/check_fields.py content "$tmp/a" en --public
check "the members' site builds" "$JISITE" build -q --no-bundles --audience members --out "$tmp/m"
check "every field of every item is shown on its page there" python3 tests/e2e/check_fields.py content "$tmp/m" en
check "every collection and taxonomy is published" sh -c "for c in resources events news opinion podcasts videos sessions products topics types regions; do test -s '$tmp/a/fr/'\$c/index.html || exit 1; done"
check "the guidelines exist in every language" \
	sh -c "for l in $(echo "$langs" | tr , ' '); do grep -q 'class=\"content\" lang=\"'\$l'\"' '$tmp/a/'\$l/products/social-media-guidelines/index.html || exit 1; done"
check "every page of a text proposes a change to its own file in the repository's editor" sh -c "
	grep -q 'href=\"https://github.com/judicial-integrity/site/edit/main/content/about.md\"' '$tmp/a/en/about/index.html' &&
	grep -q 'href=\"https://github.com/judicial-integrity/site/edit/main/content/about.fr.md\"' '$tmp/a/fr/about/index.html' &&
	grep -q 'edit/main/content/resources/bangalore-principles/index.md\"' '$tmp/a/ko/resources/bangalore-principles/index.html'"
check "the resources listing leads to the submit page" grep -q 'href="../submit/"' "$tmp/a/es/resources/index.html"
# the submit page opens the web editor with a new resource that passes the checks as it is
copy_network_site "$tmp/submitted"
check "the submit page links to the editor with a new resource to save" \
	python3 tests/e2e/submitted.py "$tmp/a/fr/submit/index.html" "$tmp/submitted"
check "that new resource, saved as it is, passes jisite check" "$JISITE" check -C "$tmp/submitted"
# (the guidelines' original changed after its French translation: it became featured on the home page)
check "a translation whose original changed since says so, in its language" \
	grep -q 'Le texte original de cette page a été modifié' "$tmp/a/fr/products/social-media-guidelines/index.html"
check "an up-to-date translation does not" sh -c "! grep -q 'class=\"notice\"' '$tmp/a/fr/products/social-media-guidelines/personal-use/index.html'"
check "pages show the date of their last change, from git" \
	grep -q '<p class="date updated">Last updated: <time datetime="20[0-9-]*">' "$tmp/a/en/about/index.html"
check "a second build, by one process" "$JISITE" build --out "$tmp/b" --jobs 1
check "two builds, by one and by several processes, are byte-identical" diff -r "$tmp/a" "$tmp/b"
finish
