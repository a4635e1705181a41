/* Unit tests of the scaffolds of `jisite new` (scaffold.h): for every field type and for every collection of
 * the real site.yaml, the scaffold loads as front matter and passes its schema as written, and still does
 * once every commented-out field is uncommented; a translation's scaffold holds only translatable fields. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "frontmatter.h"
#include "i18n.h"
#include "scaffold.h"
#include "schema.h"
#include "util/datetime.h"
#include "util/fs.h"
#include "yamltree.h"

#define TODAY "2024-02-29"

static bool any_file(void *ctx, const char *name)
{
	(void)ctx;
	(void)name;
	return true; /* a required attachment is the contributor's to add (see scaffold.h) */
}

static const struct schema *load_schema(struct arena *a, const char *text)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct value *spec = NULL;
	const struct schema *s;

	assert_int_equal(yamltree_load(&spec, a, "site.yaml", text, strlen(text), 0, NULL, &d), 0);
	s = schema_parse(a, spec, "site.yaml", &d);
	assert_non_null(s);
	diag_list_release(&d);
	return s;
}

static void print_diags(const char *text, struct diag_list *d)
{
	if (d->len) {
		fprintf(stderr, "%s", text);
		diag_print(stderr, d);
	}
}

/* The front matter of a scaffold; fails the test when it does not load. */
static struct value *load_scaffold(struct arena *a, const char *text)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct doc doc;

	memset(&doc, 0, sizeof(doc));
	doc.path = "content/x/y/index.md";
	if (frontmatter_parse(&doc, a, text, strlen(text), &d))
		print_diags(text, &d);
	assert_int_equal(d.len, 0);
	assert_non_null(doc.meta);
	assert_int_equal(doc.meta->kind, VALUE_MAP);
	assert_non_null(doc.body);
	assert_true(doc.body_len > 0);
	diag_list_release(&d);
	return doc.meta;
}

static void assert_passes(const struct schema *s, const struct value *meta, bool translation, const char *text)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct schema_check chk = { "content/x/y/index.md", translation, any_file, NULL, &d };

	if (schema_check(s, meta, &chk))
		print_diags(text, &d);
	assert_int_equal(d.len, 0);
	diag_list_release(&d);
}

/* A commented-out field line: spaces, "# ", spaces, maybe "- ", then name and ':'. The comment at the top
 * is prose and never matches. */
static bool commented_field(const char *line, size_t *hash)
{
	const char *p = line + strspn(line, " ");

	if (p[0] != '#' || p[1] != ' ')
		return false;
	*hash = (size_t)(p - line);
	p += 2 + strspn(p + 2, " ");
	if (p[0] == '-' && p[1] == ' ')
		p += 2;
	p += strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789_");
	return *p == ':' && p > line + *hash + 2;
}

static size_t indent_of(const char *line)
{
	size_t n = strspn(line, " ");
	return line[n] == '-' ? n + 2 : n;
}

/* What an editor does to use every optional field: delete the "# " of each commented field, and the
 * [] or {} of a field whose example below has become real lines. */
static char *uncomment(const char *text)
{
	struct strbuf out = STRBUF_INIT;
	char **lines = NULL;
	size_t n = 0, alloc = 0;
	const char *p = text;

	while (*p) {
		size_t len = strcspn(p, "\n"), hash;
		struct strbuf line = STRBUF_INIT;
		strbuf_add(&line, p, len);
		if (commented_field(line.buf, &hash)) {
			memmove(line.buf + hash, line.buf + hash + 2, line.len - hash - 1);
			line.len -= 2;
		}
		if (n == alloc) {
			alloc = alloc ? 2 * alloc : 64;
			lines = realloc(lines, alloc * sizeof(*lines));
			assert_non_null(lines);
		}
		lines[n++] = strbuf_detach(&line, NULL);
		p += len + (p[len] == '\n');
	}
	for (size_t i = 0; i < n; i++) {
		char *empty = strstr(lines[i], ": []");
		if (!empty)
			empty = strstr(lines[i], ": {}");
		if (empty && i + 1 < n && lines[i + 1][0] != '#' && indent_of(lines[i + 1]) > indent_of(lines[i]))
			memmove(empty + 1, empty + 4, strlen(empty + 4) + 1);
		strbuf_addf(&out, "%s\n", lines[i]);
		free(lines[i]);
	}
	free(lines);
	return strbuf_detach(&out, NULL);
}

