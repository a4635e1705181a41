/* Diagnostics list (see diag.h). */
#include "util/diag.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

void diag_list_init(struct diag_list *dl)
{
	dl->items = NULL;
	dl->len = dl->alloc = dl->errors = dl->warnings = 0;
}

void diag_list_release(struct diag_list *dl)
{
	for (size_t i = 0; i < dl->len; i++) {
		free(dl->items[i].path);
		free(dl->items[i].message);
	}
	free(dl->items);
	diag_list_init(dl);
}

void diag_list_take(struct diag_list *dl, struct diag_list *from)
{
	XGROW(dl->items, dl->alloc, dl->len + from->len);
	for (size_t i = 0; i < from->len; i++) {
		dl->items[dl->len] = from->items[i];
		dl->items[dl->len].seq = dl->len;
		dl->len++;
	}
	dl->errors += from->errors;
	dl->warnings += from->warnings;
	free(from->items);
	diag_list_init(from);
}

void diag_add(struct diag_list *dl, enum diag_severity severity, const char *path, unsigned line,
	      unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(dl, severity, path, line, col, fmt, ap);
	va_end(ap);
}

void diag_vadd(struct diag_list *dl, enum diag_severity severity, const char *path, unsigned line,
	       unsigned col, const char *fmt, va_list ap)
{
	struct strbuf msg = STRBUF_INIT;
	struct diag *d;

	strbuf_vaddf(&msg, fmt, ap);

	XGROW(dl->items, dl->alloc, dl->len + 1);
	d = &dl->items[dl->len];
	d->path = xstrdup(path ? path : "");
	d->line = line;
	d->col = col;
	d->severity = severity;
	d->message = strbuf_detach(&msg, NULL);
	d->seq = dl->len++;
	if (severity == DIAG_ERROR)
		dl->errors++;
	else if (severity == DIAG_WARNING)
		dl->warnings++;
}

/* How each severity is printed, in the text form and in GitHub's, and its letter in diag_encode. */
static const struct {
	const char *text, *github;
	char code;
} severities[] = {
	[DIAG_ERROR] = { "error", "error", 'E' },
	[DIAG_WARNING] = { "warning", "warning", 'W' },
	[DIAG_NOTE] = { "note", "notice", 'N' },
};

static enum diag_severity severity_of_code(char code)
{
	for (size_t i = 0; i < sizeof(severities) / sizeof(severities[0]); i++)
		if (severities[i].code == code)
			return (enum diag_severity)i;
	return DIAG_WARNING; /* as before notes existed: anything but 'E' was a warning */
}

static int cmp_unsigned(unsigned a, unsigned b)
{
	return a < b ? -1 : a > b;
}

static int diag_cmp(const void *va, const void *vb)
{
	const struct diag *a = va, *b = vb;
	int c = strcmp(a->path, b->path);

	if (!c)
		c = cmp_unsigned(a->line, b->line);
	if (!c)
		c = cmp_unsigned(a->col, b->col);
	if (!c)
		c = a->seq < b->seq ? -1 : a->seq > b->seq;
	return c;
}

void diag_sort(struct diag_list *dl)
{
	if (dl->len > 1)
		qsort(dl->items, dl->len, sizeof(*dl->items), diag_cmp);
}

static int diag_rank_cmp(const void *va, const void *vb)
{
	const struct diag *a = va, *b = vb;

	if (a->severity != b->severity)
		return a->severity < b->severity ? -1 : 1;
	return diag_cmp(va, vb);
}

void diag_rank(struct diag_list *dl)
{
	if (dl->len > 1)
		qsort(dl->items, dl->len, sizeof(*dl->items), diag_rank_cmp);
}

void diag_escape(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n')
			strbuf_addstr(sb, "\\n");
		else if (c == '\t')
			strbuf_addstr(sb, "\\t");
		else if (c == '\r')
			strbuf_addstr(sb, "\\r");
		else if (c < 0x20 || c == 0x7f)
			strbuf_addf(sb, "\\x%02x", c);
		else
			strbuf_addch(sb, (char)c);
	}
}

