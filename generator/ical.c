/* iCalendar files of events (see ical.h), from the model alone. */
#include "ical.h"

#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "i18n.h"
#include "util/datetime.h"
#include "util/xalloc.h"

#define ICAL_LINE_MAX 75 /* octets, without the CRLF (RFC 5545, 3.1) */

void ical_calendar_path(struct strbuf *out, const struct config *cfg, size_t lang)
{
	strbuf_addf(out, "%s/%s.ics", cfg->languages[lang].code, cfg->feed_calendar->name);
}

void ical_event_path(struct strbuf *out, const struct page *p)
{
	strbuf_addf(out, "%sevent.ics", p->path);
}

void ical_escape_text(struct strbuf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '\\': strbuf_addstr(out, "\\\\"); break;
		case ';': strbuf_addstr(out, "\\;"); break;
		case ',': strbuf_addstr(out, "\\,"); break;
		case '\n': strbuf_addstr(out, "\\n"); break;
		case '\r':
			if (i + 1 < len && s[i + 1] == '\n')
				break; /* CRLF: one line end */
			strbuf_addstr(out, "\\n");
			break;
		default:
			/* other controls than tab are not allowed in TEXT (RFC 5545, 3.3.11) */
			if (((unsigned char)s[i] >= 0x20 && s[i] != 0x7f) || s[i] == '\t')
				strbuf_addch(out, s[i]);
		}
	}
}

void ical_fold_line(struct strbuf *out, const char *line, size_t len)
{
	size_t room = ICAL_LINE_MAX; /* a continuation line starts with a space, which counts */

	while (len > room) {
		size_t cut = room;
		/* back to the start of a UTF-8 sequence (10xxxxxx bytes continue one) */
		while (cut > 0 && ((unsigned char)line[cut] & 0xC0) == 0x80)
			cut--;
		if (!cut)
			cut = room; /* not UTF-8 at all: cut where the limit is */
		strbuf_add(out, line, cut);
		strbuf_addstr(out, "\r\n ");
		line += cut;
		len -= cut;
		room = ICAL_LINE_MAX - 1;
	}
	strbuf_add(out, line, len);
	strbuf_addstr(out, "\r\n");
}

static const char *field(const struct item *it, size_t lang, const char *name)
{
	const struct value *v = value_map_get(it->meta[lang], name);

	return v && v->kind == VALUE_STRING ? v->u.str.ptr : NULL;
}

/* NAME:escaped text, as one folded line; nothing when text is NULL. */
static void text_line(struct strbuf *out, struct strbuf *line, const char *name, const char *text)
{
	if (!text)
		return;
	strbuf_reset(line);
	strbuf_addf(line, "%s:", name);
	ical_escape_text(line, text, strlen(text));
	ical_fold_line(out, line->buf, line->len);
}

/* DTSTART or DTEND: the moment in UTC, or a whole day. An end given as a day ends after it (DTEND is
 * exclusive). Returns -1 when text is not a date. */
static int time_line(struct strbuf *out, struct strbuf *line, const char *name, const char *text, bool end)
{
	struct datetime dt;

	if (!text || datetime_parse(&dt, text, strlen(text)))
		return -1;
	strbuf_reset(line);
	if (dt.date_only) {
		strbuf_addf(line, "%s;VALUE=DATE:", name);
		datetime_format(line, end ? dt.t + 86400 : dt.t, DATETIME_ICAL_DATE);
	} else {
		strbuf_addf(line, "%s:", name);
		datetime_format(line, dt.t, DATETIME_ICAL);
	}
	ical_fold_line(out, line->buf, line->len);
	return 0;
}

