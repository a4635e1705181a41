#!/bin/sh
# Updates of offline copies (issue 21), on the Network's site in git: a release is built; one resource's
# text changes and the next release is built with --previous the first one's manifest. Each copy's update
# is under 5 % of the copy; unzipping the first copy, then the update over it and deleting what its
# update.json lists (files, then the folders they leave empty), gives the new copy byte for byte, and so
# does `jisite apply-update`, which keeps a reader's own file. A third release removes a resource, whose
# files its update deletes. apply-update refuses, changing nothing and saying why: a damaged update, a
# truncated one, an update from another release or for another language, a copy whose file was changed.
# The updated copy passes the offline crawl and the offline search in Chromium.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
site="$tmp/site"
copy_network_site "$site"
git -C "$site" init -q
git -C "$site" add -A
git -C "$site" -c user.name=t -c user.email=t@example.org commit -qm "first release"

build() { # build LOG [OPTION...]: builds the site, its output in $site/public
	build_log=$1
	shift
	"$JISITE" build -C "$site" -q --jobs 2 "$@" >"$build_log" 2>&1
}
commit() { git -C "$site" -c user.name=t -c user.email=t@example.org commit -qam "$1"; }
release_of() { # release_of ZIP: the release named in its copy's manifest
	unzip -p "$1" '*/manifest.json' | python3 -c 'import json, sys; print(json.load(sys.stdin)["release"])'
}
unzip_to() { # unzip_to ZIP DIR: DIR/ holds the archive's one folder
	mkdir -p "$2" && unzip -q -o "$1" -d "$2"
}
tree_sum() { # tree_sum DIR: one checksum of every file's name and bytes
	(cd "$1" && find . -type f | sort | xargs sha256sum | sha256sum)
}

check "the first release builds" build "$tmp/b1.log"
cp "$site/public/downloads/manifest.json" "$tmp/manifest1.json"
cp "$site/public/downloads/site-en.zip" "$tmp/site-en-1.zip"
cp "$site/public/downloads/site-fr.zip" "$tmp/site-fr-1.zip"
r1=$(release_of "$tmp/site-en-1.zip")
check "a copy's manifest names its release: the day its newest text changed, a digest ($r1)" \
	sh -c "echo '$r1' | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9a-f]{7}$'"
check "the release's manifest carries every copy's files" python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
copies = [e for e in m if e["format"] == "zip" and e["product"] is None]
assert len(copies) == 13, len(copies)
for e in copies:
    assert len(e["release"]) == 18 and len(e["files"]) > 100, e["file"]
    if e["language"] == "en": assert e["release"] == sys.argv[2]
    assert all(len(h) == 64 for h in e["files"].values())
' "$tmp/manifest1.json" "$r1"
# the copy's manifest as sha256sum's list, and how many files it names
mkdir -p "$tmp/c1" && unzip -q "$tmp/site-en-1.zip" -d "$tmp/c1"
python3 -c '
import json, sys
files = json.load(open(sys.argv[1]))["files"]
print("\n".join(h + "  " + n for n, h in files.items()))' "$tmp/c1/site-en/manifest.json" >"$tmp/c1.sums"
check "a copy's manifest lists the SHA-256 of each of its files" \
	sh -c "cd '$tmp/c1/site-en' && sha256sum -c --quiet '$tmp/c1.sums'"
check "... and of no other (the manifest itself aside)" \
	test "$(find "$tmp/c1/site-en" -type f | wc -l)" -eq $(($(wc -l <"$tmp/c1.sums") + 1))

