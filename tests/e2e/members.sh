#!/bin/sh
# The members' area (issue 20): an item and a page with `audience: members`, and a collection with it in
# site.yaml, leave no trace in the public build. A canary string is planted in every field and the body of
# a members' item, in its translation, its chapter and its attachment, in the page, in the members'
# collection's name, introduction and item, and in a private field of a public item; the public build
# (precompressed, with its downloads) must not hold it in any file (the .gz and .br copies decompressed,
# every zip and e-book unpacked), in the build cache, or in what the build prints. The members' build
# (--audience members) holds all of it, in public-members/, marked, noindex, without a sitemap, with
# offline copies named members-*. A public page that links to a members' item or collection is a
# positioned error in both builds.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
site="$tmp/site"
copy_good_site "$site"
canary=zqxcanary7741
item="$site/content/notes/members-note"
mkdir -p "$item"
cat >"$item/index.md" <<MD
---
title: Members' $canary
date: 2024-05-06
summary: Only for members $canary
topics: [ethics]
author: $canary Author
audience: members
chapters: [part-$canary]
---
## Heading $canary

Body $canary with [a file](notes-$canary.txt).
MD
cat >"$item/index.fr.md" <<MD
---
title: Membres $canary
---
Texte $canary.
MD
cat >"$item/part-$canary.md" <<MD
---
title: Chapter $canary
---
Chapter text $canary.
MD
echo "attached $canary" >"$item/notes-$canary.txt"
# a whole collection for members only (site.yaml), in the menu and the search: its name is a canary too
circulars=$canary-circulars
sed -i "s/^collections:\$/collections:\n  $circulars:\n    audience: members/; s/^menu: \[about, notes, topics\]/menu: [about, notes, $circulars, handbook-$canary, topics]/" \
	"$site/site.yaml"
printf 'search:\n  collections: [notes, %s]\n' "$circulars" >>"$site/site.yaml"
# a page for members only, in the menu too
printf -- '---\ntitle: Handbook %s\naudience: members\n---\nThe handbook %s.\n' "$canary" "$canary" >"$site/content/handbook-$canary.md"
# a public collection with private fields: their values are the members' build's only
sed -i "s/^collections:\$/collections:\n  desks:\n    layout: member\n    schema:\n      title: { type: string }\n      role: { type: string }\n      email: { type: email, private: true }\n      phone: { type: phone, private: true }/" \
	"$site/site.yaml"
mkdir -p "$site/content/desks/registry"
printf -- '---\ntitle: The registry desk\nrole: Registry\nemail: %s@example.org\nphone: +43 1 555 0199\n---\nThe registry.\n' "$canary" \
	>"$site/content/desks/registry/index.md"
mkdir -p "$site/content/$circulars/first"
printf -- '---\ntitle: Circulars %s\n---\nWhat the circulars are, %s.\n' "$canary" "$canary" >"$site/content/$circulars/index.md"
printf -- '---\ntitle: First circular %s\n---\nA circular %s.\n' "$canary" "$canary" >"$site/content/$circulars/first/index.md"
for l in en fr ar; do
	sed -i 's/^ui:$/ui:\n  members_only: For members only\n  members_site: The members site, not to be shared./' \
		"$site/translations/$l.yaml"
done
sed -i "s/^collections:\$/collections:\n  $circulars: Circulars\n  desks: Desks/" "$site/translations/en.yaml"

cd "$site" || exit 1
# in a repository, as the Network's site is: git's history names the members' files too
git() { command git -c user.name=Editor -c user.email=editor@example.org "$@"; }
printf 'public/\npublic-members/\n.jisite-cache/\n' >.gitignore
git init -q -b main && git add -A && git commit -q -m "The site, with texts for members"
"$JISITE" build --precompress >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
cat "$tmp/stderr"
check "the public build succeeds" [ "$rc" -eq 0 ]
check "and has downloads to look into" sh -c 'ls public/downloads/*.zip public/downloads/*.epub >/dev/null'
check "and precompressed copies" sh -c 'ls public/en/index.html.gz public/en/index.html.br >/dev/null'

# everything the build wrote, unpacked: gzip and brotli copies decompressed, archives and e-books unzipped
mkdir "$tmp/scan"
cp -R public "$tmp/scan/public"
cp -R .jisite-cache "$tmp/scan/cache"
cp "$tmp/stdout" "$tmp/stderr" "$tmp/scan/"
n=$(unpack_all "$tmp/scan")
check "every archive and e-book unpacked ($n)" [ "$n" -gt 0 ]
check "the brotli copies decompressed" sh -c "find '$tmp/scan' -name '*.br.out' | grep -q ."
if grep -r -a -l -i "$canary" "$tmp/scan" >"$tmp/found"; then
	fail "the canary is nowhere in the public build"
	sed 's/^/#   /' "$tmp/found" | head -20