/* "." is the project folder, and "" nothing at all: no file an editor could open at a line. */
static bool names_a_file(const char *path)
{
	return *path && strcmp(path, ".");
}

char *diag_format(const struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;

	if (!names_a_file(d->path)) {
		strbuf_addstr(&sb, "jisite"); /* as the command's own messages begin */
	} else {
		diag_escape(&sb, d->path);
		if (d->line) {
			strbuf_addf(&sb, ":%u", d->line);
			if (d->col)
				strbuf_addf(&sb, ":%u", d->col);
		}
	}
	strbuf_addf(&sb, ": %s: ", severities[d->severity].text);
	diag_escape(&sb, d->message);
	return strbuf_detach(&sb, NULL);
}

void diag_print(FILE *out, const struct diag_list *dl)
{
	for (size_t i = 0; i < dl->len; i++) {
		char *line = diag_format(&dl->items[i]);
		fprintf(out, "%s\n", line);
		free(line);
	}
}

/* GitHub's workflow commands escape %, CR and LF in the message, and also : and , in properties. */
static void github_escape(FILE *out, const char *s, bool property)
{
	for (; *s; s++) {
		if (*s == '%')
			fputs("%25", out);
		else if (*s == '\r')
			fputs("%0D", out);
		else if (*s == '\n')
			fputs("%0A", out);
		else if (property && *s == ':')
			fputs("%3A", out);
		else if (property && *s == ',')
			fputs("%2C", out);
		else
			fputc(*s, out);
	}
}

static void print_annotation(FILE *out, const struct diag *d)
{
	fprintf(out, "::%s", severities[d->severity].github);
	if (names_a_file(d->path)) {
		/* otherwise the annotation is the run's, not a file's */
		fputs(" file=", out);
		github_escape(out, d->path, true);
		if (d->line)
			fprintf(out, ",line=%u", d->line);
		if (d->col)
			fprintf(out, ",col=%u", d->col);
	}
	fputs("::", out);
	github_escape(out, d->message, false);
	fputc('\n', out);
}

#define NSEVERITIES (sizeof(severities) / sizeof(severities[0]))

/* "3 errors", "1 warning", "2 notes", after ", " unless first */
static void add_count(struct strbuf *sb, size_t n, enum diag_severity s)
{
	strbuf_addf(sb, "%s%zu %s%s", sb->len ? ", " : "", n, severities[s].text, n == 1 ? "" : "s");
}

size_t diag_print_github(FILE *out, const struct diag_list *dl, size_t max, const char *more)
{
	size_t count[NSEVERITIES] = { 0 }, cap[NSEVERITIES], shown[NSEVERITIES] = { 0 }, left = 0;
	bool over = false;

	for (size_t i = 0; i < dl->len; i++)
		count[dl->items[i].severity]++;
	for (size_t s = 0; s < NSEVERITIES; s++)
		over |= count[s] > max;
	for (size_t s = 0; s < NSEVERITIES; s++)
		cap[s] = max;
	/* the notice that counts what is left out is one of the notices GitHub shows */
	if (over && max)
		cap[DIAG_NOTE]--;
	for (size_t i = 0; i < dl->len; i++) {
		const struct diag *d = &dl->items[i];
		if (shown[d->severity] < cap[d->severity]) {
			shown[d->severity]++;
			print_annotation(out, d);
		}
	}
	for (size_t s = 0; s < NSEVERITIES; s++)
		left += count[s] - shown[s];
	if (left) {
		struct strbuf sb = STRBUF_INIT;
		for (size_t s = 0; s < NSEVERITIES; s++)
			if (count[s] > shown[s])
				add_count(&sb, count[s] - shown[s], (enum diag_severity)s);
		fprintf(out, "::notice::%zu more not shown here (%s): GitHub shows %zu annotations of each kind; ",
			left, sb.buf, max);
		github_escape(out, more ? more : "", false);
		fputc('\n', out);
		strbuf_release(&sb);
	}
	return left;
}

