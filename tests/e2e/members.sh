#!/bin/sh
# The members' area, first step (issue 20): an item with `audience: members` leaves no trace in the public
# build. A canary string is planted in every field and the body of a members' item, in its translation,
# its chapter and its attachment; the public build (precompressed, with its downloads) must not hold it
# in any file (the .gz and .br copies decompressed, every zip and e-book unpacked), in the build cache, or
# in what the build prints. A public page that links to a members' item is a positioned error.
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

cd "$site" || exit 1
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
find "$tmp/scan" -name '*.gz' | while read -r f; do gzip -dc "$f" >"$f.out"; done
node -e '
const fs = require("fs"), path = require("path"), zlib = require("zlib");
const walk = d => { for (const e of fs.readdirSync(d, { withFileTypes: true })) {
	const p = path.join(d, e.name);
	if (e.isDirectory()) walk(p);
	else if (p.endsWith(".br")) fs.writeFileSync(p + ".out", zlib.brotliDecompressSync(fs.readFileSync(p)));
} };
walk(process.argv[1]);' "$tmp/scan"
n=0
for z in $(find "$tmp/scan" -name '*.zip' -o -name '*.epub'); do
	n=$((n + 1))
	unzip -q -o "$z" -d "$z.d"
done
check "every archive and e-book unpacked ($n)" [ "$n" -gt 0 ]
check "the brotli copies decompressed" sh -c "find '$tmp/scan' -name '*.br.out' | grep -q ."
if grep -r -a -l -i "$canary" "$tmp/scan" >"$tmp/found"; then
	fail "the canary is nowhere in the public build"
	sed 's/^/#   /' "$tmp/found" | head -20
else
	pass "the canary is nowhere in the public build ($(find "$tmp/scan" -type f | wc -l) files)"
fi
check "the canary is not even in a file's name" sh -c "! find '$tmp/scan' | grep -q -i '$canary'"
check "the public pages are there" grep -q 'First note' public/en/notes/first-note/index.html

# a second, incremental build leaves no trace either
"$JISITE" build --precompress >"$tmp/stdout2" 2>"$tmp/stderr2"
check "an incremental build: the canary is not in its cache or its words" \
	sh -c "! grep -r -a -q -i '$canary' .jisite-cache '$tmp/stdout2' '$tmp/stderr2'"

# a public page may not link to it
printf '\nSee the [members'"'"' note](notes/members-note/index.md).\n' >>content/about.md
"$JISITE" build >"$tmp/out" 2>"$tmp/err"
check "a public page that links to a members' item fails the build" [ $? -eq 1 ]
check "with the link's position" grep -q "^content/about.md:8:9: error: link 'notes/members-note/index.md' points to content/notes/members-note/index.md, which is for members only (audience: members): a public page may not link to it$" "$tmp/err"
cat "$tmp/err"

# a wrong value is an error at its place
sed -i 's/^See the \[members.*//' content/about.md
sed -i 's/^audience: members$/audience: registered/' "$item/index.md"
"$JISITE" build >"$tmp/out" 2>"$tmp/err"
check "audience must be public or members" grep -q "^content/notes/members-note/index.md:7:11: error: 'audience' must be public" "$tmp/err"
cat "$tmp/err"

# check --base says which changed items are for members: a reviewer of the public preview would not see them
sed -i 's/^audience: registered$/audience: members/' "$item/index.md"
git() { command git -c user.name=Editor -c user.email=editor@example.org "$@"; }
git init -q -b main && git add -A && git commit -q -m "The site before the change"
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
finish
