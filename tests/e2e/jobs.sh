#!/bin/sh
# One model, whatever the number of processes: the Network's site, downloads included, built with 1, 2 and
# 3 worker processes comes out the same to the byte; and in check mode (JISITE_CHECK_MODEL) every build,
# full or incremental, finds the model as the model stage left it after every later stage, in every
# process (site.h's site_digest): a stage that wrote into the model would make the output depend on which
# process rendered what.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
site="$tmp/site"
copy_network_site "$site"
SOURCE_DATE_EPOCH=1801440000
JISITE_CHECK_MODEL=1
export SOURCE_DATE_EPOCH JISITE_CHECK_MODEL

for j in 1 2 3; do
	check "the site and its downloads build with --jobs $j, the model unchanged after the model stage" \
		"$JISITE" build -C "$site" --no-cache --jobs "$j" --out "out-$j"
done
check "the downloads were made" test -s "$site/out-1/downloads/manifest.json"
for j in 2 3; do
	check "--jobs $j gives the bytes --jobs 1 gives" diff -r "$site/out-1" "$site/out-$j"
done

# incremental builds: pages rendered in the parent (a few changed) and by workers (all of them changed)
printf '\nA sentence added to check the model.\n' >>"$site/content/about.md"
check "an incremental build after one edit leaves the model unchanged" \
	"$JISITE" build -C "$site" --jobs 2 --out "out-2"
sed -i 's/^title: /title: Edited /' "$site/site.yaml" 2>/dev/null
check "an incremental build that renders every page leaves the model unchanged" \
	"$JISITE" build -C "$site" --jobs 3 --out "out-3"
check "check mode reports nothing on a check either" "$JISITE" check -C "$site" --jobs 2
finish
