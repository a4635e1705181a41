#!/bin/sh
# Hostile inputs (tests/fuzz/make_hostile.py: deep nesting, long runs of one character, openers without
# closers, tables cmark-gfm fills in…), each just under 1 MiB, as a page's body or front matter or as the
# page template of a copy of tests/sites/good. Each build must end within 5 s, and either succeed (-) or
# fail with exactly the positioned error expected for it, first. 5 s is far above what they take (well
# under a second of rendering each, as measured when the bounds were set); a timeout of 20 s turns a hang
# into a failure. Bundles are left out: they render the same pages again. A binary built with
# AddressSanitizer (make test-sanitize) runs a few times slower: it gets three times as long.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
limit_ms=5000
hang_s=20
if grep -q AddressSanitizer "$JISITE"; then
	limit_ms=15000
	hang_s=60
fi

mkdir -p "$tmp/base"
cp -R tests/sites/good/. "$tmp/base"
cp -R themes "$tmp/base/themes"
check "generate the hostile inputs" python3 tests/fuzz/make_hostile.py files "$tmp/inputs"
python3 tests/fuzz/make_hostile.py list >"$tmp/list"

# name, then the first line the build must print on standard error ("-": it must build, silently)
cat >"$tmp/expected" <<'EOF'
md-blockquote -
md-blockquote-lines -
md-list-dash -
md-list-ordered -
md-list-indented -
md-list-blockquote -
md-emph-nested -
md-emph-runs -
md-emph-openers -
md-emph-closers -
md-emph-mismatched -
md-emph-mod3 -
md-stars -
md-underscores -
md-tildes -
md-strike-openers -
md-brackets content/about.md:4:101: error: more than 100 '[' open at once in a paragraph: close them, or write '\[' for a bracket that opens nothing
md-brackets-nested content/about.md:4:101: error: more than 100 '[' open at once in a paragraph: close them, or write '\[' for a bracket that opens nothing
md-link-openers -
md-link-closers -
md-link-unclosed-pointy -
md-link-unclosed -
md-link-emph content/about.md:4:401: error: more than 100 '[' open at once in a paragraph: close them, or write '\[' for a bracket that opens nothing
md-bracket-paren -
md-image-brackets content/about.md:4:597: error: more than 100 '[' open at once in a paragraph: close them, or write '\[' for a bracket that opens nothing
md-images-nested content/about.md:4:202: error: more than 100 '[' open at once in a paragraph: close them, or write '\[' for a bracket that opens nothing
md-footnote-openers content/about.md:4:201: error: more than 100 '[' open at once in a paragraph: close them, or write '\[' for a bracket that opens nothing
md-links-refused content/about.md:4:1: error: link to 'javascript:x' is not allowed: use an http, https or mailto address
md-links-relative content/about.md:4:1: error: link 'b' points to a file that does not exist
md-backticks -
md-backtick-runs -
md-lt -
md-html-comments -
md-autolinks-pointy -
md-autolinks-www content/about.md:4:201: error: more than 50 e-mail or web addresses ('@', 'www.') on one line: break the line
md-autolinks-email content/about.md:4:102: error: more than 50 e-mail or web addresses ('@', 'www.') on one line: break the line
md-autolinks-bare -
md-autolinks-underscores content/about.md:4:302: error: more than 50 e-mail or web addresses ('@', 'www.') on one line: break the line
md-table-padded content/about.md:4:203: error: more than 101 '|' on one line: a table has at most 100 columns
md-table-wide content/about.md:4:203: error: more than 101 '|' on one line: a table has at most 100 columns
md-table-short-rows content/about.md:1005:1: error: the page's tables have more than 100000 cells: split the page
md-table-long-row content/about.md:6:203: error: more than 101 '|' on one line: a table has at most 100 columns
md-table-delimiter-rows content/about.md:919:1: error: too much text above lines like a table's delimiter row ('|---|'): put a blank line before each table
md-references-copied content/about.md:4:1: error: link reference definition of 524010 bytes could be repeated by each of the page's 130991 ']': make it shorter than 128 bytes
md-near-open-brackets -
md-near-addresses -
md-near-table -
md-near-delimiter-rows -
md-near-references -
text-cjk -
text-combining -
text-arabic -
text-word -
yaml-flow-seq content/about.md:3:67: error: nesting deeper than 64 levels
yaml-flow-map content/about.md:3:5: error: map keys must be plain text
yaml-flow-mixed content/about.md:3:160: error: nesting deeper than 64 levels
yaml-flow-nested content/about.md:3:67: error: nesting deeper than 64 levels
yaml-block-seq content/about.md:4:127: error: nesting deeper than 64 levels
yaml-block-map content/about.md:67:129: error: nesting deeper than 64 levels
yaml-anchor-long -
yaml-alias-long content/about.md:3:4: error: unknown alias '*aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'
yaml-alias-chain content/about.md:448:14: error: document expands to more than 100000 nodes (aliases?)
yaml-aliases-wide content/about.md:4:399977: error: document expands to more than 100000 nodes (aliases?)
yaml-anchors-many -
yaml-keys-duplicate content/about.md:4:1: error: duplicate key 'y' (first at 3:1)
yaml-key-long content/about.md:3:1047968: error: YAML syntax error: could not find expected ':' while scanning a simple key (opened at 3:1)
yaml-quote-unclosed content/about.md:4:1: error: YAML syntax error: found unexpected end of stream while scanning a quoted scalar (opened at 3:4)
fm-unclosed content/about.md:1:1: error: front matter opened here is never closed: end it with a line '---'
fm-empty-lines content/about.md:1:1: error: missing 'title' in the front matter
fm-dashes content/about.md:1:1: error: front matter opened here is never closed: end it with a line '---'
mustache-sections-open themes/default/layouts/page.mustache:1:601: error: section 'a' is nested more than 100 levels deep
mustache-sections-nested themes/default/layouts/page.mustache:1:601: error: section 'a' is nested more than 100 levels deep
mustache-inverted-nested themes/default/layouts/page.mustache:1:601: error: inverted section 'a' is nested more than 100 levels deep
mustache-blocks-nested themes/default/layouts/page.mustache:101:2: error: block 'a' is nested more than 100 levels deep
mustache-parents-nested themes/default/layouts/page.mustache:1:601: error: parent 'a' is nested more than 100 levels deep
mustache-lists-multiplying themes/default/layouts/page.mustache:1:267: error: section 'languages' makes the page render more than 100000 sections: are lists' sections nested in each other?
mustache-opens themes/default/layouts/page.mustache:1:1: error: tag opened with '{{' here is never closed with '}}'
mustache-triples themes/default/layouts/page.mustache:1:1: error: tag opened with '{{' here is never closed with '}}'
mustache-closes -
mustache-tags -
mustache-delimiters -
EOF
check "every input has an expectation" \
	sh -c "cut -d' ' -f1 '$tmp/list' | sort >'$tmp/a'; cut -d' ' -f1 '$tmp/expected' | sort >'$tmp/b'; diff '$tmp/a' '$tmp/b'"

