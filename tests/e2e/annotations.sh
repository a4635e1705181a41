#!/bin/sh
# check --base --format github --summary FILE, as the pull-request workflow runs it: stdout holds only
# GitHub's annotations, errors first, then warnings, each by file, line and column, at most 10 of each (GitHub
# shows no more) and a notice that counts the others; FILE gets the summary of the change and a table of
# every problem, in Markdown that no name or message can break or inject a workflow command into.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
repo="$tmp/repo"
copy_good_site "$repo"
git() { command git -C "$repo" -c user.name=Editor -c user.email=editor@example.org "$@"; }
git init -q -b main
git add -A
git commit -q -m "The site before the change"

# The pull request: two new pages with 6 broken links and 2 attributes removed (warnings) each, a link whose
# target holds '|', and two files whose names jisite refuses: one with '|' and '`', one with a newline
# followed by a workflow command. 15 errors, 4 warnings.
for p in b a; do
	{
		printf -- '---\ntitle: Page %s\n---\n' "$p"
		for i in 1 2 3 4 5 6; do printf 'A [broken link](missing-%s.md).\n\n' "$i"; done
		printf '<span onclick="x">hi</span>\n\n<span onmouseover="y">ho</span>\n'
	} >"$repo/content/page-$p.md"
done
printf '\nA [pipe](x|y.md) ~~struck~~ <b>bold</b>.\n' >>"$repo/content/page-b.md"
printf -- '---\ntitle: Odd\n---\nText.\n' >"$repo/content/odd|na\`me.md"
printf -- '---\ntitle: Newline\n---\nText.\n' >"$repo/content/$(printf 'new\n::error::line').md"

"$JISITE" check -C "$repo" --base main --format github --summary "$tmp/summary.md" >"$tmp/out" 2>"$tmp/err"
status=$?
sed 's/^/# /' "$tmp/err"
check "the change's errors fail the check (exit 1)" test "$status" -eq 1
check "stderr says only the closing line" \
	grep -qx 'jisite: checked [0-9,]* pages: 15 errors, 4 warnings in [0-9.]* s' "$tmp/err"
check "stdout holds only annotations: no summary" sh -c "! grep -v '^::' '$tmp/out'"
check "exactly 10 errors are annotated" test "$(grep -c '^::error ' "$tmp/out")" -eq 10
check "and every warning" test "$(grep -c '^::warning ' "$tmp/out")" -eq 4
check "errors come before warnings" \
	test "$(grep -n '^::error ' "$tmp/out" | tail -n 1 | cut -d: -f1)" -lt \
	"$(grep -n '^::warning ' "$tmp/out" | head -n 1 | cut -d: -f1)"
# file, then line (numerically): the order GitHub lists them in
grep '^::error ' "$tmp/out" | sed 's/^::error file=\([^,]*\),line=\([0-9]*\).*/\1 \2/' >"$tmp/errors"
check "the errors are sorted by file, then line" sort -c -k1,1 -k2,2n "$tmp/errors"
check "the first errors are the odd names', then page-a's" sh -c "
	sed -n 1p '$tmp/errors' | grep -q '^content/new%0A%3A%3Aerror%3A%3Aline.md 1$' &&
	sed -n 3p '$tmp/errors' | grep -qx 'content/page-a.md 4'"
check "a newline in a name cannot start a workflow command of its own" \
	test "$(grep -c '^::' "$tmp/out")" -eq "$(wc -l <"$tmp/out")"
check "the last line counts the 5 errors left out and points to the summary" \
	sh -c "tail -n 1 '$tmp/out' | grep -qx '::notice::5 more not shown here (5 errors): GitHub shows 10 annotations of each kind; the job summary lists them all'"

sum="$tmp/summary.md"
check "the summary says what the change does" grep -qx '## What this change does to the site' "$sum"
check "with its table of changes" grep -qx '| pages | en | 4 | 0 | 0 |' "$sum"
check "and lists every problem" grep -qx '## Problems: 15 errors, 4 warnings' "$sum"
check "one row each" test "$(grep -c '^| \(error\|warning\) |' "$sum")" -eq 19
check "errors first, each by file and line, as annotated" sh -c "
	grep '^| \(error\|warning\) |' '$sum' | cut -d' ' -f2 | uniq | paste -sd, - | grep -qx 'error,warning' &&
	grep -n '^| error | content/page-a.md | 4:3 |' '$sum' | grep -q '^[0-9]*:| error | content/page-a.md | 4:3 | link .missing-1.md.'"
