#!/usr/bin/env python3
"""The man page and every command's --help agree: check_manpage.py JISITE MANPAGE
(check_manpage.py JISITE --options COMMAND prints the options of the command's --help, one a line.)

Reads the commands from `JISITE --help`, then each command's `JISITE COMMAND --help`, and the roff of MANPAGE
without groff or man: its SYNOPSIS (one block per command, up to its .br) and its OPTIONS (one .TP entry per
option, whose first line after the tag names the commands that take it, as "(build, check)").

Prints one "ok - " or "not ok - " line per command and direction, naming the options missing:
  help -> man: each option the help prints (its usage line and its list) is described in OPTIONS for that
               command, and each option of its usage line is in the command's SYNOPSIS;
  man -> help: each option of the command's SYNOPSIS and of its OPTIONS entries is printed by its help.
For `jisite` itself, its usage line and the SYNOPSIS line of `jisite` alone. -h and --help, which every
command takes, are described once and printed by `jisite --help` only. Exits 1 when a check failed.
"""
import re
import subprocess
import sys

OPTION = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*")
EVERY_COMMAND = {"-h", "--help"}
TOP = "jisite"


def roff_text(line):
    """The text of a roff line: no macro name, no font escapes or quotes, \\- as -."""
    line = re.sub(r"^\.[A-Za-z]+\s*", "", line)
    line = line.replace("\\-", "-")
    line = re.sub(r"\\f[BIRP]|\\f\([A-Z]{2}|\\&|\\/|\\,", "", line)
    return line.replace('"', "")


def options(text):
    return set(OPTION.findall(text))


def parse_man(path):
    """{command: options of its SYNOPSIS}, [(options, commands or None) per OPTIONS entry], COMMANDS' names."""
    synopsis, entries, described = {}, [], set()
    section, block, entry, tp = None, None, None, False
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    for line in lines:
        if line.startswith(".SH"):
            section = roff_text(line).strip()
            block, entry, tp = None, None, False
            continue
        if section == "SYNOPSIS":
            if line.startswith(".br"):
                block = None
            elif block is None:
                words = roff_text(line).split()
                if words and words[0] == "jisite":
                    block = words[1] if len(words) > 1 and not words[1].startswith("-") else TOP
                    synopsis.setdefault(block, set()).update(options(" ".join(words[1:])))
            else:
                synopsis[block].update(options(roff_text(line)))
        elif section == "COMMANDS":
            if tp:
                described.add(roff_text(line).strip())
            tp = line.startswith(".TP")
        elif section == "OPTIONS":
            if line.startswith(".TP"):
                entry = "tag"
            elif entry == "tag":
                entries.append([options(roff_text(line)), None])
                entry = "scope"
            elif entry == "scope":
                m = re.fullmatch(r"\s*\((.*)\)\s*", roff_text(line))
                if m:
                    entries[-1][1] = set(re.split(r"[\s,]+", m.group(1).strip()))
                entry = None
    return synopsis, entries, described


def help_text(jisite, *args):
    r = subprocess.run([jisite, *args, "--help"], capture_output=True, text=True)
    if r.returncode:
        sys.exit(f"{' '.join([jisite, *args])} --help: exit status {r.returncode}")
    return r.stdout


def parse_help(text):
    """The options of a usage text: those of its usage line (to the first blank line), and all."""
    usage, listed, in_usage = set(), set(), True
    for line in text.splitlines():
        if not line.strip():
            in_usage = False
        if in_usage:
            usage |= options(line.split(":", 1)[-1] if line.startswith("usage:") else line)
        elif re.match(r" {1,4}-", line):
            # the first column: options and their arguments, up to the first word of the description
            for word in line.split():
                word = word.rstrip(",")
                if word.startswith("-"):
                    listed |= options(word)
                elif not re.fullmatch(r"[A-Z][A-Z_.]*", word):
                    break
    return usage, usage | listed


def commands(top_help):
    out, on = [], False
    for line in top_help.splitlines():
        if line.startswith("commands:"):
            on = True
        elif on and not line.strip():
            break
        elif on:
            out.append(line.split()[0])
    return out


def main():
    if len(sys.argv) == 4 and sys.argv[2] == "--options":
        # the options `JISITE COMMAND --help` prints, one a line: what the completions must offer
        print("\n".join(sorted(parse_help(help_text(sys.argv[1], sys.argv[3]))[1])))
        return 0
    jisite, manpage = sys.argv[1], sys.argv[2]
    synopsis, entries, described = parse_man(manpage)
    failed = False

    def report(ok, what, missing=()):
        nonlocal failed
        failed |= not ok
        extra = f": {', '.join(sorted(missing))}" if missing else ""
        print(f"{'ok' if ok else 'not ok'} - {what}{extra}")

    unscoped = [sorted(o) for o, scope in entries if scope is None and not o <= EVERY_COMMAND | {"--version"}]
    report(TOP in synopsis and len(entries) > 5 and not unscoped,
           "the man page parses: a SYNOPSIS of jisite, OPTIONS entries, each saying its commands",
           [" ".join(o) for o in unscoped] + ([] if TOP in synopsis else ["no SYNOPSIS line of jisite"]))

    top = help_text(jisite)
    usage, _ = parse_help(top)
    man = synopsis.get(TOP, set())
    report(usage <= man, "jisite --help -> man page SYNOPSIS", usage - man)
    report(man <= usage, "man page SYNOPSIS of jisite -> jisite --help", man - usage)

    for cmd in commands(top):
        usage, printed = parse_help(help_text(jisite, cmd))
        printed -= EVERY_COMMAND
        usage -= EVERY_COMMAND
        syn = synopsis.get(cmd)
        opts = set()
        for o, scope in entries:
            if scope and cmd in scope:
                opts |= o
        missing = [f"{o} (OPTIONS)" for o in printed - opts]
        missing += [f"{o} (SYNOPSIS)" for o in usage - (syn or set())]
        if syn is None:
            missing.append("no SYNOPSIS line")
        if cmd not in described:
            missing.append("no entry in COMMANDS")
        report(not missing, f"{cmd} --help -> man page", missing)
        documented = ((syn or set()) | opts) - EVERY_COMMAND
        report(documented <= printed, f"man page -> {cmd} --help", documented - printed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