static void event(struct strbuf *out, const struct site *s, const struct item *it, size_t lang)
{
	struct strbuf line = STRBUF_INIT;
	const char *updated = feed_item_updated(it, lang), *start = field(it, lang, "start");
	const char *venue = field(it, lang, "venue"), *online = field(it, lang, "online");
	struct datetime dt;

	ical_fold_line(out, "BEGIN:VEVENT", 12);
	/* the same event in every language and on every build */
	strbuf_addf(&line, "UID:%s@%.*s", it->slug, (int)strcspn(s->cfg->tag_authority, ","), s->cfg->tag_authority);
	ical_fold_line(out, line.buf, line.len);
	/* when the event's text last changed: a new build of the same text gives the same stamp */
	if (datetime_parse(&dt, updated, strlen(updated)))
		dt.t = s->cfg->epoch;
	strbuf_reset(&line);
	strbuf_addstr(&line, "DTSTAMP:");
	datetime_format(&line, dt.t, DATETIME_ICAL);
	ical_fold_line(out, line.buf, line.len);
	time_line(out, &line, "DTSTART", start, false);
	if (time_line(out, &line, "DTEND", field(it, lang, "end"), true) && start) {
		/* without an end, an event lasts its day (or is a moment) */
		if (!datetime_parse(&dt, start, strlen(start)) && dt.date_only)
			time_line(out, &line, "DTEND", start, true);
	}
	text_line(out, &line, "SUMMARY", field(it, lang, "title"));
	text_line(out, &line, "DESCRIPTION", field(it, lang, "summary"));
	text_line(out, &line, "LOCATION", venue ? venue : online);
	strbuf_reset(&line);
	strbuf_addstr(&line, "URL:");
	feed_absolute(&line, s->cfg, site_page(s, it->group, lang)->path);
	ical_fold_line(out, line.buf, line.len);
	ical_fold_line(out, "END:VEVENT", 10);
	strbuf_release(&line);
}

struct dated {
	const struct item *it;
	const char *start;
};

static int dated_cmp(const void *pa, const void *pb)
{
	const struct dated *a = pa, *b = pb;
	struct datetime ta = { 0 }, tb = { 0 };
	bool va = a->start && !datetime_parse(&ta, a->start, strlen(a->start));
	bool vb = b->start && !datetime_parse(&tb, b->start, strlen(b->start));

	if (va != vb)
		return va ? -1 : 1;
	if (ta.t != tb.t)
		return ta.t < tb.t ? -1 : 1;
	return strcmp(a->it->dir, b->it->dir);
}

void ical_calendar(struct strbuf *out, const struct site *s, size_t lang, const struct item *only)
{
	const struct config_collection *col = s->cfg->feed_calendar;
	const char *name = i18n_find(s->i18n, lang, "collections", col->name);
	const char *title = i18n_find(s->i18n, lang, "site_title", NULL);
	struct dated *events = xcalloc(s->nitems + 1, sizeof(*events));
	struct strbuf line = STRBUF_INIT;
	size_t n = 0;

	for (size_t i = 0; i < s->nitems; i++) {
		const struct item *it = &s->items[i];
		if (it->role != DOC_ITEM || it->collection != col || (only && it != only))
			continue;
		events[n].it = it;
		events[n++].start = field(it, s->cfg->default_language, "start");
	}
	qsort(events, n, sizeof(*events), dated_cmp);
	ical_fold_line(out, "BEGIN:VCALENDAR", 15);
	ical_fold_line(out, "VERSION:2.0", 11);
	strbuf_addstr(&line, "PRODID:-//");
	ical_escape_text(&line, s->cfg->title, strlen(s->cfg->title));
	strbuf_addstr(&line, "//jisite//EN");
	ical_fold_line(out, line.buf, line.len);
	ical_fold_line(out, "CALSCALE:GREGORIAN", 18);
	ical_fold_line(out, "METHOD:PUBLISH", 14);
	strbuf_reset(&line);
	strbuf_addstr(&line, "X-WR-CALNAME:");
	if (only) {
		const char *t = field(only, lang, "title");
		ical_escape_text(&line, t ? t : only->slug, strlen(t ? t : only->slug));
	} else {
		struct strbuf t = STRBUF_INIT;
		strbuf_addf(&t, "%s | %s", name ? name : col->name, title ? title : s->cfg->title);
		ical_escape_text(&line, t.buf, t.len);
		strbuf_release(&t);
	}
	ical_fold_line(out, line.buf, line.len);
	for (size_t i = 0; i < n; i++)
		event(out, s, events[i].it, lang);
	ical_fold_line(out, "END:VCALENDAR", 13);
	free(events);
	strbuf_release(&line);
}
