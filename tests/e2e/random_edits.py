"""Random edits of a copy of the Network's site, each followed by an incremental build (with the
downloads, in verify mode three times out of four) and a clean build of a fresh copy: the two outputs must
be the same bytes. Driven by tests/e2e/random_edits.sh.

    random_edits.py --jisite BIN --repo DIR [--edits N] [--seed S] [--kinds K,..] [--keep]

The edits: front matter and bodies of originals and translations, translations added and removed, items
added, renamed and deleted, attachments, interface labels, layouts and partials, the stylesheets and the
script, the e-books' stylesheet, site.yaml, and the clock (a new day, or a later hour of the same day). Each
edit is
committed (at the clock's time) or left in the working tree (its files saved up to a few days before),
so pages' dates, outdated translations and the feeds' "updated" move as they do in the Network's
repository.

Everything random comes from one generator seeded with the printed seed: --seed replays a run (--edits
may be lowered to stop at the failing edit; --kinds draws only these kinds, a different sequence). An edit
that makes the site invalid (the clean build fails) must fail the incremental build too; it is then undone
and another is drawn. The first failure stops the run and prints the seed, the edit and the files that
differ (for archives, the entries). The last line is "N passed, N failed", as tests/run.sh reads it.
"""
import argparse
import difflib
import io
import itertools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

DAY = 86400
BASE = 1796126400  # 2026-12-01T12:00Z: the copy's history ends
START = 1801476000  # 2027-02-01T10:00Z: the first build; some events are still to come
FEEDS = ("news", "opinion", "events", "podcasts")  # in site.yaml's feeds: their translations matter most

# kind: weight (how often it is drawn)
KINDS = {
    "field": 4, "translation_field": 2, "body": 4, "translation_body": 2,
    "translation_add": 2, "translation_remove": 1,
    "item_add": 1.5, "item_rename": 1, "item_delete": 1, "attachment": 1,
    "label": 2, "template": 1.5, "stylesheet": 1, "epub_css": 1, "site_yaml": 1.5,
    "day": 1.5, "hour": 1.5,
}
WORDS = ("integrity", "judges", "courts", "ethics", "training", "trust", "council", "review", "guidance",
         "transparency", "conduct", "accountability", "équité", "محكمة", "법원", "правосудие")


def q(s):
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(s, ensure_ascii=False)


def unquote(v):
    v = v.strip()
    if v.startswith('"'):
        try:
            return json.loads(v)
        except ValueError:
            return v.strip('"')
    if v.startswith("'"):
        return v[1:-1].replace("''", "'")
    return v


def split_front(text):
    m = re.match(r"---\n(.*?\n)---\n?(.*)\Z", text, re.S)
    return (m.group(1), m.group(2)) if m else ("", text)


def set_field(fm, key, value):
    """fm with key's value (a YAML text) replaced: the old one, with its block, goes; the new one ends fm."""
    out, skip = [], False
    for line in fm.splitlines(True):
        if skip and (line[:1] in (" ", "\t", "-") or not line.strip()):
            continue
        skip = line.startswith(key + ":")
        if not skip:
            out.append(line)
    return "".join(out) + "%s: %s\n" % (key, value)


def get_field(fm, key):
    m = re.search(r"^%s:[ \t]*(.*)$" % re.escape(key), fm, re.M)
    if not m:
        return None
    if m.group(1).startswith((">", "|")):  # a block: its indented lines, joined
        lines = itertools.takewhile(lambda l: l.startswith(" "), fm[m.end():].split("\n")[1:])
        return " ".join(l.strip() for l in lines) or None
    return unquote(m.group(1))


