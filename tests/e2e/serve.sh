#!/bin/sh
# jisite serve on a copy of the Network's site: what it answers (content types, folders, 404, redirects),
# that no path leaves the preview folder however it is spelled, that only the pages it sends carry the
# reload script, that a saved file is rebuilt and reported to the event stream (and an editor's swap file
# is not), that folders made later are watched, and that SIGTERM stops it cleanly. Then the browser
# checks of tests/browser/serve.mjs (reload, the errors' overlay, a stylesheet swapped in place).
. tests/e2e/lib.sh
tmp=$(mktemp -d)
pid=""
stop_serve() { [ -z "$pid" ] || kill "$pid" 2>/dev/null; pid=""; }
trap 'stop_serve; if [ -n "$SERVE_KEEP" ]; then echo "# kept $tmp"; else rm -rf "$tmp"; fi' EXIT
site="$tmp/site"
copy_network_site "$site"
# a draft, which the preview shows and a published build leaves out (tests/e2e/drafts.sh)
"$JISITE" new resources serve-draft -C "$site" >/dev/null
sed -i 's/^title: .*/title: "Servedraftmarker"/' "$site/content/resources/serve-draft/index.md"

"$JISITE" serve -C "$site" --port 0 >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 100); do grep -q '^serving ' "$tmp/out" && break; sleep 0.1; done
port=$(sed -n 's|^serving http://127\.0\.0\.1:\([0-9]*\)/$|\1|p' "$tmp/out")
check "serve prints the address it serves" test -n "$port"
[ -n "$port" ] || { cat "$tmp/err"; finish; exit 1; }
base="http://127.0.0.1:$port"
preview="$site/.jisite-cache/serve"
check "the preview is built into .jisite-cache/serve/" test -f "$preview/en/about/index.html"
check "the first build's summary" grep -q '^built in [0-9.]* s: [0-9]* pages$' "$tmp/err"

# get PATH: status, content type and Location of PATH in $tmp/head, its body in $tmp/body
get() {
	curl -s --path-as-is -o "$tmp/body" -w '%{http_code}|%{content_type}|%{redirect_url}' "$base$1" >"$tmp/head"
}
answers() { # answers PATH STATUS CONTENT-TYPE
	get "$1"
	check "$1: $2 $3 (got $(cat "$tmp/head"))" test "$(cut -d'|' -f1,2 "$tmp/head")" = "$2|$3"
}
answers / 200 "text/html; charset=utf-8"
# a second preview on the same port is told it is taken (never shares it), before it builds anything
timeout 60 "$JISITE" serve -C "$site" --port "$port" >/dev/null 2>"$tmp/busy"
check "a port in use is a usage error (got $?)" test $? -eq 2
check "... said at once, before building" sh -c "grep -q '^jisite: cannot listen on 127.0.0.1 port $port' '$tmp/busy' && ! grep -q '^built' '$tmp/busy'"
answers /en/ 200 "text/html; charset=utf-8"
check "/en/: the English home page" grep -q '<html lang="en"' "$tmp/body"
check "/en/: served with the reload script" grep -q '<script src="/_jisite/reload.js"></script>' "$tmp/body"
check "/en/: one script, before </body>" \
	sh -c "test \$(grep -c _jisite '$tmp/body') -eq 1 && grep -A1 '_jisite/reload.js' '$tmp/body' | grep -q '</body>'"
