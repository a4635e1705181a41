#!/usr/bin/env python3
"""Checks offline copies (ZIP archives) the way a court opening them from disk would meet them.

For every HTML page in every archive: each link and resource (href, src) that is not external must lead to a
file inside the archive - not to a folder (a folder opened from disk shows a listing, not its page), not out of
the archive, not to an absolute address of the site itself. Also: everything is in one folder named after the
archive ("site-fr/" in site-fr.zip), so unzipping it spills nothing into the current folder; that folder holds
an index.html; the entries are sorted, and no entry name could extract outside its folder.

usage: check_bundle.py --base-url URL ARCHIVE...
"""
import argparse
import posixpath
import sys
import zipfile
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit


class Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls = []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        for name in ("href", "src"):
            if a.get(name) is not None:
                self.urls.append((tag, name, a[name]))


def check(path, base_url):
    problems = []
    pages = 0
    with zipfile.ZipFile(path) as z:
        entries = z.namelist()
        if entries != sorted(entries):
            problems.append("entries are not sorted")
        for n in entries:
            if n.startswith("/") or ".." in n.split("/") or "\\" in n:
                problems.append(f"entry {n!r} could extract outside its folder")
        top = posixpath.basename(path)[: -len(".zip")] + "/"
        outside = [n for n in entries if not n.startswith(top)]
        if outside:
            problems.append(f"{len(outside)} entries outside the folder {top}, as {outside[0]!r}")
        names = [n[len(top):] for n in entries if n.startswith(top)]
        files = set(names)
        folders = {posixpath.dirname(n) for n in names}
        if "index.html" not in files:
            problems.append(f"no index.html in {top}")
        for name in names:
            if not name.endswith(".html"):
                continue
            pages += 1
            parser = Links()
            parser.feed(z.read(top + name).decode("utf-8"))
            if not parser.lang:
                problems.append(f"{name}: no <html lang>")
            here = posixpath.dirname(name)
            for tag, attr, url in parser.urls:
                where = f"{name}: <{tag} {attr}={url!r}>"
                if url.startswith(base_url):
                    problems.append(f"{where}: an absolute address of the site")
                    continue
                parts = urlsplit(url)
                if parts.scheme or parts.netloc:
                    continue  # external: http, https, mailto
                if not parts.path:
                    continue  # "#fragment" on the same page
                target = posixpath.normpath(posixpath.join(here, unquote(parts.path)))
                if target == ".." or target.startswith("../") or target.startswith("/"):
                    problems.append(f"{where}: leads out of the archive")
                elif parts.path.endswith("/") or target in folders or target == ".":
                    problems.append(f"{where}: leads to a folder, not a page")
                elif target not in files:
                    problems.append(f"{where}: {target} is not in the archive")
    return pages, problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base-url", required=True)
    ap.add_argument("archives", nargs="+")
    args = ap.parse_args()
    failed = 0
    total = 0
    for path in args.archives:
        pages, problems = check(path, args.base_url)
        total += pages
        for p in problems[:20]:
            print(f"{path}: {p}")
        if len(problems) > 20:
            print(f"{path}: ... and {len(problems) - 20} more")
        failed += len(problems)
    print(f"checked {total} pages in {len(args.archives)} archives: {failed} problems")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