static const char *scaffold(struct strbuf *out, const struct schema *s, bool translation,
			    const struct value *(*terms)(void *, const char *), void *ctx)
{
	struct scaffold sc = { s, translation, "A new item of tests", TODAY, terms, ctx, false };

	strbuf_reset(out);
	scaffold_make(out, &sc);
	return out->buf;
}

/* The line of the scaffold that sets (or would set) name. */
static char *line_of(const char *text, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = text; *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n')) {
		const char *q = p + strspn(p, " ");
		if (q[0] == '#' && q[1] == ' ')
			q += 2 + strspn(q + 2, " ");
		if (!strncmp(q, name, n) && q[n] == ':')
			return strndup(p, strcspn(p, "\n"));
	}
	fail_msg("no line for '%s' in:\n%s", name, text);
	return NULL;
}

static void assert_line_contains(const char *text, const char *name, const char *part)
{
	char *line = line_of(text, name);

	if (!strstr(line, part))
		fail_msg("'%s' is not in the line of %s: %s", part, name, line);
	free(line);
}

static const char every_type[] =
	"title: { type: string, required: true, translatable: true }\n"
	"summary: { type: text, required: true, translatable: true }\n"
	"day: { type: date, required: true }\n"
	"when: { type: datetime, required: true }\n"
	"count: { type: int, required: true }\n"
	"year: { type: int, min: 1900, max: 2100, required: true }\n"
	"below: { type: int, max: -3, required: true }\n"
	"live: { type: bool, required: true }\n"
	"link: { type: url, required: true }\n"
	"level: { type: enum, values: [low, medium, high], required: true }\n"
	"odd: { type: enum, values: ['say \"no\"', 'a: b\\\\c'], required: true }\n"
	"tags: { type: list, items: { type: string }, required: true }\n"
	"report: { type: file, required: true }\n"
	"contact:\n"
	"  type: object\n"
	"  required: true\n"
	"  fields:\n"
	"    name: { type: string, required: true }\n"
	"    email: { type: url }\n"
	"    address: { type: object, fields: { city: { type: string, required: true } } }\n"
	"people:\n"
	"  type: list\n"
	"  required: true\n"
	"  items: { type: object, fields: { name: { type: string, required: true }, age: { type: int, min: 18 },\n"
	"           role: { type: enum, values: [chair, member] } } }\n"
	"venue: { type: string, translatable: true }\n"
	"start: { type: datetime }\n"
	"notes: { type: text }\n"
	"more: { type: list, items: { type: date } }\n"
	"extra: { type: object, fields: { a: { type: int, required: true }, b: { type: bool } } }\n"
	"later: { type: list, items: { type: object, fields: { at: { type: date, required: true } } } }\n"
	"kind: { type: enum, values: [one, two] }\n"
	"site: { type: url }\n"
	"cover: { type: file }\n"
	"flag: { type: bool }\n";

