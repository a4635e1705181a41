#!/bin/sh
# jisite check --base: what a pull request changed since REV is checked, and only that is reported (the
# files changed, the items they belong to and the pages that link to them), with a summary a reviewer can
# paste into the pull request. Each scenario is a change made over the same base commit.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
repo="$tmp/repo"
mkdir -p "$repo"
cp -R tests/sites/good/. "$repo"
cp -R themes "$repo/themes"
# an error that was there before any change, in a page that links to nothing the changes touch
printf -- '---\ntitle: Notes\n---\nSee [a missing page](gone/index.md).\n' > "$repo/content/notes/index.md"
git() { command git -C "$repo" -c user.name=Editor -c user.email=editor@example.org "$@"; }
git init -q -b main
git add -A
git commit -q -m "The site before the change"
fresh() { git reset -q --hard main && git clean -qfd; }

review() { # review NAME [OPTIONS]: check --base main; output in $tmp/NAME.out and $tmp/NAME.err, status in $status
	"$JISITE" check -C "$repo" --base main "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	sed 's/^/# /' "$tmp/err"
}

nothing_to_report() { # stderr holds the closing line of a check that found nothing, and only it
	test "$(wc -l <"$tmp/err")" -eq 1 && grep -qx 'jisite: checked [0-9,]* pages in [0-9.]* s' "$tmp/err"
}

# A: an edited page with a broken link, and a note renamed that other pages link to
printf '\nA [broken link](nowhere.md) added by this change.\n' >> "$repo/content/about.md"
git mv content/notes/first-note content/notes/renamed-note
review
check "A: check --base fails on the change's errors (exit 1)" test "$status" -eq 1
check "A: the error of the edited page" grep -q "^content/about.md:8:3: error: link 'nowhere.md'" "$tmp/err"
check "A: a page that links to the renamed note, though the change did not touch it" \
	grep -q "^content/notes/second-note/index.md:5:13: error: link '../first-note/index.md'" "$tmp/err"
check "A: not the error that was there before" sh -c "! grep -q 'gone/index.md' '$tmp/err'"
check "A: the summary counts the changed items per collection and language" \
	sh -c "grep -q '^| pages | en | 0 | 1 | 0 |$' '$tmp/out' && grep -q '^| notes | fr | 0 | 1 | 0 |$' '$tmp/out'"
check "A: and names the translations the change makes outdated" grep -q '^- `content/about.md`: ar$' "$tmp/out"
"$JISITE" check -C "$repo" --base main --format github >"$tmp/gh" 2>/dev/null
check "A: --format github prints annotations" \
	grep -q "^::error file=content/about.md,line=8,col=3::link 'nowhere.md' points to a page that does not exist$" "$tmp/gh"

# B: a chapter renamed: the item that lists it is in error, though its own file did not change
fresh
git mv content/notes/first-note/zeta.md content/notes/first-note/omega.md
review
check "B: the item of a renamed chapter" grep -q "^content/notes/first-note/index.md:5:12: error: chapter 'zeta' has no file" "$tmp/err"
check "B: and the chapter itself" grep -q "^content/notes/first-note/omega.md:1:1: error: chapter 'omega' is not listed" "$tmp/err"

# C: a new note that does not parse
fresh
mkdir "$repo/content/notes/third-note"
printf -- '---\ntitle: [Third note\n---\nText.\n' > "$repo/content/notes/third-note/index.md"
review
check "C: a new file's error" grep -q '^content/notes/third-note/index.md:3:1: error: YAML syntax error' "$tmp/err"
check "C: the summary counts it as added" grep -q '^| notes | en | 1 | 0 | 0 |$' "$tmp/out"

# D: a change without an error passes, though the older error remains
fresh
printf '\nOne more sentence.\n' >> "$repo/content/about.md"
review
check "D: a clean change passes" test "$status" -eq 0

