#!/bin/sh
# Builds of a commit (--rev): a throwaway repository of the "good" fixture with a few commits (pages
# edited, added and deleted, symbolic links inside content/ and, in the oldest commit, leading out of it).
# A build of a commit, branch or tag gives the bytes a build of a checkout of it gives, and the same
# diagnostics; it changes nothing in the working tree or in .git; an unknown revision is a usage error;
# and the build cache stays right when builds of other commits and of the working tree share an output
# folder.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
SOURCE_DATE_EPOCH=1801440000
export SOURCE_DATE_EPOCH
# git alone, whatever the machine's configuration says
mkdir "$tmp/home"
HOME="$tmp/home"
GIT_CONFIG_NOSYSTEM=1
GIT_AUTHOR_NAME=jisite GIT_AUTHOR_EMAIL=jisite@example.org
GIT_COMMITTER_NAME=jisite GIT_COMMITTER_EMAIL=jisite@example.org
export HOME GIT_CONFIG_NOSYSTEM GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL

repo="$tmp/repo"
g() { git -C "$repo" "$@"; }
commit() { g add -A && g commit -q -m "$1"; }

mkdir "$repo"
cp -R tests/sites/good/. "$repo"
cp -R themes "$repo/themes"
printf '/public/\n/.jisite-cache/\n' >"$repo/.gitignore"
g init -q -b main
# the oldest commit: front matter that is not YAML, and links that leave content/ (to the configuration,
# to a system folder, and above the repository)
cp "$repo/content/about.md" "$tmp/about.md"
cp tests/sites/broken-yaml-syntax/content/about.md "$repo/content/about.md"
ln -s ../../site.yaml "$repo/content/notes/escape"
ln -s /etc "$repo/content/notes/first-note/system.pdf"
ln -s ../../../../outside.txt "$repo/content/notes/first-note/above.txt"
echo "not the site's" >"$tmp/outside.txt"
commit "Start the site"
g tag broken
# fixed, with links that stay inside content/: to a file beside it, and to another item's
cp "$tmp/about.md" "$repo/content/about.md"
rm "$repo/content/notes/escape" "$repo/content/notes/first-note/system.pdf" \
	"$repo/content/notes/first-note/above.txt"
ln -s chart.svg "$repo/content/notes/first-note/figure.svg"
ln -s ../first-note/chart.svg "$repo/content/notes/second-note/chart.svg"
commit "Mend the front matter; link the chart"
g tag -a -m "The first version" v1
# a branch with a link to a page that does not exist: an error found when the body is rendered
g checkout -q -b bad-link
printf '\nSee [what is gone](../gone/index.md).\n' >>"$repo/content/notes/second-note/index.md"
commit "Link to a note that is not there"
g checkout -q main
# a page edited, a page added, a translation deleted
printf '\nEdited after v1.\n' >>"$repo/content/about.md"
mkdir "$repo/content/notes/third-note"
printf -- '---\ntitle: Third note\ndate: 2024-05-06\n---\nA new note.\n' >"$repo/content/notes/third-note/index.md"
rm "$repo/content/about.ar.md"
commit "Edit about, add a note, drop the Arabic about page"
# a branch that is not checked out
g branch draft
g checkout -q draft
printf -- '---\ntitle: Draft\n---\nA draft page.\n' >"$repo/content/draft.md"
commit "Draft a page"
g checkout -q main
# the newest commit: a note edited, a link removed, the interface translated anew
printf '\nEdited at HEAD.\n' >>"$repo/content/notes/second-note/index.md"
rm "$repo/content/notes/second-note/chart.svg"
sed -i '0,/: "/s//: "(fr) /' "$repo/translations/fr.yaml"
commit "Edit the second note"
# and the working tree differs from every commit: a build of a commit must not see it
printf '\nNot committed.\n' >>"$repo/content/about.md"
mkdir "$repo/content/notes/uncommitted"
printf -- '---\ntitle: Uncommitted\ndate: 2024-07-08\n---\n' >"$repo/content/notes/uncommitted/index.md"

# the working tree's own build, which also makes the project's .jisite-cache/ (git-ignored)
"$JISITE" build -C "$repo" --out "$tmp/worktree" --no-cache 2>/dev/null
g status --porcelain >"$tmp/status-before"
snapshot() { # every file of the working tree and of .git: type, size, time, inode, link target
	(cd "$repo" && find . -path ./.jisite-cache -prune -o -printf '%p %y %s %T@ %i %l\n' | LC_ALL=C sort)
}
snapshot >"$tmp/snapshot-before"

