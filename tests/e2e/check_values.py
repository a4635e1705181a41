#!/usr/bin/env python3
"""Values as readers read them, on the Network's site built into PUBLIC_DIR (see tests/e2e/values.sh).

usage: check_values.py PUBLIC_DIR
Prints "ok - " / "not ok - " lines and the closing "N passed, N failed" line of tests/e2e/lib.sh.
"""
import html
import os
import re
import sys

ASCII_DIGIT = re.compile(r"[0-9]")
passed = failed = 0


def check(ok, name, note=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
    print(f"{'ok' if ok else 'not ok'} - {name}")
    if note and not ok:
        print(f"#   {note}")


def read(public, path):
    with open(os.path.join(public, path), encoding="utf-8") as f:
        return f.read()


def text(fragment):
    """What a reader sees of an HTML fragment: its text, without tags or attributes."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", fragment)).split())  # narrow spaces too


def element(page, start_pattern, tag):
    """The first element whose opening tag matches start_pattern, up to its closing tag (not nested)."""
    m = re.search(start_pattern + r".*?</" + tag + ">", page, re.S)
    return m.group(0) if m else ""


def entries(page, list_id):
    """(href, data-ends) of each entry of the list with that id."""
    ul = element(page, r'<ul class="listing" id="' + list_id + '">', "ul")
    return re.findall(r'<li data-ends="([^"]*)"><a href="([^"]*)"', ul)


def main():
    public = sys.argv[1]
    event = "events/webinar-judicial-careers-2027/index.html"

    # an event's times: where it happens and that place's offset, an end on the same day as its time
    en = read(public, "en/" + event)
    facts = text(element(en, r'<dl class="facts">', "dl"))
    check("June 9, 2027 at 2:00 PM (UTC+2)" in facts, "an event's start shows its UTC offset", facts)
    check("Ends 3:30 PM (UTC+2)" in facts, "an end on the day of the start shows its time alone", facts)
    check('<time datetime="2027-06-09T14:00+02:00">' in en, "<time datetime> keeps the ISO value")
    facts = text(element(read(public, "en/events/ethics-training-of-trainers-2027/index.html"), r'<dl class="facts">', "dl"))
    check("Ends April 15, 2027 at 4:00 PM (UTC+2)" in facts, "an end on another day shows its date", facts)

    ar = read(public, "ar/" + event)
    facts = text(element(ar, r'<dl class="facts">', "dl"))
    status = text(element(ar, r'<p class="status"', "p"))
    check("غرينتش+٢" in facts, "the Arabic event page shows its offset in Arabic", facts)
    check(not ASCII_DIGIT.search(facts + status), "the Arabic event page's dates and status use Arabic-Indic digits only",
          facts + " | " + status)
    check("data-ends=\"2027-06-09T15:30+02:00\"" in ar and "events." in ar, "the event page has its end and the script")

    # sizes, durations, lists and language names
    pod = read(public, "en/podcasts/episode-1-judges-online/index.html")
    facts = text(element(pod, r'<dl class="facts">', "dl"))
    check("23.3 MB" in facts and "23252096" not in facts, "the podcast page shows MB and no byte count", facts)
    check("24 min 13 sec" in facts and "00:24:13" not in facts, "the podcast page shows its duration in words", facts)
    check("MP3" in facts and "audio/mpeg" not in facts, "the podcast page names the format, not the media type", facts)
    check("A judge of a first-instance court and A court communications adviser" in facts, "guests are joined as a list",
          facts)
    pod = read(public, "ar/podcasts/episode-1-judges-online/index.html")
    facts = text(element(pod, r'<dl class="facts">', "dl"))
    check("٢٣٫٣" in facts and not ASCII_DIGIT.search(facts.replace("MP3", "")),
          "the Arabic podcast page's number, size and duration use Arabic-Indic digits", facts)
    res = read(public, "fr/resources/achievements-report-2020/index.html")
    check("<dd>anglais</dd>" in res, "a document's languages are named in the page's language")
    video = read(public, "zh/videos/launch-highlights-2018/index.html")
    check("<dd>英语</dd>" in video and "4分钟52秒" in video, "a video's captions and duration in Chinese")

    # page numbers in the page's digits
    nav = text(element(read(public, "ar/resources/index.html"), r'<nav class="pagination"', "nav"))
    check(nav and not ASCII_DIGIT.search(nav), "the Arabic pagination uses Arabic-Indic digits", nav)

    # the events listing: upcoming (soonest first) above past (latest first), every event once
    for lang in ("en", "ar"):
        page = read(public, lang + "/events/index.html")
        up, past = entries(page, "upcoming-events"), entries(page, "past-events")
        check(page.find('id="upcoming-events"') < page.find('id="past-events"'), f"{lang}: upcoming above past")
        check([e for e, _ in up] == sorted(e for e, _ in up), f"{lang}: upcoming events, soonest first", str(up))
        check([e for e, _ in past] == sorted((e for e, _ in past), reverse=True), f"{lang}: past events, latest first",
              str(past))
        slugs = {d for d in os.listdir(os.path.join(public, lang, "events")) if os.path.isfile(
            os.path.join(public, lang, "events", d, "index.html"))}
        check(sorted(h.split("/")[0] for _, h in up + past) == sorted(slugs), f"{lang}: every event listed once")
        check("as-of" in element(page, r'<h2 class="upcoming-heading"', "h2"), f"{lang}: the upcoming heading says as of when")

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