# The second release: one resource's text changes.
resource="$site/content/resources/bangalore-principles/index.md"
echo "A sentence added for the second release of the offline copies." >>"$resource"
commit "second release"
check "the second release builds with --previous" build "$tmp/b2.log" --previous "$tmp/manifest1.json"
cat "$tmp/b2.log"
r2=$(release_of "$site/public/downloads/site-en.zip")
cp "$site/public/downloads/manifest.json" "$tmp/manifest2.json"
cp "$site/public/downloads/site-en.zip" "$tmp/site-en-2.zip"
update="$site/public/downloads/site-en-update-$r1.zip"
cp "$update" "$tmp/update-en-1-2.zip"
check "a copy whose text changed is a new release" test "$r2" != "$r1"
# which copies are new releases: those showing the resource (its body is the original's where a language
# has only its title and summary); the others keep theirs
python3 -c '
import json, sys
one, two = (json.load(open(f)) for f in sys.argv[1:3])
rel = lambda m: {e["language"]: e["release"] for e in m if e["format"] == "zip" and e["product"] is None}
r1, r2 = rel(one), rel(two)
print(" ".join(sorted(l for l in r2 if r2[l] != r1[l])))
print(" ".join(sorted(l for l in r2 if r2[l] == r1[l])))' "$tmp/manifest1.json" "$tmp/manifest2.json" >"$tmp/changed"
changed=$(sed -n 1p "$tmp/changed")
same=$(sed -n 2p "$tmp/changed")
echo "# new releases: $changed; the same: ${same:-none}"
check "each copy that changed has its update from the first release, and no other copy" \
	test "$(ls "$site/public/downloads/" | sed -n "s/^site-\([a-z]*\)-update-.*\.zip$/\1/p" | sort | tr '\n' ' ')" = "$changed "
for lang in $changed; do
	from=$(python3 -c 'import json, sys; print([e["release"] for e in json.load(open(sys.argv[1])) if e["file"] == "downloads/site-" + sys.argv[2] + ".zip"][0])' "$tmp/manifest1.json" "$lang")
	full=$(wc -c <"$site/public/downloads/site-$lang.zip")
	part=$(wc -c <"$site/public/downloads/site-$lang-update-$from.zip")
	echo "# site-$lang: copy $full bytes, update $part bytes"
	check "the $lang update is under 5 % of the copy ($part of $full bytes)" test $((part * 100)) -lt $((full * 5))
done
check "the update holds the changed page, not the unchanged ones" sh -c "
	unzip -Z1 '$update' | grep -qx 'site-en/en/resources/bangalore-principles/index.html' &&
	! unzip -Z1 '$update' | grep -qx 'site-en/en/about/index.html'"
check "the release's manifest lists the updates" python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
u = [e for e in m if e["format"] == "update"]
assert len(u) == len(sys.argv[4].split()), (len(u), sys.argv[4])
assert [e for e in u if e["language"] == "en" and e["from"] == sys.argv[2] and e["release"] == sys.argv[3]], u
' "$tmp/manifest2.json" "$r1" "$r2" "$changed"

# By hand: unzip the update over the copy, delete what update.json lists.
apply_by_hand() { # apply_by_hand DIR UPDATE: DIR holds the copy's folder
	unzip -q -o "$2" -d "$1" &&
	python3 -c '
import json, os, sys
folder = os.path.join(sys.argv[1], os.listdir(sys.argv[1])[0])
for name in json.load(open(os.path.join(folder, "update.json")))["delete"]:
    (os.rmdir if name.endswith("/") else os.remove)(os.path.join(folder, name))
' "$1"
}
unzip_to "$tmp/site-en-1.zip" "$tmp/hand"
unzip_to "$tmp/site-en-2.zip" "$tmp/new2"
apply_by_hand "$tmp/hand" "$update"
check "unzipping the update over the first copy and deleting the listed files gives the new copy" \
	diff -r "$tmp/hand/site-en" "$tmp/new2/site-en"

# With jisite: the same, and a reader's own file is kept.
unzip_to "$tmp/site-en-1.zip" "$tmp/tool"
echo "my notes" >"$tmp/tool/site-en/my-notes.txt"
check "apply-update brings the copy to the second release" \
	"$JISITE" apply-update "$tmp/tool/site-en" "$update"
