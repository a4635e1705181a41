/* Unit tests of the pipeline's pure parts: URLs, paths, UTF-8, front matter and site.yaml. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "config.h"
#include "frontmatter.h"
#include "workers.h"
#include "locale.h"
#include "schema.h"
#include "util/datetime.h"
#include "yamltree.h"
#include "url.h"
#include "util/datetime.h"
#include "util/fs.h"
#include "util/utf8.h"

static void assert_url(const char *from, const char *to, bool offline, const char *expected)
{
	struct strbuf sb = STRBUF_INIT;

	url_relative(&sb, from, to, offline);
	assert_string_equal(sb.buf, expected);
	strbuf_release(&sb);
}

static void test_url_relative(void **state)
{
	(void)state;
	assert_url("en/resources/x/", "en/resources/y/", false, "../y/");
	assert_url("en/resources/x/", "en/resources/x/", false, "./");
	assert_url("en/resources/x/", "en/resources/x/", true, "index.html");
	assert_url("en/resources/x/", "fr/resources/x/", false, "../../../fr/resources/x/");
	assert_url("en/", "en/about/", true, "about/index.html");
	assert_url("en/about/", "assets/style.css", false, "../../assets/style.css");
	assert_url("", "en/", false, "en/");
	assert_url("", "", true, "index.html");
	assert_url("en/resources/", "en/resources/page/2/", false, "page/2/");
	/* a shared prefix that is not a whole folder is not shared */
	assert_url("en/res/", "en/resources/", false, "../resources/");
}

static void assert_resolved(const char *dir, const char *rel, const char *expected)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = path_resolve(&sb, dir, rel);

	if (!expected) {
		assert_int_equal(ret, -1);
	} else {
		assert_int_equal(ret, 0);
		assert_string_equal(sb.buf, expected);
	}
	strbuf_release(&sb);
}

static void test_path_resolve(void **state)
{
	(void)state;
	assert_resolved("content/resources/x", "../y/index.md", "content/resources/y/index.md");
	assert_resolved("content", "./about.md", "content/about.md");
	assert_resolved("content", "notes//first/", "content/notes/first");
	assert_resolved("content", "../site.yaml", "site.yaml");
	assert_resolved("content", "../../etc/passwd", NULL);
	assert_resolved("content", "/etc/passwd", NULL);
}

static void test_utf8(void **state)
{
	size_t bad = 0;
	unsigned line, col;
	const char *text = "ab\nc\xc3\xa9" "d\xff";

	(void)state;
	assert_true(utf8_valid("plain \xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80", 22, &bad));
	assert_false(utf8_valid(text, strlen(text), &bad));
	assert_int_equal(bad, 7);
	utf8_position(text, bad, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 4);
	assert_false(utf8_valid("\xc0\xaf", 2, &bad));      /* overlong '/' */
	assert_false(utf8_valid("\xed\xa0\x80", 3, &bad));  /* surrogate */
	assert_false(utf8_valid("\xe2\x82", 2, &bad));      /* cut short */
	assert_false(utf8_valid("a\0b", 3, &bad));          /* NUL */
	assert_int_equal(bad, 1);
}

struct fm {
	struct arena a;
	struct diag_list diags;
	struct doc doc;
};

static int fm_parse(struct fm *f, const char *text)
{
	arena_init(&f->a);
	diag_list_init(&f->diags);
	memset(&f->doc, 0, sizeof(f->doc));
	f->doc.path = "content/x.md";
	return frontmatter_parse(&f->doc, &f->a, text, strlen(text), &f->diags);
}

static void fm_release(struct fm *f)
{
	arena_release(&f->a);
	diag_list_release(&f->diags);
}