class Site:
    def __init__(self, root, rng):
        self.root, self.rng = root, rng
        self.clock = START
        self.n = 0  # the edit's number, for texts that differ from every earlier one
        self.touched = set()
        cfg = self.read("site.yaml")
        self.langs = re.findall(r"^\s*- \{ code: ([a-z]+)", cfg, re.M)
        self.default = re.search(r"^default_language: *(\w+)", cfg, re.M).group(1)
        self.terms = {}
        tax = None
        for line in self.read("translations/%s.yaml" % self.default).splitlines():
            m = re.match(r"^  ([a-z]+):$", line)
            if m:
                tax = m.group(1)
            m = re.match(r"^      ([a-z0-9-]+):", line)
            if m and tax:
                self.terms.setdefault(tax, []).append(m.group(1))

    # ---- files ----
    def p(self, rel):
        return os.path.join(self.root, rel)

    def read(self, rel):
        with open(self.p(rel), encoding="utf-8") as f:
            return f.read()

    def write(self, rel, text):
        os.makedirs(os.path.dirname(self.p(rel)), exist_ok=True)
        with open(self.p(rel), "w", encoding="utf-8") as f:
            f.write(text)
        self.touched.add(rel)

    def listing(self, top, suffix=""):
        out = []
        for dirpath, dirs, files in os.walk(self.p(top)):
            dirs.sort()
            out += [os.path.relpath(os.path.join(dirpath, f), self.root) for f in sorted(files) if f.endswith(suffix)]
        return sorted(out)

    def md_files(self):
        return self.listing("content", ".md")

    def lang_of(self, rel):
        m = re.search(r"\.([a-z]{2})\.md$", rel)
        return m.group(1) if m and m.group(1) in self.langs else None

    def originals(self, cols=None):
        return [f for f in self.md_files() if not self.lang_of(f) and (cols is None or collection(f) in cols)]

    def translations(self):
        return [f for f in self.md_files() if self.lang_of(f)]

    def translated(self, original, lang):
        return original[:-3] + ".%s.md" % lang

    def items(self, exclude=("products",)):
        """Item folders: content/<collection>/<slug>."""
        return [os.path.dirname(f) for f in self.md_files()
                if f.count("/") == 3 and f.endswith("/index.md") and collection(f) not in exclude]

    def pick(self, files):
        """One of files, every other time among one kind of those the caches find hardest: translated
        texts (other languages show their dates), events (upcoming or past by the day) or the e-book's
        chapters."""
        hard = [[f for f in files if any(os.path.exists(self.p(self.translated(f, l))) for l in self.langs)],
                [f for f in files if collection(f) == "events"], [f for f in files if collection(f) == "products"]]
        hard = [h for h in hard if h]
        return self.rng.choice(self.rng.choice(hard) if hard and self.rng.random() < 0.5 else files)

    def snapshot(self):
        snap = {}
        for rel in self.listing("content") + self.listing("themes") + self.listing("translations") + ["site.yaml"]:
            with open(self.p(rel), "rb") as f:
                snap[rel] = (f.read(), os.stat(self.p(rel)).st_mtime_ns)
        return snap, self.clock, self.head()

    def restore(self, state):
        snap, self.clock, head = state
        if self.head() != head:
            self.git("reset", "-q", head)  # the index too: it was HEAD's before the edit
        for rel in self.listing("content") + self.listing("themes") + self.listing("translations"):
            if rel not in snap:
                os.remove(self.p(rel))
        for rel, (data, mtime) in snap.items():
            path = self.p(rel)
            if not os.path.exists(path) or open(path, "rb").read() != data:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as f:
                    f.write(data)
                os.utime(path, ns=(mtime, mtime))
        for dirpath in sorted((d for d, _, _ in os.walk(self.p("content"))), reverse=True):
            if not os.listdir(dirpath):  # children first: a folder the edit made goes with its own
                os.rmdir(dirpath)
        self.touched = set()

    # ---- git ----
    def git(self, *args):
        env = dict(os.environ, GIT_AUTHOR_NAME="Editor", GIT_AUTHOR_EMAIL="editor@example.org",
                   GIT_COMMITTER_NAME="Editor", GIT_COMMITTER_EMAIL="editor@example.org",
                   GIT_AUTHOR_DATE="@%d +0000" % self.clock, GIT_COMMITTER_DATE="@%d +0000" % self.clock)
        return subprocess.run(["git", "-C", self.root] + list(args), env=env, check=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True).stdout

    def head(self):
        return self.git("rev-parse", "HEAD").strip()

    def setup(self):
        """The history: the Network's site with a few translated feed items added, then half of those
        items' originals changed (their translations outdated), both long before the clock."""
        # their feeds and calendars in the translation's language take the original's date
        translated = self.rng.sample([f for f in self.originals(FEEDS) if f.count("/") == 3], 6)
        for f in translated:
            self.add_translation(f, self.rng.choice(self.langs[1:]))
        saved, self.clock = self.clock, BASE - 20 * DAY
        self.write(".gitignore", "/public/\n/.jisite-cache/\n")
        self.git("init", "-q")
        # no packing in the background: a detached gc removing loose objects while fresh_copy copies .git
        # made the copy fail now and then
        self.git("config", "gc.auto", "0")
        self.git("config", "maintenance.auto", "false")
        self.git("add", "-A")
        self.git("commit", "-q", "-m", "The Network's site")
        self.clock = BASE
        for f in translated[:3]:
            self.write(f, self.read(f) + "\nA sentence the translations do not have yet.\n")
        self.git("commit", "-q", "-a", "-m", "Change some originals")
        self.clock = saved
        self.touched = set()

    def settle(self):
        """Commits the edit (and any earlier one left uncommitted), or leaves it saved a little earlier."""
        if self.rng.random() < 0.6:
            self.git("add", "-A")
            self.git("commit", "-q", "--allow-empty", "-m", "Edit %d" % self.n)
            how = "committed"
        else:
            # saved up to a few days before (an editor commits later): when it is committed, its date
            # changes and its bytes do not
            mtime = self.clock - self.rng.randint(0, 3) * DAY - self.rng.randint(0, 3600)
            for rel in sorted(self.touched):
                if os.path.exists(self.p(rel)):
                    os.utime(self.p(rel), (mtime, mtime))
            how = "not committed, saved %s" % time.strftime("%Y-%m-%d", time.gmtime(mtime))
        self.touched = set()
        return how

    # ---- texts ----
    def words(self, k=4):
        return " ".join(self.rng.choice(WORDS) for _ in range(k))

    def paragraph(self, rel):
        n, forms = self.n, ["**%s**", "_%s_", "~~%s~~", "`%s`", "%s"]
        text = "Edit %d: %s %s." % (n, self.words(), self.rng.choice(forms) % self.words(2))
        if self.rng.random() < 0.3:
            text += " See https://example.org/%d." % n
        if self.rng.random() < 0.4:  # a link to another text: a page in the reader's language
            target = self.rng.choice([f for f in self.originals() if f != rel])
            text += " [%s](%s)" % (self.words(2), os.path.relpath(target, os.path.dirname(rel)))
        return text

    def edit_body(self, rel):
        fm, body = split_front(self.read(rel))
        lines = body.split("\n")
        plain = [i for i, l in enumerate(lines) if re.match(r"[A-Za-z]", l)]
        op = self.rng.choice(["append", "replace", "delete"] if plain else ["append"])
        if op == "append":
            body = body.rstrip("\n") + "\n\n" + self.paragraph(rel) + "\n"
        else:
            i = self.rng.choice(plain)
            lines[i:i + 1] = [self.paragraph(rel)] if op == "replace" else []
            body = "\n".join(lines)
        self.write(rel, "---\n" + fm + "---\n" + body)
        return "%s %s" % ({"append": "added a paragraph to", "replace": "replaced a paragraph of",
                                      "delete": "deleted a paragraph of"}[op], rel)

    def add_translation(self, original, lang):
        fm, _ = split_front(self.read(original))
        title = get_field(fm, "title") or "Untitled"
        new = "title: %s\n" % q("%s [%s %d]" % (title, lang, self.n))
        if get_field(fm, "summary") and self.rng.random() < 0.5:
            new += "summary: %s\n" % q("%s (%s %d)" % (self.words(6), lang, self.n))
        self.write(self.translated(original, lang),
                   "---\n%s---\nTranslated text %d (%s): %s.\n" % (new, self.n, lang, self.words(8)))

    def day(self, iso):
        return time.strftime("%Y-%m-%d", time.gmtime(iso))

    # ---- the edits: each returns what it did, or None when it cannot be made ----
    def e_field(self):
        rel = self.pick(self.originals())
        col = collection(rel)
        fm, body = split_front(self.read(rel))
        choices = ["title"] + (["summary"] if col or get_field(fm, "summary") else [])
        if col in ("news", "opinion", "podcasts", "videos") or (col == "products" and rel.endswith("/index.md")):
            choices.append("date")
        if col == "resources" and rel.count("/") == 3:
            choices += ["year", "type", "topics", "regions"]
        if col in ("events", "sessions") and rel.count("/") == 3:
            choices += ["start", "start", "topics"]
        if col == "podcasts" and rel.count("/") == 3:
            choices += ["number", "length"]
        if col == "products" and rel.endswith("/index.md"):
            choices += ["chapters", "chapters"]
        key = self.rng.choice(choices)
        if key == "title":  # sometimes first or last in a listing sorted by title
            old = get_field(fm, "title") or ""
            value = q(self.rng.choice(["%s (%d)" % (old, self.n), "A%d %s" % (self.n, old), "Z%d %s" % (self.n, old)]))
        elif key == "summary":
            value = q("Summary %d: %s." % (self.n, self.words(6)))
        elif key == "date":
            value = q(self.day(self.rng.randint(1523232000, self.clock + 10 * DAY)))
        elif key == "year":
            value = str(self.rng.randint(1990, 2027))
        elif key in ("number", "length"):  # the podcast feed's order, an enclosure's size
            value = str(self.rng.randint(1, 9 if key == "number" else 1 << 26))
        elif key == "chapters":  # the e-book's order
            inline = re.search(r"^chapters: \[(.*)\]$", fm, re.M)
            chapters = inline.group(1).split(", ") if inline else re.findall(r"^  - (\S+)$", fm, re.M)
            self.rng.shuffle(chapters)
            value = "[%s]" % ", ".join(chapters)
        elif key == "type":
            value = self.rng.choice(self.terms["types"])
        elif key in ("topics", "regions"):
            value = "[%s]" % ", ".join(self.rng.sample(self.terms[key], self.rng.randint(1, 3)))
        else:  # around the clock's day, so that a new day makes an event past
            start = self.clock - self.clock % 3600 + self.rng.randint(-3 * 24, 10 * 24) * 3600
            fm = set_field(fm, "start", q(time.strftime("%Y-%m-%dT%H:%M+00:00", time.gmtime(start))))
            if col == "events":
                fm = set_field(fm, "end", q(time.strftime("%Y-%m-%dT%H:%M+00:00", time.gmtime(start + 2 * 3600))))
            self.write(rel, "---\n" + fm + "---\n" + body)
            return "moved the start of %s" % rel
        self.write(rel, "---\n" + set_field(fm, key, value) + "---\n" + body)
        return "set %s of %s" % (key, rel)

    def e_translation_field(self):
        files = self.translations()
        if not files:
            return None
        rel = self.rng.choice(files)
        fm, body = split_front(self.read(rel))
        item = collection(rel) and rel.endswith("/index.%s.md" % self.lang_of(rel))
        key = self.rng.choice(["title", "summary"] if item else ["title"])
        value = q("%s %d (%s)" % (key.capitalize(), self.n, self.words(3)))
        self.write(rel, "---\n" + set_field(fm, key, value) + "---\n" + body)
        return "set %s of the translation %s" % (key, rel)

    def e_body(self):
        return self.edit_body(self.pick(self.originals()))

    def e_translation_body(self):
        files = self.translations()
        return self.edit_body(self.rng.choice(files)) if files else None

    def e_translation_add(self):
        original = self.pick(self.originals(FEEDS) if self.rng.random() < 0.5 else self.originals())
        langs = [l for l in self.langs
                 if l != self.default and not os.path.exists(self.p(self.translated(original, l)))]
        if not langs:
            return None
        lang = self.rng.choice(langs)
        self.add_translation(original, lang)
        return "added the translation %s" % self.translated(original, lang)

    def e_translation_remove(self):
        files = self.translations()
        if not files:
            return None
        rel = self.rng.choice(files)
        os.remove(self.p(rel))
        return "removed the translation %s" % rel

    def linked(self, folder):
        """Whether a text outside folder links into it (then it cannot go)."""
        slug = os.path.basename(folder) + "/"
        return any(slug in self.read(f) for f in self.md_files() if not f.startswith(folder + "/"))

    def e_item_add(self):
        src = self.rng.choice(self.items())
        dst = re.sub(r"(-[cr]\d+)+$", "", src) + "-c%d" % self.n
        keep = self.rng.random() < 0.3  # its translations too
        shutil.copytree(self.p(src), self.p(dst),
                        ignore=lambda d, names: [] if keep else [n for n in names if self.lang_of(n)])
        for rel in self.listing(dst):
            self.touched.add(rel)
        fm, body = split_front(self.read(dst + "/index.md"))
        fm = set_field(fm, "title", q("%s (copy %d)" % (get_field(fm, "title"), self.n)))
        self.write(dst + "/index.md", "---\n" + fm + "---\n" + body)
        return "added %s, a copy of %s%s" % (dst, src, " with its translations" if keep else "")

    def e_item_rename(self):
        free = [d for d in self.items() if not self.linked(d)]
        if not free:
            return None
        src = self.rng.choice(free)
        dst = re.sub(r"(-[cr]\d+)+$", "", src) + "-r%d" % self.n
        os.rename(self.p(src), self.p(dst))
        for rel in self.listing(dst):
            self.touched.add(rel)
        return "renamed %s to %s" % (src, dst)

    def e_item_delete(self):
        free = [d for d in self.items() if not self.linked(d)]
        if not free:
            return None
        folder = self.rng.choice(free)
        shutil.rmtree(self.p(folder))
        return "deleted %s" % folder

    def e_attachment(self):
        """An attachment changed, added or removed: the downloads carry them."""
        files = [f for f in self.listing("content") if not f.endswith(".md")]
        ours = [f for f in files if re.search(r"/extra-\d+\.txt$", f)]
        op = self.rng.choice(["change", "add", "remove"] if ours else ["change", "add"])
        if op == "remove":
            rel = self.rng.choice(ours)
            os.remove(self.p(rel))
        elif op == "add":
            rel = "%s/extra-%d.txt" % (self.rng.choice(self.items(exclude=())), self.n)
            self.write(rel, "Notes %d: %s.\n" % (self.n, self.words(8)))
        else:
            rel = self.rng.choice(files)
            text = self.read(rel)
            self.write(rel, text + ("<!-- edit %d -->\n" if rel.endswith(".svg") else "Edit %d.\n") % self.n)
        return "%s the attachment %s" % ({"change": "changed", "add": "added", "remove": "removed"}[op], rel)

    def e_label(self):
        lang = self.rng.choice(self.langs)
        rel = "translations/%s.yaml" % lang
        lines = self.read(rel).split("\n")
        leaves = [i for i, l in enumerate(lines)
                  if re.match(r"^(\s*)[A-Za-z0-9_-]+: (\"|[^\s\"'>|&*!{\[#])", l) and " #" not in l]
        i = self.rng.choice(leaves)
        key, value = re.match(r"^(\s*[A-Za-z0-9_-]+): (.*)$", lines[i]).groups()
        if lang != self.default and key.startswith("  ") and self.rng.random() < 0.3:
            del lines[i]  # a missing label: the default language's, with a warning
            what = "removed"
        else:
            lines[i] = "%s: %s" % (key, q("%s %d" % (unquote(value), self.n)))
            what = "changed"
        self.write(rel, "\n".join(lines))
        return "%s the label %s of %s" % (what, key.strip(), rel)

    def e_template(self):
        files = self.listing("themes/default/layouts", ".mustache") + \
            self.listing("themes/default/partials", ".mustache")
        rel = self.rng.choice(files)
        lines = self.read(rel).split("\n")
        ours = [i for i, l in enumerate(lines) if l.startswith("<!-- edit ")]
        if ours and self.rng.random() < 0.3:
            del lines[self.rng.choice(ours)]
            what = "removed a comment from"
        else:
            lines.insert(self.rng.randint(0, len(lines) - 1), "<!-- edit %d -->" % self.n)
            what = "added a comment to"
        self.write(rel, "\n".join(lines))
        return "%s %s" % (what, rel)

    def e_stylesheet(self):
        static = "themes/default/static"
        rel = self.rng.choice(self.listing(static, ".css") + self.listing(static, ".js"))
        text = self.read(rel)
        if rel.endswith(".css"):
            text += ".e%d { color: #%06x; }\n" % (self.n, self.rng.randrange(1 << 24))
        else:
            text += "// edit %d\n" % self.n
        self.write(rel, text)
        return "changed %s" % rel

    def e_epub_css(self):
        rel = "themes/default/epub.css"
        self.write(rel, self.read(rel) + "h%d { margin-block: %dpx; }\n" % (self.rng.randint(1, 6), self.n))
        return "changed %s" % rel

    def e_site_yaml(self):
        text = self.read("site.yaml")
        what = self.rng.choice(["per_page", "title", "menu", "language"])
        if what == "per_page":
            spots = list(re.finditer(r"per_page: \d+", text))
            m = self.rng.choice(spots)
            text = text[:m.start()] + "per_page: %d" % self.rng.randint(2, 25) + text[m.end():]
        elif what == "title":
            text = re.sub(r"^title: .*$", "title: %s" % q("Global Judicial Integrity Network %d" % self.n), text,
                          count=1, flags=re.M)
        elif what == "menu":
            m = re.search(r"^menu: \[(.*)\]$", text, re.M)
            menu = m.group(1).split(", ")
            self.rng.shuffle(menu)
            text = text[:m.start()] + "menu: [%s]" % ", ".join(menu) + text[m.end():]
        else:
            lang = self.rng.choice(self.langs)
            text = re.sub(r"^(\s*- \{ code: %s, name: )([^,}]*?)( ?\d*)([,}])" % lang,
                          lambda m: "%s%s %d%s" % (m.group(1), m.group(2), self.n, m.group(4)), text,
                          count=1, flags=re.M)
        self.write("site.yaml", text)
        return "changed the %s in site.yaml" % what

    def e_day(self):
        days = self.rng.randint(1, 20)
        self.clock = self.clock - self.clock % DAY + days * DAY + self.rng.randint(0, 20) * 3600
        return "a new day, %d later: %s" % (days, time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime(self.clock)))

    def e_hour(self):
        hour = self.clock % DAY // 3600
        if hour >= 23:
            return None
        self.clock += self.rng.randint(1, 23 - hour) * 3600 - self.clock % 3600 + self.rng.randint(0, 3599)
        return "the same day, later: %s" % time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.clock))

    def edit(self, kind):
        self.n += 1
        what = getattr(self, "e_" + kind)()
        if what is None or kind in ("day", "hour"):
            return what
        return "%s (%s)" % (what, self.settle())


