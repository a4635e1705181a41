/* iCalendar (RFC 5545), an output stage after the pages: per language, every event of the collection
 * site.yaml's `feeds: calendar:` names in one file (<lang>/<collection>.ics), and each event on its own
 * beside its page (<lang>/<collection>/<slug>/event.ics), for "Add to calendar". Events take `start` and
 * `end` (converted to UTC), `venue`, `title` and `summary`. The same model gives the same bytes: the
 * stamp of an event is the day its text last changed, never the clock. */
#ifndef JISITE_ICAL_H
#define JISITE_ICAL_H

#include <stddef.h>

#include "site.h"
#include "util/strbuf.h"

/* The output path of language lang's calendar ("fr/events.ics"), appended. */
void ical_calendar_path(struct strbuf *out, const struct config *cfg, size_t lang);
/* The output path of the calendar of the event shown by page p ("fr/events/x/event.ics"), appended. */
void ical_event_path(struct strbuf *out, const struct page *p);

/* Appends the calendar of language lang: every event of cfg->feed_calendar by start, or only event `only`
 * (an item of that collection) when it is not NULL. */
void ical_calendar(struct strbuf *out, const struct site *s, size_t lang, const struct item *only);

/* Appends s[0..len) as an iCalendar TEXT value: backslash, semicolon and comma escaped, line ends as \n. */
void ical_escape_text(struct strbuf *out, const char *s, size_t len);
/* Appends one content line, line[0..len) (valid UTF-8, no line end), folded so that no line is longer
 * than 75 octets and no UTF-8 sequence is split, and ended with CRLF. */
void ical_fold_line(struct strbuf *out, const char *line, size_t len);

#endif