css=$(cd "$preview" && ls assets/*.css | head -n 1)
answers "/$css" 200 "text/css; charset=utf-8"
check "a stylesheet is sent as it is" cmp -s "$tmp/body" "$preview/$css"
answers /sitemap.xml 200 "application/xml; charset=utf-8"
answers /robots.txt 200 "text/plain; charset=utf-8"
answers /en/events.ics 200 "text/calendar; charset=utf-8"
answers /en/feed.atom 200 "application/atom+xml; charset=utf-8"
png=$(cd "$preview" && find . -name '*.png' | head -n 1 | sed 's|^\.||')
answers "$png" 200 "image/png"
svg=$(cd "$preview" && find . -name '*.svg' | head -n 1 | sed 's|^\.||')
answers "$svg" 200 "image/svg+xml; charset=utf-8"
answers /_jisite/reload.js 200 "text/javascript; charset=utf-8"
check "HEAD answers too" sh -c "curl -sI '$base/en/' | grep -q '^HTTP/1.1 200'"
check "POST is refused (405)" test "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$base/en/")" = 405

get /en/about
check "a folder without its slash redirects to the slash form ($(cat "$tmp/head"))" \
	test "$(cut -d'|' -f1,3 "$tmp/head")" = "302|$base/en/about/"
answers /en/no-such-page/ 404 "text/html; charset=utf-8"
check "the site's 404 page (the theme's root one), with the reload script" \
	sh -c "grep -q 'Page not found' '$tmp/body' && grep -q _jisite/reload.js '$tmp/body'"
mv "$preview/404.html" "$tmp/404.html"
answers /en/no-such-page/ 404 "text/html; charset=utf-8"
check "without one, the plain 404 page says so, with the reload script" \
	sh -c "grep -q '404 not found' '$tmp/body' && grep -q _jisite/reload.js '$tmp/body'"
printf '<!DOCTYPE html><title>Lost</title><body><p>The site own 404 page</p></body>\n' >"$preview/404.html"
answers /en/no-such-page/ 404 "text/html; charset=utf-8"
check "the site's own 404.html, when the output has one" grep -q 'The site own 404 page' "$tmp/body"
mv "$tmp/404.html" "$preview/404.html"
answers /.jisite-output 404 "text/html; charset=utf-8"

# No path outside the output, however spelled: never the file, and never a 200
ln -s /etc "$preview/etc-link"
for p in /../etc/passwd /../../etc/passwd /%2e%2e/%2e%2e/etc/passwd /..%2f..%2fetc/passwd //etc/passwd \
	/en/%2e%2e/%2e%2e/%2e%2e/etc/hosts /en/..%5c..%5c..%5cetc/passwd '/en\..\..\etc\passwd' /%2E%2E/etc/passwd \
	/en/%2e/about/ '/etc/passwd%00.html' /etc-link/passwd /etc-link/ /en/.%2e/.%2e/etc/passwd; do
	get "$p"
	status=$(cut -d'|' -f1 "$tmp/head")
	check "$p is refused (got $status)" sh -c "[ '$status' = 403 ] || [ '$status' = 404 ]"
	check "$p: not the file" sh -c "! grep -q -e '^root:' -e 'localhost' '$tmp/body'"
done
rm "$preview/etc-link"

answers /en/resources/serve-draft/ 200 "text/html; charset=utf-8"
check "the preview shows a draft" grep -q Servedraftmarker "$tmp/body"
check "and lists it" sh -c "grep -rl Servedraftmarker '$preview/en/resources' | grep -qv serve-draft"

check "no built file has the reload script" sh -c "! grep -rq _jisite '$preview'"

# A saved file is rebuilt and reported to a connected page; a burst of saves is one build
events() { curl -sN --max-time "$1" "$base/_jisite/events" >"$tmp/events" 2>/dev/null; }
listen() { # listen: an event stream into $tmp/events, in the background, until heard
	curl -sN --max-time 20 "$base/_jisite/events" >"$tmp/events" 2>/dev/null &
	curl_pid=$!
	for _ in $(seq 50); do grep -q '"hello":true' "$tmp/events" 2>/dev/null && break; sleep 0.05; done
}
heard() { # heard PATTERN: waits (up to 15 s) until the stream has PATTERN, then ends the stream
	for _ in $(seq 150); do grep -q "$1" "$tmp/events" && break; sleep 0.1; done
	kill "$curl_pid" 2>/dev/null
	wait "$curl_pid" 2>/dev/null
	grep -q "$1" "$tmp/events"
}
listen
echo "A sentence added by the test." >>"$site/content/about.md"
heard '"build":2'
check "the event stream greets a page with the state" grep -q '^data: {"build":1,"hello":true' "$tmp/events"
# (the first rebuild after a full build may be a full one: then every page looks for itself)
check "a saved page's build is reported with its path, or as a full build" \
	grep -q -e '"changed":\[[^]]*"en/about/index.html"' -e '"build":2,[^}]*"full":true' "$tmp/events"
check "the rebuilt page has the new text" \
	sh -c "curl -s '$base/en/about/' | grep -q 'A sentence added by the test.'"
check "the rebuild's summary" \
	grep -q -e '^rebuilt in [0-9.]* s: [0-9]* pages\?, [0-9]* files\? changed$' -e '^rebuilt in [0-9.]* s: [0-9]* pages$' "$tmp/err"

builds=$(grep -c '^rebuilt\|^nothing changed\|^build failed' "$tmp/err")
events 2 &
sleep 0.3
for i in 1 2 3 4 5; do
	cp "$site/content/about.md" "$site/content/.about.md.tmp" &&
		echo "Saved $i." >>"$site/content/.about.md.tmp" && mv "$site/content/.about.md.tmp" "$site/content/about.md"
done
wait $!
check "a burst of five saves is one build" \
	test "$(grep -c '^rebuilt\|^nothing changed\|^build failed' "$tmp/err")" -eq $((builds + 1))
check "... reported once" test "$(grep -c '^data: {"build"' "$tmp/events")" -eq 2

builds=$(grep -c '^rebuilt\|^nothing changed\|^build failed' "$tmp/err")
echo swap >"$site/content/.about.md.swp"
echo backup >"$site/content/about.md~"
echo vim >"$site/content/4913"
sleep 0.5
check "editors' swap and backup files are no change" \
	test "$(grep -c '^rebuilt\|^nothing changed\|^build failed' "$tmp/err")" -eq "$builds"
rm -f "$site/content/.about.md.swp" "$site/content/about.md~" "$site/content/4913"

# a folder made after serve started is watched: a resource copied in, then edited
some=$(ls "$site/content/resources" | head -n 1)
cp -R "$site/content/resources/$some" "$tmp/new-resource"
mv "$tmp/new-resource" "$site/content/resources/serve-test-copy"
for _ in $(seq 40); do [ -f "$preview/en/resources/serve-test-copy/index.html" ] && break; sleep 0.1; done
check "a resource folder moved in is built" test -f "$preview/en/resources/serve-test-copy/index.html"
sleep 0.2
echo "Edited in the new folder." >>"$site/content/resources/serve-test-copy/index.md"
for _ in $(seq 40); do grep -q 'Edited in the new folder' "$preview/en/resources/serve-test-copy/index.html" && break; sleep 0.1; done
check "a file in a folder made later is watched" \
	grep -q 'Edited in the new folder' "$preview/en/resources/serve-test-copy/index.html"

# a broken file: the terminal and the stream say where
listen
cp "$site/site.yaml" "$tmp/site.yaml"
printf 'serve_test: "unclosed\n' >>"$site/site.yaml"
heard '"ok":false'
check "a broken site.yaml: the stream carries the diagnostic" grep -q '"errors":1,"diagnostics":\["site.yaml:' "$tmp/events"
check "... the terminal prints it and the summary" grep -q '^build failed in [0-9.]* s: 1 error; the last good pages are still served$' "$tmp/err"
check "... the last good pages are still served" test "$(curl -s -o /dev/null -w '%{http_code}' "$base/en/about/")" = 200
cp "$tmp/site.yaml" "$site/site.yaml"
sleep 0.5
check "... a fixed site.yaml is built again" sh -c "tail -n 1 '$tmp/err' | grep -q '^rebuilt\|^nothing changed'"

kill "$pid"
wait "$pid"
rc=$?
pid=""
check "SIGTERM stops serve with status 0 (got $rc)" test "$rc" -eq 0
check "a second serve starts on the kept cache, incrementally" \
	sh -c "'$JISITE' serve -C '$site' --port 0 >'$tmp/out2' 2>'$tmp/err2' & p=\$!; for _ in \$(seq 100); do grep -q serving '$tmp/out2' && break; sleep 0.1; done; kill \$p; wait \$p && grep -q '^nothing changed\|^built' '$tmp/err2'"

# --no-drafts: the site as it would be published
"$JISITE" serve -C "$site" --port 0 --no-drafts >"$tmp/out3" 2>"$tmp/err3" &
pid=$!
for _ in $(seq 100); do grep -q '^serving ' "$tmp/out3" && break; sleep 0.1; done
port3=$(sed -n 's|^serving http://127\.0\.0\.1:\([0-9]*\)/$|\1|p' "$tmp/out3")
check "serve --no-drafts leaves the draft out" \
	test "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port3/en/resources/serve-draft/")" = 404
check "... and out of every page of the preview" sh -c "! grep -rq Servedraftmarker '$preview'"
stop_serve

# a site never built before: serve's first build makes the spare folder too (build_options.ready_spare),
# so even the first edit is an incremental build, not one that links every file first
fresh="$tmp/fresh"
mkdir -p "$fresh"
cp -R tests/sites/good/. "$fresh"
cp -R themes "$fresh/themes"
"$JISITE" serve -C "$fresh" --port 0 >"$tmp/out4" 2>"$tmp/err4" &
pid=$!
for _ in $(seq 100); do grep -q '^serving ' "$tmp/out4" && break; sleep 0.1; done
check "a new site's first build makes the spare, its files linked to the preview's" \
	test "$(stat -c %i "$fresh/.jisite-cache/.serve.spare/en/about/index.html" 2>/dev/null)" = \
	"$(stat -c %i "$fresh/.jisite-cache/serve/en/about/index.html")"
echo "One more sentence." >>"$fresh/content/about.md"
for _ in $(seq 100); do grep -q '^rebuilt' "$tmp/err4" && break; sleep 0.1; done
check "a new site's first edit is rebuilt incrementally" \
	grep -q '^rebuilt in [0-9.]* s: [0-9]* pages\?, [0-9]* files\? changed$' "$tmp/err4"
stop_serve

check "serve --help" sh -c "'$JISITE' serve --help | grep -q 'no-drafts'"
check "serve: a bad option is a usage error" sh -c "'$JISITE' serve --port 70000 2>/dev/null; test \$? -eq 2"
check "serve: a bad address is a usage error" sh -c "'$JISITE' serve -C '$site' --port 0 --bind nowhere 2>/dev/null; test \$? -eq 2"
check "build --out .jisite-cache/serve is still refused" \
	sh -c "'$JISITE' build -C '$site' --out .jisite-cache/serve 2>/dev/null; test \$? -eq 2"

# the browser: reloads, the overlay, a stylesheet swapped in place
if [ -d node_modules/playwright-core ]; then
	node_checks "browser" tests/browser/serve.mjs "$JISITE"
else
	fail "browser: node_modules/playwright-core is missing (make node_modules)"
fi
finish
