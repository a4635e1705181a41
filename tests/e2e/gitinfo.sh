#!/bin/sh
# `jisite translations` on repositories made with the git program: per language, what is missing, what
# is outdated (with exactly the commits that changed the original since, through a rename) and what is
# up to date; --lang; text and JSON (which must parse); a translation not committed yet; a project outside
# any repository; usage and content errors; and shallow clones (--depth over file://, as CI checks out),
# where the history stops at the boundary and the report says so.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
repo="$tmp/site"
HOME=$tmp # no one's git configuration but this script's
GIT_CONFIG_NOSYSTEM=1
XDG_CACHE_HOME=$tmp/xdg # the history's cache (gitinfo.h)
export HOME GIT_CONFIG_NOSYSTEM XDG_CACHE_HOME
git config --global init.defaultBranch main
git config --global user.email editor@example.org
git config --global protocol.file.allow always

page() { # page PATH TITLE: a Markdown file with a title
	mkdir -p "$(dirname "$repo/$1")"
	printf -- '---\ntitle: "%s"\n---\n%s\n' "$2" "$2" >"$repo/$1"
}

at() { # at DAY AUTHOR MESSAGE: commits everything on that day, and prints the commit's id
	git -C "$repo" add -A
	GIT_AUTHOR_DATE="${1}T12:00:00Z" GIT_COMMITTER_DATE="${1}T12:00:00Z" \
		git -C "$repo" -c user.name="$2" commit -q -m "$3"
	git -C "$repo" rev-parse HEAD
}

report() { # report DIR ARGS...: the JSON report of DIR in $tmp/out.json, its messages in $tmp/err
	dir=$1
	shift
	"$JISITE" translations -C "$dir" --format json "$@" >"$tmp/out.json" 2>"$tmp/err"
}

# q PYTHON-EXPRESSION: the expression on the JSON report r, with f(lang, translation) its file's entry
q() {
	python3 -c "import json, sys
r = json.load(open(sys.argv[1]))
def f(lang, path):
    return [e for l in r['languages'] if l['code'] == lang for e in l['files'] if e['translation'] == path][0]
print($1)" "$tmp/out.json" 2>/dev/null
}

# the history: English originals with French and Spanish translations
mkdir -p "$repo"
git init -q "$repo"
cat >"$repo/site.yaml" <<'EOF'
title: Translations
base_url: https://translations.example/
default_language: en
languages:
  - { code: en, name: English }
  - { code: fr, name: Français }
  - { code: es, name: Español }
collections:
  resources: {}
EOF
page content/index.md "Home"
page content/index.fr.md "Accueil"
page content/index.es.md "Inicio"
page content/about.md "About"
page content/about.fr.md "À propos"
page content/resources/index.md "Resources"
page content/resources/x/index.md "A resource"
page content/resources/x/index.fr.md "Une ressource"
page content/resources/x/index.es.md "Un recurso"
at 2024-01-10 Ana "Add the site" >/dev/null
page content/about.md "About the Network"
clarify=$(at 2024-02-10 Ana "Clarify the mandate")
page content/resources/x/index.md "A resource, updated"
update=$(at 2024-03-10 Bo "Update the resource")
page content/resources/x/index.es.md "Un recurso, actualizado"
at 2024-04-10 Tom "Translate the resource into Spanish" >/dev/null
git -C "$repo" mv content/resources/x content/resources/y
at 2024-05-10 Ana "Move the resource" >/dev/null
page content/about.md "About the Global Judicial Integrity Network"
expand=$(at 2024-06-10 Ana "Expand the about page")

check "text report: succeeds" sh -c "'$JISITE' translations -C '$repo' >'$tmp/out.txt' 2>'$tmp/err'"
check "text report: nothing on stderr" test ! -s "$tmp/err"
check "text report: French counts" grep -qx 'Français (fr): 2 outdated, 1 missing, 1 up to date' "$tmp/out.txt"
check "text report: Spanish counts" grep -qx 'Español (es): 2 missing, 2 up to date' "$tmp/out.txt"
check "text report: an outdated translation" grep -Eq '^  outdated +content/about\.fr\.md$' "$tmp/out.txt"
check "text report: the commits since, with short id, date and summary" \
	grep -Eq "^ +$(echo "$clarify" | cut -c1-7) 2024-02-10 Clarify the mandate$" "$tmp/out.txt"
check "text report: a missing translation" grep -Eq '^  missing +content/resources/index\.es\.md$' "$tmp/out.txt"
check "text report: an up-to-date translation" grep -Eq '^  up to date +content/index\.fr\.md$' "$tmp/out.txt"

check "JSON report: succeeds" report "$repo"
check "JSON report: parses" python3 -m json.tool "$tmp/out.json" /dev/null
check "JSON report: HEAD" test "$(q "r['head']")" = "$expand"
check "JSON report: two languages" test "$(q "[l['code'] for l in r['languages']]")" = "['fr', 'es']"
check "JSON report: an original changed twice since its translation" \
	test "$(q "[c['id'] for c in f('fr', 'content/about.fr.md')['changes']]")" = "['$expand', '$clarify']"
