"""Checks a built site's feeds, calendars and sitemap as their clients read them: Atom and RSS with
feedparser, iCalendar with icalendar, the sitemap with an XML parser (xmllint checks well-formedness in
feeds.sh). Front matter is read from the content folder, so what the files say is compared with what the
editors wrote.

    check_feeds.py site PUBLIC CONTENT LANGS        the Network site: counts, fields, enclosures, events
    check_feeds.py hostile-make DIR                 a site whose texts hold markup characters and scripts
    check_feeds.py hostile PUBLIC                   ... whose values come back intact from every parser
    check_feeds.py sitemap PUBLIC LANGS [--index] [--urls N]
    check_feeds.py guids PUBLIC                     the podcast guids of every language, one per line
    check_feeds.py many-make DIR N                  a site of N items in two languages
"""
import datetime
import glob
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

import feedparser
import icalendar

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
problems = []


def problem(msg):
    problems.append(msg)


def front_matter(path):
    """The top-level fields of a file's front matter: the YAML the content uses (quoted, plain and folded
    texts, numbers, flow lists), read without a YAML library (Debian's python3 has none by default)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    lines = m.group(1).split("\n") if m else []
    out, i = {}, 0
    while i < len(lines):
        f = re.match(r"^([A-Za-z_]+):\s*(.*?)\s*$", lines[i])
        i += 1
        if not f:
            continue
        key, v = f.groups()
        if v in (">-", ">", "|-", "|"):
            block = []
            while i < len(lines) and (lines[i].startswith(" ") or not lines[i].strip()):
                block.append(lines[i].strip())
                i += 1
            out[key] = (" " if v[0] == ">" else "\n").join(block).strip()
        elif v.startswith('"'):
            out[key] = json.loads(v)
        elif v.startswith("'"):
            out[key] = v[1:-1].replace("''", "'")
        elif v.startswith("["):
            out[key] = [x.strip().strip("\"'") for x in v[1:-1].split(",") if x.strip()]
        elif re.fullmatch(r"-?[0-9]+", v):
            out[key] = int(v)
        elif v:
            out[key] = re.sub(r"\s+#.*$", "", v)
    return out


def items(content, col, lang):
    """slug -> front matter in lang (the translation's fields over the original's)."""
    out = {}
    for d in sorted(glob.glob(os.path.join(content, col, "*", "index.md"))):
        slug = os.path.basename(os.path.dirname(d))
        meta = front_matter(d)
        tr = os.path.join(os.path.dirname(d), f"index.{lang}.md")
        if os.path.exists(tr):
            meta.update(front_matter(tr))
        out[slug] = meta
    return out


def check_lines(path):
    """iCalendar: CRLF line ends only, no line over 75 octets."""
    with open(path, "rb") as f:
        data = f.read()
    if not data.endswith(b"\r\n"):
        problem(f"{path}: does not end with CRLF")
    for n, line in enumerate(data.split(b"\r\n")[:-1], 1):
        if b"\n" in line or b"\r" in line:
            problem(f"{path}:{n}: a line end that is not CRLF")
        if len(line) > 75:
            problem(f"{path}:{n}: {len(line)} octets")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problem(f"{path}:{n}: a UTF-8 sequence split by folding")
    return data


def utc(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc)
    return datetime.datetime.fromisoformat(value).astimezone(datetime.timezone.utc)


def check_calendar(path, events, lang, host, base, col):
    cal = icalendar.Calendar.from_ical(check_lines(path))
    seen = {}
    for ev in cal.walk("VEVENT"):
        uid = str(ev["UID"])
        slug = uid.split("@")[0]
        seen[slug] = ev
        if uid != f"{slug}@{host}":
            problem(f"{path}: UID {uid}")
        meta = events.get(slug)
        if meta is None:
            problem(f"{path}: an event that is not in content: {uid}")
            continue
        for prop, field in (("DTSTART", "start"), ("DTEND", "end")):
            got = ev[prop].dt
            if utc(got) != utc(str(meta[field])) or got.tzinfo is None or got.utcoffset():
                problem(f"{path}: {slug} {prop} {got} for {meta[field]}")
        for prop, field in (("SUMMARY", "title"), ("DESCRIPTION", "summary"), ("LOCATION", "venue")):
            if field in meta and str(ev.get(prop)) != meta[field]:
                problem(f"{path}: {slug} {prop} {ev.get(prop)!r} for {meta[field]!r}")
        if str(ev["URL"]) != f"{base}{lang}/{col}/{slug}/":
            problem(f"{path}: {slug} URL {ev['URL']}")
        if "DTSTAMP" not in ev:
            problem(f"{path}: {slug} has no DTSTAMP")
    return seen


def check_site(public, content, langs, base="https://judicial-integrity.example.org/"):
    host = re.sub(r"^https?://([^/:]*).*", r"\1", base)
    for lang in langs:
        articles = {**{("news", k): v for k, v in items(content, "news", lang).items()},
                    **{("opinion", k): v for k, v in items(content, "opinion", lang).items()}}
        path = os.path.join(public, lang, "feed.atom")
        f = feedparser.parse(path)
        if f.bozo:
            problem(f"{path}: {f.bozo_exception}")
        if len(f.entries) != len(articles) or not articles:
            problem(f"{path}: {len(f.entries)} entries for {len(articles)} items")
        if f.feed.get("links", [{}])[0].get("href") is None or f.feed.get("language") != lang:
            problem(f"{path}: no links or language")
        for e in f.entries:
            m = re.fullmatch(re.escape(base + lang) + r"/(news|opinion)/([a-z0-9-]+)/", e.link)
            meta = articles.get(m.groups()) if m else None
            if meta is None:
                problem(f"{path}: entry {e.link} is not an item")
                continue
            if e.title != meta["title"] or e.summary != meta["summary"] or e.id != e.link:
                problem(f"{path}: {e.link}: title, summary or id")
            if not e.get("published", "").startswith(str(meta["date"])) or not e.get("updated"):
                problem(f"{path}: {e.link}: published {e.get('published')} for {meta['date']}")
            if meta.get("author") and e.get("author") != meta["author"]:
                problem(f"{path}: {e.link}: author {e.get('author')!r}")
            if "@" in e.get("author", ""):
                problem(f"{path}: {e.link}: an address in the feed")
        episodes = items(content, "podcasts", lang)
        path = os.path.join(public, lang, "podcasts", "feed.xml")
        f = feedparser.parse(path)
        if f.bozo:
            problem(f"{path}: {f.bozo_exception}")
        if len(f.entries) != len(episodes) or not episodes:
            problem(f"{path}: {len(f.entries)} episodes for {len(episodes)}")
        image = f.feed.get("image", {}).get("href", "")
        if not image.startswith(base) or not os.path.isfile(os.path.join(public, image[len(base):])):
            problem(f"{path}: itunes:image {image!r}")
        with open(os.path.join(public, image[len(base):]), "rb") as img:
            head = img.read(24)
        if head[:8] != b"\x89PNG\r\n\x1a\n" or head[16:24] != (1400).to_bytes(4, "big") * 2:
            problem(f"{path}: the artwork is not a 1400×1400 PNG")
        for key in ("itunes_explicit", "author", "tags", "language"):
            if key not in f.feed:
                problem(f"{path}: no {key}")
        root = ET.parse(path).getroot()
        transcripts = {i.findtext("link"): i.find(PODCAST + "transcript") for i in root.iter("item")}
        for e in f.entries:
            slug = e.link.rstrip("/").rsplit("/", 1)[-1]
            meta = episodes.get(slug)
            if meta is None:
                problem(f"{path}: {e.link} is not an episode")
                continue
            enc = e.enclosures[0] if e.get("enclosures") else {}
            if (enc.get("href"), enc.get("length"), enc.get("type")) != (meta["audio"], str(meta["length"]), meta["mime"]):
                problem(f"{path}: {slug}: enclosure {enc}")
            if e.get("itunes_duration") != meta["duration"] or e.get("itunes_episode") != str(meta["number"]):
                problem(f"{path}: {slug}: itunes:duration or itunes:episode")
            if e.get("guidislink") or e.id != f"tag:{host},2018:podcasts/{slug}/":
                problem(f"{path}: {slug}: guid {e.id}")
            if e.title != meta["title"]:
                problem(f"{path}: {slug}: title {e.title!r}")
            t = transcripts.get(e.link)
            if meta.get("transcript") and (t is None or t.get("url") != f"{base}podcasts/{slug}/{meta['transcript']}"):
                problem(f"{path}: {slug}: podcast:transcript")
        events = items(content, "events", lang)
        path = os.path.join(public, lang, "events.ics")
        seen = check_calendar(path, events, lang, host, base, "events")
        if sorted(seen) != sorted(events):
            problem(f"{path}: {len(seen)} events for {len(events)}")
        for slug in events:
            one = os.path.join(public, lang, "events", slug, "event.ics")
            if list(check_calendar(one, events, lang, host, base, "events")) != [slug]:
                problem(f"{one}: not that one event")
    with open(os.path.join(public, "robots.txt"), encoding="utf-8") as f:
        if f"Sitemap: {base}sitemap.xml\n" not in f.read():
            problem("robots.txt does not name the sitemap")


def check_sitemap(public, langs, index=False, urls=None):
    path = os.path.join(public, "sitemap.xml")
    root = ET.parse(path).getroot()
    files = [path]
    if root.tag == SM + "sitemapindex":
        locs = [s.findtext(SM + "loc") for s in root.findall(SM + "sitemap")]
        base = re.sub(r"sitemap-1\.xml$", "", locs[0]) if locs else ""
        files = [os.path.join(public, loc[len(base):]) for loc in locs]
        on_disk = sorted(glob.glob(os.path.join(public, "sitemap-*.xml")))
        if sorted(files) != on_disk:
            problem(f"the index lists {len(files)} files, {len(on_disk)} on disk")
    elif index:
        problem("sitemap.xml is not an index")
    if not index and root.tag != SM + "urlset":
        problem("sitemap.xml is not a urlset")
    entries = {}
    for p in files:
        if os.path.getsize(p) > 50 * 1024 * 1024:
            problem(f"{p}: over 50 MB")
        r = ET.parse(p).getroot()
        us = r.findall(SM + "url")
        if len(us) > 50000:
            problem(f"{p}: {len(us)} URLs")
        for u in us:
            loc = u.findtext(SM + "loc")
            if not loc or loc in entries:
                problem(f"{p}: a url without loc, or twice: {loc}")
            lastmod = u.findtext(SM + "lastmod")
            if lastmod is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", lastmod):
                problem(f"{p}: {loc}: lastmod {lastmod}")
            alt = {}
            for link in u.findall(XHTML + "link"):
                alt[link.get("hreflang")] = link.get("href")
            entries[loc] = alt
    base = next(iter(entries), "")
    base = base[:base.find("/", base.find("//") + 2) + 1]
    pages = set()
    for lang in langs:
        for f in glob.glob(os.path.join(public, lang, "**", "index.html"), recursive=True):
            pages.add(base + os.path.relpath(os.path.dirname(f), public) + "/")
    if set(entries) != pages:
        problem(f"the sitemap has {len(entries)} URLs, the site {len(pages)} pages "
                f"(e.g. {sorted(set(entries) ^ pages)[:3]})")
    if urls is not None and len(entries) != urls:
        problem(f"{len(entries)} URLs, not {urls}")
    for loc, alt in entries.items():
        if sorted(alt) != sorted(langs + ["x-default"]):
            problem(f"{loc}: alternates {sorted(alt)}")
            continue
        if loc not in alt.values():
            problem(f"{loc}: not among its own alternates")
        for other in alt.values():
            if entries.get(other) != alt:
                problem(f"{loc}: {other} does not list the same alternates")
                break
        if alt["x-default"] != alt[langs[0]]:
            problem(f"{loc}: x-default is not the default language's")
    return len(entries)


HOSTILE = {
    "title": "Tom & Jerry <b>\"quoted\"</b> 'single' — 😀 مرحبا بالعالم 中文标题 a\\b;c,d ]]> &amp;",
    "summary": "Line one & <two> </summary>\nسطر ثانٍ، مع فاصلة, 第二行；分号; emoji 🎉👩🏽‍⚖️ back\\slash " + "长" * 60,
    "author": "Ana <ana> & \"Bo\" 'O'Neil' 法官",
    "venue": "Palais de Justice; Salle 1, Niveau \"B\" & <2> — قاعة ١ 会议室",
}


def hostile_make(d):
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import shutil
    shutil.copytree(os.path.join(repo, "themes"), os.path.join(d, "themes"))
    os.makedirs(os.path.join(d, "translations"))
    for lang in ("en", "ar"):
        shutil.copy(os.path.join(repo, "translations", f"{lang}.yaml"), os.path.join(d, "translations"))
    with open(os.path.join(repo, "site.yaml"), encoding="utf-8") as f:
        site = f.read()
    site = re.sub(r"^languages:\n(  - .*\n)+", "languages:\n  - { code: en, name: English }\n"
                  "  - { code: ar, name: العربية, direction: rtl }\n", site, flags=re.M)
    site = re.sub(r"^menu:.*$", "menu: [news, podcasts, events]", site, flags=re.M)
    site = re.sub(r"^footer:.*$", "footer: []", site, flags=re.M)  # it has no about or contact page
    site = re.sub(r"^  submit: .*\n", "", site, flags=re.M)
    with open(os.path.join(d, "site.yaml"), "w", encoding="utf-8") as f:
        f.write(site)
    q = lambda v: json.dumps(v, ensure_ascii=False)
    h = HOSTILE
    files = {
        "content/index.md": "---\ntitle: Hostile\n---\nText.\n",
        "content/news/hostile/index.md": f"---\ntitle: {q(h['title'])}\nsummary: {q(h['summary'])}\n"
                                         f"date: \"2024-05-06\"\nauthor: {q(h['author'])}\n---\nText.\n",
        "content/podcasts/hostile/index.md": f"---\ntitle: {q(h['title'])}\nsummary: {q(h['summary'])}\n"
                                             "number: 7\ndate: \"2024-05-06\"\n"
                                             "audio: \"https://media.example.org/a.mp3?x=1&y=2\"\n"
                                             "length: 1234\nmime: audio/mpeg\nduration: \"01:02:03\"\n"
                                             "transcript: transcript.txt\n---\nText.\n",
        "content/podcasts/hostile/transcript.txt": "Words.\n",
        "content/events/hostile/index.md": f"---\ntitle: {q(h['title'])}\nsummary: {q(h['summary'])}\n"
                                           "start: \"2024-12-31T23:30+05:30\"\nend: \"2025-01-01T01:00-08:00\"\n"
                                           f"venue: {q(h['venue'])}\norganisers: [x]\n---\nText.\n",
    }
    for rel, text in files.items():
        os.makedirs(os.path.dirname(os.path.join(d, rel)), exist_ok=True)
        with open(os.path.join(d, rel), "w", encoding="utf-8") as f:
            f.write(text)


def hostile(public):
    h = HOSTILE
    for lang in ("en", "ar"):
        path = os.path.join(public, lang, "feed.atom")
        f = feedparser.parse(path)
        e = f.entries[0] if f.entries and not f.bozo else {}
        got = (e.get("title"), e.get("summary"), e.get("author"))
        if got != (h["title"], h["summary"], h["author"]):
            problem(f"{path}: feedparser reads {got!r}")
        entry = ET.parse(path).getroot().find("{http://www.w3.org/2005/Atom}entry")
        A = "{http://www.w3.org/2005/Atom}"
        got = (entry.findtext(A + "title"), entry.findtext(A + "summary"), entry.findtext(f"{A}author/{A}name"))
        if got != (h["title"], h["summary"], h["author"]):
            problem(f"{path}: the XML holds {got!r}")
        path = os.path.join(public, lang, "podcasts", "feed.xml")
        f = feedparser.parse(path)
        if f.bozo or len(f.entries) != 1:
            problem(f"{path}: bozo or not one episode")
        item = ET.parse(path).getroot().find("channel/item")
        got = (item.findtext("title"), item.findtext("description"))
        if got != (h["title"], h["summary"]):
            problem(f"{path}: the XML holds {got!r}")
        enc = item.find("enclosure")
        if enc is None or enc.get("url") != "https://media.example.org/a.mp3?x=1&y=2":
            problem(f"{path}: enclosure {enc.attrib if enc is not None else None}")
        path = os.path.join(public, lang, "events.ics")
        cal = icalendar.Calendar.from_ical(check_lines(path))
        ev = cal.walk("VEVENT")[0]
        got = (str(ev["SUMMARY"]), str(ev["DESCRIPTION"]), str(ev["LOCATION"]))
        if got != (h["title"], h["summary"], h["venue"]):
            problem(f"{path}: icalendar reads {got!r}")
        # and as written: escaped as RFC 5545 says (a tolerant parser would read a bare ';' too)
        raw = check_lines(path).decode("utf-8").replace("\r\n ", "")
        esc = h["venue"].replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
        if f"\r\nLOCATION:{esc}\r\n" not in raw:
            problem(f"{path}: LOCATION is not escaped as RFC 5545 says")
        if (ev["DTSTART"].to_ical(), ev["DTEND"].to_ical()) != (b"20241231T180000Z", b"20250101T090000Z"):
            problem(f"{path}: DTSTART/DTEND {ev['DTSTART'].to_ical()} {ev['DTEND'].to_ical()}")


def many_make(d, n):
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import shutil
    shutil.copytree(os.path.join(repo, "themes"), os.path.join(d, "themes"))
    os.makedirs(os.path.join(d, "translations"))
    for lang in ("en", "fr"):
        shutil.copy(os.path.join(repo, "translations", f"{lang}.yaml"), os.path.join(d, "translations"))
    with open(os.path.join(d, "site.yaml"), "w", encoding="utf-8") as f:
        f.write("title: Many\nbase_url: https://many.example/\ndefault_language: en\nlanguages:\n"
                "  - { code: en, name: English }\n  - { code: fr, name: Français }\n"
                "collections:\n  news:\n    per_page: 1000\nmenu: [news]\n")
    os.makedirs(os.path.join(d, "content", "news"))
    with open(os.path.join(d, "content", "index.md"), "w") as f:
        f.write("---\ntitle: Many\n---\n")
    for i in range(n):
        os.makedirs(os.path.join(d, "content", "news", f"n{i}"))
        with open(os.path.join(d, "content", "news", f"n{i}", "index.md"), "w") as f:
            f.write(f"---\ntitle: Note {i}\n---\n")


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "site":
        check_site(args[0], args[1], args[2].split(","))
    elif cmd == "sitemap":
        urls = int(args[args.index("--urls") + 1]) if "--urls" in args else None
        n = check_sitemap(args[0], args[1].split(","), "--index" in args, urls)
        print(f"{n} URLs")
    elif cmd == "hostile-make":
        hostile_make(args[0])
    elif cmd == "hostile":
        hostile(args[0])
    elif cmd == "many-make":
        many_make(args[0], int(args[1]))
    elif cmd == "guids":
        for p in sorted(glob.glob(os.path.join(args[0], "*", "podcasts", "feed.xml"))):
            for g in ET.parse(p).getroot().iter("guid"):
                print(p[len(args[0]):], g.text)
    for p in problems[:30]:
        print(p)
    if len(problems) > 30:
        print(f"... and {len(problems) - 30} more")
    sys.exit(1 if problems else 0)


main()