static void test_front_matter(void **state)
{
	struct fm f;

	(void)state;
	assert_int_equal(fm_parse(&f, "---\ntitle: Hello\ntags: [a, b]\n---\nBody\n"), 0);
	assert_string_equal(value_map_get(f.doc.meta, "title")->u.str.ptr, "Hello");
	assert_int_equal(value_map_get(f.doc.meta, "tags")->line, 3); /* lines of the file, not of the block */
	assert_int_equal(f.doc.body_line, 4);
	assert_string_equal(f.doc.body, "Body\n");
	assert_false(f.doc.body_blank);
	fm_release(&f);

	/* a translation of the front matter alone: its body is only white space */
	assert_int_equal(fm_parse(&f, "---\ntitle: Bonjour\n---\n\n \t\r\n"), 0);
	assert_true(f.doc.body_blank);
	fm_release(&f);
	assert_int_equal(fm_parse(&f, "---\ntitle: Bonjour\n---\n\n  .\n"), 0);
	assert_false(f.doc.body_blank);
	fm_release(&f);

	assert_int_equal(fm_parse(&f, "No front matter.\n"), 0);
	assert_int_equal(f.doc.meta->u.map.len, 0);
	assert_int_equal(f.doc.body_line, 0);
	fm_release(&f);

	assert_int_equal(fm_parse(&f, "\xef\xbb\xbf---\r\ntitle: CRLF\r\n...\r\nBody"), 0);
	assert_string_equal(value_map_get(f.doc.meta, "title")->u.str.ptr, "CRLF");
	assert_string_equal(f.doc.body, "Body");
	fm_release(&f);
}

static void test_front_matter_errors(void **state)
{
	struct fm f;
	char *s;

	(void)state;
	assert_int_equal(fm_parse(&f, "---\ntitle: x\n"), -1);
	assert_string_equal(f.diags.items[0].message, "front matter opened here is never closed: end it with a line '---'");
	fm_release(&f);

	assert_int_equal(fm_parse(&f, "---\n- a\n- b\n---\n"), -1);
	s = diag_format(&f.diags.items[0]);
	assert_string_equal(s, "content/x.md:2:1: error: front matter must be fields ('title: ...'), not a list");
	free(s);
	fm_release(&f);

	assert_int_equal(fm_parse(&f, "---\ntitle: a\ntitle: b\n---\n"), -1);
	assert_int_equal(f.diags.items[0].line, 3);
	fm_release(&f);

	/* front matter after blank lines: refused at its '---', not published as text */
	assert_int_equal(fm_parse(&f, "\n \t\r\n---\ntitle: Late\n---\nBody\n"), -1);
	s = diag_format(&f.diags.items[0]);
	assert_string_equal(s, "content/x.md:3:1: error: front matter must begin on the first line: delete the "
			       "blank lines above this '---'");
	free(s);
	fm_release(&f);
	/* but a thematic break after a blank line, with no second one, is Markdown */
	assert_int_equal(fm_parse(&f, "\n---\nBody\n"), 0);
	assert_int_equal(f.diags.len, 0);
	assert_string_equal(f.doc.body, "\n---\nBody\n");
	fm_release(&f);
}

static int parse_config(struct arena *a, struct diag_list *d, struct config *cfg, const char *text)
{
	return config_parse(cfg, a, "site.yaml", text, strlen(text), d);
}

static void test_config(void **state)
{
	struct arena a = ARENA_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	struct config cfg;

	(void)state;
	assert_int_equal(parse_config(&a, &d, &cfg,
				      "title: T\nbase_url: https://x.example\ndefault_language: fr\n"
				      "languages:\n  - {code: en, name: English}\n  - {code: fr, name: Français}\n"
				      "  - {code: ar, name: Arabic, direction: rtl}\n"
				      "collections:\n  news: {sort: -date, per_page: 10}\n  resources:\n"
				      "taxonomies:\n  topics: {field: tags}\n"), 0);
	assert_int_equal(d.len, 0);
	assert_string_equal(cfg.base_url, "https://x.example/");
	assert_int_equal(cfg.default_language, 1);
	assert_true(cfg.languages[2].rtl);
	assert_string_equal(cfg.collections[0].sort_field, "date");
	assert_true(cfg.collections[0].sort_descending);
	assert_int_equal(cfg.collections[0].per_page, 10);
	assert_string_equal(cfg.collections[1].layout, "item");
	assert_string_equal(cfg.taxonomies[0].field, "tags");
	arena_release(&a);
}

