#!/usr/bin/env python3
"""The reader's site of the default theme, in a built site of the Network (tests/e2e/theme.sh):

  home      every language's home page shows site.yaml's lists: the next events (upcoming, soonest first),
            the latest news and opinion (newest first), the featured items, the newest podcast episode
            and the newest resources, each item with its date where the list has one
  notfound  every language has a 404.html with the site's header and footer, whose URLs are paths from
            base_url's ("/en/") and lead to files of the site; the root 404.html links to every language's
            home and sends a reader to their language's page
  meta      every page has a description (an item's summary) and Open Graph tags with an absolute URL
  subscribe the listings of the feeds' collections and the home page link to their feeds, visibly
  frame     every page has the icon, the compact header (menu and languages as <details>) and the footer
            with the licence, the contact and about pages

usage: check_theme.py PUBLIC_DIR BASE_URL TODAY CHECK...
"""
import html
import os
import re
import sys
from html.parser import HTMLParser

LANGS = "en ar ms zh hr fr it ko pt ro ru es tr".split()


class Doc(HTMLParser):
    """The tags of a page, with their attributes, and the text."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.text = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def find(self, tag, **want):
        return [a for t, a in self.tags if t == tag and all(a.get(k.rstrip("_")) == v for k, v in want.items())]

    def meta(self, key, value):
        found = [a.get("content") for t, a in self.tags if t == "meta" and a.get(key) == value]
        return found[0] if found else None


def read(public, rel):
    with open(os.path.join(public, rel), encoding="utf-8") as f:
        return f.read()


def front_matter(path):
    text = open(path, encoding="utf-8").read()
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    return m.group(1) if m else ""


def field(fm, name):
    m = re.search(r"^" + name + r":\s*(?:>-?\n)?(.*?)(?=^\S|\Z)", fm + "\n", re.S | re.M)
    return " ".join(m.group(1).replace('"', "").split()) if m else None


def sections(page):
    """The home page's lists: name -> [(href, datetime or None)], in the page's order."""
    out = {}
    for m in re.finditer(r'<section class="home-list home-([a-z-]+)"(.*?)</section>', page, re.S):
        items = []
        for card in re.findall(r'<li class="card"[^>]*>(.*?)</li>', m.group(2), re.S):
            href = re.search(r'<h3><a href="([^"]+)"', card).group(1)
            when = re.search(r'<time datetime="([^"]+)"', card)
            items.append((href, when.group(1) if when else None))
        out[m.group(1)] = items
    return out


def check_home(public, base, today, problems):
    for lang in LANGS:
        page = read(public, f"{lang}/index.html")
        lists = sections(page)
        if list(lists) != ["events", "news", "featured", "podcast", "resources"]:
            problems.append(f"{lang}/index.html: lists {list(lists)}")
            continue
        events = lists["events"]
        if not events or len(events) > 3:
            problems.append(f"{lang}: {len(events)} upcoming events on the home page")
        dates = [w for _, w in events]
        if any(w is None or w < today for w in dates) or dates != sorted(dates):
            problems.append(f"{lang}: the next events are not upcoming, soonest first: {dates}")
        news = [w for _, w in lists["news"]]
        if len(news) != 4 or None in news or news != sorted(news, reverse=True):
            problems.append(f"{lang}: the latest news are not the 4 newest first: {news}")
        kinds = {h.split("/")[0] for h, _ in lists["news"]}
        if kinds != {"news", "opinion"}:
            problems.append(f"{lang}: the latest news come from {kinds}, not news and opinion")
        featured = [h for h, _ in lists["featured"]]
        for want in ("products/social-media-guidelines/", "resources/bangalore-principles/"):
            if want not in featured:
                problems.append(f"{lang}: {want} is not among the featured items {featured}")
        if len(lists["podcast"]) != 1 or not lists["podcast"][0][0].startswith("podcasts/"):
            problems.append(f"{lang}: the newest podcast episode: {lists['podcast']}")
        years = [w for _, w in lists["resources"]]
        if len(years) != 4 or None in years or years != sorted(years, reverse=True):
            problems.append(f"{lang}: the newest resources are not newest first: {years}")
        for href, _ in [x for items in lists.values() for x in items]:
            if not os.path.isfile(os.path.join(public, lang, href, "index.html")):
                problems.append(f"{lang}/index.html: {href} leads nowhere")


def check_notfound(public, base, today, problems):
    root = "/" + base.split("://", 1)[1].split("/", 1)[1]  # base_url's path
    for lang in LANGS:
        rel = f"{lang}/404.html"
        if not os.path.isfile(os.path.join(public, rel)):
            problems.append(f"{rel}: missing")
            continue
        page = read(public, rel)
        doc = Doc(page)
        if 'class="site-header"' not in page or 'class="site-footer"' not in page:
            problems.append(f"{rel}: no header or footer")
        if not doc.find("a", href=f"{root}{lang}/"):
            problems.append(f"{rel}: no link to {root}{lang}/")
        if not doc.find("a", href=f"{root}{lang}/search/"):
            problems.append(f"{rel}: no link to the search page")
        if doc.find("html")[0].get("lang") != lang:
            problems.append(f"{rel}: not in {lang}")
        for t, a in doc.tags:
            for attr in ("href", "src"):
                url = a.get(attr)
                if url is None or url.startswith(("#", "mailto:")):
                    continue
                if url.startswith("http"):
                    continue  # the repository, the licence
                if not url.startswith(root) or url.startswith("//"):
                    problems.append(f"{rel}: {attr}=\"{url}\" is relative, so it breaks at another address")
                else:
                    target = os.path.join(public, url[len(root):].split("#")[0].split("?")[0])
                    if os.path.isdir(target):
                        target = os.path.join(target, "index.html")
                    if not os.path.isfile(target):
                        problems.append(f"{rel}: {url} leads to no file")
    page = read(public, "404.html")
    doc = Doc(page)
    for lang in LANGS:
        links = doc.find("a", href=f"{root}{lang}/", hreflang=lang)
        if not links or links[0].get("data-not-found") != f"{root}{lang}/404.html":
            problems.append(f"404.html: no link to {lang}'s home with its 404 page")
    if "navigator.languages" not in page or "location.replace" not in page:
        problems.append("404.html: no script sending the reader to their language")


def walk(public):
    for lang in LANGS:
        for dirpath, _, files in os.walk(os.path.join(public, lang)):
            for name in files:
                if name == "index.html":
                    yield os.path.relpath(os.path.join(dirpath, name), public)


def check_meta(public, base, today, problems):
    content = os.path.join(os.path.dirname(public.rstrip("/")), "content")
    pages = 0
    for rel in walk(public):
        pages += 1
        doc = Doc(read(public, rel))
        lang = rel.split("/")[0]
        url = base + rel[: -len("index.html")]
        if not doc.meta("name", "description"):
            problems.append(f"{rel}: no description")
        for key, want in (("og:url", url), ("og:locale", lang), ("og:type", None), ("og:title", None),
                          ("og:site_name", None), ("og:description", None)):
            got = doc.meta("property", key)
            if not got or (want and got != want):
                problems.append(f"{rel}: {key} is {got!r}, expected {want or 'some text'}")
    # an item's description is its summary
    for rel, md in (("en/resources/bangalore-principles/index.html", "resources/bangalore-principles/index.md"),
                    ("fr/products/social-media-guidelines/index.html", "products/social-media-guidelines/index.fr.md")):
        want = field(front_matter(os.path.join(content, md)), "summary")
        got = Doc(read(public, rel)).meta("name", "description")
        if got != want:
            problems.append(f"{rel}: description {got!r}, expected the summary {want!r}")
    # a page without a summary in its language (the news listing's introduction) describes itself with the site's description, in its language
    want = re.search(r"^  footer_note: (.*)$", open(os.path.join(content, "..", "translations", "fr.yaml"),
                                                      encoding="utf-8").read(), re.M).group(1).strip('"')
    got = Doc(read(public, "fr/news/index.html")).meta("name", "description")
    if html.unescape(got or "") != want:
        problems.append(f"fr/news/index.html: description {got!r}, expected the site's {want!r}")
    if pages < 100:
        problems.append(f"only {pages} pages checked")


def check_subscribe(public, base, today, problems):
    want = {"index.html": "feed.atom", "news/index.html": "feed.atom", "opinion/index.html": "feed.atom",
            "podcasts/index.html": "podcasts/feed.xml", "events/index.html": "events.ics"}
    for lang in LANGS:
        for rel, feed in want.items():
            page = read(public, f"{lang}/{rel}")
            m = re.search(r'<p class="subscribe">(.*?)</p>', page, re.S)
            hrefs = re.findall(r'href="([^"]+)"', m.group(1)) if m else []
            targets = [os.path.normpath(os.path.join(os.path.dirname(f"{lang}/{rel}"), h)) for h in hrefs]
            if f"{lang}/{feed}" not in targets:
                problems.append(f"{lang}/{rel}: no visible link to {feed} (found {hrefs})")
            for t in targets:
                if not os.path.isfile(os.path.join(public, t)):
                    problems.append(f"{lang}/{rel}: {t} does not exist")
        if '<p class="subscribe">' in read(public, f"{lang}/resources/index.html"):
            problems.append(f"{lang}/resources/index.html: subscribe links on a listing without a feed")


def check_frame(public, base, today, problems):
    for rel in walk(public):
        page = read(public, rel)
        doc = Doc(page)
        icons = [a for a in doc.find("link", rel="icon") if a.get("type") == "image/svg+xml"]
        if not icons or not os.path.isfile(os.path.normpath(os.path.join(public, os.path.dirname(rel), icons[0]["href"]))):
            problems.append(f"{rel}: no icon")
        if not re.search(r'<details class="drop nav-phone">\s*<summary>', page):
            problems.append(f"{rel}: no menu button")
        if not re.search(r'<details class="drop languages">\s*<summary>', page):
            problems.append(f"{rel}: no language button")
        footer = page[page.find('<footer class="site-footer">'):]
        if 'rel="license"' not in footer or "https://creativecommons.org/licenses/by/4.0/" not in footer:
            problems.append(f"{rel}: no licence in the footer")
        for want in ("contact/", "about/"):
            if not re.search(r'href="[./]*' + want + '"', footer) and not footer.count('href="./"'):
                problems.append(f"{rel}: the footer does not link to {want}")


def main():
    public, base, today = sys.argv[1:4]
    problems = []
    for name in sys.argv[4:]:
        globals()["check_" + name](public, base, today, problems)
    for p in problems[:50]:
        print(p)
    print(f"{' '.join(sys.argv[4:])}: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
