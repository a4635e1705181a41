#!/usr/bin/env python3
"""Writes hostile inputs for jisite's parsers: the patterns that make parsers slow (deep nesting, long runs of
one character, openers without closers), as big as a file may be (1 MiB) or small, for the fuzz corpus.

usage: make_hostile.py list                       one line per input: NAME KIND
       make_hostile.py file NAME [BYTES]          the input as a whole file on standard output: a Markdown
                                                  page (KIND md, text), a page whose front matter is hostile
                                                  (yaml, fm) or a Mustache template (mustache); BYTES
                                                  (default 1048000, just under 1 MiB) is its largest size
       make_hostile.py files DIR [BYTES]          every input so, as DIR/NAME
       make_hostile.py corpus DIR [BYTES]         writes each input's hostile part, at most BYTES (default
                                                  4096), as DIR/<fuzz target>/hostile-NAME

The same arguments always give the same bytes. tests/e2e/hostile.sh builds a site with each; the corpus
seeds `make fuzz` (tests/fuzz/corpus/).
"""
import os
import sys

PAGE_HEAD = "---\ntitle: Hostile\n---\n"


def size(s):
    return len(s.encode())


def rep(unit, budget, head="", tail=""):
    """head + unit repeated + tail, within budget bytes."""
    n = max(1, (budget - size(head) - size(tail)) // size(unit))
    return head + unit * n + tail


def nest(opener, closer, budget, middle="a"):
    """opener × n, middle, closer × n, within budget bytes."""
    n = max(1, (budget - size(middle)) // (size(opener) + size(closer)))
    return opener * n + middle + closer * n


def lines(make, budget):
    """make(0) + make(1) + … while it fits in budget bytes (for inputs that grow with each line)."""
    out, total, i = [], 0, 0
    while True:
        s = make(i)
        if total + size(s) > budget and out:
            return "".join(out)
        out.append(s)
        total += size(s)
        i += 1


def table(cols, budget):
    """A header of `cols` columns, then rows of one cell each, which GFM pads to `cols` cells."""
    head = "|a" * cols + "|\n" + "|-" * cols + "|\n"
    return rep("a\n", budget, head)


def reread(budget, limit=(1 << 20) - (64 << 10)):
    """Lines like table delimiter rows under paragraphs, re-reading them up to just under `limit` in all."""
    block_lines = ("|a" * 50 + "|\n") * 5
    out, block, total, at = [], 0, 0, 0
    while at + len(block_lines) + 4 < budget:
        cost = total + at + len(block_lines) - block
        if cost > limit:
            out.append("\n")
            at += 1
            block = at
            cost = total + len(block_lines)
            if cost > limit:
                break
        out.append(block_lines + "-|-\n")
        at += len(block_lines) + 4
        total = cost
    return "".join(out)


def references(budget, url_len, copies):
    """One link reference definition of about url_len bytes, used until it is copied `copies` bytes."""
    head = "[a]: http://example.org/" + "x" * url_len + "\n\n"
    uses = min((budget - len(head)) // 4, copies // (url_len + 24) - 2)
    return head + "[a] " * max(uses, 1)


# name: (kind, hostile part of `budget` bytes). Kinds: md, a page body; yaml, front matter fields (after a
# title); fm, a whole file for the front matter splitter; mustache, a template.
CASES = {
    # Markdown: block nesting
    "md-blockquote": ("md", lambda b: rep("> ", b, tail="a\n")),
    "md-blockquote-lines": ("md", lambda b: lines(lambda i: ">" * (i + 1) + " a\n", b)),
    "md-list-dash": ("md", lambda b: rep("- ", b, tail="a\n")),
    "md-list-ordered": ("md", lambda b: rep("1. ", b, tail="a\n")),
    "md-list-indented": ("md", lambda b: lines(lambda i: "  " * i + "- a\n", b)),
    "md-list-blockquote": ("md", lambda b: rep("> - ", b, tail="a\n")),
    # Markdown: emphasis
    "md-emph-nested": ("md", lambda b: nest("*a **a ", " a** a*", b, "b")),
    "md-emph-runs": ("md", lambda b: lines(lambda i: "*" * (i + 1) + "a ", b)),
    "md-emph-openers": ("md", lambda b: rep("_a ", b)),
    "md-emph-closers": ("md", lambda b: rep("a_ ", b)),
    "md-emph-mismatched": ("md", lambda b: rep("*a_ ", b)),
    "md-emph-mod3": ("md", lambda b: rep("c* ", b, head="a**b")),
    "md-stars": ("md", lambda b: rep("*", b)),
    "md-underscores": ("md", lambda b: rep("_", b)),
    "md-tildes": ("md", lambda b: rep("~", b)),
    "md-strike-openers": ("md", lambda b: rep("~~a ", b)),
    # Markdown: brackets and links
    "md-brackets": ("md", lambda b: rep("[", b)),
    "md-brackets-nested": ("md", lambda b: nest("[", "]", b)),
    "md-link-openers": ("md", lambda b: rep("[a](", b)),
    "md-link-closers": ("md", lambda b: rep("a]", b)),
    "md-link-unclosed-pointy": ("md", lambda b: rep("[a](<b", b)),
    "md-link-unclosed": ("md", lambda b: rep("[a](b", b)),
    "md-link-emph": ("md", lambda b: rep("[ a_", b)),
    "md-bracket-paren": ("md", lambda b: rep("[ (](", b)),
    "md-image-brackets": ("md", lambda b: rep("![[]()", b)),
    "md-images-nested": ("md", lambda b: nest("![", "](x)", b)),
    "md-footnote-openers": ("md", lambda b: rep("[^", b)),
    "md-links-refused": ("md", lambda b: rep("[a](javascript:x) ", b)),
    "md-links-relative": ("md", lambda b: rep("[a](b) ", b)),
    # Markdown: code, raw HTML, autolinks, tables
    "md-backticks": ("md", lambda b: rep("`", b)),
    "md-backtick-runs": ("md", lambda b: lines(lambda i: "e" + "`" * (i + 1), b)),
    "md-lt": ("md", lambda b: rep("<", b)),
    "md-html-comments": ("md", lambda b: rep("<!--", b, head="</")),
    "md-autolinks-pointy": ("md", lambda b: rep("<http://a> ", b)),
    "md-autolinks-www": ("md", lambda b: rep("www.", b)),
    "md-autolinks-email": ("md", lambda b: rep("a@", b)),
    "md-autolinks-bare": ("md", lambda b: rep("https://a.b ", b)),
    "md-autolinks-underscores": ("md", lambda b: rep("_www.a", b)),
    "md-table-padded": ("md", lambda b: table(10000, b)),
    "md-table-wide": ("md", lambda b: table(max(1, b // 5), b)),
    "md-table-short-rows": ("md", lambda b: table(100, b)),
    "md-table-long-row": ("md", lambda b: rep("|a", b, head="|a|b|\n|-|-|\n")),
    "md-table-delimiter-rows": ("md", lambda b: rep("a|b|c\n-|-\n", b)),
    "md-references-copied": ("md", lambda b: references(b, b // 2, 1 << 40)),
    # Markdown just under each bound of markdown_limits.h: must render
    "md-near-open-brackets": ("md", lambda b: rep("![" * 99 + "[]()" * 2000 + "\n\n", b)),
    "md-near-addresses": ("md", lambda b: rep("_www.a" * 50 + "_a" * 5000 + "\n", b)),
    "md-near-table": ("md", lambda b: table(100, min(b, size(table(100, 0)) - 2 + 999 * 2))),
    "md-near-delimiter-rows": ("md", reread),
    "md-near-references": ("md", lambda b: references(b, 16000, 16 << 20)),
    # text for the search index: scripts folded and cut
    "text-cjk": ("text", lambda b: rep("中文한국어カタカナ", b)),
    "text-combining": ("text", lambda b: rep("a\u0301\u0302\u0303", b)),
    "text-arabic": ("text", lambda b: rep("\u0648\u0627\u0644\u0652\u0643\u0650\u062a\u0640\u0640\u0627\u0628 ", b)),
    "text-word": ("text", lambda b: rep("a", b)),
    # YAML front matter
    "yaml-flow-seq": ("yaml", lambda b: rep("[", b, head="x: ")),
    "yaml-flow-map": ("yaml", lambda b: rep("{", b, head="x: ")),
    "yaml-flow-mixed": ("yaml", lambda b: rep("[{a: ", b, head="x: ")),
    "yaml-flow-nested": ("yaml", lambda b: "x: " + nest("[", "]", b - 3)),
    "yaml-block-seq": ("yaml", lambda b: rep("- ", b, head="x:\n", tail="a")),
    "yaml-block-map": ("yaml", lambda b: lines(lambda i: "  " * i + "a:\n", b)),
    "yaml-anchor-long": ("yaml", lambda b: rep("a", b, head="x: &", tail=" b")),
    "yaml-alias-long": ("yaml", lambda b: rep("a", b, head="x: *")),
    "yaml-alias-chain": ("yaml", lambda b: "x: &a0 a\n" + lines(lambda i: "a%d: &a%d [*a%d]\n" % (i + 1, i + 1, i), b - 9)),
    "yaml-aliases-wide": ("yaml", lambda b: rep("*a, ", b, head="x: &a a\ny: [", tail="]")),
    "yaml-anchors-many": ("yaml", lambda b: "x:\n" + lines(lambda i: "- &a%d a\n" % i, b - 3)),
    "yaml-keys-duplicate": ("yaml", lambda b: rep("y: 1\n", b)),
    "yaml-key-long": ("yaml", lambda b: rep("a", b, tail=": b")),
    "yaml-quote-unclosed": ("yaml", lambda b: rep("a", b, head="x: \"")),
    # front matter splitting
    "fm-unclosed": ("fm", lambda b: rep("a\n", b, head="---\n")),
    "fm-empty-lines": ("fm", lambda b: rep("\n", b, head="---\n", tail="---\n")),
    "fm-dashes": ("fm", lambda b: rep("--\n", b, head="---\n")),
    # Mustache templates
    "mustache-sections-open": ("mustache", lambda b: rep("{{#a}}", b)),
    "mustache-sections-nested": ("mustache", lambda b: nest("{{#a}}", "{{/a}}", b, "x")),
    "mustache-inverted-nested": ("mustache", lambda b: nest("{{^a}}", "{{/a}}", b, "x")),
    "mustache-blocks-nested": ("mustache", lambda b: nest("{{$a}}\n ", "{{/a}}\n", b, "x\n")),
    "mustache-parents-nested": ("mustache", lambda b: nest("{{<a}}{{$b}}", "{{/b}}{{/a}}", b, "x")),
    "mustache-lists-multiplying": ("mustache", lambda b: nest("{{#languages}}", "{{/languages}}", min(b, 600), "x")),
    "mustache-opens": ("mustache", lambda b: rep("{{", b)),
    "mustache-triples": ("mustache", lambda b: rep("{{{", b)),
    "mustache-closes": ("mustache", lambda b: rep("}}", b)),
    "mustache-tags": ("mustache", lambda b: rep("{{a}}", b)),
    "mustache-delimiters": ("mustache", lambda b: rep("{{=<% %>=}}<%={{ }}=%>", b)),
}

FUZZ_TARGET = {"md": "fuzz_markdown", "text": "fuzz_search", "yaml": "fuzz_yamltree", "fm": "fuzz_frontmatter",
               "mustache": "fuzz_mustache"}


def whole_file(name, budget):
    kind, make = CASES[name]
    if kind in ("md", "text"):
        return PAGE_HEAD + make(budget - len(PAGE_HEAD))
    if kind == "yaml":
        head, tail = "---\ntitle: Hostile\n", "\n---\nBody.\n"
        return head + make(budget - len(head) - len(tail)) + tail
    return make(budget)


def main(argv):
    if len(argv) >= 2 and argv[1] == "list":
        for name, (kind, _) in CASES.items():
            print(name, kind)
        return 0
    if len(argv) in (3, 4) and argv[1] == "file" and argv[2] in CASES:
        budget = int(argv[3]) if len(argv) == 4 else 1048000
        sys.stdout.buffer.write(whole_file(argv[2], budget).encode())
        return 0
    if len(argv) in (3, 4) and argv[1] == "files":
        budget = int(argv[3]) if len(argv) == 4 else 1048000
        os.makedirs(argv[2], exist_ok=True)
        for name in CASES:
            with open(os.path.join(argv[2], name), "wb") as f:
                f.write(whole_file(name, budget).encode())
        return 0
    if len(argv) in (3, 4) and argv[1] == "corpus":
        budget = int(argv[3]) if len(argv) == 4 else 4096
        for name, (kind, make) in CASES.items():
            seeds = [(FUZZ_TARGET[kind], make(budget))]
            if kind == "yaml":  # and as the front matter of a page
                seeds.append(("fuzz_frontmatter", whole_file(name, budget)))
            for target, data in seeds:
                os.makedirs(os.path.join(argv[2], target), exist_ok=True)
                with open(os.path.join(argv[2], target, "hostile-" + name), "wb") as f:
                    # inputs whose one unit is larger are cut, between characters
                    f.write(data.encode()[:budget].decode(errors="ignore").encode())
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