static void test_every_type(void **state)
{
	struct arena a = ARENA_INIT;
	struct strbuf sb = STRBUF_INIT;
	const struct schema *s = load_schema(&a, every_type);
	const char *text = scaffold(&sb, s, false, NULL, NULL);
	struct value *meta = load_scaffold(&a, text);
	const struct value *v;
	struct datetime dt;
	char *all;

	(void)state;
	assert_passes(s, meta, false, text);
	assert_int_equal(strncmp(text, "---\n# A new item of tests, made by `jisite new`.\n", 48), 0);
	/* required fields are set, each to a placeholder of its type */
	assert_string_equal(value_map_get(meta, "title")->u.str.ptr, "…");
	assert_string_equal(value_map_get(meta, "summary")->u.str.ptr, "…");
	assert_string_equal(value_map_get(meta, "day")->u.str.ptr, TODAY);
	v = value_map_get(meta, "when");
	assert_string_equal(v->u.str.ptr, TODAY "T09:00+00:00");
	assert_int_equal(datetime_parse(&dt, v->u.str.ptr, v->u.str.len), 0);
	assert_false(dt.date_only);
	assert_int_equal(value_map_get(meta, "count")->u.i, 0);
	assert_int_equal(value_map_get(meta, "year")->u.i, 1900);
	assert_int_equal(value_map_get(meta, "below")->u.i, -3);
	assert_int_equal(value_map_get(meta, "live")->kind, VALUE_BOOL);
	assert_false(value_map_get(meta, "live")->u.b);
	assert_string_equal(value_map_get(meta, "level")->u.str.ptr, "low");
	assert_string_equal(value_map_get(meta, "odd")->u.str.ptr, "say \"no\"");
	assert_int_equal(value_map_get(meta, "tags")->kind, VALUE_LIST);
	assert_int_equal(value_map_get(meta, "people")->kind, VALUE_LIST);
	assert_string_equal(value_map_get(value_map_get(meta, "contact"), "name")->u.str.ptr, "…");
	assert_null(value_map_get(value_map_get(meta, "contact"), "email"));
	/* optional fields are there, commented out */
	for (const char *const *f = (const char *const[]){ "venue", "start", "notes", "more", "extra", "later", "kind",
							   "site", "cover", "flag", NULL }; *f; f++) {
		char *line = line_of(text, *f);
		assert_null(value_map_get(meta, *f));
		assert_true(line[0] == '#');
		free(line);
	}
	/* each line says what the field takes */
	assert_line_contains(text, "level", "# required: one of low, medium, high");
	assert_line_contains(text, "kind", "# one of one, two");
	assert_line_contains(text, "year", "a whole number from 1900 to 2100");
	assert_line_contains(text, "venue", "# translatable: one line of text");
	assert_line_contains(text, "title", "# required, translatable: one line of text");
	assert_line_contains(text, "report", "a file");
	assert_line_contains(text, "role", "one of chair, member");
	/* a required attachment cannot have a valid placeholder: the comment at the top says so */
	assert_non_null(strstr(text, "passes once you add\n# the attachment 'report' names.\n"));

	/* uncommented, every optional field is valid too, examples of list elements included */
	all = uncomment(text);
	meta = load_scaffold(&a, all);
	assert_passes(s, meta, false, all);
	assert_int_equal(meta->u.map.len, s->n);
	assert_int_equal(value_map_get(meta, "people")->u.list.len, 1);
	v = value_map_get(meta, "people")->u.list.items[0];
	assert_int_equal(value_map_get(v, "age")->u.i, 18);
	assert_string_equal(value_map_get(v, "role")->u.str.ptr, "chair");
	assert_string_equal(value_map_get(value_map_get(value_map_get(meta, "contact"), "address"), "city")->u.str.ptr,
			    "…");
	assert_string_equal(value_map_get(value_map_get(meta, "later")->u.list.items[0], "at")->u.str.ptr, TODAY);
	assert_int_equal(value_map_get(value_map_get(meta, "extra"), "a")->u.i, 0);
	free(all);
	strbuf_release(&sb);
	arena_release(&a);
}

static void test_translation_of_every_type(void **state)
{
	struct arena a = ARENA_INIT;
	struct strbuf sb = STRBUF_INIT;
	const struct schema *s = load_schema(&a, every_type);
	const char *text = scaffold(&sb, s, true, NULL, NULL);
	struct value *meta = load_scaffold(&a, text);
	char *all = uncomment(text);

	(void)state;
	assert_passes(s, meta, true, text);
	assert_int_equal(meta->u.map.len, 2);
	assert_non_null(value_map_get(meta, "title"));
	assert_non_null(value_map_get(meta, "summary"));
	meta = load_scaffold(&a, all);
	assert_passes(s, meta, true, all);
	assert_int_equal(meta->u.map.len, 3);
	assert_non_null(value_map_get(meta, "venue"));
	/* no other field, not even commented out, and the comment at the top says where they come from */
	assert_null(strstr(text, "year"));
	assert_null(strstr(text, "report"));
	assert_non_null(strstr(text, "every other field comes from index.md"));
	free(all);
	strbuf_release(&sb);
	arena_release(&a);
}

/* ---- the real site.yaml ---- */

struct site {
	struct arena a;
	struct config cfg;
	struct value *labels; /* translations/en.yaml */
};

static const struct value *site_terms(void *ctx, const char *name)
{
	struct site *site = ctx;

	return i18n_field_terms(site->labels, &site->cfg, name); /* as `jisite new` finds them */
}

static int site_setup(void **state)
{
	struct site *site = calloc(1, sizeof(*site));
	struct diag_list d = DIAG_LIST_INIT;
	struct strbuf text = STRBUF_INIT;

	arena_init(&site->a);
	/* the tests run from the top of the repository */
	if (fs_read_file(&text, "site.yaml", 1 << 20) ||
	    config_parse(&site->cfg, &site->a, "site.yaml", arena_memdup0(&site->a, text.buf, text.len), text.len,
			 &d) ||
	    yamltree_load_file(&site->labels, &site->a, "translations/en.yaml", NULL, &d)) {
		diag_print(stderr, &d);
		return -1;
	}
	strbuf_release(&text);
	diag_list_release(&d);
	*state = site;
	return 0;
}