def collection(rel):
    parts = rel.split("/")
    return parts[1] if len(parts) > 2 else None


def build(jisite, site, clock, out=None, verify=False):
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(clock))
    env.pop("JISITE_VERIFY_CACHE", None)
    if verify:
        env["JISITE_VERIFY_CACHE"] = "1"
    cmd = [jisite, "build", "-C", site, "--jobs", "2"] + (["--no-cache", "--out", out] if out else [])
    r = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return r.returncode, r.stderr


def fresh_copy(site, dst):
    """The project as a clone would have it, with its working tree: no output, no cache."""
    shutil.rmtree(dst, ignore_errors=True)
    os.mkdir(dst)
    for name in sorted(os.listdir(site)):
        if name not in ("public", ".jisite-cache"):
            subprocess.run(["cp", "-a", os.path.join(site, name), dst], check=True)


def zip_diff(a, b, name=""):
    """What differs between two archives, entry by entry (e-books inside archives too)."""
    out = []
    za, zb = zipfile.ZipFile(a), zipfile.ZipFile(b)
    ia, ib = {i.filename: i for i in za.infolist()}, {i.filename: i for i in zb.infolist()}
    times = []  # entries that differ only in their time: one line for all of them
    for n in sorted(set(ia) | set(ib)):
        if n not in ia or n not in ib:
            out.append("%s%s: only in the %s one" % (name, n, "incremental" if n in ia else "clean"))
            continue
        x, y = ia[n], ib[n]
        da, db = za.read(n), zb.read(n)
        if da != db and n.endswith(".epub"):
            out += zip_diff(io.BytesIO(da), io.BytesIO(db), name + n + ": ")
        elif da != db:
            out.append("%s%s: its bytes differ" % (name, n))
        elif (x.external_attr, x.compress_type) != (y.external_attr, y.compress_type):
            out.append("%s%s: mode %o / %o, method %d / %d" % (name, n, x.external_attr >> 16, y.external_attr >> 16,
                                                             x.compress_type, y.compress_type))
        elif x.date_time != y.date_time:
            times.append("%s%s: time %s / %s" % (name, n, x.date_time, y.date_time))
    if times:
        out.append("%s (and %d more entries that differ only in their time)" % (times[0], len(times) - 1))
    return out or ["  (the same entries: the archives differ in their layout)"]