static void test_config_errors(void **state)
{
	struct arena a = ARENA_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	struct config cfg;
	const char *expected[] = {
		"site.yaml:1:1: warning: unknown key 'colour' in site.yaml",
		"site.yaml:1:1: error: missing required key 'title'",
		"site.yaml:2:11: error: base URL 'ftp://x' must start with https:// or http://",
		"site.yaml:5:12: error: language 'en' is listed twice",
		"site.yaml:5:40: error: direction 'up' must be 'ltr' or 'rtl'",
		"site.yaml:6:19: error: default language 'de' is not in 'languages'",
		"site.yaml:8:3: error: collection name 'News' must be lowercase letters, digits and hyphens",
	};

	(void)state;
	assert_int_equal(parse_config(&a, &d, &cfg,
				      "colour: blue\nbase_url: ftp://x\nlanguages:\n  - {code: en, name: English}\n"
				      "  - {code: en, name: Again, direction: up}\ndefault_language: de\ncollections:\n"
				      "  News: {}\n"), -1);
	diag_sort(&d);
	assert_int_equal(d.len, sizeof(expected) / sizeof(expected[0]));
	for (size_t i = 0; i < d.len; i++) {
		char *s = diag_format(&d.items[i]);
		assert_string_equal(s, expected[i]);
		free(s);
	}
	diag_list_release(&d);
	arena_release(&a);
}

/* feeds: epoch and tag_authority: the site's own, or a default that no site's name is compiled into. */
static void test_config_epoch(void **state)
{
	struct arena a = ARENA_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	struct config cfg;
	const char *head = "title: T\nbase_url: https://courts.example:8080/site/\ndefault_language: en\n"
			   "languages: [{code: en, name: English}]\n";
	struct strbuf sb = STRBUF_INIT;
	static const char *const refused[][2] = {
		{ "feeds: {epoch: 1979-12-31}\n", "site.yaml:5:16: error: 'epoch' must be a day from 1980-01-01 on, as "
						    "2018-04-09, not '1979-12-31'" },
		{ "feeds: {epoch: 2018-04-09T09:00Z}\n", "site.yaml:5:16: error: 'epoch' must be a day from 1980-01-01 "
							  "on, as 2018-04-09, not '2018-04-09T09:00Z'" },
		{ "feeds: {tag_authority: 'a..b,2018'}\n", "site.yaml:5:24: error: 'tag_authority' must be a domain name, "
							     "a comma and a date, as example.org,2018, not 'a..b,2018'" },
		{ "feeds: {tag_authority: 'x.org,18'}\n", "site.yaml:5:24: error: 'tag_authority' must be a domain name, "
							    "a comma and a date, as example.org,2018, not 'x.org,18'" },
		{ "feeds: {tag_authority: 'x.org:2018'}\n", "site.yaml:5:24: error: 'tag_authority' must be a domain "
							      "name, a comma and a date, as example.org,2018, not "
							      "'x.org:2018'" },
	};

	(void)state;
	assert_int_equal(parse_config(&a, &d, &cfg, head), 0);
	assert_string_equal(cfg.epoch_day, "2000-01-01");
	assert_int_equal(cfg.epoch, 946684800);
	assert_string_equal(cfg.tag_authority, "courts.example,2000");

	strbuf_addf(&sb, "%sfeeds: {epoch: 2018-04-09}\n", head);
	assert_int_equal(parse_config(&a, &d, &cfg, sb.buf), 0);
	/* every file of every download carries it: another value changes every checksum of the manifest */
	assert_int_equal(cfg.epoch, 1523232000);
	assert_string_equal(cfg.tag_authority, "courts.example,2018");

	strbuf_reset(&sb);
	strbuf_addf(&sb, "%sfeeds: {epoch: 2018-04-09, tag_authority: 'old-name.example.org,2018-04'}\n", head);
	assert_int_equal(parse_config(&a, &d, &cfg, sb.buf), 0);
	assert_string_equal(cfg.tag_authority, "old-name.example.org,2018-04");
	assert_int_equal(d.len, 0);

	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		char *msg;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s%s", head, refused[i][0]);
		assert_int_equal(parse_config(&a, &d, &cfg, sb.buf), -1);
		assert_int_equal(d.len, 1);
		msg = diag_format(&d.items[0]);
		assert_string_equal(msg, refused[i][1]);
		free(msg);
		diag_list_release(&d);
	}
	strbuf_release(&sb);
	arena_release(&a);
}