void diag_markdown_text(struct strbuf *sb, const char *s)
{
	struct strbuf plain = STRBUF_INIT;

	diag_escape(&plain, s);
	for (const char *p = plain.buf; *p; p++) {
		/* inline markup, HTML and entities, GitHub's math, and a table's columns */
		if (strchr("\\`*_[]<>|&!~$", *p))
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, *p);
	}
	strbuf_release(&plain);
}

void diag_markdown_code(struct strbuf *sb, const char *s)
{
	struct strbuf plain = STRBUF_INIT;
	size_t run = 0, longest = 0;
	bool pad;

	diag_escape(&plain, s);
	for (const char *p = plain.buf; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	/* a span that begins or ends with a backquote or a space needs a space inside its fences */
	pad = plain.len && (strchr("` ", plain.buf[0]) || strchr("` ", plain.buf[plain.len - 1]));
	for (size_t i = 0; i <= longest; i++)
		strbuf_addch(sb, '`');
	strbuf_addf(sb, "%s%s%s", pad ? " " : "", plain.buf, pad ? " " : "");
	for (size_t i = 0; i <= longest; i++)
		strbuf_addch(sb, '`');
	strbuf_release(&plain);
}

void diag_markdown(struct strbuf *out, const struct diag_list *dl, size_t max_bytes)
{
	size_t count[NSEVERITIES] = { 0 }, start, listed = 0;
	struct strbuf counts = STRBUF_INIT;

	for (size_t i = 0; i < dl->len; i++)
		count[dl->items[i].severity]++;
	for (size_t s = 0; s < NSEVERITIES; s++)
		if (count[s])
			add_count(&counts, count[s], (enum diag_severity)s);
	if (!dl->len) {
		strbuf_addstr(out, "## Problems\n\nNone.\n");
		return;
	}
	strbuf_addf(out, "## Problems: %s\n\n| | file | line | message |\n| --- | --- | ---: | --- |\n", counts.buf);
	strbuf_release(&counts);
	start = out->len;
	for (; listed < dl->len && out->len - start < max_bytes; listed++) {
		const struct diag *d = &dl->items[listed];
		strbuf_addf(out, "| %s | ", severities[d->severity].text);
		if (names_a_file(d->path))
			diag_markdown_text(out, d->path);
		strbuf_addstr(out, " | ");
		if (d->line)
			strbuf_addf(out, "%u", d->line);
		if (d->line && d->col)
			strbuf_addf(out, ":%u", d->col);
		strbuf_addstr(out, " | ");
		diag_markdown_text(out, d->message);
		strbuf_addstr(out, " |\n");
	}
	if (listed < dl->len)
		strbuf_addf(out, "\nAnd %zu more, too many to list here: `jisite check` prints them all.\n",
			    dl->len - listed);
}

void diag_encode(struct strbuf *out, const struct diag_list *dl)
{
	for (size_t i = 0; i < dl->len; i++) {
		const struct diag *d = &dl->items[i];
		strbuf_addf(out, "%c%c%s%c%u%c%u%c%s%c", severities[d->severity].code, 0, d->path, 0, d->line,
			    0, d->col, 0, d->message, 0);
	}
}

static unsigned parse_unsigned(const char *s)
{
	unsigned long v = strtoul(s, NULL, 10);
	return v > 1000000000UL ? 0 : (unsigned)v;
}

void diag_decode(struct diag_list *dl, const char *data, size_t len)
{
	const char *p = data, *end = data + len;

	while (p < end) {
		const char *f[5];
		for (int i = 0; i < 5; i++) {
			f[i] = p;
			p += strnlen(p, (size_t)(end - p)) + 1;
		}
		if (p > end + 1 || (p == end + 1 && end[-1]))
			break; /* cut short */
		diag_add(dl, severity_of_code(f[0][0]), f[1], parse_unsigned(f[2]),
			 parse_unsigned(f[3]), "%s", f[4]);
	}
}