check "JSON report: a change's date and summary" \
	test "$(q "f('fr', 'content/about.fr.md')['changes'][1]['date'] + ' ' + f('fr', 'content/about.fr.md')['changes'][1]['summary']")" = "2024-02-10 Clarify the mandate"
check "JSON report: a moved item's history follows it (the move itself is no change)" \
	test "$(q "[c['id'] for c in f('fr', 'content/resources/y/index.fr.md')['changes']]")" = "['$update']"
check "JSON report: a translation updated since is up to date" \
	test "$(q "f('es', 'content/resources/y/index.es.md')['status']")" = up_to_date
check "JSON report: missing" test "$(q "f('es', 'content/about.es.md')['status']")" = missing
check "JSON report: counts" test "$(q "[l['counts'] for l in r['languages']][0]")" = \
	"{'outdated': 2, 'missing': 1, 'uncommitted': 0, 'unknown': 0, 'up_to_date': 1, 'front_matter_only': 0, 'needs_review': 0}"
check "JSON report: the walk was cached, in the user's cache folder" sh -c "ls '$tmp/xdg'/jisite/history-*/gitinfo"
check "and neither in .git nor in .jisite-cache" sh -c "! ls -d '$repo/.git/jisite' '$repo/.jisite-cache/gitinfo' 2>/dev/null"
cp "$tmp/out.json" "$tmp/first.json"
check "JSON report: the same from the cache" sh -c "'$JISITE' translations -C '$repo' --format json | cmp - '$tmp/first.json'"

check "--lang es: succeeds" report "$repo" --lang es
check "--lang es: only Spanish" test "$(q "[l['code'] for l in r['languages']]")" = "['es']"
check "--lang fr in text: no Spanish" sh -c "'$JISITE' translations -C '$repo' --lang fr | grep -q '^Français' &&
	! '$JISITE' translations -C '$repo' --lang fr | grep -q Español"

page content/about.es.md "Acerca de"
check "a translation not committed: succeeds" report "$repo"
check "a translation not committed: said so" test "$(q "f('es', 'content/about.es.md')['status']")" = uncommitted
rm "$repo/content/about.es.md"

status() { "$JISITE" translations -C "$repo" "$@" >/dev/null 2>&1; echo $?; }
check "usage: an unknown language exits 2" test "$(status --lang xx)" = 2
check "usage: the originals' language exits 2" test "$(status --lang en)" = 2
check "usage: an unknown format exits 2" test "$(status --format yaml)" = 2
check "usage: an unknown option exits 2" test "$(status --frobnicate)" = 2
page "content/Bad name.md" "Bad"
check "content error: exits 1" test "$(status)" = 1
check "content error: reported with its place" sh -c "'$JISITE' translations -C '$repo' 2>&1 >/dev/null |
	grep -q \"^content/Bad name.md:1:1: error: 'Bad name.md'\""
rm "$repo/content/Bad name.md"

mkdir "$tmp/plain"
cp -R "$repo/site.yaml" "$repo/content" "$tmp/plain/"
check "outside a repository: succeeds" report "$tmp/plain"
check "outside a repository: existing translations are unknown" \
	test "$(q "(r['git'], f('fr', 'content/about.fr.md')['status'], f('es', 'content/about.es.md')['status'])")" = \
	"(False, 'unknown', 'missing')"
check "outside a repository: the text says so" sh -c "'$JISITE' translations -C '$tmp/plain' | grep -q '^not a git repository'"

# shallow clones: the history stops at the boundary, whose commit counts as changing every file
git clone -q --depth 2 "file://$repo" "$tmp/depth2"
check "depth 2: succeeds" report "$tmp/depth2"
check "depth 2: parses" python3 -m json.tool "$tmp/out.json" /dev/null
check "depth 2: says it is shallow" test "$(q "r['shallow']")" = True
check "depth 2: and warns, once" test "$(grep -c 'shallow clone' "$tmp/err")" = 1
check "depth 2: a change after the boundary is found" \
	test "$(q "[c['id'] for c in f('fr', 'content/about.fr.md')['changes']]")" = "['$expand']"
check "depth 2: one before it is not (the fallback)" \
	test "$(q "f('fr', 'content/resources/y/index.fr.md')['status']")" = up_to_date
git clone -q --depth 1 "file://$repo" "$tmp/depth1"
check "depth 1: succeeds" report "$tmp/depth1"
check "depth 1: says it is shallow" test "$(q "r['shallow']")" = True
check "depth 1: every translation there counts as up to date" \
	test "$(q "[l['counts']['up_to_date'] for l in r['languages']]")" = "[3, 2]"
check "depth 1: the text report warns too" sh -c "'$JISITE' translations -C '$tmp/depth1' 2>&1 >/dev/null |
	grep -q '^jisite: warning: a shallow clone'"
finish
