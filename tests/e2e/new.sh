#!/bin/sh
# `jisite new`: in a throwaway git repository holding the Network's site, a scaffold is written where it
# belongs, as a draft, and passes `jisite check` as it is, drafts checked too (--drafts); once its draft line
# is deleted, check warns about the placeholders left; bad arguments and existing files are refused with the right
# exit status; --branch commits the scaffold on a new branch, as the configured identity, and leaves the
# current branch, the index and the working tree exactly as they were.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
repo="$tmp/site"
mkdir -p "$repo" "$tmp/home"
cp -R content themes translations site.yaml "$repo/"
# Only the repository's own configuration counts: no user.name from the machine or the environment.
HOME="$tmp/home"
XDG_CONFIG_HOME="$tmp/home"
GIT_CONFIG_NOSYSTEM=1
export HOME XDG_CONFIG_HOME GIT_CONFIG_NOSYSTEM
unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL GIT_DIR GIT_WORK_TREE
export SOURCE_DATE_EPOCH=1717200000 # 2024-06-01
git -C "$repo" init -q -b main
git -C "$repo" config user.name "Ada Editor"
git -C "$repo" config user.email "ada@example.org"
git -C "$repo" add -A
git -C "$repo" commit -q -m "The Network's site"
item=content/resources/my-new-guide/index.md
branch=contrib/resources/my-new-guide

new() { # new ARGS...: runs jisite new in the repository; output in $tmp/out and $tmp/err, status in $rc
	if "$JISITE" new -C "$repo" "$@" >"$tmp/out" 2>"$tmp/err"; then rc=0; else rc=$?; fi
}

# What --branch must not change: a tracked file modified, another staged, one untracked.
echo "A note by the editor." >>"$repo/content/about.md"
echo "A staged sentence." >>"$repo/content/about.fr.md"
git -C "$repo" add content/about.fr.md
echo "draft" >"$repo/notes.txt"
state() { # everything --branch must leave alone
	git -C "$repo" symbolic-ref HEAD
	git -C "$repo" rev-parse HEAD
	git -C "$repo" status --porcelain
	git -C "$repo" ls-files --stage | sha256sum
	(cd "$repo" && find . -path ./.git -prune -o -type f -print | LC_ALL=C sort | xargs sha256sum)
}
unchanged() {
	state | cmp -s - "$tmp/before"
}
state >"$tmp/before"
head=$(git -C "$repo" rev-parse HEAD)

new resources my-new-guide --branch
check "--branch: succeeds" test "$rc" -eq 0
check "--branch: creates $branch" git -C "$repo" show-ref --verify --quiet "refs/heads/$branch"
check "--branch: the current branch, HEAD, the index, the status and the files are unchanged" unchanged
check "--branch: the file is not written in the working tree" test ! -e "$repo/$item"
check "--branch: exactly one new commit, on HEAD" \
	test "$(git -C "$repo" rev-list "$head..$branch" | wc -l)" -eq 1 -a "$(git -C "$repo" rev-parse "$branch^")" = "$head"
check "--branch: its tree is HEAD's plus the file" \
	test "$(git -C "$repo" diff-tree -r --name-status "$head" "$branch")" = "$(printf 'A\t%s' "$item")"
check "--branch: authored and committed by the configured identity" \
	test "$(git -C "$repo" log -1 --format='%an <%ae>|%cn <%ce>' "$branch")" = \
	"Ada Editor <ada@example.org>|Ada Editor <ada@example.org>"
check "--branch: says how to push the branch" grep -q "git push origin $branch" "$tmp/out"
git -C "$repo" worktree add -q "$tmp/checkout" "$branch" 2>/dev/null
check "--branch: the site of the branch passes jisite check" "$JISITE" check -C "$tmp/checkout" --jobs 2 2>/dev/null
check "--branch: the committed file is the scaffold" grep -q '^title: "…"' "$tmp/checkout/$item"
git -C "$repo" worktree remove --force "$tmp/checkout"
tip=$(git -C "$repo" rev-parse "$branch")
new resources my-new-guide --branch
check "--branch again: fails with status 1" test "$rc" -eq 1
check "--branch again: says the branch exists" grep -q "branch '$branch' already exists" "$tmp/err"
check "--branch again: the branch is unchanged" test "$(git -C "$repo" rev-parse "$branch")" = "$tip"
new resources bangalore-principles --lang it --branch
check "--branch --lang it: a branch of its own with index.it.md" \
	test "$rc" -eq 0 -a "$(git -C "$repo" diff-tree -r --name-only "$head" contrib/resources/bangalore-principles.it)" = \
	content/resources/bangalore-principles/index.it.md
