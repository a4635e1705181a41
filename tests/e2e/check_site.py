#!/usr/bin/env python3
"""Checks a built site as a visitor would meet it: every internal href and src of every page resolves to a
file of the site, every page says its language (and direction), and every page links to the same page in
each other language (but for the "not found" pages, 404.html: served at any address, they link with paths
from the site's root, which tests/e2e/theme.sh checks). Prints one line per problem and exits 1 if there is any.

usage: check_site.py PUBLIC_DIR --languages en,fr,ar --rtl ar
"""
import argparse
import os
import sys
from html.parser import HTMLParser
from urllib.parse import urlsplit, unquote


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls = []        # (attribute, value)
        self.html_attrs = None
        self.hreflang = {}    # hreflang -> href

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html" and self.html_attrs is None:
            self.html_attrs = a
        for name in ("href", "src"):
            if a.get(name) is not None:
                self.urls.append((name, a[name]))
        if a.get("hreflang") and a.get("href") is not None:
            self.hreflang.setdefault(a["hreflang"], a["href"])


def internal_target(page_path, url):
    """The file an internal URL leads to, or None for external and same-page URLs."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("//"):
        return None
    if not parts.path:
        return None  # "#fragment" or "?query" on the same page
    target = os.path.normpath(os.path.join(os.path.dirname(page_path), unquote(parts.path)))
    if url.split("#")[0].split("?")[0].endswith("/") or os.path.isdir(target):
        target = os.path.join(target, "index.html")
    return target


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("public")
    ap.add_argument("--languages", required=True)
    ap.add_argument("--rtl", default="")
    args = ap.parse_args()
    langs = args.languages.split(",")
    rtl = set(filter(None, args.rtl.split(",")))
    root = os.path.abspath(args.public)
    problems = []
    pages = 0

    for dirpath, _, files in os.walk(root):
        for name in sorted(files):
            if not name.endswith(".html"):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            if name == "404.html":
                continue  # served at any address, its links are paths from the root (tests/e2e/theme.sh)
            pages += 1
            p = Page()
            with open(path, encoding="utf-8") as f:
                p.feed(f.read())
            for attr, url in p.urls:
                target = internal_target(path, url)
                if target is None:
                    continue
                if not target.startswith(root + os.sep):
                    problems.append(f"{rel}: {attr}=\"{url}\" leads outside the site")
                elif not os.path.isfile(target):
                    problems.append(f"{rel}: {attr}=\"{url}\" does not resolve to a file")
            first = rel.split(os.sep)[0]
            attrs = p.html_attrs or {}
            if first in langs:
                if attrs.get("lang") != first:
                    problems.append(f"{rel}: <html lang=\"{attrs.get('lang')}\">, expected \"{first}\"")
                want_dir = "rtl" if first in rtl else "ltr"
                if attrs.get("dir", "ltr") != want_dir:
                    problems.append(f"{rel}: <html dir=\"{attrs.get('dir')}\">, expected \"{want_dir}\"")
                same = rel[len(first):]
                for other in langs:
                    if other == first:
                        continue
                    href = p.hreflang.get(other)
                    expected = os.path.normpath(os.path.join(root, other + same))
                    got = internal_target(path, href) if href is not None else None
                    if got is None or os.path.normpath(got) != expected:
                        problems.append(f"{rel}: no link to the {other} version ({other}{same})")
            elif not attrs.get("lang"):
                problems.append(f"{rel}: <html> has no lang")

    for line in problems:
        print(line)
    print(f"checked {pages} pages: {len(problems)} problems")
    return 1 if problems or not pages else 0


if __name__ == "__main__":
    sys.exit(main())
