/* Unit tests of what is published (publish.h), on small sites taken to the model: a draft original takes its
 * item out (translations, chapters, attachments), a draft translation only its language; --drafts publishes
 * them; publish_after before and after the build's moment, with an offset or a date alone; the errors of
 * bad values at their place; check's notes; the placeholders of jisite new, found and not found; and the
 * note severity and "now" they rest on. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site_fixture.h"
#include "util/datetime.h"

#define NEL(a) (sizeof(a) / sizeof((a)[0]))
#define EN 0
#define FR 1

#define SITE_YAML                                                                                               \
	"title: Publish test\nbase_url: https://publish.example/\ndefault_language: en\n"                     \
	"languages:\n  - {code: en, name: English}\n  - {code: fr, name: Français}\n"                        \
	"collections:\n  notes: {sort: title}\n  products:\n    schema:\n"                                     \
	"      title: {type: string, required: true, translatable: true}\n"                                   \
	"      site: {type: url}\n      cover: {type: file}\n"                                                  \
	"      people: {type: list, items: {type: object, fields: {name: {type: string}}}}\n"                 \
	"      chapters: {type: list, items: {type: string}}\n"

static const struct fixture_file base[] = {
	{ "site.yaml", SITE_YAML },
	{ "translations/en.yaml", "site_title: P\ncollections: {notes: Notes, products: Products}\n" },
	{ "translations/fr.yaml", "site_title: P\ncollections: {notes: Notes, products: Produits}\n" },
	{ "content/index.md", "---\ntitle: Home\n---\n" },
	{ "content/notes/draft/index.md", "---\ntitle: Draft\ndraft: true\n---\n" },
	{ "content/notes/draft/index.fr.md", "---\ntitle: Brouillon\n---\n" },
	{ "content/notes/draft/notes.txt", "x" },
	{ "content/notes/draft/sub/deep.txt", "x" },
	{ "content/notes/frdraft/index.md", "---\ntitle: Ready\n---\n" },
	{ "content/notes/frdraft/index.fr.md", "---\ntitle: Pas prêt\ndraft: true\n---\n" },
	{ "content/notes/frdraft/ok.txt", "x" },
	{ "content/notes/past/index.md", "---\ntitle: Past\npublish_after: 2026-06-15T13:59+02:00\n---\n" },
	{ "content/notes/later/index.md", "---\ntitle: Later\npublish_after: \"2026-06-15T14:00:00+02:00\"\n---\n" },
	{ "content/notes/later/index.fr.md", "---\ntitle: Plus tard\n---\n" },
	{ "content/notes/tomorrow/index.md", "---\ntitle: Tomorrow\npublish_after: 2026-06-16\n---\n" },
	{ "content/notes/nofalse/index.md", "---\ntitle: Not a draft\ndraft: false\n---\n" },
	{ "content/products/book/index.md", "---\ntitle: Book\ndraft: true\nchapters: [one]\n---\n" },
	{ "content/products/book/one.md", "---\ntitle: One\n---\n" },
	{ "content/products/book/one.fr.md", "---\ntitle: Un\n---\n" },
	{ "content/products/live/index.md", "---\ntitle: Live\nchapters: [one, two]\n---\n" },
	{ "content/products/live/one.md", "---\ntitle: One\n---\n" },
	{ "content/products/live/two.md", "---\ntitle: Two\ndraft: true\n---\n" },
};

static const struct doc *doc_at(const struct fixture *f, const char *path)
{
	for (size_t i = 0; i < f->scan.ndocs; i++)
		if (!strcmp(f->scan.docs[i].path, path))
			return &f->scan.docs[i];
	fail_msg("no doc %s", path);
	return NULL;
}

static const struct attachment *file_at(const struct fixture *f, const char *path)
{
	const struct attachment *a = site_find_file(&f->site, path);

	assert_non_null(a);
	return a;
}

static void build(struct fixture *f, const struct fixture_file *files, size_t n, bool drafts)
{
	struct publish_options po = { .now = FIXTURE_NOW, .drafts = drafts };
	int ret = fixture_build_with(f, files, n, &po);

	if (ret)
		fail_msg("%s", fixture_diags(f));
}

static void test_draft_original_takes_its_item(void **state)
{
	struct fixture f;

	(void)state;
	build(&f, base, NEL(base), false);
	assert_int_equal(doc_at(&f, "content/notes/draft/index.md")->omitted, DOC_DRAFT);
	assert_int_equal(doc_at(&f, "content/notes/draft/index.fr.md")->omitted, DOC_DRAFT);
	assert_null(site_find_item(&f.site, "content/notes/draft"));
	assert_ptr_equal(site_find_omitted(&f.site, "content/notes/draft"), doc_at(&f, "content/notes/draft/index.md"));
	/* its attachments, in its folder and below, are not published */
	assert_non_null(publish_file_omitted(&f.site, file_at(&f, "content/notes/draft/notes.txt")));
	assert_non_null(publish_file_omitted(&f.site, file_at(&f, "content/notes/draft/sub/deep.txt")));
	assert_null(publish_file_omitted(&f.site, file_at(&f, "content/notes/frdraft/ok.txt")));
	/* a product's chapters go with it; a chapter that is a draft goes alone */
	assert_int_equal(doc_at(&f, "content/products/book/one.md")->omitted, DOC_DRAFT);
	assert_int_equal(doc_at(&f, "content/products/book/one.fr.md")->omitted, DOC_DRAFT);
	assert_int_equal(doc_at(&f, "content/products/live/one.md")->omitted, DOC_PUBLISHED);
	assert_int_equal(doc_at(&f, "content/products/live/two.md")->omitted, DOC_DRAFT);
	assert_non_null(site_find_item(&f.site, "content/products/live"));
	assert_int_equal(doc_at(&f, "content/notes/nofalse/index.md")->omitted, DOC_PUBLISHED);
	fixture_release(&f);
}