/* The one rule of SOURCE_DATE_EPOCH (datetime_today): seconds from 0 to the end of 9999, else a usage error. */
static void today_refused(const char *epoch)
{
	struct diag_list d = DIAG_LIST_INIT;
	char day[11], expected[128], *s;

	setenv("SOURCE_DATE_EPOCH", epoch, 1);
	assert_int_equal(datetime_today(day, &d), -1);
	assert_int_equal(d.len, 1);
	s = diag_format(&d.items[0]);
	snprintf(expected, sizeof(expected), "SOURCE_DATE_EPOCH: error: '%s' is not a number of seconds since 1970",
		 epoch);
	assert_string_equal(s, expected);
	free(s);
	diag_list_release(&d);
}

static void test_today_from_source_date_epoch(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	char day[11];

	(void)state;
	setenv("SOURCE_DATE_EPOCH", "1523318400", 1); /* 2018-04-10T00:00:00Z */
	assert_int_equal(datetime_today(day, &d), 0);
	assert_string_equal(day, "2018-04-10");
	setenv("SOURCE_DATE_EPOCH", "1523404799", 1); /* the last second of that day */
	assert_int_equal(datetime_today(day, &d), 0);
	assert_string_equal(day, "2018-04-10");
	setenv("SOURCE_DATE_EPOCH", "0", 1);
	assert_int_equal(datetime_today(day, &d), 0);
	assert_string_equal(day, "1970-01-01");
	setenv("SOURCE_DATE_EPOCH", "253402300799", 1); /* the last second of 9999 */
	assert_int_equal(datetime_today(day, &d), 0);
	assert_string_equal(day, "9999-12-31");
	setenv("SOURCE_DATE_EPOCH", "", 1); /* empty: as if unset */
	assert_int_equal(datetime_today(day, &d), 0);
	assert_int_equal(strlen(day), 10);
	unsetenv("SOURCE_DATE_EPOCH");
	assert_int_equal(datetime_today(day, &d), 0);
	assert_int_equal(strlen(day), 10);
	assert_int_equal(d.len, 0);
	today_refused("yesterday");
	today_refused("12x");
	today_refused("-1");
	today_refused("253402300800");
	today_refused("99999999999999999999"); /* past what a long long holds */
	unsetenv("SOURCE_DATE_EPOCH");
}

/* s is a valid date (date_only) or date and time, as schemas check them. */
static bool valid_date(const char *s, bool date_only)
{
	struct datetime dt;

	return !datetime_parse(&dt, s, strlen(s)) && dt.date_only == date_only;
}

static void test_dates(void **state)
{
	(void)state;
	assert_true(valid_date("2024-02-29", true));
	assert_false(valid_date("2023-02-29", true));
	assert_false(valid_date("1900-02-29", true));
	assert_true(valid_date("2000-02-29", true));
	assert_false(valid_date("2024-04-31", true));
	assert_false(valid_date("2024-4-1", true));
	assert_false(valid_date("2018-04-09T09:00Z", true));
	assert_true(valid_date("2018-04-09T09:00+02:00", false));
	assert_true(valid_date("2018-04-09T09:00:30Z", false));
	assert_true(valid_date("2018-04-09 23:59-05:30", false));
	assert_false(valid_date("2018-04-09", false));
	assert_false(valid_date("2018-04-09T09:00", false)); /* no time zone */
	assert_false(valid_date("2018-04-09T24:00Z", false));
	assert_false(valid_date("2018-02-30T10:00Z", false));
}

