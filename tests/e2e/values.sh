#!/bin/sh
# Values as readers read them on the Network's site: event times with their UTC offset, upcoming and past
# events apart (and the script that moves them by the reader's clock, in Chromium when it is there), sizes,
# durations, lists and language names in the page's language, one digit system on Arabic pages
# (tests/e2e/check_values.py, tests/browser/events.mjs).
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check "the site builds" sh -c "'$JISITE' build --out '$tmp/a' --no-bundles -q"
python3 tests/e2e/check_values.py "$tmp/a" >"$tmp/out" 2>&1
grep -v "^[0-9]* passed, [0-9]* failed$" "$tmp/out"
passed=$((passed + $(grep -c '^ok - ' "$tmp/out")))
failed=$((failed + $(grep -c '^not ok - ' "$tmp/out")))
# the script, read from file:// as an offline copy is; its test needs an event still to come
if [ -x "${CHROMIUM:-/usr/bin/chromium}" ] && [ -d node_modules/playwright-core ] &&
   sed -n '/id="upcoming-events"/{n;p;}' "$tmp/a/en/events/index.html" | grep -q '<li'; then
	node_checks "the browser test" tests/browser/events.mjs "$tmp/a"
else
	echo "# skipped: the events script in Chromium (no Chromium, no playwright-core, or no event to come)"
fi
finish