while read -r name kind; do
	expected=$(grep "^$name " "$tmp/expected" | cut -d' ' -f2-)
	work="$tmp/site"
	rm -rf "$work"
	cp -R "$tmp/base" "$work"
	case $kind in
	mustache) cp "$tmp/inputs/$name" "$work/themes/default/layouts/page.mustache" ;;
	*) cp "$tmp/inputs/$name" "$work/content/about.md" ;;
	esac
	start=$(date +%s%N)
	# --quiet: stderr holds the diagnostics alone, and is empty when there are none
	timeout "$hang_s" "$JISITE" build -C "$work" --jobs 1 --no-bundles --quiet >/dev/null 2>"$tmp/stderr"
	rc=$?
	ms=$((($(date +%s%N) - start) / 1000000))
	first=$(head -n 1 "$tmp/stderr")
	if [ "$rc" -eq 124 ]; then
		fail "$name: did not finish in $hang_s s"
	elif [ "$ms" -gt "$limit_ms" ]; then
		fail "$name: took $ms ms"
	elif [ "$expected" = - ] && [ "$rc" -eq 0 ] && [ ! -s "$tmp/stderr" ]; then
		pass "$name: built in $ms ms"
	elif [ "$expected" != - ] && [ "$rc" -eq 1 ] && [ "$first" = "$expected" ]; then
		pass "$name: refused in $ms ms"
	else
		fail "$name: exit $rc, expected ${expected}, got: $(printf '%.300s' "$first")"
	fi
done <"$tmp/list"
finish