static int site_teardown(void **state)
{
	struct site *site = *state;

	arena_release(&site->a);
	free(site);
	return 0;
}

static void test_site_collections(void **state)
{
	struct site *site = *state;
	struct strbuf sb = STRBUF_INIT;
	size_t seen = 0;

	assert_non_null(config_find_collection(&site->cfg, "resources"));
	assert_non_null(config_find_collection(&site->cfg, "events"));
	for (size_t c = 0; c < site->cfg.ncollections; c++) {
		const struct schema *s = site->cfg.collections[c].schema;
		const char *text;
		struct value *meta;
		char *all;

		if (!s)
			continue;
		seen++;
		text = scaffold(&sb, s, false, site_terms, site);
		meta = load_scaffold(&site->a, text);
		assert_passes(s, meta, false, text);
		for (size_t i = 0; i < s->n; i++)
			assert_true(!value_map_get(meta, s->fields[i].name) == !s->fields[i].required);
		all = uncomment(text);
		meta = load_scaffold(&site->a, all);
		assert_passes(s, meta, false, all);
		assert_int_equal(meta->u.map.len, s->n);
		free(all);
	}
	assert_int_equal(seen, site->cfg.ncollections);
	strbuf_release(&sb);
}

/* A taxonomy's field names one of its terms (a placeholder "…" would fail `jisite check`), and its line
 * lists the terms. */
static void test_site_taxonomies(void **state)
{
	struct site *site = *state;
	struct strbuf sb = STRBUF_INIT;
	const char *text = scaffold(&sb, config_find_collection(&site->cfg, "resources")->schema, false, site_terms,
				    site);
	struct value *meta = load_scaffold(&site->a, text);
	const struct value *type = value_map_get(meta, "type");

	(void)state;
	assert_non_null(value_map_get(site_terms(site, "type"), type->u.str.ptr));
	assert_line_contains(text, "type", "a term: guide, report, code-of-conduct");
	assert_line_contains(text, "topics", "a list of terms, like [social-media]: social-media, gender");
	assert_line_contains(text, "regions", "global, africa");
	/* without terms the placeholder is the usual one */
	text = scaffold(&sb, config_find_collection(&site->cfg, "resources")->schema, false, NULL, NULL);
	assert_line_contains(text, "type", "type: \"…\"  # required: one line of text");
	strbuf_release(&sb);
}

static void test_site_enum(void **state)
{
	struct site *site = *state;
	struct strbuf sb = STRBUF_INIT;
	const char *text = scaffold(&sb, config_find_collection(&site->cfg, "podcasts")->schema, false, site_terms,
				    site);

	assert_line_contains(text, "mime", "mime: \"audio/mpeg\"  # required: one of audio/mpeg, audio/mp4, audio/ogg");
	text = scaffold(&sb, config_find_collection(&site->cfg, "events")->schema, false, site_terms, site);
	assert_line_contains(text, "start", "start: " TODAY "T09:00+00:00  # required");
	assert_line_contains(text, "venue", "# venue: \"…\"  # translatable");
	strbuf_release(&sb);
}

static void test_site_translations(void **state)
{
	struct site *site = *state;
	struct strbuf sb = STRBUF_INIT;

	for (size_t c = 0; c < site->cfg.ncollections; c++) {
		const struct schema *s = site->cfg.collections[c].schema;
		const char *text = scaffold(&sb, s, true, site_terms, site);
		struct value *meta = load_scaffold(&site->a, text);
		char *all = uncomment(text);
		size_t translatable = 0;

		assert_passes(s, meta, true, text);
		for (size_t i = 0; i < meta->u.map.len; i++)
			assert_true(schema_field(s, meta->u.map.entries[i].key->u.str.ptr)->translatable);
		meta = load_scaffold(&site->a, all);
		assert_passes(s, meta, true, all);
		for (size_t i = 0; i < s->n; i++) {
			translatable += s->fields[i].translatable;
			assert_true(!value_map_get(meta, s->fields[i].name) == !s->fields[i].translatable);
		}
		assert_int_equal(meta->u.map.len, translatable);
		free(all);
	}
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_type),
		cmocka_unit_test(test_translation_of_every_type),
		cmocka_unit_test(test_site_collections),
		cmocka_unit_test(test_site_taxonomies),
		cmocka_unit_test(test_site_enum),
		cmocka_unit_test(test_site_translations),
	};

	return cmocka_run_group_tests_name("contrib", tests, site_setup, site_teardown);
}
