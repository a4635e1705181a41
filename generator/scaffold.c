/* The scaffold of an item (see scaffold.h): its front matter made from a schema alone, for `jisite new` and
 * the submit page. Pure: it reads nothing and depends on the schema, values and strbuf only. */
#include "scaffold.h"

/* Where a line goes: the columns before its key once uncommented, and the column of the "# " that
 * comments it out (-1: none). Putting "# " at a column of its own keeps the indentation right when an
 * editor deletes just those two characters. */
struct at {
	int indent;
	int comment;
};

struct writer {
	struct strbuf *out;
	const struct scaffold *sc;
};

static void add_spaces(struct strbuf *out, int n)
{
	while (n-- > 0)
		strbuf_addch(out, ' ');
}

/* dash: the line opens an element of a list ("- " in the last two columns of its indentation). */
static void line_start(struct writer *w, struct at at, bool dash)
{
	int indent = at.indent - (dash ? 2 : 0);

	if (at.comment >= 0) {
		add_spaces(w->out, at.comment);
		strbuf_addstr(w->out, "# ");
		indent -= at.comment;
	}
	add_spaces(w->out, indent);
	if (dash)
		strbuf_addstr(w->out, "- ");
}

/* A YAML double-quoted scalar: whatever s holds, it stays a string. */
static void add_quoted(struct strbuf *out, const char *s)
{
	strbuf_addch(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			strbuf_addf(out, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			strbuf_addf(out, "\\x%02x", (unsigned)(unsigned char)*s);
		else
			strbuf_addch(out, *s);
	}
	strbuf_addch(out, '"');
}

/* The terms of a taxonomy, as "a, b, c" for comments. */
static void add_terms(struct strbuf *out, const struct value *terms)
{
	for (size_t i = 0; i < terms->u.map.len; i++)
		strbuf_addf(out, "%s%s", i ? ", " : "", terms->u.map.entries[i].key->u.str.ptr);
}

/* A number in [min, max], 0 when it can be: a placeholder that is clearly not the real value. */
static long long int_placeholder(const struct field *f)
{
	if (f->has_min && f->min > 0)
		return (long long)f->min;
	if (f->has_max && f->max < 0)
		return (long long)f->max;
	return 0;
}

/* A valid value of f's type that is obviously to be replaced (lists and maps are written elsewhere). */
static void add_placeholder(struct writer *w, const struct field *f, const struct value *terms)
{
	switch (f->type) {
	case FIELD_STRING:
	case FIELD_TEXT:
		/* a taxonomy's field must name one of its terms, whatever the schema says */
		add_quoted(w->out, terms && terms->u.map.len ? terms->u.map.entries[0].key->u.str.ptr : "…");
		break;
	case FIELD_DATE:
		strbuf_addstr(w->out, w->sc->today);
		break;
	case FIELD_DATETIME:
		strbuf_addf(w->out, "%sT09:00+00:00", w->sc->today);
		break;
	case FIELD_INT:
		strbuf_addf(w->out, "%lld", int_placeholder(f));
		break;
	case FIELD_BOOL:
		strbuf_addstr(w->out, "false");
		break;
	case FIELD_URL:
		strbuf_addstr(w->out, "\"https://example.org/\"");
		break;
	case FIELD_ENUM:
		add_quoted(w->out, f->values->u.list.items[0]->u.str.ptr);
		break;
	case FIELD_FILE:
		add_quoted(w->out, f->name);
		break;
	case FIELD_EMAIL:
		strbuf_addstr(w->out, "\"" SCAFFOLD_EMAIL "\"");
		break;
	case FIELD_PHONE:
		strbuf_addstr(w->out, "\"" SCAFFOLD_PHONE "\"");
		break;
	case FIELD_LIST:
		strbuf_addstr(w->out, "[]");
		break;
	case FIELD_OBJECT:
		strbuf_addstr(w->out, "{}");
		break;
	}
}

/* What f takes, in words, for the comment at the end of its line. */
static void describe(struct strbuf *out, const struct field *f, const struct value *terms)
{
	if (terms && terms->u.map.len && (f->type == FIELD_STRING || f->type == FIELD_LIST)) {
		strbuf_addstr(out, f->type == FIELD_LIST ? "a list of terms, like [" : "a term: ");
		if (f->type == FIELD_LIST)
			strbuf_addf(out, "%s]: ", terms->u.map.entries[0].key->u.str.ptr);
		add_terms(out, terms);
		return;
	}
	switch (f->type) {
	case FIELD_STRING: strbuf_addstr(out, "one line of text"); break;
	case FIELD_TEXT: strbuf_addstr(out, "text (for several lines: >- and the lines indented below)"); break;
	case FIELD_DATE: strbuf_addstr(out, "a date, YYYY-MM-DD"); break;
	case FIELD_DATETIME: strbuf_addstr(out, "a date and time with its time zone, YYYY-MM-DDTHH:MM+HH:MM"); break;
	case FIELD_BOOL: strbuf_addstr(out, "true or false"); break;
	case FIELD_URL: strbuf_addstr(out, "an http, https or mailto address"); break;
	case FIELD_FILE: strbuf_addstr(out, "the name of a file beside this one: add the file"); break;
	case FIELD_EMAIL: strbuf_addstr(out, "an e-mail address, shown only in the members' site"); break;
	case FIELD_PHONE: strbuf_addstr(out, "a telephone number, shown only in the members' site"); break;
	case FIELD_OBJECT: strbuf_addstr(out, "a map of the fields below"); break;
	case FIELD_INT:
		strbuf_addstr(out, "a whole number");
		if (f->has_min)
			strbuf_addf(out, " from %lld", (long long)f->min);
		if (f->has_max)
			strbuf_addf(out, f->has_min ? " to %lld" : " up to %lld", (long long)f->max);
		break;
	case FIELD_ENUM:
		strbuf_addstr(out, "one of ");
		for (size_t i = 0; i < f->values->u.list.len; i++)
			strbuf_addf(out, "%s%s", i ? ", " : "", f->values->u.list.items[i]->u.str.ptr);
		break;
	case FIELD_LIST:
		if (f->items->type == FIELD_OBJECT) {
			strbuf_addstr(out, "a list of maps like the one below");
		} else {
			strbuf_addstr(out, "a list, each element ");
			describe(out, f->items, NULL);
		}
		break;
	}
}

static void write_fields(struct writer *w, const struct schema *s, struct at at, bool dash, bool top);

/* The line of f with its placeholder and comment; a map's or an example's lines follow it. */
static void write_field(struct writer *w, const struct field *f, struct at at, bool dash, bool top)
{
	const struct value *terms = top && w->sc->terms ? w->sc->terms(w->sc->ctx, f->name) : NULL;
	/* a map with fields to fill is written out; otherwise an example below, commented out */
	bool block = f->type == FIELD_OBJECT && at.comment < 0 && f->required;
	bool example = (f->type == FIELD_OBJECT && !block) || (f->type == FIELD_LIST && f->items->type == FIELD_OBJECT);
	struct at below = { at.indent + 2, at.comment >= 0 ? at.comment : at.indent };

	if (terms && terms->kind != VALUE_MAP)
		terms = NULL;
	line_start(w, at, dash);
	strbuf_addf(w->out, "%s:", f->name);
	if (!block) {
		strbuf_addch(w->out, ' ');
		add_placeholder(w, f, terms);
	}
	strbuf_addstr(w->out, "  # ");
	if (!w->sc->translation || !top) {
		if (f->required && f->translatable)
			strbuf_addstr(w->out, "required, translatable: ");
		else if (f->required || f->translatable)
			strbuf_addstr(w->out, f->required ? "required: " : "translatable: ");
	}
	describe(w->out, f, terms);
	strbuf_addch(w->out, '\n');
	if (block) {
		below.comment = -1;
		write_fields(w, f->fields, below, false, false);
	} else if (example && f->type == FIELD_OBJECT) {
		write_fields(w, f->fields, below, false, false);
	} else if (example) {
		below.indent += 2; /* the element's fields, after "- " */
		write_fields(w, f->items->fields, below, true, false);
	}
}

/* The fields of s at at: required ones as they are, optional ones commented out. In a translation's
 * front matter (top), only the translatable ones. */
static void write_fields(struct writer *w, const struct schema *s, struct at at, bool dash, bool top)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct field *f = &s->fields[i];
		struct at here = at;

		if (top && w->sc->translation && !f->translatable)
			continue;
		if (!f->required && here.comment < 0)
			here.comment = here.indent;
		write_field(w, f, here, dash, top);
		dash = false;
	}
}

