#!/usr/bin/env python3
"""Writes a synthetic site that follows the Network site's schemas, for benchmarks and scale tests.

usage: gen_site.py OUT_DIR --resources N [--seed S]

OUT_DIR gets the repository's site.yaml, themes/ and translations/, and a content/ with N resources,
N/10 events, N/10 news items, N/20 podcast episodes and N/20 opinion pieces, each with a translation in
every language of site.yaml. The same N and seed always give the same bytes.
"""
import argparse
import os
import random
import re
import shutil

WORDS = ("judicial integrity court judge ethics conduct training guidance network independence "
         "accountability transparency corruption prevention access justice trust public confidence "
         "social media gender council appointment discipline complaint investigation rule law "
         "tribunal evidence fairness impartiality propriety diligence competence equality").split()
TOPICS = ["social-media", "gender", "codes-of-conduct", "ethics-training", "misconduct-investigation",
          "artificial-intelligence", "independence-accountability", "corruption-prevention",
          "access-to-justice", "judicial-careers"]
TYPES = ["guide", "report", "code-of-conduct", "training-material", "declaration", "article", "toolkit",
         "study", "legislation", "case-law"]
REGIONS = ["global", "africa", "americas", "arab-states", "asia-pacific", "europe"]


def languages(site_yaml):
    return re.findall(r"^\s*- \{ *code: *([A-Za-z-]+),", site_yaml, re.M)


class Writer:
    def __init__(self, out, rng, langs):
        self.out, self.rng, self.langs = out, rng, langs

    def words(self, n):
        return " ".join(self.rng.choice(WORDS) for _ in range(n))

    def body(self, paragraphs):
        parts = []
        for i in range(paragraphs):
            if i % 3 == 1:
                parts.append(f"## {self.words(3).capitalize()}")
            parts.append(self.words(self.rng.randint(60, 120)).capitalize() + ".")
            if i % 4 == 2:
                parts.append("\n".join(f"- {self.words(6)} **{self.words(2)}**" for _ in range(4)))
        return "\n\n".join(parts) + "\n"

    def item(self, collection, slug, fields, translatable, paragraphs):
        folder = os.path.join(self.out, "content", collection, slug)
        os.makedirs(folder, exist_ok=True)
        for lang in self.langs:
            name = "index.md" if lang == self.langs[0] else f"index.{lang}.md"
            meta = fields if lang == self.langs[0] else {k: f"{fields[k]} ({lang})" for k in translatable}
            lines = ["---"] + [f"{k}: {yaml_value(v)}" for k, v in meta.items()] + ["---", ""]
            with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
                f.write("\n".join(lines) + self.body(paragraphs))


def yaml_value(v):
    """Python value → YAML flow text: texts quoted, lists in brackets, numbers as they are."""
    if isinstance(v, list):
        return "[" + ", ".join(v) + "]"
    if isinstance(v, str) and not re.fullmatch(r"[a-z0-9-]+|[0-9T:+-]+", v):
        return '"' + v.replace('"', "'") + '"'
    return str(v)




def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--resources", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    for d in ("themes", "translations"):
        shutil.copytree(os.path.join(repo, d), os.path.join(args.out, d))
    with open(os.path.join(repo, "site.yaml"), encoding="utf-8") as f:
        site = f.read()
    # the menu and the footer name pages of the real site; a synthetic site has collections only
    site = re.sub(r"^menu:.*$", "menu: [resources, events, news, topics]", site, flags=re.M)
    site = re.sub(r"^footer:.*$", "footer: []", site, flags=re.M)
    with open(os.path.join(args.out, "site.yaml"), "w", encoding="utf-8") as f:
        f.write(site)
    rng = random.Random(args.seed)
    w = Writer(args.out, rng, languages(site))
    n = args.resources
    os.makedirs(os.path.join(args.out, "content"))
    with open(os.path.join(args.out, "content", "index.md"), "w", encoding="utf-8") as f:
        f.write("---\ntitle: Synthetic site\n---\nA synthetic site for benchmarks.\n")
    for i in range(n):
        fields = {
            "title": w.words(6).capitalize() + f" {i}",
            "summary": w.words(30).capitalize() + ".",
            "type": rng.choice(TYPES),
            "topics": sorted(set(rng.sample(TOPICS, 3))),
            "regions": [rng.choice(REGIONS)],
            "year": rng.randint(1990, 2026),
            "publisher": w.words(3).title(),
        }
        w.item("resources", f"resource-{i:05d}", fields, ["title", "summary"], 10)
    for i in range(max(1, n // 10)):
        day = 1 + i % 28
        fields = {
            "title": w.words(5).capitalize() + f" {i}",
            "summary": w.words(20).capitalize() + ".",
            "start": f"20{18 + i % 10}-{1 + i % 12:02d}-{day:02d}T09:00+01:00",
            "end": f"20{18 + i % 10}-{1 + i % 12:02d}-{day:02d}T17:00+01:00",
            "venue": "Vienna",
            "organisers": ["UNODC"],
            "topics": [rng.choice(TOPICS)],
        }
        w.item("events", f"event-{i:05d}", fields, ["title", "summary"], 4)
    for i in range(max(1, n // 10)):
        fields = {
            "title": w.words(7).capitalize() + f" {i}",
            "summary": w.words(25).capitalize() + ".",
            "date": f"20{18 + i % 9}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "topics": [rng.choice(TOPICS)],
        }
        w.item("news", f"news-{i:05d}", fields, ["title", "summary"], 6)
    for i in range(max(1, n // 20)):
        fields = {
            "title": w.words(5).capitalize() + f" {i}",
            "summary": w.words(20).capitalize() + ".",
            "number": i + 1,
            "date": f"20{19 + i % 8}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "audio": f"https://media.judicial-integrity.example.org/podcasts/{i + 1}.mp3",
            "length": rng.randint(5_000_000, 60_000_000),
            "mime": "audio/mpeg",
            "duration": f"00:{rng.randint(10, 59)}:{rng.randint(10, 59)}",
        }
        w.item("podcasts", f"episode-{i + 1:04d}", fields, ["title", "summary"], 3)
    for i in range(max(1, n // 20)):
        fields = {
            "title": w.words(6).capitalize() + f" {i}",
            "summary": w.words(20).capitalize() + ".",
            "date": f"20{19 + i % 8}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "author": "A judge of the court of appeal",
        }
        w.item("opinion", f"opinion-{i:05d}", fields, ["title", "summary"], 8)


if __name__ == "__main__":
    main()
