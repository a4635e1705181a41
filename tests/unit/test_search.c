/* Unit tests of the search index's folding and tokens: every case of tests/search/tokens.txt (which the
 * browser's search.js is tested on too, so the two cut a query and a text the same way), and folding
 * on its own. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "search.h"
#include "util/fs.h"

#define TOKENS_FILE "tests/search/tokens.txt"

static void join_token(void *ctx, const char *tok, size_t len)
{
	struct strbuf *sb = ctx;

	assert_int_equal(strlen(tok), len);
	if (sb->len)
		strbuf_addch(sb, ' ');
	strbuf_add(sb, tok, len);
}

static void tokens_of(struct strbuf *out, const char *s)
{
	strbuf_reset(out);
	search_tokens(s, strlen(s), join_token, out);
}

static void test_tokens_file(void **state)
{
	struct strbuf file = STRBUF_INIT, got = STRBUF_INIT;
	size_t cases = 0, failed = 0;
	char *line, *next;

	(void)state;
	assert_int_equal(fs_read_file(&file, TOKENS_FILE, 1 << 20), 0);
	for (line = file.buf; line && *line; line = next) {
		char *tab, *end = strchr(line, '\n');
		next = end ? end + 1 : NULL;
		if (end)
			*end = '\0';
		if (!*line || *line == '#')
			continue;
		tab = strchr(line, '\t');
		assert_non_null(tab);
		*tab = '\0';
		tokens_of(&got, line);
		cases++;
		if (strcmp(got.buf ? got.buf : "", tab + 1)) {
			print_error("%s\n  got:  %s\n  want: %s\n", line, got.buf ? got.buf : "", tab + 1);
			failed++;
		}
	}
	assert_true(cases >= 60);
	assert_int_equal(failed, 0);
	strbuf_release(&file);
	strbuf_release(&got);
}

/* Every case of tests/search/stems.txt: language, token, then the stem the index adds (or the token). */
static void test_stems_file(void **state)
{
	struct strbuf file = STRBUF_INIT, stem = STRBUF_INIT;
	size_t cases = 0, failed = 0;
	char *line, *next;

	(void)state;
	assert_int_equal(fs_read_file(&file, "tests/search/stems.txt", 1 << 20), 0);
	for (line = file.buf; line && *line; line = next) {
		struct search_stemmer st;
		char *token, *want, *end = strchr(line, '\n');
		bool changed;
		next = end ? end + 1 : NULL;
		if (end)
			*end = '\0';
		if (!*line || *line == '#')
			continue;
		token = strchr(line, '\t');
		assert_non_null(token);
		*token++ = '\0';
		want = strchr(token, '\t');
		assert_non_null(want);
		*want++ = '\0';
		search_stemmer_init(&st, line);
		strbuf_reset(&stem);
		changed = search_stem(&stem, &st, token, strlen(token));
		cases++;
		if (strcmp(stem.buf, want) || changed != !!strcmp(token, want)) {
			print_error("%s %s\n  got:  %s\n  want: %s\n", line, token, stem.buf, want);
			failed++;
		}
	}
	assert_true(cases >= 100);
	assert_int_equal(failed, 0);
	strbuf_release(&file);
	strbuf_release(&stem);
}

/* Short tokens made of suffixes in every language: a stem is never empty nor longer than its token (the
 * fuzzer tries any token). */
static void test_stem_bounds(void **state)
{
	static const char *const langs[] = { "ar", "ru", "fr", "es", "pt", "it", "ro", "hr", "tr", "ms", "en", NULL };
	static const char *const tokens[] = { "a", "s", "es", "aux", "ии", "и", "ль", "لل", "ال", "و", "وو", "lara",
					      "ler", "nya", "ovima", "ului", "" };
	struct strbuf stem = STRBUF_INIT;

	(void)state;
	for (size_t l = 0; l < sizeof(langs) / sizeof(langs[0]); l++) {
		struct search_stemmer st;
		search_stemmer_init(&st, langs[l]);
		for (size_t t = 0; tokens[t][0]; t++) {
			strbuf_reset(&stem);
			search_stem(&stem, &st, tokens[t], strlen(tokens[t]));
			assert_true(stem.len > 0 && stem.len <= strlen(tokens[t]));
		}
	}
	strbuf_release(&stem);
}

static void test_fold(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	search_fold(&sb, "Intégrité JUDICIAIRE", strlen("Intégrité JUDICIAIRE"));
	assert_string_equal(sb.buf, "integrite judiciaire");
	strbuf_reset(&sb);
	search_fold(&sb, "أَحْكَام", strlen("أَحْكَام"));
	assert_string_equal(sb.buf, "احكام");
	strbuf_reset(&sb);
	search_fold(&sb, "사법부", strlen("사법부")); /* Hangul comes back composed */
	assert_string_equal(sb.buf, "사법부");
	strbuf_reset(&sb);
	search_fold(&sb, "ΟΔΟΣ", strlen("ΟΔΟΣ")); /* no final sigma: a query is typed a letter at a time */
	assert_string_equal(sb.buf, "οδοσ");
	strbuf_release(&sb);
}

static void test_tokens(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char long_word[80];

	(void)state;
	tokens_of(&sb, "l'intégrité — judges' codes, 2018!");
	assert_string_equal(sb.buf, "l integrite judges codes 2018");
	tokens_of(&sb, "司法廉正");
	assert_string_equal(sb.buf, "司法 法廉 廉正");
	tokens_of(&sb, "法");
	assert_string_equal(sb.buf, "法");
	tokens_of(&sb, "");
	assert_null(sb.buf ? (*sb.buf ? sb.buf : NULL) : NULL);
	memset(long_word, 'a', sizeof(long_word) - 1);
	long_word[sizeof(long_word) - 1] = '\0';
	tokens_of(&sb, long_word);
	assert_int_equal(sb.len, 32);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_tokens_file),
		cmocka_unit_test(test_stems_file),
		cmocka_unit_test(test_stem_bounds),
	};

	return cmocka_run_group_tests_name("search", tests, NULL, NULL);
}
