#!/bin/sh
# Symbolic links to folders, in the working tree and in a build of a commit (--rev): a link back to a
# folder that holds it is reported once, at the link, and within a bound on time (such links once made the
# scan run until it was killed, with gigabytes of memory); a link to another folder inside content/ is
# followed, as it always was. The loops are those of tests/sites/broken-symlink-loop, with its exact
# diagnostics.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# git alone, whatever the machine's configuration says
mkdir "$tmp/home"
HOME="$tmp/home"
GIT_CONFIG_NOSYSTEM=1
GIT_AUTHOR_NAME=jisite GIT_AUTHOR_EMAIL=jisite@example.org
GIT_COMMITTER_NAME=jisite GIT_COMMITTER_EMAIL=jisite@example.org
export HOME GIT_CONFIG_NOSYSTEM GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
loops=tests/sites/broken-symlink-loop

site() { # site DIR: a repository of the good fixture, with one commit
	mkdir "$1"
	cp -R tests/sites/good/. "$1"
	cp -R themes "$1/themes"
	printf '/public/\n/.jisite-cache/\n/out/\n' >"$1/.gitignore"
	git -C "$1" init -q -b main
}
commit() { git -C "$1" add -A && git -C "$1" commit -q -m "$2"; }
build() { # build DIR NAME ARGS...: a bounded build, its status in $tmp/NAME.status, stderr in NAME.stderr
	build_dir=$1
	build_name=$2
	shift 2
	timeout 20 "$JISITE" build -C "$build_dir" --no-bundles "$@" 2>"$tmp/$build_name.stderr"
	echo $? >"$tmp/$build_name.status"
}

# links to folders that are no loop: an attachments' folder shared by two items, and an item's folder
# under a second name
site "$tmp/good"
mkdir "$tmp/good/content/notes/first-note/figs"
cp "$tmp/good/content/notes/first-note/chart.svg" "$tmp/good/content/notes/first-note/figs/bars.svg"
ln -s ../first-note/figs "$tmp/good/content/notes/second-note/figs"
ln -s first-note "$tmp/good/content/notes/again"
commit "$tmp/good" "Share the figures"
for how in worktree rev; do
	if [ $how = rev ]; then args="--rev HEAD --out out"; out="$tmp/good/out"; else args=; out="$tmp/good/public"; fi
	build "$tmp/good" "good-$how" $args
	check "$how: links to folders that are no loop build" test "$(cat "$tmp/good-$how.status")" = 0
	check "$how: a link to a folder of attachments is followed" \
		cmp "$out/notes/second-note/figs/bars.svg" "$tmp/good/content/notes/first-note/figs/bars.svg"
	check "$how: a link to an item's folder is an item of its own" grep -q 'First note' "$out/en/notes/again/index.html"
done
check "the commit publishes the folder's files as the working tree does" \
	diff -r "$tmp/good/public/notes/second-note/figs" "$tmp/good/out/notes/second-note/figs"

# links that loop
site "$tmp/loops"
(cd "$tmp/loops" && sh "$OLDPWD/$loops/setup.sh")
commit "$tmp/loops" "Link folders in circles"
build "$tmp/loops" loops-worktree
build "$tmp/loops" loops-rev --rev HEAD
for how in worktree rev; do
	check "$how: links that loop end the build with status 1, within 20 s" \
		test "$(cat "$tmp/loops-$how.status")" = 1
	check "$how: each link that loops is reported once, at the link" diff -u "$loops/expected.stderr" \
		"$tmp/loops-$how.stderr"
done
check "worktree: nothing was written" test ! -e "$tmp/loops/public"
finish