static void test_draft_translation_takes_its_language(void **state)
{
	struct fixture f;
	const struct item *it;

	(void)state;
	build(&f, base, NEL(base), false);
	assert_int_equal(doc_at(&f, "content/notes/frdraft/index.md")->omitted, DOC_PUBLISHED);
	assert_int_equal(doc_at(&f, "content/notes/frdraft/index.fr.md")->omitted, DOC_DRAFT);
	it = site_find_item(&f.site, "content/notes/frdraft");
	assert_non_null(it);
	assert_null(it->text[FR]); /* French readers get the original, as for a missing translation */
	assert_ptr_equal(it->text[EN], doc_at(&f, "content/notes/frdraft/index.md"));
	fixture_release(&f);
}

static void test_drafts_option_publishes_them(void **state)
{
	struct fixture f;

	(void)state;
	build(&f, base, NEL(base), true);
	assert_int_equal(doc_at(&f, "content/notes/draft/index.md")->omitted, DOC_PUBLISHED);
	assert_int_equal(doc_at(&f, "content/notes/frdraft/index.fr.md")->omitted, DOC_PUBLISHED);
	assert_non_null(site_find_item(&f.site, "content/notes/draft"));
	assert_null(publish_file_omitted(&f.site, file_at(&f, "content/notes/draft/notes.txt")));
	/* drafts or not, an embargo holds */
	assert_int_equal(doc_at(&f, "content/notes/tomorrow/index.md")->omitted, DOC_HELD);
	fixture_release(&f);
}