check "apply-update keeps the reader's own file" grep -qx "my notes" "$tmp/tool/site-en/my-notes.txt"
rm "$tmp/tool/site-en/my-notes.txt"
check "apply-update gives the new copy, byte for byte" diff -r "$tmp/tool/site-en" "$tmp/new2/site-en"
check "apply-update leaves nothing beside the copy" test "$(ls "$tmp/tool")" = "site-en"
"$JISITE" apply-update "$tmp/tool/site-en/" "$update" 2>"$tmp/again.err"
check "a second apply-update says the copy is already that release" grep -q "already" "$tmp/again.err"

# Refusals: each leaves the copy as it was and says why.
unzip_to "$tmp/site-en-1.zip" "$tmp/refuse"
before=$(tree_sum "$tmp/refuse/site-en")
refused() { # refused NAME PATTERN UPDATE: apply-update fails, says PATTERN, changes nothing
	"$JISITE" apply-update "$tmp/refuse/site-en" "$3" >"$tmp/refused.out" 2>&1
	refused_rc=$?
	sed 's/^/# /' "$tmp/refused.out"
	check "$1: refused (exit 1)" test "$refused_rc" -eq 1
	check "$1: says why" grep -q "$2" "$tmp/refused.out"
	check "$1: the copy is unchanged" test "$(tree_sum "$tmp/refuse/site-en")" = "$before"
	check "$1: nothing is left beside the copy" test "$(ls "$tmp/refuse")" = "site-en"
}
# a damaged update: one byte of the changed page's compressed data flipped
python3 - "$update" "$tmp/damaged.zip" <<'EOF'
import sys, zipfile
data = bytearray(open(sys.argv[1], "rb").read())
with zipfile.ZipFile(sys.argv[1]) as z:
    info = z.getinfo("site-en/en/resources/bangalore-principles/index.html")
# the local header (30 bytes, the name, the extra field), then the data
at = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 10
data[at] ^= 0x55
open(sys.argv[2], "wb").write(data)
EOF
refused "a damaged update" "damaged\|CRC\|Zlib\|zlib" "$tmp/damaged.zip"
head -c 5000 "$update" >"$tmp/truncated.zip"
refused "a truncated update" "not a zip archive, or a damaged one" "$tmp/truncated.zip"
other=$(echo "$changed" | tr ' ' '\n' | grep -v '^en$' | head -1)
from=$(python3 -c 'import json, sys; print([e["release"] for e in json.load(open(sys.argv[1])) if e["file"] == "downloads/site-" + sys.argv[2] + ".zip"][0])' "$tmp/manifest1.json" "$other")
refused "an update for another language" "for the copy in language $other, not en" \
	"$site/public/downloads/site-$other-update-$from.zip"
echo "not a zip" >"$tmp/not.zip"
refused "a file that is not an update" "not a zip archive" "$tmp/not.zip"

# The third release removes a resource: its update deletes the resource's files.
gone=digital-security-checklist-judges # linked from no other page
git -C "$site" rm -rq "content/resources/$gone"
commit "third release"
check "the third release builds with --previous both earlier ones" \
	build "$tmp/b3.log" --previous "$tmp/manifest1.json" --previous "$tmp/manifest2.json"
cat "$tmp/b3.log"
update3="$tmp/update-en-2-3.zip"
cp "$site/public/downloads/site-en-update-$r2.zip" "$update3"
check "the third release has updates from both earlier ones" \
	test -f "$site/public/downloads/site-en-update-$r1.zip" -a -f "$site/public/downloads/site-en-update-$r2.zip"
check "its update.json lists the removed resource's page, and then its folder" sh -c \
	"unzip -p '$update3' site-en/update.json | grep -q '\"en/resources/$gone/index.html\"' &&
	 unzip -p '$update3' site-en/update.json | grep -q '\"en/resources/$gone/\"'"
