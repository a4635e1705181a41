/* Unit tests of the interface texts (i18n.h) on small sites written to a temporary folder: the fallback of a
 * language to the languages its code starts with and then to the default language, one warning per key a
 * file lacks (naming whose text is used), a fallback file that is no language of the site, a translations
 * file that no language uses, and more languages than any fixed limit. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "site_fixture.h"

#define NEL(a) (sizeof(a) / sizeof((a)[0]))

#define SITE_HEAD "title: T\nbase_url: https://t.example/\ndefault_language: en\nlanguages:\n"
#define EN_TEXTS "site_title: English\nui: {a: A-en, b: B-en, c: C-en, d: D-en}\n"
#define HOME { "content/index.md", "---\ntitle: Home\n---\n" }

static size_t lang_of(const struct fixture *f, const char *code)
{
	int i = config_language_index(&f->cfg, code, strlen(code));

	assert_true(i >= 0);
	return (size_t)i;
}

static const char *ui(const struct fixture *f, const char *code, const char *key)
{
	return i18n_find(&f->i18n, lang_of(f, code), "ui", key);
}

/* How many lines of the sorted diagnostics are exactly line. */
static size_t count_line(const char *diags, const char *line)
{
	size_t n = 0, len = strlen(line);

	for (const char *p = diags; (p = strstr(p, line)); p += len)
		if ((p == diags || p[-1] == '\n') && p[len] == '\n')
			n++;
	return n;
}

/* pt-BR before pt in site.yaml, and pt-PT too: pt's own merge with English must not leak into what the
 * others take from pt. */
static const struct fixture_file family_files[] = {
	{ "site.yaml", SITE_HEAD "  - {code: en, name: English}\n  - {code: pt-BR, name: Brasileiro}\n"
		       "  - {code: pt, name: Português}\n  - {code: pt-PT, name: Europeu}\n" },
	{ "translations/en.yaml", EN_TEXTS "extra: {x: X-en, y: Y-en}\n" },
	{ "translations/pt.yaml", "site_title: Português\nui: {a: A-pt, b: B-pt}\nextra: {x: X-pt}\n" },
	{ "translations/pt-BR.yaml", "ui: {a: A-br}\n" },
	{ "translations/pt-PT.yaml", "site_title: Europeu\nui: {a: A-pt-PT, b: B-pt-PT, c: C-pt-PT}\n" },
	HOME,
};

static void test_family_fallback(void **state)
{
	struct fixture f;

	(void)state;
	assert_int_equal(fixture_build(&f, family_files, NEL(family_files)), 0);
	assert_string_equal(ui(&f, "pt-BR", "a"), "A-br");   /* its own */
	assert_string_equal(ui(&f, "pt-BR", "b"), "B-pt");   /* pt's */
	assert_string_equal(ui(&f, "pt-BR", "c"), "C-en");   /* neither: the default language's */
	assert_string_equal(i18n_find(&f.i18n, lang_of(&f, "pt-BR"), "site_title", NULL), "Português");
	assert_string_equal(ui(&f, "pt", "c"), "C-en");
	assert_string_equal(ui(&f, "pt-PT", "b"), "B-pt-PT");
	assert_string_equal(ui(&f, "pt-PT", "d"), "D-en");
	assert_string_equal(i18n_find(&f.i18n, lang_of(&f, "pt-BR"), "extra", "x"), "X-pt");
	assert_string_equal(i18n_find(&f.i18n, lang_of(&f, "pt-BR"), "extra", "y"), "Y-en");
	assert_non_null(f.i18n.fallbacks[lang_of(&f, "pt-BR")][0]);
	assert_string_equal(f.i18n.fallbacks[lang_of(&f, "pt-BR")][0], "translations/pt.yaml");
	assert_null(f.i18n.fallbacks[lang_of(&f, "pt-BR")][1]);
	assert_null(f.i18n.fallbacks[lang_of(&f, "pt")][0]);
	assert_null(f.i18n.fallbacks[lang_of(&f, "en")][0]);
	fixture_release(&f);
}

