#!/usr/bin/env python3
"""Every field an item's front matter sets is shown on its page (in the default language).

Top-level texts and numbers must appear in the page's text; each element of a flow list too; a taxonomy
field ('topics', 'type', 'regions') is shown through its terms' labels and is skipped here; 'chapters' is
shown as the table of contents; 'featured' puts the item among the home page's featured items. Countries and
languages are shown by their names in the page's language (ICU's, which tests/unit/test_locale.c and
tests/e2e/values.sh check), so their codes are not looked for.

In the public build (--public), an item for members only (audience: members, its own or its collection's
in site.yaml) must have no page at all; the members' build shows every item.

usage: check_fields.py CONTENT_DIR PUBLIC_DIR DEFAULT_LANG [--public]
"""
import html
import os
import re
import sys

SKIP = {"topics", "type", "regions", "chapters", "countries", "languages", "captions", "featured"}


def front_matter(path):
    text = open(path, encoding="utf-8").read()
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    fields = {}
    if not m:
        return fields
    for line in m.group(1).split("\n"):
        f = re.match(r"^([A-Za-z_]+):\s*(.+?)\s*$", line)
        if not f or f.group(1) in SKIP or f.group(2) in ("|", ">", "|-", ">-"):
            continue
        value = f.group(2)
        if value.startswith("[") and value.endswith("]"):
            fields[f.group(1)] = [v.strip().strip("\"'") for v in value[1:-1].split(",") if v.strip()]
        elif value[0] in "\"'" and value[-1] == value[0]:
            fields[f.group(1)] = [value[1:-1].replace("''", "'")]
        elif not value.startswith(("{", "&", "*", "-")):
            fields[f.group(1)] = [value]
    return fields


def members_collections(site_yaml):
    """The collections site.yaml marks audience: members."""
    found, current = set(), None
    for line in open(site_yaml, encoding="utf-8"):
        m = re.match(r"^  ([a-z0-9-]+):\s*(#.*)?$", line)
        if m:
            current = m.group(1)
        elif re.match(r"^\S", line):
            current = None
        elif current and re.match(r"^    audience: members\b", line):
            found.add(current)
    return found


def main():
    content, public, lang = sys.argv[1:4]
    public_build = "--public" in sys.argv[4:]
    members = members_collections(os.path.join(content, "..", "site.yaml"))
    problems, checked, absent = [], 0, 0
    for collection in sorted(os.listdir(content)):
        folder = os.path.join(content, collection)
        if not os.path.isdir(folder):
            continue
        for slug in sorted(os.listdir(folder)):
            md = os.path.join(folder, slug, "index.md")
            page = os.path.join(public, lang, collection, slug, "index.html")
            if not os.path.isfile(md):
                continue
            for_members = collection in members or re.search(r"^audience: members$", open(md, encoding="utf-8").read(), re.M)
            if public_build and for_members:
                absent += 1
                if os.path.exists(os.path.dirname(page)):
                    problems.append(f"{page}: an item for members only has a page in the public build")
                continue
            if not os.path.isfile(page):
                problems.append(f"{page}: missing")
                continue
            shown = html.unescape(open(page, encoding="utf-8").read())
            shown = " ".join(shown.split())
            for name, values in front_matter(md).items():
                for v in values:
                    checked += 1
                    if " ".join(v.split()) not in shown:
                        problems.append(f"{md}: field '{name}' ({v[:40]}) is not on {page}")
    for p in problems:
        print(p)
    print(f"checked {checked} field values ({absent} items for members absent): {len(problems)} problems")
    return 1 if problems or not checked else 0


if __name__ == "__main__":
    sys.exit(main())