checkout_build() { # checkout_build REV NAME: a build of a checkout of REV into $tmp/ref-NAME
	rm -rf "$tmp/co-$2" "$tmp/ref-$2"
	# a clone, checked out at REV: the repository itself stays untouched, and the history (page dates)
	# is REV's, as for --rev
	git clone -q "$repo" "$tmp/co-$2" && git -C "$tmp/co-$2" checkout -q --detach "$(g rev-parse "$1^{commit}")"
	"$JISITE" build -C "$tmp/co-$2" --out "$tmp/ref-$2" --no-cache 2>"$tmp/ref-$2.stderr"
}

untimed() { # stderr but the seconds of the summary line, which no two builds share
	sed 's/ in [0-9.]* s$//' "$1"
}

same_as_checkout() { # same_as_checkout REV NAME: --rev REV builds what a checkout of REV builds
	checkout_build "$1" "$2" &&
		"$JISITE" build -C "$repo" --rev "$1" --out "$tmp/rev-$2" 2>"$tmp/rev-$2.stderr" &&
		diff -r "$tmp/ref-$2" "$tmp/rev-$2" &&
		untimed "$tmp/ref-$2.stderr" >"$tmp/ref-$2.untimed" && untimed "$tmp/rev-$2.stderr" | cmp "$tmp/ref-$2.untimed" -
}

check "HEAD~1 builds as a checkout of it does" same_as_checkout HEAD~1 parent
check "HEAD builds as a checkout of it does" same_as_checkout HEAD head
check "a tag (v1) builds as a checkout of it does" same_as_checkout v1 v1
check "a branch that is not checked out (draft) builds as a checkout of it does" same_as_checkout draft draft
check "a commit id builds as a checkout of it does" same_as_checkout "$(g rev-parse v1^{commit})" id
check "the builds differ where the commits do" sh -c "! diff -r '$tmp/rev-parent' '$tmp/rev-head' >/dev/null"
check "a link inside content/ is followed" cmp "$tmp/rev-v1/notes/first-note/figure.svg" \
	"$repo/content/notes/first-note/chart.svg"
check "the working tree's changes are not in a build of HEAD" \
	sh -c "! grep -rq 'Not committed' '$tmp/rev-head' && test ! -e '$tmp/rev-head/en/notes/uncommitted'"
check "a deleted translation is gone: the page shows the original" sh -c \
	"grep -q 'class=\"content\" lang=\"en\"' '$tmp/rev-head/ar/about/index.html' && \
	! grep -q 'class=\"content\" lang=\"en\"' '$tmp/rev-v1/ar/about/index.html'"
check "a page added since is there" sh -c \
	"test -s '$tmp/rev-head/en/notes/third-note/index.html' && test ! -e '$tmp/rev-v1/en/notes/third-note'"

# commits with content errors: the same diagnostics, positions and status as a checkout of them
same_errors() { # same_errors REV: --rev REV fails as a build of a checkout of REV does
	checkout_build "$1" "$1"
	echo $? >"$tmp/ref-$1.status"
	"$JISITE" build -C "$repo" --rev "$1" --out "$tmp/rev-$1" 2>"$tmp/rev-$1.stderr"
	echo $? >"$tmp/rev-$1.status"
	check "$1: it fails as a checkout of it does (status 1)" \
		sh -c "test \"\$(cat '$tmp/rev-$1.status')\" = 1 && cmp '$tmp/ref-$1.status' '$tmp/rev-$1.status'"
	check "$1: the same diagnostics" cmp "$tmp/ref-$1.stderr" "$tmp/rev-$1.stderr"
	check "$1: nothing was written" test ! -e "$tmp/rev-$1"
}
same_errors broken
cat >"$tmp/expected-broken" <<'EOF'
content/about.md:4:1: error: YAML syntax error: did not find expected ',' or ']' while parsing a flow sequence (opened at 3:9)
content/notes/escape:1:1: error: 'escape' is a symbolic link that leads outside content/
content/notes/first-note/above.txt:1:1: error: 'above.txt' is a symbolic link that leads outside content/
content/notes/first-note/system.pdf:1:1: error: 'system.pdf' is a symbolic link that leads outside content/
jisite: 4 errors: nothing was written, the previous output is unchanged
EOF
check "broken: the links that lead out and the YAML error, with their positions" \
	diff "$tmp/expected-broken" "$tmp/rev-broken.stderr"
same_errors bad-link
check "bad-link: the link's position" grep -qx \
	"content/notes/second-note/index.md:7:5: error: link '../gone/index.md' points to a page that does not exist" \
	"$tmp/rev-bad-link.stderr"
