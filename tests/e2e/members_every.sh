#!/bin/sh
# The members' area on the Network's site (issue 20): an item of every collection is marked audience:
# members, with a canary string in its fields, body, translations and an attachment (plant_members.py).
# The public build (precompressed, with its downloads) must then be byte for byte the build of the site
# without those items: no page, listing entry, count, term page, feed or calendar entry, sitemap or search
# entry, offline copy or e-book differs. Its cache and its words hold no canary either. The members' build
# has each of them.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
canary=zqxcanary5309
SOURCE_DATE_EPOCH=1801440000
export SOURCE_DATE_EPOCH
copy_network_site "$tmp/with"
python3 tests/e2e/plant_members.py "$tmp/with" "$canary" >"$tmp/marked"
check "an item of every collection is marked ($(wc -l <"$tmp/marked"))" \
	[ "$(wc -l <"$tmp/marked")" -eq "$(ls -d content/*/ | wc -l)" ]
copy_network_site "$tmp/without"
cp -R "$tmp/with/content/." "$tmp/without/content/"
while read -r d; do rm -rf "$tmp/without/${d#"$tmp/with/"}"; done <"$tmp/marked"

"$JISITE" build -C "$tmp/with" --precompress >"$tmp/stdout" 2>"$tmp/stderr"
check "the public build with the members' items succeeds" [ $? -eq 0 ]
cat "$tmp/stderr"
"$JISITE" build -C "$tmp/without" --precompress -q
check "and one without them" [ $? -eq 0 ]
check "the two are the same, byte for byte ($(find "$tmp/with/public" -type f | wc -l) files)" \
	diff -r "$tmp/with/public" "$tmp/without/public"
check "with downloads and precompressed copies" sh -c "ls '$tmp/with/public/downloads/'*.epub '$tmp/with/public/en/index.html.br' >/dev/null"
mkdir "$tmp/scan"
cp -R "$tmp/with/.jisite-cache" "$tmp/scan/cache"
cp "$tmp/stdout" "$tmp/stderr" "$tmp/scan/"
check "the cache and the build's words hold no canary" sh -c "! grep -r -a -q -i '$canary' '$tmp/scan'"
check "the public build has no trace of the canary at all" sh -c "! grep -r -a -q -i '$canary' '$tmp/with/public'"

"$JISITE" build -C "$tmp/with" --audience members -q
check "the members' build succeeds" [ $? -eq 0 ]
missing=$(while read -r d; do
	rel=${d#"$tmp/with/content/"}
	grep -q "$canary" "$tmp/with/public-members/en/$rel/index.html" || echo "$rel"
done <"$tmp/marked")
check "it has every marked item's page, with the canary${missing:+ (not: $missing)}" [ -z "$missing" ]
check "and their attachments" sh -c "test \$(find '$tmp/with/public-members' -name 'notes-$canary.txt' | wc -l) -eq \$(wc -l <'$tmp/marked')"
mkdir "$tmp/zip" && (cd "$tmp/zip" && unzip -q "$tmp/with/public-members/downloads/members-site-en.zip")
check "its offline copy holds them" sh -c "grep -rq '$canary' '$tmp/zip'"
finish