check "--branch --lang it: still nothing changed here" unchanged
git clone -q "$repo" "$tmp/anonymous"
if "$JISITE" new -C "$tmp/anonymous" news a-note --branch >/dev/null 2>"$tmp/err"; then rc=0; else rc=$?; fi
check "--branch without user.name and user.email: fails with status 1" test "$rc" -eq 1
check "--branch without an identity: says how to set it" grep -q "git config --global user.name" "$tmp/err"
check "--branch without an identity: no branch" test -z "$(git -C "$tmp/anonymous" branch --list 'contrib/*')"
mkdir "$tmp/plain"
cp -R "$repo/site.yaml" "$repo/translations" "$tmp/plain/"
if "$JISITE" new -C "$tmp/plain" news a-note --branch >/dev/null 2>"$tmp/err"; then rc=0; else rc=$?; fi
check "--branch outside a git repository: fails with status 1" test "$rc" -eq 1 -a ! -e "$tmp/plain/content"

new resources my-new-guide
check "new: succeeds" test "$rc" -eq 0
check "new: writes content/resources/<slug>/index.md" test -f "$repo/$item"
check "new: required fields set, optional ones commented out" \
	sh -c "grep -q '^year: 1900 ' '$repo/$item' && grep -q '^# publisher: ' '$repo/$item'"
check "new: the scaffold passes jisite check as it is" "$JISITE" check -C "$repo" --jobs 2 2>/dev/null
check "new: ... checked as a draft too" "$JISITE" check -C "$repo" --jobs 2 --drafts 2>/dev/null
check "new: the file is a draft, and says how to publish it" grep -q '^draft: true  # .*delete this line to publish' "$repo/$item"
"$JISITE" check -C "$repo" --jobs 2 2>"$tmp/err"
check "new: check notes the draft" grep -qx "$item: note: a draft: not published (draft: true)" "$tmp/err"
cp "$repo/$item" "$tmp/draft"
sed -i '/^draft: true/d' "$repo/$item"
"$JISITE" check -C "$repo" --jobs 2 2>"$tmp/err"
check "new: without its draft line, check warns about the title's placeholder" \
	grep -q "^$item:[0-9]*:8: warning: 'title' still holds the placeholder written by jisite new" "$tmp/err"
check "new: ... and the summary's" grep -q "^$item:[0-9]*:[0-9]*: warning: 'summary' still holds the placeholder" "$tmp/err"
check "new: ... and the body's placeholder paragraph, at its line" \
	grep -q "^$item:$(grep -n '^Replace this paragraph' "$repo/$item" | cut -d: -f1):1: warning: the text still holds the paragraph written by jisite new" "$tmp/err"
check "new: ... and no error" sh -c "! grep -q ': error: ' '$tmp/err'"
cp "$tmp/draft" "$repo/$item"
"$JISITE" check -C "$repo" --jobs 2 --drafts 2>"$tmp/err"
check "new: a draft keeps its placeholder paragraph quietly" sh -c "! grep -q 'paragraph written by jisite new' '$tmp/err'"
cp "$repo/$item" "$tmp/scaffold"
echo "edited" >>"$repo/$item"
cp "$repo/$item" "$tmp/edited"
new resources my-new-guide
check "an existing file: status 1" test "$rc" -eq 1
check "an existing file: says so" grep -q "^$item: error: already exists" "$tmp/err"
check "an existing file: it is not replaced" cmp -s "$repo/$item" "$tmp/edited"
cp "$tmp/scaffold" "$repo/$item"

new resources my-new-guide --lang fr
check "--lang fr: writes index.fr.md" test "$rc" -eq 0 -a -f "$repo/content/resources/my-new-guide/index.fr.md"
check "--lang fr: only translatable fields" \
	sh -c "! grep -Eq '^#? ?(type|topics|year|url|file):' '$repo/content/resources/my-new-guide/index.fr.md'"