static void test_publish_after(void **state)
{
	struct fixture f;
	struct datetime dt;

	(void)state;
	build(&f, base, NEL(base), false);
	/* 13:59+02:00 is 11:59 UTC, before noon; 14:00:00+02:00 is noon itself, not after it */
	assert_int_equal(doc_at(&f, "content/notes/past/index.md")->omitted, DOC_PUBLISHED);
	assert_int_equal(doc_at(&f, "content/notes/later/index.md")->omitted, DOC_PUBLISHED);
	/* a date alone is its midnight UTC: the next day's is later */
	assert_int_equal(doc_at(&f, "content/notes/tomorrow/index.md")->omitted, DOC_HELD);
	assert_null(site_find_item(&f.site, "content/notes/tomorrow"));
	assert_int_equal(datetime_parse(&dt, "2026-06-16", 10), 0);
	assert_int_equal(f.next_release, dt.t);
	assert_int_equal(publish_held_until(&f.site, doc_at(&f, "content/notes/tomorrow/index.md")), dt.t);
	fixture_release(&f);

	/* a second earlier, "later" is held with its translation, and is the next to be released */
	{
		struct publish_options po = { .now = FIXTURE_NOW - 1 };
		if (fixture_build_with(&f, base, NEL(base), &po))
			fail_msg("%s", fixture_diags(&f));
	}
	assert_int_equal(doc_at(&f, "content/notes/later/index.md")->omitted, DOC_HELD);
	assert_int_equal(doc_at(&f, "content/notes/later/index.fr.md")->omitted, DOC_HELD);
	assert_int_equal(f.next_release, FIXTURE_NOW);
	assert_int_equal(publish_held_until(&f.site, doc_at(&f, "content/notes/later/index.fr.md")), FIXTURE_NOW);
	fixture_release(&f);
}

static void test_notes(void **state)
{
	struct fixture f;
	struct diag_list notes = DIAG_LIST_INIT;
	struct publish_options po = { .now = FIXTURE_NOW };
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	build(&f, base, NEL(base), false);
	publish_notes(&f.scan, &po, &notes);
	diag_sort(&notes);
	for (size_t i = 0; i < notes.len; i++) {
		char *line = diag_format(&notes.items[i]);
		strbuf_addf(&sb, "%s\n", line);
		free(line);
	}
	assert_string_equal(sb.buf,
			    "content/notes/draft/index.fr.md: note: not published: content/notes/draft/index.md is a draft "
			    "(draft: true)\n"
			    "content/notes/draft/index.md: note: a draft: not published (draft: true)\n"
			    "content/notes/frdraft/index.fr.md: note: a draft: not published (draft: true)\n"
			    "content/notes/tomorrow/index.md: note: held back until 2026-06-16 00:00 UTC (publish_after)\n"
			    "content/products/book/index.md: note: a draft: not published (draft: true)\n"
			    "content/products/book/one.fr.md: note: not published: content/products/book/index.md is a "
			    "draft (draft: true)\n"
			    "content/products/book/one.md: note: not published: content/products/book/index.md is a "
			    "draft (draft: true)\n"
			    "content/products/live/two.md: note: a draft: not published (draft: true)\n");
	assert_int_equal(diag_errors(&notes), 0);
	strbuf_release(&sb);
	diag_list_release(&notes);
	fixture_release(&f);
}

