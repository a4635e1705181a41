#!/bin/sh
# A synthetic site that follows the Network site's schemas (tests/bench/gen_site.py, 200 resources ×
# every language) builds without error or warning, and gives the same bytes for the same seed.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check "generate a synthetic site" python3 tests/bench/gen_site.py "$tmp/site" --resources 200 --seed 7
check "it builds without error" sh -c "'$JISITE' build -C '$tmp/site' 2>'$tmp/stderr'"
check "without a warning: only the summary line" \
	sh -c "! grep -v '^jisite: built [0-9,]* pages ([0-9,]* rendered, 0 kept), [0-9,]* downloads ([0-9,]* made) in [0-9.]* s\$' '$tmp/stderr'"
check "a listing page per term and language" test -s "$tmp/site/public/ko/topics/gender/index.html"
check "generate it again" python3 tests/bench/gen_site.py "$tmp/again" --resources 200 --seed 7
check "the same seed gives the same content" diff -r "$tmp/site/content" "$tmp/again/content"
finish
