#!/usr/bin/env python3
"""Writes a git repository with a long history, for timing the walk of gitinfo (dates, authors, freshness).

usage: gen_repo.py OUT_DIR [--commits N] [--files N] [--seed S]

OUT_DIR becomes a repository whose branch main has N commits (default 5,000) by twenty authors, touching
N files (default 3,000) under content/: items of four collections in five languages
(content/<collection>/<slug>/index[.<lang>].md). The first commits add the files a few hundred at a time;
the rest change one to three files each, with a merge of a three-commit side branch every hundred commits
and a folder renamed every five hundred, so that rename detection and merges are part of what is timed.
The working tree is checked out at the end. Commits go through `git fast-import`, with fixed dates and
authors: the same arguments always give the same commit ids.
"""
import argparse
import os
import random
import shutil
import subprocess

COLLECTIONS = ["resources", "events", "news", "opinion"]
LANGS = ["", ".fr", ".es", ".ar", ".ru"]
WORDS = ("judicial integrity court judge ethics conduct training guidance network independence "
         "accountability transparency corruption prevention access justice trust public confidence").split()
AUTHORS = [f"Editor {chr(ord('A') + i)}" for i in range(20)]
START = 1514764800  # 2018-01-01 00:00:00 UTC


class Stream:
    """The fast-import stream and the state of the branches' trees (path → blob mark)."""

    def __init__(self, rng):
        self.rng, self.out, self.mark, self.time = rng, [], 0, START

    def data(self, text):
        b = text.encode()
        self.out.append(b"data %d\n" % len(b) + b + b"\n")

    def blob(self, path):
        self.mark += 1
        self.out.append(b"blob\nmark :%d\n" % self.mark)
        words = " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(40, 120)))
        self.data(f"---\ntitle: \"{path}\"\n---\n{words.capitalize()}.\n")
        return self.mark

    def commit(self, branch, parent, merge, changes, message):
        """changes: ("M", path, mark) | ("D", path) | ("R", old, new). Returns the commit's mark."""
        self.mark += 1
        self.time += self.rng.randint(600, 7200)
        who = self.rng.choice(AUTHORS)
        ident = f"{who} <{who.lower().replace(' ', '.')}@example.org> {self.time} +0000"
        self.out.append(f"commit refs/heads/{branch}\nmark :{self.mark}\nauthor {ident}\ncommitter {ident}\n".encode())
        self.data(message)
        if parent:
            self.out.append(b"from :%d\n" % parent)
        if merge:
            self.out.append(b"merge :%d\n" % merge)
        for c in changes:
            if c[0] == "M":
                self.out.append(f"M 100644 :{c[2]} {c[1]}\n".encode())
            else:
                self.out.append((" ".join(c) + "\n").encode())
        self.out.append(b"\n")
        return self.mark


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--commits", type=int, default=5000)
    ap.add_argument("--files", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    s = Stream(rng)
    folders = [f"content/{COLLECTIONS[i % 4]}/item-{i:05d}" for i in range((args.files + 4) // 5)]
    paths = [f"{d}/index{lang}.md" for d in folders for lang in LANGS][:args.files]
    files = {}  # the main branch's tree: path → blob mark
    head, n, side_at, renamed = 0, 0, 0, 0

    def change_some(k):
        """Changes k existing files of main's tree; returns the fast-import lines."""
        changes = []
        for p in rng.sample(sorted(files), k):
            files[p] = s.blob(p)
            changes.append(("M", p, files[p]))
        return changes

    # the files arrive in batches of 300
    for i in range(0, len(paths), 300):
        changes = []
        for p in paths[i:i + 300]:
            files[p] = s.blob(p)
            changes.append(("M", p, files[p]))
        head = s.commit("main", head, 0, changes, f"Add {len(changes)} pages")
        n += 1
    while n < args.commits:
        if n % 100 == 50 and n + 4 <= args.commits:
            # a side branch of three commits, merged with a merge commit
            side, side_changes = head, {}
            for j in range(3):
                p = rng.choice(sorted(files))
                side_changes[p] = s.blob(p)
                side = s.commit("side", side, 0, [("M", p, side_changes[p])], f"Revise {p} (draft {j + 1})")
            n += 3
            files.update(side_changes)
            head = s.commit("main", head, side, [("M", p, m) for p, m in sorted(side_changes.items())],
                            "Merge branch 'side'")
            n += 1
            side_at += 1
            continue
        if n % 500 == 275:
            # a folder renamed, its files unchanged
            old = rng.choice(sorted({p.rsplit("/", 1)[0] for p in files}))
            new = f"{old}-renamed-{renamed}"
            renamed += 1
            for p in [p for p in files if p.startswith(old + "/")]:
                files[new + p[len(old):]] = files.pop(p)
            head = s.commit("main", head, 0, [("R", old, new)], f"Rename {old} to {new}")
            n += 1
            continue
        changes = change_some(rng.choice([1, 1, 1, 2, 3]))
        head = s.commit("main", head, 0, changes, f"Update {changes[0][1]}")
        n += 1

    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    subprocess.run(["git", "init", "-q", "-b", "main", args.out], check=True)
    subprocess.run(["git", "-C", args.out, "fast-import", "--quiet"], input=b"".join(s.out), check=True)
    subprocess.run(["git", "-C", args.out, "branch", "-q", "-D", "side"], stderr=subprocess.DEVNULL)
    subprocess.run(["git", "-C", args.out, "reset", "-q", "--hard", "main"], check=True)


if __name__ == "__main__":
    main()