static void test_schema_nested(void **state)
{
	struct arena a = ARENA_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	struct value *spec = NULL, *meta = NULL;
	const char *spec_text = "panellists:\n  type: list\n  required: true\n  items:\n    type: object\n"
				"    fields:\n      name: { type: string, required: true }\n      ok: { type: bool }\n";
	const char *meta_text = "panellists:\n  - { name: A }\n  - { ok: 3 }\n";
	struct schema_check chk = { "x.md", false, NULL, NULL, &d };
	const struct schema *s;
	char *msg;

	(void)state;
	assert_int_equal(yamltree_load(&spec, &a, "site.yaml", spec_text, strlen(spec_text), 0, NULL, &d), 0);
	assert_int_equal(yamltree_load(&meta, &a, "x.md", meta_text, strlen(meta_text), 1, NULL, &d), 0);
	s = schema_parse(&a, spec, "site.yaml", &d);
	assert_non_null(s);
	assert_int_equal(schema_check(s, meta, &chk), -1);
	assert_int_equal(d.len, 2);
	msg = diag_format(&d.items[0]);
	assert_string_equal(msg, "x.md:4:11: error: 'panellists[2].ok' must be true or false, not a number");
	free(msg);
	msg = diag_format(&d.items[1]);
	assert_string_equal(msg, "x.md:4:5: error: missing required field 'panellists[2].name'");
	free(msg);
	diag_list_release(&d);
	arena_release(&a);
}

/* The errors of checking the value (YAML) of a field of the given spec (YAML), one per line. */
static char *contact_errors(const char *spec_text, const char *value)
{
	struct arena a = ARENA_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	struct value *spec = NULL, *meta = NULL;
	struct schema_check chk = { "x.md", false, NULL, NULL, &d };
	struct strbuf meta_text = STRBUF_INIT, out = STRBUF_INIT;
	const struct schema *s;

	strbuf_addf(&meta_text, "f: %s\n", value);
	assert_int_equal(yamltree_load(&spec, &a, "site.yaml", spec_text, strlen(spec_text), 0, NULL, &d), 0);
	assert_int_equal(yamltree_load(&meta, &a, "x.md", meta_text.buf, meta_text.len, 1, NULL, &d), 0);
	s = schema_parse(&a, spec, "site.yaml", &d);
	if (s)
		schema_check(s, meta, &chk);
	for (size_t i = 0; i < d.len; i++) {
		char *msg = diag_format(&d.items[i]);
		strbuf_addf(&out, "%s\n", msg);
		free(msg);
	}
	diag_list_release(&d);
	arena_release(&a);
	strbuf_release(&meta_text);
	return strbuf_detach(&out, NULL);
}

static void assert_contact(const char *spec, const char *value, const char *errors)
{
	char *got = contact_errors(spec, value);

	assert_string_equal(got, errors);
	free(got);
}

static void test_schema_contact_details(void **state)
{
	const char *email = "f: { type: email, private: true }\n", *phone = "f: { type: phone, private: true }\n";
	const char *bad_email = "x.md:2:4: error: 'f' must be an e-mail address, like name@example.org\n";

	(void)state;
	assert_contact(email, "judge@court.example.org", "");
	assert_contact(email, "a.b+c@x.io", "");
	assert_contact(email, "no-at.example.org", bad_email);
	assert_contact(email, "\"@example.org\"", bad_email);
	assert_contact(email, "a@@example.org", bad_email);
	assert_contact(email, "a@example", bad_email);
	assert_contact(email, "a@example.", bad_email);
	assert_contact(email, "a@.org", bad_email);
	assert_contact(email, "\"a b@example.org\"", "x.md:2:4: error: 'f' must be an e-mail address, like name@example.org\n");
	assert_contact(email, "\"<a@example.org>\"", "x.md:2:4: error: 'f' must be an e-mail address, like name@example.org\n");
	assert_contact(phone, "+43 1 26060-0", "");
	assert_contact(phone, "\"(01) 234.567\"", "");
	assert_contact(phone, "\"1234\"", "x.md:2:4: error: 'f' must be a telephone number of digits, spaces and + - ( ) ., "
				       "like +43 1 26060-0\n");
	assert_contact(phone, "\"12+345 678\"", "x.md:2:4: error: 'f' must be a telephone number of digits, spaces and "
					     "+ - ( ) ., like +43 1 26060-0\n");
	assert_contact(phone, "call 12345", "x.md:2:4: error: 'f' must be a telephone number of digits, spaces and + - ( ) "
					  "., like +43 1 26060-0\n");
	/* personal contact details must be private; inside a private list or object, they are */
	assert_contact("f: { type: email }\n", "a@example.org",
		       "site.yaml:1:12: error: field 'f' holds personal contact details: it must be private: true, which "
		       "keeps its values out of the public site\n");
	assert_contact("f: { type: list, private: true, items: { type: phone } }\n", "[\"+1 555 0100\"]", "");
	assert_contact("f: { type: object, private: true, fields: { mail: { type: email } } }\n", "{ mail: a@b.org }", "");
}