static void test_bad_values(void **state)
{
	static const struct fixture_file files[] = {
		{ "site.yaml", SITE_YAML },
		{ "translations/en.yaml", "site_title: P\ncollections: {notes: Notes, products: Products}\n" },
		{ "translations/fr.yaml", "site_title: P\ncollections: {notes: Notes, products: Produits}\n" },
		{ "content/index.md", "---\ntitle: Home\ndraft: true\n---\n" },
		{ "content/about.md", "---\ntitle: About\ndraft: yes\n---\n" },
		{ "content/notes/a/index.md", "---\ntitle: A\npublish_after: 2027-02-30T09:00Z\n---\n" },
		{ "content/notes/a/index.fr.md", "---\ntitle: A\npublish_after: 2027-01-01\n---\n" },
		{ "content/notes/b/index.md", "---\ntitle: B\npublish_after: 2027-01-01T09:00\n---\n" },
		{ "content/notes/c/index.md", "---\ntitle: C\npublish_after: 20270101\ndraft:\n---\n" },
		{ "content/products/p/index.md", "---\ntitle: P\ndraft: \"true\"\n---\n" },
	};
	struct fixture f;
	char *diags;

	(void)state;
	assert_int_equal(fixture_build(&f, files, NEL(files)), -1);
	diags = fixture_diags(&f);
	assert_string_equal(
		diags,
		"content/about.md:3:8: error: 'draft' must be true or false, not text\n"
		"content/index.md:3:1: error: 'draft' is for items, pages and chapters: the home page is always "
		"published\n"
		"content/notes/a/index.fr.md:3:1: error: 'publish_after' is the same in every language: set it in the "
		"original only\n"
		"content/notes/a/index.md:3:16: error: 'publish_after' must be a date and time with its time zone, like "
		"2027-01-15T09:00:00Z or 2027-01-15T10:00+01:00, or a date (its midnight UTC): '2027-02-30T09:00Z'\n"
		"content/notes/b/index.md:3:16: error: 'publish_after' must be a date and time with its time zone, like "
		"2027-01-15T09:00:00Z or 2027-01-15T10:00+01:00, or a date (its midnight UTC): '2027-01-01T09:00'\n"
		"content/notes/c/index.md:3:16: error: 'publish_after' must be a date and time with its time zone, like "
		"2027-01-15T09:00:00Z or 2027-01-15T10:00+01:00, or a date (its midnight UTC)\n"
		"content/notes/c/index.md:4:7: error: 'draft' must be true or false, not empty\n"
		"content/products/p/index.md:3:8: error: 'draft' must be true or false, not text\n");
	/* left out as broken: a translation goes with its original */
	assert_int_equal(doc_at(&f, "content/notes/a/index.md")->omitted, DOC_BROKEN);
	assert_int_equal(doc_at(&f, "content/notes/a/index.fr.md")->omitted, DOC_BROKEN);
	free(diags);
	fixture_release(&f);
}

static void test_schema_refuses_builtins(void **state)
{
	static const struct fixture_file files[] = {
		{ "site.yaml", "title: T\nbase_url: https://t.example/\ndefault_language: en\n"
			       "languages:\n  - {code: en, name: English}\n"
			       "collections:\n  notes:\n    schema:\n      title: {type: string, required: true}\n"
			       "      draft: {type: string}\n" },
	};
	struct fixture f;
	char *diags;

	(void)state;
	assert_int_equal(fixture_build(&f, files, NEL(files)), -1);
	diags = fixture_diags(&f);
	assert_non_null(strstr(diags, "site.yaml:10:7: error: 'draft' is a field of every item, built in: remove it "
				      "from the schema\n"));
	free(diags);
	fixture_release(&f);
}

