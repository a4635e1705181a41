#!/bin/sh
# Offline copies in a real browser: headless Chromium (Debian's, through playwright-core from node_modules,
# both installed by `make test`) crawls a copy from its index.html and checks every page it visits
# (tests/browser/offline.mjs). The crawler is proved on hand-made copies: a good one must pass, and a broken
# one must fail with each of its problems reported.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

offline() { # offline NAME DIR [OPTION...]: crawls the copy in DIR; each of its lines counts as a check here
	offline_name=$1
	offline_dir=$2
	shift 2
	node_checks "$offline_name: the crawl" tests/browser/offline.mjs "$offline_dir" --name "$offline_name" "$@"
}

bundle() { # bundle ZIP [OPTION...]: unzips an offline bundle into a temporary folder and crawls it
	bundle_name=$(basename "$1" .zip)
	bundle_dir="$tmp/bundle-$bundle_name"
	rm -rf "$bundle_dir"
	if ! python3 -m zipfile -e "$1" "$bundle_dir"; then
		fail "bundle $bundle_name: unzips"
		return
	fi
	# the copy may sit in one folder of the zip
	if [ ! -f "$bundle_dir/index.html" ] && [ "$(ls -A "$bundle_dir" | wc -l)" -eq 1 ]; then
		bundle_dir="$bundle_dir/$(ls -A "$bundle_dir")"
	fi
	shift
	offline "bundle $bundle_name" "$bundle_dir" "$@"
}

all_kinds=listing,item,term,chapter

# The good copy: pages at several depths, of every kind, with a stylesheet, an SVG image, a script, an
# attachment, links with fragments, external and mailto links.
offline "good copy" tests/browser/fixture/good --require "$all_kinds"
check "a crawl cut short still visits a page of every kind it finds" \
	sh -c "node tests/browser/offline.mjs tests/browser/fixture/good --max-pages 5 --require $all_kinds >/dev/null"

# The broken copy: what it reports is shown as comments and checked here, not counted as failures.
node tests/browser/offline.mjs tests/browser/fixture/bad >"$tmp/bad" 2>&1
bad_rc=$?
sed 's/^/# /' "$tmp/bad"
check "broken copy: the crawl fails" test "$bad_rc" -eq 1
reported() { # reported WHAT PATTERN: the broken copy's report has a line matching PATTERN
	check "broken copy: reports $1" grep -q "$2" "$tmp/bad"
}
reported "a link to a folder" '^#   link to a folder (shows a listing offline): b/$'
reported "a link to a missing page" '^#   link to a missing file: gone.html$'
reported "a link from the root of the disk" '^#   link out of the copy: file:///en/index.html$'
reported "a missing stylesheet" '^#   missing resource: assets/missing.css$'
reported "its failed request" '^#   failed request: assets/missing.css (net::ERR_FILE_NOT_FOUND)$'
reported "the console error it causes" '^#   console error: Failed to load resource: .*(assets/missing.css)$'
reported "a missing image" '^#   failed request: missing.png '
reported "a missing image that loads lazily" '^#   missing resource: lazy-missing.png$'
reported "an uncaught exception" '^#   page error: notDefinedAnywhere is not defined$'
reported "a page without lang" '^#   <html> has no lang$'
reported "a refresh to a missing page" '^#   refresh to a missing file: nowhere/index.html$'
check "broken copy: the pages with problems fail, one line each" \
	test "$(grep -c '^not ok - ' "$tmp/bad")" -eq 3

# bundle() on a zip of the good copy (in one folder, as python3 -m zipfile -c puts it)
python3 -m zipfile -c "$tmp/fixture.zip" tests/browser/fixture/good
bundle "$tmp/fixture.zip" --max-pages 5 --require "$all_kinds"

# The Network's own offline copies, opened from disk: the whole site in English and in Arabic (right to
# left), and the guidelines' copy in French, through pages of every kind.
site="$tmp/site"
copy_network_site "$site"
check "the site builds with its offline copies" "$JISITE" build -C "$site"
bundle "$site/public/downloads/site-en.zip" --max-pages 40 --require "$all_kinds,book,print"
bundle "$site/public/downloads/site-ar.zip" --max-pages 20 --require "$all_kinds,book"
bundle "$site/public/downloads/social-media-guidelines-fr.zip" --require book,chapter,print

finish