else
	pass "the canary is nowhere in the public build ($(find "$tmp/scan" -type f | wc -l) files)"
fi
check "the public item with private fields is there, without them" sh -c "grep -q 'The registry' public/en/desks/registry/index.html &&
	! grep -rq '555 0199' public"
check "the canary is not even in a file's name" sh -c "! find '$tmp/scan' | grep -q -i '$canary'"
check "the public pages are there" grep -q 'First note' public/en/notes/first-note/index.html

# a second, incremental build leaves no trace either
"$JISITE" build --precompress >"$tmp/stdout2" 2>"$tmp/stderr2"
check "an incremental build: the canary is not in its cache or its words" \
	sh -c "! grep -r -a -q -i '$canary' .jisite-cache '$tmp/stdout2' '$tmp/stderr2'"

# the members' build: everything public and everything for members, in a folder of its own
find public -type f -exec sha256sum {} + | sort >"$tmp/public.sums"
ls .jisite-cache >"$tmp/caches"
"$JISITE" build --audience members --precompress >"$tmp/mout" 2>"$tmp/merr"
rc=$?
cat "$tmp/merr"
m=public-members
check "the members' build succeeds" [ "$rc" -eq 0 ]
check "into public-members/, leaving public/ as it was" sh -c "test -d $m &&
	find public -type f -exec sha256sum {} + | sort | cmp -s - '$tmp/public.sums'"
check "with a cache of its own: the public build's still holds no canary" sh -c \
	"test \$(ls .jisite-cache | wc -l) -gt \$(wc -l <'$tmp/caches') && ! (cd .jisite-cache && grep -r -a -q -i '$canary' \$(cat '$tmp/caches'))"
check "the members' item, its translation and its chapter are there" sh -c "grep -q 'Body $canary' $m/en/notes/members-note/index.html &&
	grep -q 'Texte $canary' $m/fr/notes/members-note/index.html && grep -rq 'Chapter text $canary' $m/en/notes/members-note/"
check "and the private fields' values" sh -c "grep -q 'mailto:$canary@example.org' $m/en/desks/registry/index.html &&
	grep -q '555 0199' $m/en/desks/registry/index.html"
check "and its attachment" grep -q "attached $canary" "$m/notes/members-note/notes-$canary.txt"
check "the members' collection has its listing and its item" sh -c "grep -q 'First circular $canary' $m/en/$circulars/index.html &&
	grep -q 'A circular $canary' $m/en/$circulars/first/index.html"
check "and its menu entry" grep -q "href=\"[./]*$circulars/\"" "$m/en/index.html"
check "the members' page is there, in the menu" sh -c "grep -q 'The handbook $canary' $m/en/handbook-$canary/index.html &&
	grep -q 'href=\"[./]*handbook-$canary/\"' $m/en/index.html"
check "the members' search index finds them" sh -c "grep -q 'First circular $canary' \$(find $m/en -name search-index.js)"
check "a members' page is marked as such, and so is its entry in a public listing (not in a members' one)" sh -c "grep -q 'class=\"members-only\"' $m/en/notes/members-note/index.html &&
	grep -q 'class=\"members-only\"' $m/en/$circulars/index.html && ! grep -q 'class=\"members-only\"' $m/en/notes/first-note/index.html &&
	grep -rq 'members-note/\"[^<]*</a> <span class=\"members-only\"' $m/en/notes/ &&
	test \$(grep -c 'class=\"members-only\"' $m/en/$circulars/index.html) -eq 1"
check "every page says it is the members' site, and is noindex" sh -c "test \$(find $m -name '*.html' | wc -l) -gt 20 &&
	for f in \$(find $m -name '*.html'); do grep -q 'name=\"robots\" content=\"noindex' \$f || { echo \$f; exit 1; }; done
	for f in \$(find $m/en -name '*.html'); do grep -q 'class=\"members-site\"' \$f || { echo \$f; exit 1; }; done"
check "the public pages say neither" sh -c "test -f public/en/index.html && ! grep -rlq --include='*.html' 'noindex, nofollow\\|members-site\\|members-only' public"
check "it has no sitemap, and robots.txt turns crawlers away" sh -c "! ls $m/sitemap*.xml 2>/dev/null &&
	grep -qx 'Disallow: /' $m/robots.txt"
check "its offline copies are named members-" sh -c "ls $m/downloads/*.zip >/dev/null &&
	! ls $m/downloads | grep -E '\\.(zip|epub)\$' | grep -qv '^members-'"
mkdir "$tmp/mcopy" && (cd "$tmp/mcopy" && unzip -q "$OLDPWD/$m/downloads/members-site-en.zip")
check "and hold the members' texts" sh -c "grep -rq 'Body $canary' '$tmp/mcopy'"
check "the build names them in its words" grep -q "downloads\|built" "$tmp/merr"