def compare(inc, clean):
    r = subprocess.run(["diff", "-rq", inc, clean], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode == 0:
        return []
    lines = r.stdout.splitlines()
    out = [l.replace(inc, "incremental").replace(clean, "clean") for l in lines[:12]]
    if len(lines) > 12:
        out.append("... and %d more" % (len(lines) - 12))
    # the files made from others (the downloads pages and the manifest show the archives' checksums) last
    for line in sorted(lines, key=lambda l: "downloads/index.html" in l or "manifest.json" in l)[:3]:
        m = re.match(r"Files (.*) and (.*) differ$", line)
        if not m:
            continue
        if m.group(1).endswith((".zip", ".epub")):
            out += zip_diff(m.group(1), m.group(2), os.path.basename(m.group(1)) + ": ")[:10]
            continue
        try:
            a, b = (open(p, encoding="utf-8").read().splitlines() for p in m.groups())
        except UnicodeDecodeError:
            continue
        out += ["  " + l for l in list(difflib.unified_diff(a, b, "incremental/" + os.path.relpath(m.group(1), inc),
                                                            "clean", lineterm="", n=1))[:16]]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jisite", required=True)
    ap.add_argument("--repo", default=".")
    ap.add_argument("--edits", type=int, default=30)
    ap.add_argument("--seed", type=int)
    ap.add_argument("--kinds", help="draw only these kinds, comma-separated: " + ",".join(KINDS))
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 32)
    kinds = args.kinds.split(",") if args.kinds else list(KINDS)
    for k in kinds:
        if k not in KINDS:
            ap.error("unknown kind '%s'" % k)
    print("random edits: seed %d, %d edits (RANDOM_EDITS_SEED=%d replays them)" % (seed, args.edits, seed), flush=True)
    rng = random.Random(seed)
    jisite = os.path.abspath(args.jisite)
    # in memory where there is some: two builds and a copy per edit are mostly writes
    work = tempfile.mkdtemp(prefix="jisite-random-", dir="/dev/shm" if os.access("/dev/shm", os.W_OK) else None)
    site, clean, out = (os.path.join(work, n) for n in ("site", "clean", "clean-out"))
    os.mkdir(site)
    passed = failed = rejected = 0
    t0 = time.time()

    def clean_build():
        fresh_copy(site, clean)
        shutil.rmtree(out, ignore_errors=True)
        return build(jisite, clean, s.clock, out)

    try:
        for name in ("content", "themes", "translations", "site.yaml"):
            subprocess.run(["cp", "-R", os.path.join(args.repo, name), site], check=True)
        s = Site(site, rng)
        s.setup()
        for i in range(args.edits + 1):
            t = time.time()
            problems, what, verify = [], "the first build", True
            rc, err = clean_build() if i == 0 else (1, "")
            impossible = 0
            while i and rc:  # an edit that the clean build accepts
                state = s.snapshot()
                what = s.edit(rng.choices(kinds, [KINDS[k] for k in kinds])[0])
                verify = rng.random() < 0.75
                if what is None:
                    impossible += 1
                    if impossible > 100:  # e.g. --kinds hour at 23:00
                        problems, what = ["none of these kinds of edit can be made"], "none"
                        break
                    continue
                rc, err = clean_build()
                if rc == 0:
                    break
                if build(jisite, site, s.clock, verify=verify)[0] == 0:
                    problems = ["the clean build failed and the incremental one did not:"] + err.splitlines()[:10]
                    break
                rejected += 1
                if rejected > args.edits:  # the edits themselves are broken: the test would test nothing
                    problems = ["%d edits made the site invalid; the last one:" % rejected] + err.splitlines()[:10]
                    break
                s.restore(state)
            if rc and not problems:
                problems = ["the clean build failed:"] + err.splitlines()[:10]
            if not problems:
                rc, err = build(jisite, site, s.clock, verify=verify)
                if rc:
                    problems = ["the incremental build failed%s:" % (" (verify mode found a stale file)"
                                                                     if "build cache kept" in err else "")]
                    problems += [l.replace(site + "/", "") for l in err.splitlines() if "error" in l][:20]
            if not problems:
                problems = compare(os.path.join(site, "public"), out)
                if problems:
                    problems.insert(0, "the outputs differ" + (", and verify mode did not see it" if verify else ""))
            label = "%s %d/%d: %s%s" % ("edit" if i else "start", i, args.edits, what, "" if verify else " [no verify]")
            if problems:
                failed += 1
                print("not ok - %s" % label)
                print("  seed %d, edit %d; replay: RANDOM_EDITS_SEED=%d RANDOM_EDITS=%d%s sh tests/e2e/random_edits.sh"
                      % (seed, i, seed, i, " RANDOM_EDITS_KINDS=" + args.kinds if args.kinds else ""))
                for l in problems:
                    print("    " + l)
                break
            passed += 1
            print("ok - %s [%.1f s]" % (label, time.time() - t), flush=True)
        print("random edits: %d made (and %d undone: the site was invalid) in %.0f s"
              % (passed + failed - 1, rejected, time.time() - t0))
    finally:
        if args.keep or failed:
            print("random edits: the work folder is %s" % work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
