#!/usr/bin/env python3
"""No English interface string on a page in another language.

For every language, the interface strings whose translation differs from the English (UI labels,
collection and taxonomy titles, term labels) must not appear as interface text on that language's pages.
Interface text is text and aria-label/title attributes in parts of the page whose language is the page's
own: an untranslated page's content is marked lang="en" and is the reader's fallback, not interface.

usage: check_i18n.py PUBLIC_DIR TRANSLATIONS_DIR DEFAULT_LANG
"""
import os
import re
import sys
from html.parser import HTMLParser


def flat_strings(path):
    """The leaf strings of a simple YAML file of nested maps, by dotted key."""
    out, stack = {}, []
    for line in open(path, encoding="utf-8"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.match(r"^(\s*)([A-Za-z0-9_-]+):\s*(.*?)\s*$", line)
        if not m:
            continue
        indent, key, value = len(m.group(1)), m.group(2), m.group(3)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        if value:
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            out[".".join([k for _, k in stack] + [key])] = value
        else:
            stack.append((indent, key))
    return out


class Interface(HTMLParser):
    """Collects the texts of a page that are in the page's own language."""

    VOID = {"meta", "link", "br", "img", "input", "hr", "source", "wbr", "area", "base", "col", "embed", "track"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page_lang, self.langs, self.texts = None, [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "title":
            # the document title is the page's title (content, shown marked in the h1) and the site's name
            attrs, a = [], {"lang": "-"}
        if tag == "html":
            self.page_lang = a.get("lang")
        lang = a.get("lang", self.langs[-1] if self.langs else self.page_lang)
        if lang == self.page_lang:
            for name in ("aria-label", "title", "alt"):
                if a.get(name):
                    self.texts.append(a[name].strip())
        if tag not in self.VOID:
            self.langs.append(lang)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.langs:
            self.langs.pop()

    def handle_data(self, data):
        if (self.langs[-1] if self.langs else self.page_lang) == self.page_lang and data.strip():
            self.texts.append(" ".join(data.split()))


def main():
    public, tdir, default = sys.argv[1], sys.argv[2], sys.argv[3]
    english = flat_strings(os.path.join(tdir, default + ".yaml"))
    problems, pages = [], 0
    for name in sorted(os.listdir(tdir)):
        lang = name[:-5]
        if not name.endswith(".yaml") or lang == default:
            continue
        mine = flat_strings(os.path.join(tdir, name))
        for key in sorted(english):
            if key not in mine:
                problems.append(f"{name}: '{key}' is not translated")
        banned = {v for k, v in english.items() if mine.get(k) not in (None, v) and len(v) > 1}
        for dirpath, _, files in os.walk(os.path.join(public, lang)):
            for f in files:
                if not f.endswith(".html"):
                    continue
                pages += 1
                p = Interface()
                p.feed(open(os.path.join(dirpath, f), encoding="utf-8").read())
                for t in p.texts:
                    for e in banned:
                        # a whole text, or a label followed by a number, a colon or a count: "Page 2",
                        # "Topics:", "Ethics (3)"; not a word inside a longer text of the language
                        if t == e or re.match(re.escape(e) + r"( \d|:| \()", t):
                            problems.append(f"{os.path.relpath(os.path.join(dirpath, f), public)}: English "
                                            f"interface text '{e}' in '{t[:80]}'")
    for line in sorted(set(problems)):
        print(line)
    print(f"checked {pages} pages in other languages: {len(set(problems))} problems")
    return 1 if problems or not pages else 0


if __name__ == "__main__":
    sys.exit(main())
