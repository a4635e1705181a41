#!/bin/sh
# Raw HTML in Markdown (tests/sites/hostile-html: 88 vectors that try to run a script, each setting
# window.__pwned): the site builds, with a positioned warning for what was removed; then its pages are
# checked twice, statically (Python's html.parser: no script but the theme's, no on* attribute, no
# javascript:/data:/vbscript: URL, no embedded document, form, base, meta, svg or math in the content) and
# in Chromium (tests/browser/html-safety.mjs: no dialog, no script error, window.__pwned unset, no request
# outside the site, the same DOM checks). The vectors whose a href or img src the link policy refuses
# (tests/sites/hostile-html/refused) are errors with their positions, as Markdown links are.
. tests/e2e/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
site="$tmp/site"
mkdir -p "$site"
cp -R tests/sites/hostile-html/. "$site"
rm -rf "$site/refused"
cp -R themes "$site/themes"

check "the hostile site builds" sh -c "'$JISITE' build -C '$site' --no-bundles -q 2>'$tmp/stderr'"
for line in \
	'content/vectors/scripts/index.md:8:1: warning: <script> is not allowed in a page and was removed with its content' \
	'content/vectors/events/index.md:8:6: warning: the attribute onload of <img> is not allowed and was removed' \
	'content/vectors/foreign/index.md:16:1: warning: <math> is not allowed in a page and was removed with its content' \
	'content/vectors/attributes/index.md:12:20: warning: the attribute srcset of <img> is not allowed and was removed' \
	'content/vectors/attributes/index.md:20:1: warning: <form> is not allowed in a page and was removed, its content kept' \
	'content/vectors/misnested/index.md:52:1: warning: <plaintext> is not allowed in a page and was removed with its content'; do
	check "warns: ${line#*warning: }" grep -qxF "$line" "$tmp/stderr"
done
check "only warnings" sh -c "! grep -v ': warning: ' '$tmp/stderr'"
check "comments are removed without a word" sh -c "! grep -q 'comment' '$tmp/stderr'"
check "safe HTML stays" grep -qF '<details><summary>A <b>safe</b> summary</summary>' "$site/public/en/index.html"

# The static check: every page of the site; for the elements, the page's content (<div class="content">).
# Scripts: none in the content; elsewhere the theme's, from its assets or inline without a vector's text.
cat >"$tmp/check.py" <<'EOF'
import html.parser, os, re, sys

URL_ATTRS = {"href", "src", "action", "formaction", "data", "poster", "background", "cite", "ping", "srcdoc",
             "xlink:href", "codebase", "dynsrc", "lowsrc", "longdesc", "usemap", "manifest", "icon", "srcset"}
BANNED = {"iframe", "frame", "frameset", "object", "embed", "applet", "form", "base", "meta", "link", "svg", "math",
          "style", "template", "noscript", "textarea", "select", "button", "input", "plaintext", "xmp"}

class Check(html.parser.HTMLParser):
    def __init__(self, name):
        super().__init__(convert_charrefs=True)
        self.name, self.divs, self.problems, self.script = name, 0, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "div" and (self.divs or "content" in (dict(attrs).get("class") or "").split()):
            self.divs += 1
        for k, v in attrs:
            if k.startswith("on"):
                self.problems.append(f"{self.name}: <{tag} {k}>")
            if k in URL_ATTRS and v is not None:
                u = re.sub(r"[\t\n\r]", "", v).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                                       "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
                if re.match(r"(?i)(javascript|data|vbscript):", u):
                    self.problems.append(f"{self.name}: <{tag} {k}={v!r}>")
        if tag == "script":
            src = dict(attrs).get("src")
            if self.divs or (src is not None and ("assets/" not in src or src.startswith(("http:", "https:", "//")))):
                self.problems.append(f"{self.name}: <script {attrs}>")
            self.script = "" if src is None else None
        if self.divs and tag in BANNED and not (tag == "input" and ("type", "checkbox") in attrs):
            self.problems.append(f"{self.name}: <{tag}> in the content")

    def handle_endtag(self, tag):
        if tag == "div" and self.divs:
            self.divs -= 1
        if tag == "script" and self.script is not None and "__pwned" in self.script:
            self.problems.append(f"{self.name}: <script>{self.script[:60]}")
        if tag == "script":
            self.script = None

    def handle_data(self, data):
        if self.script is not None:
            self.script += data

