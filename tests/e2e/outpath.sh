#!/bin/sh
# The output folder is checked before anything is touched: never the project's sources, the project folder
# or a folder that holds it, symbolic links resolved; an existing folder only when jisite wrote it (or it
# is empty) unless --force. Each refusal is a usage error (status 2) that names the path and why, and
# leaves every input byte for byte as it was. Also the other usage errors of build: SOURCE_DATE_EPOCH.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
site="$tmp/project"
mkdir -p "$site"
cp -R tests/sites/good/. "$site"
cp -R themes "$site/themes"
(cd "$site" && git init -q && git add -A && git -c user.name=t -c user.email=t@example.org commit -qm first)

inputs() { # a digest of every input file, the repository's included
	(cd "$site" && find content themes translations site.yaml .git -type f -print0 | sort -z |
		xargs -0 sha256sum | sha256sum)
}
before=$(inputs)

# refused OUT MESSAGE [ARGS...]: build --out OUT exits 2 with exactly "jisite: MESSAGE", inputs unchanged
refused() {
	out=$1
	message=$2
	shift 2
	"$JISITE" build -C "$site" --out "$out" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
	rc=$?
	check "--out '$out' $*: status 2 (got $rc)" test "$rc" -eq 2
	printf 'jisite: %s\n' "$message" >"$tmp/expected"
	if diff -u "$tmp/expected" "$tmp/stderr" >"$tmp/diff"; then
		pass "--out '$out' $*: the message says why"
	else
		fail "--out '$out' $*: the message says why"
		cat "$tmp/diff"
	fi
	check "--out '$out' $*: every input is as it was" test "$(inputs)" = "$before"
}

refused content "cannot build into 'content': it is the project's content/, which a build reads"
refused themes "cannot build into 'themes': it is the project's themes/, which a build reads"
refused translations "cannot build into 'translations': it is the project's translations/, which a build reads" --force
refused site.yaml "cannot build into 'site.yaml': it is the project's site.yaml, which a build reads" --force
refused .git "cannot build into '.git': it is the project's .git, which a build reads" --force
refused .jisite-cache "cannot build into '.jisite-cache': it is the project's build cache, .jisite-cache/, which a build reads"
refused content/out "cannot build into 'content/out': it lies inside the project's content/, which a build reads"
refused content/resources/../x "cannot build into 'content/resources/../x': it lies inside the project's content/, which a build reads"
refused . "cannot build into '.': it is the project folder, whose sources a build would replace" --force
refused .. "cannot build into '..': it holds the project folder, whose sources a build would replace" --force
refused ../project "cannot build into '../project': it is the project folder, whose sources a build would replace"
refused "$site" "cannot build into '$site': it is the project folder, whose sources a build would replace"
refused / "cannot build into '/': it holds the project folder, whose sources a build would replace" --force
ln -s content "$site/public"
refused public "cannot build into 'public': it is the project's content/, which a build reads" --force
rm "$site/public"
ln -s project/themes/default "$tmp/elsewhere"
refused "$tmp/elsewhere" "cannot build into '$tmp/elsewhere': it lies inside the project's themes/, which a build reads" --force
rm "$tmp/elsewhere"

# what is not an input, but was not written by jisite either: refused, unless --force
echo "my notes" > "$site/public"
refused public "cannot build into 'public': it is a file, not a folder that jisite wrote; --force replaces it"
check "a file named like the output stays as it was" grep -qx "my notes" "$site/public"
check "--force replaces it with the site" "$JISITE" build -C "$site" --force
check "the site is there" test -f "$site/public/en/about/index.html"
rm -rf "$site/public" "$site/.public.spare"
mkdir -p "$tmp/mine" "$tmp/target"
echo "keep me" > "$tmp/mine/notes.txt"
refused "$tmp/mine" "cannot build into '$tmp/mine': it is a folder that jisite did not write (it has no .jisite-output file); --force replaces it"
check "a folder jisite did not write stays as it was" grep -qx "keep me" "$tmp/mine/notes.txt"
ln -s "$tmp/target" "$tmp/link"
refused "$tmp/link" "cannot build into '$tmp/link': it is a symbolic link; --force replaces the link, not what it points to"
check "--force replaces a link with the site" "$JISITE" build -C "$site" --out "$tmp/link" --force
check "and not what it pointed to" sh -c "test -d '$tmp/link' && test ! -L '$tmp/link' && test -z \"\$(ls -A '$tmp/target')\""
mkdir "$tmp/empty"
check "an empty folder may receive the output" "$JISITE" build -C "$site" --out "$tmp/empty"
check "and then holds the site and its marker" test -f "$tmp/empty/.jisite-output" -a -f "$tmp/empty/en/about/index.html"
check "a folder jisite wrote is written again" "$JISITE" build -C "$site" --out "$tmp/empty" --no-cache
check "a new folder deep down is made" "$JISITE" build -C "$site" --out "$tmp/a/b/c"
# an output of an earlier jisite has no marker: the build cache, which names the folder, vouches for it
rm "$tmp/a/b/c/.jisite-output"
check "a folder without the marker that the build cache names is written again" \
	"$JISITE" build -C "$site" --out "$tmp/a/b/c" --no-cache
rm "$tmp/a/b/c/.jisite-output" "$site"/.jisite-cache/*
refused "$tmp/a/b/c" "cannot build into '$tmp/a/b/c': it is a folder that jisite did not write (it has no .jisite-output file); --force replaces it"
check "check writes nothing, so any --out is fine" "$JISITE" check -C "$site" --out content
check "inputs are as they were after all of it" test "$(inputs)" = "$before"

# SOURCE_DATE_EPOCH is part of the environment: a bad one is a usage error too
SOURCE_DATE_EPOCH=tomorrow "$JISITE" build -C "$site" --out "$tmp/sde" >/dev/null 2>"$tmp/stderr"
check "a bad SOURCE_DATE_EPOCH: status 2" test $? -eq 2
check "a bad SOURCE_DATE_EPOCH: the message" \
	grep -qx "jisite: 'tomorrow' is not a number of seconds since 1970" "$tmp/stderr"
check "a bad SOURCE_DATE_EPOCH: nothing written" test ! -e "$tmp/sde"

# two builds of one output at once: the one that finds the lock taken changes nothing and says so
cp -R "$tmp/empty" "$tmp/empty-before"
echo "One more line." >> "$site/content/about.md"
check "the output's lock is a file beside it" test -f "$tmp/.empty.lock"
flock "$tmp/.empty.lock" "$JISITE" build -C "$site" --out "$tmp/empty" >/dev/null 2>"$tmp/stderr"
check "a build that finds the output locked fails" test $? -eq 1
check "and says why" grep -qx "$tmp/empty: error: another jisite build is writing this output (its lock is held)" "$tmp/stderr"
check "and leaves the output as it was" diff -r "$tmp/empty" "$tmp/empty-before"
# while one output is locked, another in the same folder builds: each output has its own lock
flock "$tmp/.empty.lock" "$JISITE" build -C "$site" --out "$tmp/beside" -q >/dev/null 2>"$tmp/stderr"
check "an output beside a locked one builds" test $? -eq 0
check "and is written" test -f "$tmp/beside/en/index.html"
finish
