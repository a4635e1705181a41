/* Bounds on Markdown before cmark-gfm parses it (see markdown_limits.h): one pass over the lines, called by
 * markdown_render. Each bound names the cmark-gfm 0.29 behaviour it keeps linear; the estimates err on the
 * side of refusing, never of letting a slow input through. */
#include "markdown_limits.h"

#include <stdint.h>
#include <string.h>

/*
 * - Every link made walks the '[' still open in its paragraph ("![[]()" repeated: quadratic).
 * - Every '@' and "www." scans the rest of its word, and every e-mail address found copies the rest of its
 *   line ("a@a@a@…", "_www.a_www.a_…": quadratic in the line).
 * - A table row's cells are kept in a list that each new cell walks (quadratic in the cells of a line);
 *   rows short of cells are filled in ("a\n" becomes a row of every column); and each line like a delimiter
 *   row ('|---|') that does not start a table reads the whole paragraph above it again. Tables end at a
 *   blank line or where another block starts; a run of non-blank lines is the upper bound used here.
 * - Every use of a link reference copies its definition's URL and title, so one long definition used on
 *   every line multiplies the page; ']' counts the uses a page could have.
 */

enum def_state { DEF_NONE, DEF_URL, DEF_MAYBE_TITLE, DEF_TITLE };

struct scan {
	const char *text;
	size_t block;                /* where the current run of non-blank lines starts */
	size_t prev_line;            /* where the line before the current one starts, in the run; SIZE_MAX: none */
	size_t open;                 /* '[' not closed yet in the run */
	size_t reread;               /* paragraph text read again for lines like delimiter rows, in all */
	size_t columns;              /* the run's table (from a line like a delimiter row), if any */
	size_t cells;                /* in all the page's tables */
	size_t closers;              /* ']' in all */
	enum def_state def;          /* in a link reference definition: what comes next */
	char title_end;
	size_t def_at, def_len;      /* the current definition */
	size_t longest_at, longest;  /* the longest one */
	size_t *at;
	struct strbuf *message;
};

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Past the blanks and '>' that start a line inside block quotes. */
static const char *skip_containers(const char *p, const char *e)
{
	while (p < e && (blank(*p) || *p == '>'))
		p++;
	return p;
}

/* The columns of a line like a table's delimiter row ("|:--|--:|", "--|--"), or 0. As cmark-gfm's
 * scanner: cells of blanks, an optional ':', dashes, an optional ':', blanks; pipes between and around. */
static size_t delimiter_columns(const char *p, const char *e)
{
	size_t n = 0;

	if (p < e && *p == '|')
		p++;
	for (;;) {
		while (p < e && blank(*p))
			p++;
		if (p == e)
			return n;
		if (*p == ':')
			p++;
		if (p == e || *p != '-')
			return 0;
		while (p < e && *p == '-')
			p++;
		if (p < e && *p == ':')
			p++;
		while (p < e && blank(*p))
			p++;
		n++;
		if (p == e)
			return n;
		if (*p++ != '|')
			return 0;
	}
}

static bool refuse(struct scan *s, size_t at, const char *message)
{
	*s->at = at;
	strbuf_addstr(s->message, message);
	return false;
}

static void def_finish(struct scan *s)
{
	if (s->def_len > s->longest) {
		s->longest = s->def_len;
		s->longest_at = s->def_at;
	}
	s->def = DEF_NONE;
	s->def_len = 0;
}

/* Follows a link reference definition from p to the end of its line e: its URL, then perhaps a title,
 * either of which may be on a later line, and a title may span lines. */
static void def_follow(struct scan *s, const char *p, const char *e)
{
	while (s->def != DEF_NONE) {
		while (p < e && blank(*p))
			p++;
		if (p == e && s->def != DEF_TITLE)
			return;
		switch (s->def) {
		case DEF_URL:
			if (*p == '<') {
				const char *gt = memchr(p, '>', (size_t)(e - p));
				p = gt ? gt + 1 : e;
			} else {
				while (p < e && !blank(*p))
					p++;
			}
			s->def = DEF_MAYBE_TITLE;
			break;
		case DEF_MAYBE_TITLE:
			if (*p != '"' && *p != '\'' && *p != '(') {
				def_finish(s);
				return;
			}
			s->title_end = *p == '(' ? ')' : *p;
			p++;
			s->def = DEF_TITLE;
			break;
		default: /* DEF_TITLE */
			while (p < e && *p != s->title_end)
				p += *p == '\\' && p + 1 < e ? 2 : 1;
			if (p < e)
				def_finish(s);
			return;
		}
	}
}

static void def_line(struct scan *s, const char *l, const char *e)
{
	const char *p;

	if (s->def != DEF_NONE) {
		s->def_len += (size_t)(e - l) + 1;
		def_follow(s, l, e);
		return;
	}
	for (p = l; p + 1 < e && (p = memchr(p, ']', (size_t)(e - p - 1))); p++) {
		if (p[1] == ':') {
			s->def = DEF_URL;
			s->def_at = (size_t)(skip_containers(l, e) - s->text);
			s->def_len = (size_t)(e - p);
			def_follow(s, p + 2, e);
			return;
		}
	}
}

