#!/bin/sh
# The content's files are read and parsed in threads (frontmatter_load_all) when there are enough of them:
# a site of 600 texts, some broken in each thread's share, gives with --jobs 2 what it gives with --jobs 1,
# byte for byte: the same diagnostics in the same order, and the same site.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
site="$tmp/site"
copy_good_site "$site"
i=0
while [ "$i" -lt 300 ]; do
	mkdir -p "$site/content/notes/n$i"
	printf -- '---\ntitle: Note %s\ndate: 2024-02-%02d\ntopics: [ethics]%.0s\n---\nText of note %s, [about](../../about.md).\n' \
		"$i" $((i % 28 + 1)) $((i % 7)) "$i" >"$site/content/notes/n$i/index.md"
	printf -- '---\ntitle: Note %s en français\n---\nTexte %s.\n' "$i" "$i" >"$site/content/notes/n$i/index.fr.md"
	i=$((i + 1))
done
# broken in the first, the middle and the last of the docs, whatever the number of threads
printf -- '---\ntitle: [Unclosed\n---\nText.\n' >"$site/content/notes/n3/index.md"
printf -- '---\ntitle: Bad bytes \377\n---\nText.\n' >"$site/content/notes/n150/index.fr.md"
printf -- '---\ntitle: No end\nText.\n' >"$site/content/notes/n298/index.md"
{ printf -- '---\ntitle: Too long\n---\n'; head -c 1100000 /dev/zero | tr '\0' 'a'; } >"$site/content/notes/n299/index.md"

for jobs in 1 2; do
	"$JISITE" check -C "$site" --jobs "$jobs" >"$tmp/out-$jobs" 2>"$tmp/err-$jobs"
	echo "$?" >"$tmp/status-$jobs"
	grep -v '^jisite: ' "$tmp/err-$jobs" >"$tmp/diags-$jobs"
done
check "check finds the broken files (exit 1)" test "$(cat "$tmp/status-2")" -eq 1
check "each of them" sh -c "grep -q '^content/notes/n3/index.md:' '$tmp/diags-2' &&
	grep -q '^content/notes/n150/index.fr.md:' '$tmp/diags-2' &&
	grep -q '^content/notes/n298/index.md:' '$tmp/diags-2' && grep -q '^content/notes/n299/index.md:' '$tmp/diags-2'"
check "in threads, the same diagnostics in the same order as in one" cmp -s "$tmp/diags-1" "$tmp/diags-2"
sed 's/^/# /' "$tmp/diags-2" | head -n 8

# mended, the same site from one thread and from two
printf -- '---\ntitle: Mended\n---\nText.\n' >"$site/content/notes/n3/index.md"
printf -- '---\ntitle: Mended\n---\nText.\n' >"$site/content/notes/n150/index.fr.md"
printf -- '---\ntitle: Mended\n---\nText.\n' >"$site/content/notes/n298/index.md"
printf -- '---\ntitle: Mended\ndate: 2024-03-01\n---\nText.\n' >"$site/content/notes/n299/index.md"
"$JISITE" build -C "$site" --jobs 1 --no-cache --out "$tmp/one" -q
check "a build in one thread succeeds" test $? -eq 0
"$JISITE" build -C "$site" --jobs 2 --no-cache --out "$tmp/two" -q
check "a build in two succeeds" test $? -eq 0
check "and makes the same site" diff -r "$tmp/one" "$tmp/two"
check "of every note" test -f "$tmp/two/fr/notes/n299/index.html"
finish
