#!/bin/sh
# Links as editors write them (issue 19): GitHub's heading ids and {#id}, links to a place on a page
# ("#id", "page.md#id", "/path/#id") checked against the ids the page has, and site-absolute links
# ("/notes/x/", "/fr/notes/x/") resolved to the page in the text's own language. Built on a copy of
# tests/sites/good; the checks read what the build prints and the pages it writes.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
site="$tmp/site"
copy_good_site "$site"
cd "$site" || exit 1

cat >>content/about.md <<'MD'

## Company's policy {#policy}

## Company's policy

See [details](notes/first-note/index.md#details), [bad](notes/first-note/index.md#detials),
[here](#policy), [there](#polcy), [main](#main), [home](/), [fr note](/fr/notes/first-note/),
[abs frag](/notes/first-note/#details), [abs bad](/notes/first-notes/), [topics](/topics/),
[chapter](/notes/first-note/alpha/), [chart](/notes/first-note/chart.svg), [out](/../x),
[escaped](#company%27s), [github](#companys-policy), [top](#).
MD

"$JISITE" build >"$tmp/out" 2>"$tmp/err"
check "a build with broken fragments and paths fails" [ $? -eq 1 ]
cat >"$tmp/expected" <<'EOF2'
content/about.md:12:51: error: link 'notes/first-note/index.md#detials' points to no heading or id of content/notes/first-note/index.md (did you mean 'details'?)
content/about.md:13:18: error: link '#polcy' points to no heading or id of this page (did you mean 'policy'?)
content/about.md:14:41: error: link '/notes/first-notes/' names no page of the site (did you mean '/notes/first-note/'?)
content/about.md:15:76: error: link '/../x' leads outside content/
content/about.md:16:1: error: link '#company%27s' points to no heading or id of this page
jisite: 5 errors: nothing was written, the previous output is unchanged
EOF2
check "each is an error at its link, with the closest id or page" diff -u "$tmp/expected" "$tmp/err"
check "nothing was written" [ ! -e public ]

sed -i 's/#detials/#details/; s/(#polcy)/(#policy)/; s|/notes/first-notes/|/notes/second-note/|;
	s|, \[out\](/../x)||; s/\[escaped\](#company%27s), //' content/about.md
"$JISITE" build >"$tmp/out" 2>"$tmp/err"
check "once fixed, the site builds without a word" [ $? -eq 0 ] && [ ! -s "$tmp/err" ]
en=public/en/about/index.html
fr=public/fr/about/index.html
check "{#id} gives the heading its id" grep -q '<h2 id="policy">' "$en"
check "the same heading without one gets GitHub's id" grep -q '<h2 id="companys-policy">' "$en"
check "a link to a heading of another page" grep -q '<a href="../notes/first-note/#details">details</a>' "$en"
check "/ is the home page" grep -q '<a href="../">home</a>' "$en"
check "/fr/notes/x/ is the page in the page's own language" \
	grep -q '<a href="../notes/first-note/">fr note</a>' "$en"
check "a site-absolute link keeps its fragment" grep -q '<a href="../notes/first-note/#details">abs frag</a>' "$en"
check "a page no file stands for (a taxonomy's)" grep -q '<a href="../topics/">topics</a>' "$en"
check "a chapter's page" grep -q '<a href="../notes/first-note/alpha/">chapter</a>' "$en"
check "an attachment" grep -q '<a href="../../notes/first-note/chart.svg">chart</a>' "$en"
check "the French page links to French pages" grep -q '<a href="../notes/first-note/">fr note</a>' "$fr"
check "a theme's landmark may be linked to" grep -q '<a href="#main">main</a>' "$en"

# The heading a link names goes away in another file: the link's page is not rendered again, but the
# link is still checked, and checked again once the heading is back.
sed -i 's/^## Details/## Info/' content/notes/first-note/index.md
"$JISITE" build >"$tmp/out" 2>"$tmp/err"
check "a heading renamed elsewhere breaks the build" [ $? -eq 1 ]
check "at the link that named it" grep -q "^content/about.md:12:5: error: link 'notes/first-note/index.md#details' points to no heading or id of content/notes/first-note/index.md$" "$tmp/err"
check "and at the site-absolute one" grep -q "^content/about.md:14:1: error: link '/notes/first-note/#details' points" "$tmp/err"
sed -i 's/^## Info/## Details/' content/notes/first-note/index.md
"$JISITE" build >"$tmp/out" 2>"$tmp/err"
check "the heading back, the site builds again" [ $? -eq 0 ] && [ ! -s "$tmp/err" ]
finish