# E: attachments count for their item, once, in every language it has a text in, and a new item's
# attachment is part of what was added: a PDF beside first-note (English only; its French chapter is not
# its text), two images beside second-note (English and French), a new note with a PDF and a French text
fresh
printf '%%PDF-1.4\n' > "$repo/content/notes/first-note/report.pdf"
mkdir "$repo/content/notes/second-note/images" "$repo/content/notes/third-note"
printf 'GIF89a' > "$repo/content/notes/second-note/photo.gif"
printf 'GIF89a' > "$repo/content/notes/second-note/images/map.gif"
printf -- '---\ntitle: Third note\ndate: 2024-05-06\n---\nText.\n' > "$repo/content/notes/third-note/index.md"
printf -- '---\ntitle: Troisième note\n---\nTexte.\n' > "$repo/content/notes/third-note/index.fr.md"
printf '%%PDF-1.4\n' > "$repo/content/notes/third-note/annex.pdf"
review
cat >"$tmp/expected" <<'END'
## What this change does to the site

| collection | language | added | changed | removed |
| --- | --- | ---: | ---: | ---: |
| notes | en | 1 | 2 | 0 |
| notes | fr | 1 | 1 | 0 |
END
check "E: a change that adds attachments passes" test "$status" -eq 0
check "E: with nothing to report" nothing_to_report
check "E: the summary counts items, in the languages that show the attachments" diff -u "$tmp/expected" "$tmp/out"

# F: a base that shares no history with the change (the site as imported into another repository, without
# the notes and the Arabic about page, with a note and a page the change does not have) is compared with as
# it is: each item counts once, added or removed, and no new page passes for a renamed old one, however
# alike they look (libgit2 finds the contact page and the Arabic about page half alike)
fresh
other="$tmp/other"
mkdir "$other"
cp -R "$repo/." "$other"
rm -rf "$other/.git" "$other/content/notes/first-note" "$other/content/notes/second-note" "$other/content/about.ar.md"
mkdir "$other/content/notes/old-note"
printf -- '---\ntitle: Old note\ndate: 2023-01-02\n---\nBack to the [notes](../index.md).\n' \
	> "$other/content/notes/old-note/index.md"
printf -- '---\ntitle: Contact\n---\nWrite to us.\n' > "$other/content/contact.md"
command git -C "$other" init -q -b main
command git -C "$other" add -A
command git -C "$other" -c user.name=Editor -c user.email=editor@example.org commit -q -m "The site imported"
git fetch -q "$other" main:imported
"$JISITE" check -C "$repo" --base imported >"$tmp/out" 2>"$tmp/err"
status=$?
cat >"$tmp/expected" <<'END'
## What this change does to the site

| collection | language | added | changed | removed |
| --- | --- | ---: | ---: | ---: |
| notes | en | 2 | 0 | 1 |
| notes | fr | 2 | 0 | 0 |
| pages | ar | 1 | 0 | 0 |
| pages | en | 0 | 0 | 1 |

The base shares no history with this change: each file was compared with the base's file at the same path, and none counts as moved.
END
check "F: a base with no history in common passes when the change has no error" test "$status" -eq 0
check "F: with nothing to report" nothing_to_report
check "F: the summary counts what was added and removed, and says the base is unrelated" \
	diff -u "$tmp/expected" "$tmp/out"

# a base that cannot be compared with is a usage error (exit 2), as an unknown --rev is, not the content's
fresh
"$JISITE" check -C "$repo" --base no-such-branch >"$tmp/out" 2>"$tmp/err"
status=$?
echo "jisite: 'no-such-branch' is not a commit, branch or tag of the repository" >"$tmp/expected"
check "an unknown base is a usage error (exit 2)" test "$status" -eq 2
check "an unknown base is said in one line" diff -u "$tmp/expected" "$tmp/err"
check "and nothing is summed up" test ! -s "$tmp/out"
mkdir "$tmp/no-repo"
cp -R tests/sites/good/. "$tmp/no-repo"
"$JISITE" check -C "$tmp/no-repo" --base main >/dev/null 2>"$tmp/err"
status=$?
echo "jisite: the project is not in a git repository: there is nothing to compare with" >"$tmp/expected"
check "a project in no repository is a usage error too" sh -c "test $status -eq 2 && diff -u '$tmp/expected' '$tmp/err'"
check "--base belongs to check" sh -c "! '$JISITE' build -C '$repo' --base main 2>/dev/null"

finish