/* What count_line stops at: the bytes it counts, and the ends of lines. The rest of a line, most of its
 * bytes, is passed over by a table look-up: this scan sees every byte of every page. */
enum { PLAIN, COUNTED, LINE_END };
static const unsigned char byte_class[256] = {
	['\\'] = COUNTED, ['['] = COUNTED, [']'] = COUNTED, ['|'] = COUNTED, ['@'] = COUNTED, ['w'] = COUNTED,
	['W'] = COUNTED, ['\n'] = LINE_END, ['\r'] = LINE_END,
};

/* Brackets, addresses and pipes of the line that starts at l, up to its end, which *line_end is set to
 * (the '\n' or '\r', or end). */
static bool count_line(struct scan *s, const char *l, const char *end, const char **line_end)
{
	size_t addresses = 0, pipes = 0;
	const char *p = l;

	for (;; p++) {
		size_t at;

		while (p < end && byte_class[(unsigned char)*p] == PLAIN)
			p++;
		if (p == end || byte_class[(unsigned char)*p] == LINE_END)
			break;
		at = (size_t)(p - s->text);
		switch (*p) {
		case '\\':
			if (p + 1 < end && p[1] && strchr("\\[]|", p[1]))
				p++; /* an escaped backslash escapes nothing after it */
			break;
		case '[':
			if (++s->open > MARKDOWN_MAX_OPEN_BRACKETS)
				return refuse(s, at, "more than 100 '[' open at once in a paragraph: close them, or write "
						     "'\\[' for a bracket that opens nothing");
			break;
		case ']':
			s->closers++;
			if (s->open)
				s->open--;
			break;
		case '|':
			if (++pipes > MARKDOWN_MAX_TABLE_COLUMNS + 1)
				return refuse(s, at, "more than 101 '|' on one line: a table has at most 100 columns");
			break;
		default: /* '@', 'w', 'W' */
			if (*p != '@' && !(end - p >= 4 && (p[1] | 0x20) == 'w' && (p[2] | 0x20) == 'w' && p[3] == '.'))
				break;
			if (++addresses > MARKDOWN_MAX_LINE_ADDRESSES)
				return refuse(s, at, "more than 50 e-mail or web addresses ('@', 'www.') on one line: "
						     "break the line");
			break;
		}
	}
	*line_end = p;
	return true;
}

/* Lines like delimiter rows, and the cells of the table they may start. */
static bool table_line(struct scan *s, const char *l, const char *e)
{
	const char *p = skip_containers(l, e);
	size_t columns = delimiter_columns(p, e), line = (size_t)(l - s->text);

	if (!columns) {
		if (s->columns > 1 && (s->cells += s->columns) > MARKDOWN_MAX_TABLE_CELLS)
			return refuse(s, line, "the page's tables have more than 100000 cells: split the page");
		return true;
	}
	s->reread += line - s->block;
	if (s->reread > MARKDOWN_MAX_HEADER_REREAD)
		return refuse(s, (size_t)(p - s->text),
			      "too much text above lines like a table's delimiter row ('|---|'): put a blank line "
			      "before each table");
	if (s->prev_line == SIZE_MAX)
		return true; /* no header above: not a table */
	if (!s->columns && columns > 1 && (s->cells += columns) > MARKDOWN_MAX_TABLE_CELLS)
		return refuse(s, s->prev_line, "the page's tables have more than 100000 cells: split the page");
	if (columns > s->columns)
		s->columns = columns;
	return true;
}

bool markdown_within_limits(const char *text, size_t len, size_t *at, struct strbuf *message)
{
	struct scan s = { 0 };
	size_t i = 0;

	s.text = text;
	s.at = at;
	s.message = message;
	s.prev_line = SIZE_MAX;
	while (i < len) {
		const char *l = text + i, *e, *end = text + len;
		bool is_blank;

		/* a blank line has nothing count_line counts: counting it first changes nothing */
		if (!count_line(&s, l, end, &e))
			return false;
		i = (size_t)(e - text);
		if (i < len)
			i += text[i] == '\r' && i + 1 < len && text[i + 1] == '\n' ? 2 : 1;
		is_blank = true;
		for (const char *p = l; p < e && is_blank; p++)
			is_blank = blank(*p);
		if (is_blank) {
			s.block = i;
			s.prev_line = SIZE_MAX;
			s.open = s.columns = 0;
			def_finish(&s);
			continue;
		}
		if (!table_line(&s, l, e))
			return false;
		def_line(&s, l, e);
		s.prev_line = (size_t)(l - text);
	}
	def_finish(&s);
	if (s.longest && s.closers > MARKDOWN_MAX_REFERENCE_COPIES / s.longest) {
		*at = s.longest_at;
		strbuf_addf(message, "link reference definition of %zu bytes could be repeated by each of the page's "
			    "%zu ']': make it shorter than %zu bytes", s.longest, s.closers,
			    MARKDOWN_MAX_REFERENCE_COPIES / s.closers);
		return false;
	}
	return true;
}