check "--lang fr: passes jisite check" "$JISITE" check -C "$repo" --jobs 2 --drafts 2>/dev/null
new resources my-new-guide --lang en
check "--lang of the default language: the original, which exists" test "$rc" -eq 1
new resources no-such-item --lang fr
check "--lang without an original: status 1" test "$rc" -eq 1
check "--lang without an original: says so" grep -q "there is no original to translate" "$tmp/err"
check "--lang without an original: nothing written" test ! -e "$repo/content/resources/no-such-item"
new resources my-new-guide --lang de
check "an unknown language: status 2" test "$rc" -eq 2
check "an unknown language: lists the languages" grep -q "'de' is not a language of site.yaml: use one of en, ar" "$tmp/err"
new resources My_Guide
check "a bad slug: status 2" test "$rc" -eq 2
check "a bad slug: says what a slug is" grep -q "'My_Guide' cannot name an item" "$tmp/err"
check "a bad slug: nothing written" test ! -e "$repo/content/resources/My_Guide"
new resources page
check "the reserved slug 'page': status 2" test "$rc" -eq 2
new recipes my-cake
check "an unknown collection: status 2" test "$rc" -eq 2
check "an unknown collection: lists the collections" \
	grep -q "'recipes' is not a collection of site.yaml: use one of resources, events, news" "$tmp/err"
check "an unknown collection: nothing written" test ! -e "$repo/content/recipes"
# SOURCE_DATE_EPOCH under the rule a build follows (util/datetime.h): a bad one is a usage error
SOURCE_DATE_EPOCH=tomorrow new resources dated-guide
check "a bad SOURCE_DATE_EPOCH: status 2, as for build" test "$rc" -eq 2
check "a bad SOURCE_DATE_EPOCH: build's message" \
	grep -qx "jisite: 'tomorrow' is not a number of seconds since 1970" "$tmp/err"
check "a bad SOURCE_DATE_EPOCH: nothing written" test ! -e "$repo/content/resources/dated-guide"
SOURCE_DATE_EPOCH=-86400 new resources dated-guide
check "a negative SOURCE_DATE_EPOCH: status 2" test "$rc" -eq 2
SOURCE_DATE_EPOCH=253402300800 new resources dated-guide
check "a SOURCE_DATE_EPOCH after 9999-12-31: status 2" test "$rc" -eq 2
SOURCE_DATE_EPOCH=253402300799 new events dated-event
check "SOURCE_DATE_EPOCH on 9999-12-31: the day of the dates' placeholders" \
	grep -q "^start: 9999-12-31T09:00+00:00 " "$repo/content/events/dated-event/index.md"
rm -rf "$repo/content/events/dated-event"
new resources
check "no slug: status 2 and the usage" sh -c "test $rc -eq 2 && grep -q '^usage: jisite new' '$tmp/err'"

# every collection of the site, and a translation of each: check passes once the attachments they
# require are there
written=0
for c in events news opinion podcasts videos sessions products; do
	new "$c" "new-$c"
	[ "$rc" -eq 0 ] && written=$((written + 1))
	cp "$tmp/out" "$tmp/out-$c"
	new "$c" "new-$c" --lang ar
	[ "$rc" -eq 0 ] && written=$((written + 1))
done
check "a scaffold of every collection, and its Arabic translation" test "$written" -eq 14
# a required attachment has no placeholder that passes: jisite new says so, and check names it
check "videos: says the poster is to be added" grep -q "attachment 'poster'" "$tmp/out-videos"
only_poster_missing() { # check (of the drafts too) fails, and only for the poster
	! "$JISITE" check -C "$repo" --jobs 2 --drafts 2>"$tmp/err" &&
		test "$(grep -c ': error: ' "$tmp/err")" -eq 1 &&
		grep -q "^content/videos/new-videos/index.md:[0-9]*:[0-9]*: error: 'poster' names 'poster'" "$tmp/err"
}
check "videos: check fails without the poster, and only for it" only_poster_missing
touch "$repo/content/videos/new-videos/poster"
check "a scaffold of every collection, and its Arabic translation, pass jisite check" \
	"$JISITE" check -C "$repo" --jobs 2 --drafts 2>/dev/null
check "the scaffold of every collection builds" "$JISITE" build -C "$repo" --jobs 2 --no-bundles --drafts 2>/dev/null
finish