# the Done when of issue 22: no workflow command in what a pull request's summary shows
check "no line of the summary starts with ::" sh -c "! grep -q '^::' '$sum'"
check "a '|' in a message is escaped, not a column" \
	grep -qF "| error | content/page-b.md | 20:3 | link 'x\\|y.md' points to a page that does not exist |" "$sum"
check "a name with '|' and a backquote shows as it is" grep -qF '| error | content/odd\|na\`me.md | 1:1 |' "$sum"
check "a newline in a name shows as backslash-n, on the row's line" grep -qF '| error | content/new\\n::error::line.md | 1:1 |' "$sum"
check "markup in a message shows as text" grep -qF 'of \<span\> is not allowed' "$sum"
# every row of a table has its columns: as many unescaped '|' as its header
check "no row has a column more or less" sh -c "awk '
	/^\\|/ { line = \$0; gsub(/\\\\\\\\/, \"\", line); gsub(/\\\\\\|/, \"\", line); n = gsub(/\\|/, \"\", line)
		if (/^\\| collection/) want = n; else if (/^\\| \\| file/) want = n; else if (n != want) bad = 1 }
	END { exit bad }' '$sum'"

# the members' check writes into the same job summary: its heading says which site it is
"$JISITE" check -C "$repo" --audience members --base main --format github --summary "$tmp/members.md" >/dev/null 2>&1
check "the members' check's summary says it is the members' site" \
	grep -qx "## What this change does to the members' site" "$tmp/members.md"

# the file is appended to, as GitHub's step summary expects
printf 'before\n' >"$tmp/appended.md"
"$JISITE" check -C "$repo" --base main --format github --summary "$tmp/appended.md" >/dev/null 2>&1
check "--summary appends to the file" sh -c "sed -n 1p '$tmp/appended.md' | grep -qx before &&
	grep -qx '## Problems: 15 errors, 4 warnings' '$tmp/appended.md'"

# without --summary, the summary stays on stdout, and the notice says where to see everything
"$JISITE" check -C "$repo" --base main --format github >"$tmp/out" 2>/dev/null
check "without --summary, stdout has the summary and the annotations" sh -c "
	grep -qx '## What this change does to the site' '$tmp/out' && test \$(grep -c '^::error ' '$tmp/out') -eq 10"
check "and the notice says how to see them all" \
	sh -c "tail -n 1 '$tmp/out' | grep -q '; jisite check --format text lists them all$'"

# the text format is as before: every problem on stderr, by file; the summary of the problems in FILE
"$JISITE" check -C "$repo" --base main --summary "$tmp/text.md" >"$tmp/out" 2>"$tmp/err"
check "--format text prints every problem on stderr, by file" sh -c "
	test \$(grep -c ': \\(error\\|warning\\): ' '$tmp/err') -eq 19 &&
	grep ': \\(error\\|warning\\): ' '$tmp/err' | sed -n 9p | grep -q '^content/page-a.md:16:7: warning: '"
check "and writes the summary into FILE, not on stdout" \
	sh -c "test ! -s '$tmp/out' && grep -qx '## Problems: 15 errors, 4 warnings' '$tmp/text.md'"

# a clean change: no annotation, and a summary that says so
git add -A
git commit -q -m "The broken change"
"$JISITE" check -C "$repo" --base HEAD --format github --summary "$tmp/clean.md" >"$tmp/out" 2>/dev/null
check "a change without a problem passes, with no annotation" sh -c "test $? -eq 0 && test ! -s '$tmp/out'"
check "its summary says there is no problem" sh -c "grep -qx 'No content changed.' '$tmp/clean.md' &&
	grep -A2 -x '## Problems' '$tmp/clean.md' | grep -qx 'None.'"

"$JISITE" check -C "$repo" --base main --summary "$tmp/no/such/folder/summary.md" >"$tmp/out" 2>"$tmp/err"
check "a summary that cannot be written is a usage error (exit 2), said before the check" \
	sh -c "test $? -eq 2 && grep -q \"^jisite: cannot write the summary to '$tmp/no/such/folder/summary.md'\" '$tmp/err' &&
		! grep -q 'checked' '$tmp/err'"
check "--summary belongs to check" sh -c "'$JISITE' build -C '$repo' --summary '$tmp/s.md' 2>/dev/null; test \$? -eq 2"

finish