static void test_one_warning_per_key(void **state)
{
	struct fixture f;
	char *d;

	(void)state;
	assert_int_equal(fixture_build(&f, family_files, NEL(family_files)), 0);
	d = fixture_diags(&f);
	/* each key a file lacks: one warning, at the file, naming whose text is used */
	assert_int_equal(count_line(d, "translations/pt-BR.yaml:1:1: warning: missing translation of 'ui.b' "
				       "(the Português text is used)"), 1);
	assert_int_equal(count_line(d, "translations/pt-BR.yaml:1:1: warning: missing translation of 'site_title' "
				       "(the Português text is used)"), 1);
	/* a key pt lacks too is pt-BR's one warning, naming English, not one per step of the chain */
	assert_int_equal(count_line(d, "translations/pt-BR.yaml:1:1: warning: missing translation of 'ui.c' "
				       "(the English text is used)"), 1);
	assert_null(strstr(d, "'ui.c' (the Português text is used)"));
	assert_int_equal(count_line(d, "translations/pt.yaml:1:1: warning: missing translation of 'ui.c' "
				       "(the English text is used)"), 1);
	/* a whole map pt-BR lacks is pt's, and what pt lacks of it English's; pt is warned of its own */
	assert_int_equal(count_line(d, "translations/pt-BR.yaml:1:1: warning: missing 'extra' (the Português "
				       "texts are used)"), 1);
	assert_int_equal(count_line(d, "translations/pt-BR.yaml:1:1: warning: missing translation of 'extra.y' "
				       "(the English text is used)"), 1);
	assert_int_equal(count_line(d, "translations/pt.yaml:1:1: warning: missing translation of 'extra.y' "
				       "(the English text is used)"), 1);
	/* pt-PT comes after pt: what pt took from English is still not pt's */
	assert_int_equal(count_line(d, "translations/pt-PT.yaml:1:1: warning: missing translation of 'ui.d' "
				       "(the English text is used)"), 1);
	assert_int_equal(count_line(d, "translations/pt-PT.yaml:1:1: warning: missing translation of 'extra.y' "
				       "(the English text is used)"), 1);
	/* pt-BR: b, c, d, site_title, extra, extra.y; pt: c, d, extra.y; pt-PT: d, extra, extra.y */
	assert_int_equal(diag_warnings(&f.diags), 12);
	free(d);
	fixture_release(&f);
}

/* zh-Hant-TW: zh-Hant (a language of the site), then zh (a file of no language), then English. */
static const struct fixture_file chain_files[] = {
	{ "site.yaml", SITE_HEAD "  - {code: en, name: English}\n  - {code: zh-Hant-TW, name: 臺灣}\n"
		       "  - {code: zh-Hant, name: 繁體}\n  - {code: en-GB, name: British}\n" },
	{ "translations/en.yaml", EN_TEXTS },
	{ "translations/zh.yaml", "ui: {a: A-zh, b: B-zh, c: C-zh}\n" },
	{ "translations/zh-Hant.yaml", "ui: {a: A-hant, b: B-hant}\n" },
	{ "translations/zh-Hant-TW.yaml", "ui: {a: A-tw}\n" },
	{ "translations/en-GB.yaml", "ui: {a: A-gb}\n" },
	{ "translations/zh_TW.yaml", "ui: {a: x}\n" },
	{ "translations/README.txt", "not texts\n" },
	HOME,
};

static void test_longest_code_first(void **state)
{
	struct fixture f;
	const char *const *fb;
	char *d;

	(void)state;
	assert_int_equal(fixture_build(&f, chain_files, NEL(chain_files)), 0);
	assert_string_equal(ui(&f, "zh-Hant-TW", "a"), "A-tw");
	assert_string_equal(ui(&f, "zh-Hant-TW", "b"), "B-hant");
	assert_string_equal(ui(&f, "zh-Hant-TW", "c"), "C-zh");
	assert_string_equal(ui(&f, "zh-Hant-TW", "d"), "D-en");
	assert_string_equal(ui(&f, "zh-Hant", "c"), "C-zh");
	assert_string_equal(ui(&f, "en-GB", "b"), "B-en"); /* en is the default: its last fallback anyway */
	fb = f.i18n.fallbacks[lang_of(&f, "zh-Hant-TW")];
	assert_string_equal(fb[0], "translations/zh-Hant.yaml");
	assert_string_equal(fb[1], "translations/zh.yaml");
	assert_null(fb[2]);
	assert_null(f.i18n.fallbacks[lang_of(&f, "en-GB")][0]);
	d = fixture_diags(&f);
	assert_int_equal(count_line(d, "translations/zh-Hant-TW.yaml:1:1: warning: missing translation of 'ui.c' "
				       "(the text of translations/zh.yaml is used)"), 1);
	assert_int_equal(count_line(d, "translations/zh-Hant-TW.yaml:1:1: warning: missing translation of 'ui.b' "
				       "(the 繁體 text is used)"), 1);
	assert_int_equal(count_line(d, "translations/en-GB.yaml:1:1: warning: missing translation of 'ui.b' "
				       "(the English text is used)"), 1);
	/* zh.yaml is used, so no warning of its own; zh_TW.yaml ('_' is no separator of a code) is not */
	assert_null(strstr(d, "translations/zh.yaml:"));
	assert_int_equal(count_line(d, "translations/zh_TW.yaml:1:1: warning: 'zh_TW' is not a language of the "
				       "site (site.yaml has en, zh-Hant-TW, zh-Hant, en-GB), nor the start of one's code "
				       "('zh_TW-…') that falls back to it: this file is not used"), 1);
	assert_null(strstr(d, "README"));
	free(d);
	fixture_release(&f);
}