sed '$d' "$tmp/expected-broken" >"$tmp/expected-broken-lines" # but the closing line, which says "see above"
check "check --rev reports the same as build --rev" sh -c \
	"'$JISITE' check -C '$repo' --rev broken 2>'$tmp/check.stderr'; test \$? = 1 && \
	sed '\$d' '$tmp/check.stderr' | cmp - '$tmp/expected-broken-lines'"

# revisions that are not there
real=$(cd "$repo" && pwd -P)
"$JISITE" build -C "$repo" --rev no-such-rev --out "$tmp/none" 2>"$tmp/unknown.stderr"
echo $? >"$tmp/unknown.status"
check "an unknown revision: exit status 2 (usage)" test "$(cat "$tmp/unknown.status")" = 2
check "an unknown revision: the message says so" test "$(cat "$tmp/unknown.stderr")" = \
	"jisite: 'no-such-rev' is not a commit, branch or tag of the repository at $real"
check "a tree is not a commit" sh -c "'$JISITE' check -C '$repo' --rev 'HEAD^{tree}' 2>&1 | \
	grep -qx \"jisite: 'HEAD^{tree}' is not a commit, branch or tag of the repository at $real\""
check "a revision past the first commit" sh -c "'$JISITE' build -C '$repo' --rev HEAD~9 2>/dev/null; test \$? = 2"
mkdir "$tmp/norepo"
check "no repository: exit status 2" sh -c "'$JISITE' build -C '$tmp/norepo' --rev HEAD 2>'$tmp/norepo.stderr'; \
	test \$? = 2 && grep -q 'is in none' '$tmp/norepo.stderr'"

# the build cache: builds of other commits and of the working tree into one output folder
inc() { # inc ARGS...: an incremental build into $tmp/inc that checks what it kept
	JISITE_VERIFY_CACHE=1 "$JISITE" build -C "$repo" --out "$tmp/inc" -v "$@" 2>"$tmp/inc.log"
}
after() { # after NAME REF ARGS...: an incremental build succeeds and gives the clean build REF
	after_name=$1
	after_ref=$2
	shift 2
	check "$after_name: the build succeeds" inc "$@"
	check "$after_name: its output is the clean build's" diff -r "$tmp/inc" "$after_ref"
}
after "--rev HEAD~1 into a new folder" "$tmp/rev-parent" --rev HEAD~1
after "then --rev HEAD into it" "$tmp/rev-head" --rev HEAD
check "then --rev HEAD into it: an incremental build" grep -q 'pages rendered$' "$tmp/inc.log"
after "--rev HEAD again" "$tmp/rev-head" --rev HEAD
check "--rev HEAD again: nothing changed" grep -q 'nothing changed' "$tmp/inc.log"
after "the working tree after --rev HEAD" "$tmp/worktree"
after "--rev v1 after the working tree" "$tmp/rev-v1" --rev v1
after "--rev draft after --rev v1" "$tmp/rev-draft" --rev draft
after "--rev HEAD after --rev draft" "$tmp/rev-head" --rev HEAD

# nothing of the repository was touched: no file, no time, not the index, no reference
snapshot >"$tmp/snapshot-after"
check "the working tree and .git are untouched by --rev builds" diff "$tmp/snapshot-before" "$tmp/snapshot-after"
g status --porcelain >"$tmp/status-after"
check "git status is unchanged" diff "$tmp/status-before" "$tmp/status-after"

# a project in a subfolder of its repository, and a bare repository
mono="$tmp/mono"
mkdir -p "$mono"
echo "not part of the site" >"$mono/README"
git -C "$mono" init -q -b main
git -C "$mono" add README && git -C "$mono" commit -q -m "Start"
g archive v1 --prefix=web/ | tar -x -C "$mono"
git -C "$mono" add -A && git -C "$mono" commit -q -m "Add the site"
git clone -q "$mono" "$tmp/mono-co"
check "a project in a subfolder builds as its checkout does" sh -c \
	"'$JISITE' build -C '$mono/web' --rev HEAD --out '$tmp/mono-out' &&
	'$JISITE' build -C '$tmp/mono-co/web' --no-cache --out '$tmp/mono-ref' && diff -r '$tmp/mono-out' '$tmp/mono-ref'"
check "a commit without the project's folder: exit status 2" sh -c \
	"'$JISITE' build -C '$mono/web' --rev HEAD~1 2>'$tmp/mono.stderr'; test \$? = 2 && \
	grep -q \"has no folder 'web'\" '$tmp/mono.stderr'"
git clone -q --bare "$repo" "$tmp/bare.git"
check "a bare repository builds as a checkout does" sh -c \
	"'$JISITE' build -C '$tmp/bare.git' --rev v1 --out '$tmp/bare-out' && diff -r '$tmp/bare-out' '$tmp/rev-v1'"
finish