problems, pages = [], 0
for root, _, files in os.walk(sys.argv[1]):
    for f in files:
        if f.endswith(".html"):
            path = os.path.join(root, f)
            c = Check(os.path.relpath(path, sys.argv[1]))
            c.feed(open(path, encoding="utf-8").read())
            c.close()
            problems += c.problems
            pages += 1
for p in problems:
    print("#  ", p)
print(f"# {pages} pages checked")
sys.exit(1 if problems or pages < 6 else 0)
EOF
check "no script, handler, dangerous URL or embedded document in any page (static)" \
	python3 "$tmp/check.py" "$site/public"

if [ -d node_modules/playwright-core ]; then
	node_checks "html safety in Chromium" tests/browser/html-safety.mjs "$site/public"
else
	fail "html safety in Chromium: node_modules/playwright-core is missing (make node_modules)"
fi

# The a href and img src the link policy refuses: errors at their places, and nothing is written.
refused="$tmp/refused"
cp -R "$site" "$refused"
rm -rf "$refused/public"
mkdir -p "$refused/content/vectors/refused"
cp tests/sites/hostile-html/refused/index.md "$refused/content/vectors/refused/index.md"
check "refused URLs fail the build" sh -c "! '$JISITE' build -C '$refused' --no-bundles -q 2>'$tmp/refused.err'"
grep ': error: ' "$tmp/refused.err" >"$tmp/refused.errors"
cat >"$tmp/refused.expected" <<'EOF'
content/vectors/refused/index.md:8:4: error: link to 'javascript:window.__pwned=1' is not allowed: use an http, https or mailto address
content/vectors/refused/index.md:12:4: error: link to 'javascript:window.__pwned=1' is not allowed: use an http, https or mailto address
content/vectors/refused/index.md:16:4: error: link to 'javascript:window.__pwned=1' is not allowed: use an http, https or mailto address
content/vectors/refused/index.md:20:4: error: link to 'javascript:window.__pwned=1' is not allowed: use an http, https or mailto address
content/vectors/refused/index.md:24:4: error: link to 'javascript:window.__pwned=1' is not allowed: use an http, https or mailto address
content/vectors/refused/index.md:28:4: error: link to 'JaVaScRiPt:window.__pwned=1' is not allowed: use an http, https or mailto address
content/vectors/refused/index.md:32:4: error: link to 'javascript:window.__pwned=1' is not allowed: use an http, https or mailto address
content/vectors/refused/index.md:36:4: error: link to 'javascript:window.__pwned=1' is not allowed: use an http, https or mailto address
content/vectors/refused/index.md:40:4: error: link to 'data:text/html,<script>window.__pwned=1</script>' is not allowed: use an http, https or mailto address
content/vectors/refused/index.md:44:4: error: link to 'vbscript:window.__pwned=1' is not allowed: use an http, https or mailto address
content/vectors/refused/index.md:48:4: error: link to '//evil.example/' is not allowed: use http or https explicitly
content/vectors/refused/index.md:52:6: error: image 'javascript:window.__pwned=1' is not allowed: use an http or https address
content/vectors/refused/index.md:56:6: error: image 'data:image/svg+xml,<svg onload=window.__pwned=1>' is not allowed: use an http or https address
EOF
check "each refused URL is an error at its place" diff "$tmp/refused.expected" "$tmp/refused.errors"
check "nothing is written when a URL is refused" test ! -e "$refused/public"
finish