/* A file of no language that no language falls back to: a warning, at its first line. */
static void test_unused_file(void **state)
{
	static const struct fixture_file files[] = {
		{ "site.yaml", SITE_HEAD "  - {code: en, name: English}\n  - {code: fr, name: Français}\n" },
		{ "translations/en.yaml", EN_TEXTS },
		{ "translations/fr.yaml", "site_title: Français\nui: {a: A, b: B, c: C, d: D}\n" },
		{ "translations/de.yaml", "ui: {a: A-de}\n" },
		HOME,
	};
	struct fixture f;
	char *d;

	(void)state;
	assert_int_equal(fixture_build(&f, files, NEL(files)), 0);
	d = fixture_diags(&f);
	assert_string_equal(d, "translations/de.yaml:1:1: warning: 'de' is not a language of the site (site.yaml "
			       "has en, fr), nor the start of one's code ('de-…') that falls back to it: this file "
			       "is not used\n");
	free(d);
	fixture_release(&f);
}

/* A fallback file that does not load is an error at its place; the language goes on past it. */
static void test_broken_fallback_file(void **state)
{
	static const struct fixture_file files[] = {
		{ "site.yaml", SITE_HEAD "  - {code: en, name: English}\n  - {code: pt-BR, name: Brasileiro}\n" },
		{ "translations/en.yaml", EN_TEXTS },
		{ "translations/pt.yaml", "- a list\n" },
		{ "translations/pt-BR.yaml", "site_title: B\nui: {a: A-br, b: B-br, c: C-br}\n" },
		HOME,
	};
	struct fixture f;
	char *d;

	(void)state;
	assert_int_equal(fixture_build(&f, files, NEL(files)), -1);
	d = fixture_diags(&f);
	assert_string_equal(d, "translations/pt-BR.yaml:1:1: warning: missing translation of 'ui.d' (the English "
			       "text is used)\n"
			       "translations/pt.yaml:1:1: error: translations must be a map of names to texts\n");
	free(d);
	assert_string_equal(ui(&f, "pt-BR", "d"), "D-en");
	fixture_release(&f);
}

/* More languages than the old limit of 32: every one has its own texts, and its pages. */
static void test_many_languages(void **state)
{
	enum { N = 70 };
	struct fixture_file files[N + 2];
	struct strbuf site = STRBUF_INIT, texts[N];
	struct fixture f;

	(void)state;
	strbuf_addstr(&site, SITE_HEAD "  - {code: en, name: English}\n");
	files[0] = (struct fixture_file){ "translations/en.yaml", EN_TEXTS };
	files[1] = (struct fixture_file){ "content/index.md", "---\ntitle: Home\n---\n" };
	for (int i = 1; i < N; i++) {
		strbuf_init(&texts[i], 0);
		strbuf_addf(&site, "  - {code: x%c%c, name: L%d}\n", 'a' + i / 26, 'a' + i % 26, i);
		strbuf_addf(&texts[i], "translations/x%c%c.yaml", 'a' + i / 26, 'a' + i % 26);
		strbuf_addch(&texts[i], '\0');
		strbuf_addf(&texts[i], "site_title: L%d\nui: {a: A%d, b: B, c: C, d: D}\n", i, i);
		files[i + 1] = (struct fixture_file){ texts[i].buf, texts[i].buf + strlen(texts[i].buf) + 1 };
	}
	files[N + 1] = (struct fixture_file){ "site.yaml", site.buf };
	assert_int_equal(fixture_build(&f, files, N + 2), 0);
	assert_int_equal(f.cfg.nlanguages, N);
	assert_int_equal(diag_warnings(&f.diags), 0);
	assert_string_equal(ui(&f, "xcr", "a"), "A69");
	assert_int_equal(f.site.npages, f.site.ngroups * N);
	for (size_t l = 0; l < N; l++)
		assert_non_null(site_page(&f.site, f.site.home->group, l));
	fixture_release(&f);
	for (int i = 1; i < N; i++)
		strbuf_release(&texts[i]);
	strbuf_release(&site);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_family_fallback),
		cmocka_unit_test(test_one_warning_per_key),
		cmocka_unit_test(test_longest_code_first),
		cmocka_unit_test(test_unused_file),
		cmocka_unit_test(test_broken_fallback_file),
		cmocka_unit_test(test_many_languages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