static void test_placeholders(void **state)
{
	static const struct fixture_file files[] = {
		{ "site.yaml", SITE_YAML },
		{ "translations/en.yaml", "site_title: P\ncollections: {notes: Notes, products: Products}\n" },
		{ "translations/fr.yaml", "site_title: P\ncollections: {notes: Notes, products: Produits}\n" },
		{ "content/index.md", "---\ntitle: Home\n---\n" },
		{ "content/products/left/index.md",
		  "---\ntitle: \"…\"\nsite: \"https://example.org/\"\ncover: \"cover\"\n"
		  "people:\n  - name: \"…\"\n  - name: Ada\n---\n" },
		{ "content/products/left/index.fr.md", "---\ntitle: \"…\"\n---\n" },
		{ "content/products/left/cover", "x" },
		/* a draft keeps its placeholders quietly; real values that merely look like them are fine */
		{ "content/products/wip/index.md", "---\ntitle: \"…\"\ndraft: true\n---\n" },
		{ "content/products/real/index.md",
		  "---\ntitle: \"Wait…\"\nsite: \"https://example.org/report\"\ncover: \"cover.png\"\n---\n" },
		{ "content/products/real/cover.png", "x" },
		{ "content/notes/free/index.md", "---\ntitle: Free\nsubtitle: \"…\"\n---\n" },
	};
	struct fixture f;
	char *diags;

	(void)state;
	assert_int_equal(fixture_build(&f, files, NEL(files)), 0);
	diags = fixture_diags(&f);
	assert_string_equal(diags,
			    "content/notes/free/index.md:3:11: warning: 'subtitle' still holds the placeholder written by "
			    "jisite new\n"
			    "content/products/left/index.fr.md:2:8: warning: 'title' still holds the placeholder written by "
			    "jisite new\n"
			    "content/products/left/index.md:2:8: warning: 'title' still holds the placeholder written by "
			    "jisite new\n"
			    "content/products/left/index.md:3:7: warning: 'site' still holds the placeholder written by "
			    "jisite new\n"
			    "content/products/left/index.md:4:8: warning: 'cover' still holds the placeholder written by "
			    "jisite new\n"
			    "content/products/left/index.md:6:11: warning: 'people[1].name' still holds the placeholder "
			    "written by jisite new\n");
	assert_int_equal(diag_errors(&f.diags), 0);
	free(diags);
	fixture_release(&f);
}

/* The note severity: printed "note:", a GitHub notice, kept through the cache's encoding, no error. */
static void test_note_severity(void **state)
{
	struct diag_list dl = DIAG_LIST_INIT, back = DIAG_LIST_INIT;
	struct strbuf enc = STRBUF_INIT;
	char *line;

	(void)state;
	diag_note(&dl, "content/a.md", 0, 0, "held back");
	diag_warning(&dl, "content/a.md", 2, 3, "careful");
	assert_int_equal(diag_errors(&dl), 0);
	line = diag_format(&dl.items[0]);
	assert_string_equal(line, "content/a.md: note: held back");
	free(line);
	diag_encode(&enc, &dl);
	diag_decode(&back, enc.buf, enc.len);
	assert_int_equal(back.len, 2);
	assert_int_equal(back.items[0].severity, DIAG_NOTE);
	assert_int_equal(back.items[1].severity, DIAG_WARNING);
	assert_int_equal(diag_errors(&back), 0);
	strbuf_release(&enc);
	diag_list_release(&dl);
	diag_list_release(&back);
}

/* Now, from SOURCE_DATE_EPOCH (the one reader of it) or the clock; a moment as messages write it. */
static void test_now(void **state)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct strbuf sb = STRBUF_INIT;
	char day[11];
	int64_t t;

	(void)state;
	setenv("SOURCE_DATE_EPOCH", "1803888000", 1);
	assert_int_equal(datetime_now(&t, &dl), 0);
	assert_int_equal(t, 1803888000);
	assert_int_equal(datetime_today(day, &dl), 0);
	assert_string_equal(day, "2027-03-01");
	datetime_format(&sb, t, DATETIME_MINUTE);
	assert_string_equal(sb.buf, "2027-03-01 08:00 UTC");
	setenv("SOURCE_DATE_EPOCH", "soon", 1);
	assert_int_equal(datetime_now(&t, &dl), -1);
	assert_int_equal(diag_errors(&dl), 1);
	unsetenv("SOURCE_DATE_EPOCH");
	assert_int_equal(datetime_now(&t, &dl), 0);
	assert_true(t > 1700000000);
	strbuf_release(&sb);
	diag_list_release(&dl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_draft_original_takes_its_item),
		cmocka_unit_test(test_draft_translation_takes_its_language),
		cmocka_unit_test(test_drafts_option_publishes_them),
		cmocka_unit_test(test_publish_after),
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_schema_refuses_builtins),
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_note_severity),
		cmocka_unit_test(test_now),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
