#!/usr/bin/env python3
"""Search cases (tests/browser/search.mjs) for translated titles: for every item of the searched collections
with a title of its own in LANG, a query of the word of that title that is rarest among the language's
titles (two characters of it in Chinese, which the index cuts into pairs), which must find the item.

usage: title_cases.py SITE LANG... > cases.json
"""
import collections, json, os, re, sys

SEARCHED = ("resources", "products", "events", "news", "opinion", "podcasts", "videos", "sessions")


def title(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r'^title: *(.*)$', text.split("\n---\n")[0], re.M)
    if not m:
        return None
    t = m.group(1).strip()
    if t[:1] in "\"'":
        t = t[1:-1].replace('\\"', '"')
    return t


def words(lang, text):
    if lang == "zh":
        han = re.findall(r"[\u4e00-\u9fff]{2,}", text)
        return [r[i:i + 2] for r in han for i in range(len(r) - 1)]
    return [w for w in re.findall(r"[^\W\d_]{4,}", text)]


site, langs = sys.argv[1], sys.argv[2:]
cases = []
for lang in langs:
    items = []
    for col in SEARCHED:
        base = os.path.join(site, "content", col)
        for slug in sorted(os.listdir(base)) if os.path.isdir(base) else []:
            p = os.path.join(base, slug, f"index.{lang}.md")
            if os.path.isfile(p) and title(p):
                items.append((f"{col}/{slug}/", title(p)))
    counts = collections.Counter(w.lower() for _, t in items for w in set(words(lang, t)))
    for url, t in items:
        ws = words(lang, t)
        if not ws:
            continue
        best = min(ws, key=lambda w: (counts[w.lower()], -len(w)))
        cases.append({"lang": lang, "query": best, "includes": [url]})
json.dump(cases, sys.stdout, ensure_ascii=False, indent=0)