static void assert_date(const char *lang, const char *when, const char *expected)
{
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(locale_format_date(&sb, lang, when, strlen(when)), expected ? 0 : -1);
	assert_string_equal(sb.buf, expected ? expected : "");
	strbuf_release(&sb);
}

static void test_locale(void **state)
{
	(void)state;
	assert_date("en", "2018-04-09", "April 9, 2018");
	assert_date("fr", "2018-04-09", "9 avril 2018");
	assert_date("zh", "2018-04-09", "2018\xe5\xb9\xb4" "4\xe6\x9c\x88" "9\xe6\x97\xa5");
	/* a time is shown where it happens: in the offset it was written with */
	assert_date("fr", "2027-01-15T14:30-05:00", "15 janvier 2027 \xc3\xa0 14:30");
	assert_date("fr", "2027-01-15T23:30Z", "15 janvier 2027 \xc3\xa0 23:30");
	assert_date("en", "2018-02-30", NULL);
	assert_true(locale_compare("fr", "\xc3\xa9" "cole", "ensemble") < 0); /* école before ensemble */
	assert_true(locale_compare("en", "apple", "Banana") < 0);
	assert_int_equal(locale_compare("en", "same", "same"), 0);
	locale_release();
}

static int report_share(size_t k, size_t n, void *ctx, struct diag_list *diags, struct strbuf *result)
{
	(void)ctx;
	strbuf_addf(result, "result of share %zu", k);
	diag_error(diags, "share.md", (unsigned)k + 1, (unsigned)n, "share %zu of %zu: tab\there", k, n);
	return k == 1 ? -1 : 0;
}

static int die_in_share_two(size_t k, size_t n, void *ctx, struct diag_list *diags, struct strbuf *result)
{
	(void)result;
	(void)n;
	(void)ctx;
	(void)diags;
	if (k == 2)
		_exit(99 + (int)raise(SIGKILL)); /* as a crash would, without a sanitizer's report */
	return 0;
}

static void test_workers(void **state)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct strbuf results[3] = { STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };

	(void)state;
	assert_int_equal(workers_run(3, report_share, NULL, &d, results), -1); /* share 1 failed */
	for (size_t k = 0; k < 3; k++) {
		char want[64];
		snprintf(want, sizeof(want), "result of share %zu", k);
		assert_string_equal(results[k].buf, want);
		strbuf_release(&results[k]);
	}
	assert_int_equal(d.len, 3);
	diag_sort(&d);
	for (size_t k = 0; k < 3; k++) {
		char want[64];
		snprintf(want, sizeof(want), "share %zu of 3: tab\there", k);
		assert_string_equal(d.items[k].message, want);
		assert_int_equal(d.items[k].line, k + 1);
		assert_int_equal(d.items[k].col, 3);
	}
	diag_list_release(&d);
	assert_int_equal(workers_run(4, die_in_share_two, NULL, &d, NULL), -1);
	assert_int_equal(d.len, 1);
	assert_string_equal(d.items[0].message, "worker 3 of 4 died (signal 9)");
	diag_list_release(&d);
	assert_int_equal(workers_run(1, report_share, NULL, &d, results), 0); /* in this process */
	assert_int_equal(d.len, 1);
	assert_string_equal(results[0].buf, "result of share 0");
	strbuf_release(&results[0]);
	diag_list_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_relative),
		cmocka_unit_test(test_path_resolve),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_front_matter),
		cmocka_unit_test(test_front_matter_errors),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_config_errors),
		cmocka_unit_test(test_config_epoch),
		cmocka_unit_test(test_today_from_source_date_epoch),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_schema_nested),
		cmocka_unit_test(test_schema_contact_details),
		cmocka_unit_test(test_locale),
		cmocka_unit_test(test_workers),
	};

	return cmocka_run_group_tests_name("pipeline", tests, NULL, NULL);
}