refused "an update from another release" "goes from release $r2, but the copy is release $r1" "$update3"
r3=$(release_of "$site/public/downloads/site-en.zip")
unzip_to "$site/public/downloads/site-en.zip" "$tmp/new3"
apply_by_hand "$tmp/hand" "$update3"
check "by hand, the second copy and the third update give the third copy" \
	diff -r "$tmp/hand/site-en" "$tmp/new3/site-en"
check "apply-update takes the second copy to the third release" \
	"$JISITE" apply-update "$tmp/tool/site-en" "$update3"
check "... byte for byte" diff -r "$tmp/tool/site-en" "$tmp/new3/site-en"

# The fourth release changes a text of the French site only: the French copy alone is made again and is a
# new release with an update; every other copy keeps its release, and has no update.
cp "$site/public/downloads/manifest.json" "$tmp/manifest3.json"
echo "Une phrase ajoutée pour la quatrième version." >>"$site/content/about.fr.md"
commit "fourth release"
"$JISITE" build -C "$site" -v --jobs 2 --previous "$tmp/manifest3.json" >"$tmp/b4v.log" 2>&1
grep "downloads made" "$tmp/b4v.log" | sed 's/^/# /'
check "the fourth release makes the French copy again, and no other download" \
	grep -q "^jisite: 1 of [0-9]* downloads made" "$tmp/b4v.log"
check "... and an update of the French copy only" \
	test "$(ls "$site/public/downloads/" | grep -- "-update-")" = "site-fr-update-$(python3 -c '
import json, sys
print([e["release"] for e in json.load(open(sys.argv[1])) if e["file"] == "downloads/site-fr.zip"][0])' \
		"$tmp/manifest3.json").zip"
check "every other copy keeps its release" python3 -c '
import json, sys
rel = lambda f: {e["language"]: e["release"] for e in json.load(open(f)) if e["format"] == "zip" and e["product"] is None}
a, b = rel(sys.argv[1]), rel(sys.argv[2])
assert [l for l in a if a[l] != b[l]] == ["fr"], (a, b)' "$tmp/manifest3.json" "$site/public/downloads/manifest.json"

