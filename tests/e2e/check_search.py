#!/usr/bin/env python3
"""Checks the search indexes of a built site (generator/search.h describes the format).

usage: check_search.py PUBLIC [--expect FILE]

For every language folder of PUBLIC with search/search-index.js: the file is `jisiteSearch(<JSON>);`, every
doc leads to a page of that language, facet values and languages are in range, terms are unique and in
JavaScript's order, and every posting list decodes to ascending docs. With --expect, each line
`lang<TAB>term<TAB>url<TAB>title|text` must hold: the term's postings include the doc with that url,
found in its title or only elsewhere. Prints "ok - ..." / "not ok - ..." lines and exits 1 on a failure.
"""
import argparse
import json
import os
import sys

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
failures = 0


def check(ok, name, note=None):
    global failures
    print(("ok - " if ok else "not ok - ") + name)
    if not ok:
        failures += 1
        if note:
            print("#   " + str(note))
    return ok


def decode(chunk):
    """(doc, in_title) pairs of one posting list."""
    out, prev, acc, shift = [], -1, 0, 0
    for ch in chunk:
        d = ALPHABET.index(ch)
        if d >= 32:
            acc += (d - 32) << shift
            shift += 5
            continue
        n = acc + (d << shift)
        acc, shift = 0, 0
        doc = prev + 1 + (n >> 1)
        out.append((doc, bool(n & 1)))
        prev = doc
    if shift:
        raise ValueError("a number is cut short")
    return out


def js_key(s):
    """JavaScript's order of strings: UTF-16 code units."""
    return s.encode("utf-16-be")


def load(path):
    text = open(path, encoding="utf-8").read()
    if not text.startswith("jisiteSearch(") or not text.endswith(");\n"):
        raise ValueError("not jisiteSearch(...);")
    return json.loads(text[len("jisiteSearch("):-3])


def check_index(public, lang, path):
    name = f"{lang}/search/search-index.js"
    try:
        x = load(path)
    except (ValueError, json.JSONDecodeError) as e:
        check(False, f"{name}: loads", e)
        return None
    problems = []
    if x.get("v") != 1 or x.get("lang") != lang:
        problems.append(f"version {x.get('v')}, language {x.get('lang')}")
    nlangs, facets, docs = len(x["langs"]), x["facets"], x["docs"]
    for i, d in enumerate(docs):
        title, summary, url, year, dlang, *values = d
        if not title or not isinstance(summary, str) or not url.endswith("/") or url.startswith("/"):
            problems.append(f"doc {i}: title {title!r}, url {url!r}")
        if not os.path.isfile(os.path.join(public, lang, url, "index.html")):
            problems.append(f"doc {i}: no page at {lang}/{url}")
        if not isinstance(year, int) or not 0 <= dlang < nlangs or len(values) != len(facets):
            problems.append(f"doc {i}: year {year!r}, language {dlang}, {len(values)} facet lists")
        for f, vals in zip(facets, values):
            if any(not 0 <= v < len(f["values"]) for v in vals):
                problems.append(f"doc {i}: value out of range in {f['name']}: {vals}")
    years = [d[3] for d in docs]
    if years != sorted(years, reverse=True):
        problems.append("docs are not newest first")
    terms = x["terms"].split(" ") if x["terms"] else []
    posts = x["post"].split(" ") if x["post"] else []
    if len(terms) != len(posts):
        problems.append(f"{len(terms)} terms but {len(posts)} posting lists")
    if terms != sorted(set(terms), key=js_key):
        problems.append("terms are not unique and in JavaScript's order")
    postings = {}
    for t, chunk in zip(terms, posts):
        try:
            p = decode(chunk)
        except ValueError as e:
            problems.append(f"term {t}: {e}")
            continue
        if not p or any(not 0 <= doc < len(docs) for doc, _ in p):
            problems.append(f"term {t}: postings out of range")
        postings[t] = p
    check(not problems, f"{name}: {len(docs)} docs, {len(terms)} terms, well formed", "; ".join(problems[:5]))
    return x, postings


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("public")
    ap.add_argument("--expect")
    args = ap.parse_args()
    indexes = {}
    for lang in sorted(os.listdir(args.public)):
        path = os.path.join(args.public, lang, "search", "search-index.js")
        if os.path.isfile(path):
            got = check_index(args.public, lang, path)
            if got:
                indexes[lang] = got
    check(bool(indexes), "the site has search indexes")
    if args.expect:
        for line in open(args.expect, encoding="utf-8"):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            lang, term, url, where = line.split("\t")
            x, postings = indexes.get(lang, ({"docs": []}, {}))
            docs = {doc: title for doc, title in postings.get(term, [])}
            found = [i for i, d in enumerate(x["docs"]) if d[2] == url]
            ok = bool(found) and found[0] in docs and docs[found[0]] == (where == "title")
            check(ok, f"{lang}: '{term}' finds {url} in its {where}",
                  f"term in docs {sorted(docs)}; {url} is doc {found}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