# a public page may not link to it, in either build
printf '\nSee the [members'"'"' note](notes/members-note/index.md) and the [circulars](/%s/).\n' "$circulars" >>content/about.md
"$JISITE" build >"$tmp/out" 2>"$tmp/err"
check "a public page that links to a members' item fails the build" [ $? -eq 1 ]
check "with the link's position" grep -q "^content/about.md:8:9: error: link 'notes/members-note/index.md' points to content/notes/members-note/index.md, which is for members only (audience: members): a public page may not link to it$" "$tmp/err"
cat "$tmp/err"
"$JISITE" build --audience members >"$tmp/out" 2>"$tmp/err"
check "so does the members' build" [ $? -eq 1 ]
check "with the same words" grep -q "^content/about.md:8:9: error: link 'notes/members-note/index.md' points to content/notes/members-note/index.md, which is for members only (audience: members): a public page may not link to it$" "$tmp/err"
check "and the link to the members' collection too" grep -q "^content/about.md:8:[0-9]*: error: link '/$circulars/' points to content/$circulars, which is for members only" "$tmp/err"
cat "$tmp/err"

# a wrong value is an error at its place
sed -i 's/^See the \[members.*//' content/about.md
sed -i 's/^audience: members$/audience: registered/' "$item/index.md"
"$JISITE" build >"$tmp/out" 2>"$tmp/err"
check "audience must be public or members" grep -q "^content/notes/members-note/index.md:7:11: error: 'audience' must be public" "$tmp/err"
cat "$tmp/err"

# a feed is public: it may not show a collection for members only; --audience takes public or members
cp site.yaml "$tmp/site.yaml"
printf 'feeds:\n  atom: [notes, %s]\n' "$circulars" >>site.yaml
"$JISITE" check >"$tmp/out" 2>"$tmp/err"
check "a feed of a members' collection is an error at its name" grep -q "^site.yaml:[0-9]*:17: error: collection '$circulars' is for members only (audience: members), and a feed is public$" "$tmp/err"
cp "$tmp/site.yaml" site.yaml
"$JISITE" build --audience everyone >"$tmp/out" 2>"$tmp/err"
check "an unknown audience is a usage error" sh -c "[ $? -eq 2 ] && grep -q 'audience is public (the default) or members' '$tmp/err'"

# an e-mail or telephone field must be private, and its value is not repeated in the message
sed -i 's/^audience: registered$/audience: members/' "$item/index.md"
sed -i 's/email: { type: email, private: true }/email: { type: email }/' site.yaml
"$JISITE" check >"$tmp/out" 2>"$tmp/err"
check "an e-mail field that is not private is an error at its type" grep -q "^site.yaml:[0-9]*:[0-9]*: error: field 'email' holds personal contact details: it must be private: true" "$tmp/err"
sed -i 's/email: { type: email }/email: { type: email, private: true }/' site.yaml
sed -i 's/^email: .*/email: not an address '"$canary"'/' content/desks/registry/index.md
"$JISITE" check >"$tmp/out" 2>"$tmp/err"
check "a value that is no e-mail address is an error at its place" grep -q "^content/desks/registry/index.md:4:8: error: 'email' must be an e-mail address" "$tmp/err"
check "which does not repeat it" sh -c "! grep -q '$canary' '$tmp/err'"
sed -i 's/^email: .*/email: '"$canary"'@example.org/' content/desks/registry/index.md

# check --base says which changed items are for members: a reviewer of the public preview would not see them
git add -A && git commit -q -m "The site before the change"
printf '\nMore for members.\n' >>"$item/index.md"
echo "more" >>"$item/notes-$canary.txt"
printf '\nMore for everyone.\n' >>content/notes/second-note/index.md
"$JISITE" check --base main >"$tmp/out" 2>"$tmp/err"
check "check --base passes" [ $? -eq 0 ]
check "and lists the members' files it changed" sh -c "grep -q '^### For members only' '$tmp/out' &&
	grep -qx -- '- \`content/notes/members-note/index.md\`' '$tmp/out' &&
	grep -qx -- '- \`content/notes/members-note/notes-$canary.txt\`' '$tmp/out'"
check "but not the public one" sh -c "! sed -n '/^### For members only/,\$p' '$tmp/out' | grep -q second-note"
sed 's/^/# /' "$tmp/out"
"$JISITE" check --audience members --base main >"$tmp/out" 2>"$tmp/err"
check "check --audience members --base passes" [ $? -eq 0 ]
check "and lists the same members' files" sh -c "grep -qx -- '- \`content/notes/members-note/index.md\`' '$tmp/out' &&
	! sed -n '/^### For members only/,\$p' '$tmp/out' | grep -q second-note"
finish