# A copy made again takes each entry whose bytes did not change from the copy it replaces, as it is packed
# there, after inflating it to check: a damaged one is packed anew. The fifth release changes the French
# text again over a French copy one of whose unchanged pages was damaged in the output, in the copy that
# the build takes entries from: the copy is still the one a clean build makes.
damage_entry() { # damage_entry ZIP SUFFIX: flips a byte in the packed data of the entry named *SUFFIX
	python3 -c '
import sys, zipfile
path, suffix = sys.argv[1], sys.argv[2]
info = [i for i in zipfile.ZipFile(path).infolist() if i.filename.endswith(suffix) and i.compress_type == 8][0]
with open(path, "r+b") as f:
    f.seek(info.header_offset + 26)
    head = f.read(4)
    at = info.header_offset + 30 + int.from_bytes(head[:2], "little") + int.from_bytes(head[2:], "little")
    f.seek(at + info.compress_size // 2)
    b = f.read(1)
    f.seek(at + info.compress_size // 2)
    f.write(bytes([b[0] ^ 0x55]))' "$1" "$2"
}
cp "$site/public/downloads/manifest.json" "$tmp/manifest4.json"
for zip in "$site/public/downloads/site-fr.zip" "$site/.public.spare/downloads/site-fr.zip"; do
	[ -f "$zip" ] && damage_entry "$zip" "fr/resources/index.html"
done
echo "Une autre phrase, pour la cinquième version." >>"$site/content/about.fr.md"
commit "fifth release"
check "the fifth release builds over a damaged French copy" build "$tmp/b5.log" --previous "$tmp/manifest4.json"
check "... whose new copy is whole" unzip -tqq "$site/public/downloads/site-fr.zip"
"$JISITE" build -C "$site" -q --jobs 2 --no-cache --out "$tmp/clean" >"$tmp/clean.log" 2>&1
check "... and the copy a clean build makes, byte for byte" \
	cmp "$site/public/downloads/site-fr.zip" "$tmp/clean/downloads/site-fr.zip"
check "every other copy too" sh -c "
	for f in '$site'/public/downloads/site-*.zip; do
		case \$f in *-update-*) continue ;; esac
		cmp \"\$f\" '$tmp/clean/downloads/'\$(basename \"\$f\") || exit 1
	done"

# A copy whose file a reader changed: the update cannot trust what it keeps.
unzip_to "$tmp/site-en-2.zip" "$tmp/edited"
echo "changed" >>"$tmp/edited/site-en/en/about/index.html"
"$JISITE" apply-update "$tmp/edited/site-en" "$update3" 2>"$tmp/edited.err"
edited_rc=$?
sed 's/^/# /' "$tmp/edited.err"
check "a copy with a changed file is refused" test "$edited_rc" -eq 1
check "... which names the file" grep -q "en/about/index.html:.*changed since release $r2" "$tmp/edited.err"
check "... and leaves the file as the reader has it" grep -q "^changed$" "$tmp/edited/site-en/en/about/index.html"

check "apply-update without its arguments is a usage error" \
	sh -c "'$JISITE' apply-update '$tmp/tool/site-en' 2>/dev/null; test \$? -eq 2"
check "--previous with a URL says to download it first" sh -c \
	"'$JISITE' build -C '$site' --previous https://example.org/downloads/manifest.json 2>&1 | grep -q 'download'"
echo '[{"file": "downloads/site-en.zip", "format": "zip", "product": null}]' >"$tmp/old-manifest.json"
build "$tmp/b4.log" --previous "$tmp/old-manifest.json"
check "a manifest without files (an older jisite's) is a warning, not an error" \
	grep -q "warning: the copy 'downloads/site-en.zip' is listed without its files" "$tmp/b4.log"
echo '{"not": "a list"}' >"$tmp/bad-manifest.json"
build "$tmp/b5.log" --previous "$tmp/bad-manifest.json"
check "a file that is not a release's manifest is an error at its place" \
	grep -q "bad-manifest.json:1:1: error: not a release's manifest" "$tmp/b5.log"

# update.html's check in Chromium: a copy updated by hand without its deletions, one page changed and one
# lost, lists each under its heading; the whole new copy is said to be right.
unzip_to "$tmp/site-en-2.zip" "$tmp/half"
unzip -q -o "$update3" -d "$tmp/half"
echo "changed" >>"$tmp/half/site-en/en/about/index.html"
lost=en/index.html
rm "$tmp/half/site-en/$lost"
to_delete=$(unzip -p "$update3" site-en/update.json |
	python3 -c 'import json, sys; print(",".join(json.load(sys.stdin)["delete"]))')
node_checks "update.html: a copy half updated" tests/browser/update-check.mjs "$tmp/half/site-en" "$r3" \
	"$lost" "en/about/index.html" "$to_delete"
node_checks "update.html: a whole copy" tests/browser/update-check.mjs "$tmp/new3/site-en" "$r3" "" "" ""
check "the copy's home page names its release and links to update.html" \
	grep -q "<strong dir=\"ltr\">$r3</strong> · <a href=\"../update.html\">" "$tmp/new3/site-en/en/index.html"
check "no other page of the copy names the release" \
	test "$(grep -rl -- "$r3" "$tmp/new3/site-en" | sed "s|$tmp/new3/site-en/||" | sort | tr '\n' ' ')" = \
	"en/index.html manifest.json update.html "

# The updated copy in Chromium, from file://: the offline crawl and the offline search.
node_checks "the updated copy: the crawl" tests/browser/offline.mjs "$tmp/tool/site-en" --name "updated copy" \
	--max-pages 20 --require listing,item,term
node_checks "the updated copy: search" tests/browser/search.mjs tests/browser/network-search.json \
	--offline "$tmp/tool/site-en" --lang en

finish