size_t scaffold_required_files(struct strbuf *out, const struct schema *s)
{
	size_t n = 0, total = 0;

	for (size_t i = 0; i < s->n; i++)
		total += s->fields[i].required && s->fields[i].type == FIELD_FILE;
	for (size_t i = 0; i < s->n; i++)
		if (s->fields[i].required && s->fields[i].type == FIELD_FILE)
			strbuf_addf(out, "%s'%s'", !n++ ? "" : n == total ? " and " : ", ", s->fields[i].name);
	return n;
}

void scaffold_make(struct strbuf *out, const struct scaffold *sc)
{
	struct writer w = { out, sc };
	struct at top = { 0, -1 };
	struct strbuf files = STRBUF_INIT;

	strbuf_addf(out, "---\n# %s, made by `jisite new`.\n", sc->what);
	if (sc->translation) {
		strbuf_addstr(out, "# It sets only what a translation may set: every other field comes from index.md.\n"
				   "# Translate each placeholder (\"…\") and the text below; uncomment the other fields\n"
				   "# to translate them too, and delete these lines.\n");
	} else {
		strbuf_addstr(out, "# Each value is a placeholder to replace (\"…\", dates, numbers, the first allowed\n"
				   "# value). They are valid values, so `jisite check` passes ");
		if (scaffold_required_files(&files, sc->schema))
			strbuf_addf(out, "once you add\n# the attachment %s names.\n", files.buf);
		else
			strbuf_addstr(out, "as it is.\n");
		strbuf_addstr(out, "# Uncomment the optional fields you need, and delete these lines.\n");
	}
	if (sc->draft)
		strbuf_addstr(out, "draft: true  # not published (build --drafts and serve show it): delete this line to "
				   "publish\n");
	write_fields(&w, sc->schema, top, false, true);
	strbuf_addstr(out, "---\n");
	strbuf_addstr(out, SCAFFOLD_BODY_MARK);
	strbuf_addstr(out, sc->translation ? "translation of the text of index.md, in Markdown.\n"
					   : "text of the page, in Markdown.\n");
	strbuf_release(&files);
}
