/* Unit tests of the human values locale.c makes through ICU: event times with their offsets, numbers,
 * file sizes, durations, lists and language names, in English, French, Arabic, Chinese, Russian and
 * Spanish. The expected texts are the ones ICU 72 (Debian's libicu) gives: narrow no-break spaces and all. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "locale.h"

static void expect(struct strbuf *sb, int ret, const char *want)
{
	assert_int_equal(ret, want ? 0 : -1);
	assert_string_equal(sb->buf, want ? want : "");
	strbuf_release(sb);
}

static void assert_time(const char *lang, const char *when, bool time_only, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	expect(&sb, locale_format_time(&sb, lang, when, strlen(when), time_only), want);
}

static void test_event_times(void **state)
{
	(void)state;
	/* the time where the event happens, and the offset of that place from UTC */
	assert_time("en", "2027-06-09T14:00+02:00", false, "June 9, 2027 at 2:00\xe2\x80\xafPM (UTC+2)"); /* June 9, 2027 at 2:00 PM (UTC+2) */
	assert_time("fr", "2027-06-09T14:00+02:00", false, "9 juin 2027 \xc3\xa0 14:00 (UTC+2)"); /* 9 juin 2027 à 14:00 (UTC+2) */
	assert_time("ar", "2027-06-09T14:00+02:00", false, "\xd9\xa9 \xd9\x8a\xd9\x88\xd9\x86\xd9\x8a\xd9\x88 \xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa7 \xd9\x81\xd9\x8a \xd9\xa2:\xd9\xa0\xd9\xa0 \xd9\x85 (\xd8\xba\xd8\xb1\xd9\x8a\xd9\x86\xd8\xaa\xd8\xb4+\xd9\xa2)"); /* ٩ يونيو ٢٠٢٧ في ٢:٠٠ م (غرينتش+٢) */
	assert_time("zh", "2027-06-09T14:00+02:00", false, "2027\xe5\xb9\xb4" "6\xe6\x9c\x88" "9\xe6\x97\xa5 14:00 (UTC+2)"); /* 2027年6月9日 14:00 (UTC+2) */
	assert_time("ru", "2027-06-09T14:00+02:00", false, "9 \xd0\xb8\xd1\x8e\xd0\xbd\xd1\x8f 2027\xe2\x80\xaf\xd0\xb3. \xd0\xb2 14:00 (UTC+2)"); /* 9 июня 2027 г. в 14:00 (UTC+2) */
	assert_time("es", "2027-06-09T14:00+02:00", false, "9 de junio de 2027, 14:00 (UTC+2)"); /* 9 de junio de 2027, 14:00 (UTC+2) */
	assert_time("en", "2027-06-09T16:30+02:00", true, "4:30\xe2\x80\xafPM (UTC+2)"); /* 4:30 PM (UTC+2) */
	assert_time("fr", "2027-06-09T16:30+02:00", true, "16:30 (UTC+2)"); /* 16:30 (UTC+2) */
	assert_time("ar", "2027-06-09T16:30+02:00", true, "\xd9\xa4:\xd9\xa3\xd9\xa0 \xd9\x85 (\xd8\xba\xd8\xb1\xd9\x8a\xd9\x86\xd8\xaa\xd8\xb4+\xd9\xa2)"); /* ٤:٣٠ م (غرينتش+٢) */
	assert_time("zh", "2027-06-09T16:30+02:00", true, "16:30 (UTC+2)"); /* 16:30 (UTC+2) */
	assert_time("ru", "2027-06-09T16:30+02:00", true, "16:30 (UTC+2)"); /* 16:30 (UTC+2) */
	assert_time("es", "2027-06-09T16:30+02:00", true, "16:30 (UTC+2)"); /* 16:30 (UTC+2) */
	assert_time("en", "2027-06-09T16:30Z", false, "June 9, 2027 at 4:30\xe2\x80\xafPM (UTC)"); /* June 9, 2027 at 4:30 PM (UTC) */
	assert_time("fr", "2027-06-09T16:30Z", false, "9 juin 2027 \xc3\xa0 16:30 (UTC)"); /* 9 juin 2027 à 16:30 (UTC) */
	assert_time("ar", "2027-06-09T16:30Z", false, "\xd9\xa9 \xd9\x8a\xd9\x88\xd9\x86\xd9\x8a\xd9\x88 \xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa7 \xd9\x81\xd9\x8a \xd9\xa4:\xd9\xa3\xd9\xa0 \xd9\x85 (\xd8\xba\xd8\xb1\xd9\x8a\xd9\x86\xd8\xaa\xd8\xb4)"); /* ٩ يونيو ٢٠٢٧ في ٤:٣٠ م (غرينتش) */
	assert_time("zh", "2027-06-09T16:30Z", false, "2027\xe5\xb9\xb4" "6\xe6\x9c\x88" "9\xe6\x97\xa5 16:30 (UTC)"); /* 2027年6月9日 16:30 (UTC) */
	assert_time("ru", "2027-06-09T16:30Z", false, "9 \xd0\xb8\xd1\x8e\xd0\xbd\xd1\x8f 2027\xe2\x80\xaf\xd0\xb3. \xd0\xb2 16:30 (UTC)"); /* 9 июня 2027 г. в 16:30 (UTC) */
	assert_time("es", "2027-06-09T16:30Z", false, "9 de junio de 2027, 16:30 (UTC)"); /* 9 de junio de 2027, 16:30 (UTC) */
	assert_time("en", "2027-06-09T16:30-05:30", false, "June 9, 2027 at 4:30\xe2\x80\xafPM (UTC-5:30)"); /* June 9, 2027 at 4:30 PM (UTC-5:30) */
	assert_time("fr", "2027-06-09T16:30-05:30", false, "9 juin 2027 \xc3\xa0 16:30 (UTC\xe2\x88\x92" "5:30)"); /* 9 juin 2027 à 16:30 (UTC−5:30) */
	assert_time("ar", "2027-06-09T16:30-05:30", false, "\xd9\xa9 \xd9\x8a\xd9\x88\xd9\x86\xd9\x8a\xd9\x88 \xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa7 \xd9\x81\xd9\x8a \xd9\xa4:\xd9\xa3\xd9\xa0 \xd9\x85 (\xd8\xba\xd8\xb1\xd9\x8a\xd9\x86\xd8\xaa\xd8\xb4-\xd9\xa5:\xd9\xa3\xd9\xa0)"); /* ٩ يونيو ٢٠٢٧ في ٤:٣٠ م (غرينتش-٥:٣٠) */
	assert_time("zh", "2027-06-09T16:30-05:30", false, "2027\xe5\xb9\xb4" "6\xe6\x9c\x88" "9\xe6\x97\xa5 16:30 (UTC-5:30)"); /* 2027年6月9日 16:30 (UTC-5:30) */
	assert_time("ru", "2027-06-09T16:30-05:30", false, "9 \xd0\xb8\xd1\x8e\xd0\xbd\xd1\x8f 2027\xe2\x80\xaf\xd0\xb3. \xd0\xb2 16:30 (UTC-5:30)"); /* 9 июня 2027 г. в 16:30 (UTC-5:30) */
	assert_time("es", "2027-06-09T16:30-05:30", false, "9 de junio de 2027, 16:30 (UTC-5:30)"); /* 9 de junio de 2027, 16:30 (UTC-5:30) */
	/* a date alone is a date; nothing else is a time */
	assert_time("en", "2027-06-09", false, "June 9, 2027");
	assert_time("en", "2027-06-09T25:00Z", false, NULL);
	assert_time("en", "soon", true, NULL);
	locale_release();
}

static void assert_bytes(const char *lang, uint64_t n, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	expect(&sb, locale_format_bytes(&sb, lang, n), want);
}

static void assert_number(const char *lang, int64_t n, bool grouping, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	expect(&sb, locale_format_number(&sb, lang, n, grouping), want);
}

static void test_numbers_and_sizes(void **state)
{
	(void)state;
	assert_bytes("en", 23252096, "23.3 MB"); /* 23.3 MB */
	assert_bytes("en", 456789, "457 kB"); /* 457 kB */
	assert_number("en", 2018, false, "2018"); /* 2018 */
	assert_number("en", 12345, true, "12,345"); /* 12,345 */
	assert_bytes("fr", 23252096, "23,3\xe2\x80\xafMo"); /* 23,3 Mo */
	assert_bytes("fr", 456789, "457\xe2\x80\xafko"); /* 457 ko */
	assert_number("fr", 2018, false, "2018"); /* 2018 */
	assert_number("fr", 12345, true, "12\xe2\x80\xaf" "345"); /* 12 345 */
	assert_bytes("ar", 23252096, "\xd9\xa2\xd9\xa3\xd9\xab\xd9\xa3 \xd9\x85.\xd8\xa8"); /* ٢٣٫٣ م.ب */
	assert_bytes("ar", 456789, "\xd9\xa4\xd9\xa5\xd9\xa7 \xd9\x83\xd9\x8a\xd9\x84\xd9\x88\xd8\xa8\xd8\xa7\xd9\x8a\xd8\xaa"); /* ٤٥٧ كيلوبايت */
	assert_number("ar", 2018, false, "\xd9\xa2\xd9\xa0\xd9\xa1\xd9\xa8"); /* ٢٠١٨ */
	assert_number("ar", 12345, true, "\xd9\xa1\xd9\xa2\xd9\xac\xd9\xa3\xd9\xa4\xd9\xa5"); /* ١٢٬٣٤٥ */
	assert_bytes("zh", 23252096, "23.3 MB"); /* 23.3 MB */
	assert_bytes("zh", 456789, "457 kB"); /* 457 kB */
	assert_number("zh", 2018, false, "2018"); /* 2018 */
	assert_number("zh", 12345, true, "12,345"); /* 12,345 */
	assert_bytes("ru", 23252096, "23,3 \xd0\x9c\xd0\x91"); /* 23,3 МБ */
	assert_bytes("ru", 456789, "457 \xd0\xba\xd0\x91"); /* 457 кБ */
	assert_number("ru", 2018, false, "2018"); /* 2018 */
	assert_number("ru", 12345, true, "12\xc2\xa0" "345"); /* 12 345 */
	assert_bytes("es", 23252096, "23,3 MB"); /* 23,3 MB */
	assert_bytes("es", 456789, "457 kB"); /* 457 kB */
	assert_number("es", 2018, false, "2018"); /* 2018 */
	assert_number("es", 12345, true, "12.345"); /* 12.345 */
	assert_bytes("en", 12, "1 kB"); /* never "0 kB" */
	assert_number("en", 3, true, "3");
	assert_number("ar", 3, true, "\xd9\xa3"); /* ٣ */
	assert_number("en", 1234, true, "1234"); /* no separator in a short number */
	assert_number("en", 9007199254740993, true, "9,007,199,254,740,993"); /* every digit, past a double's */
	locale_release();
}

static void assert_duration(const char *lang, const char *text, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	expect(&sb, locale_format_duration(&sb, lang, text, strlen(text)), want);
}

/* The digits of each language's numbers, which the pages give their scripts (data-numbering). */
static void test_numbering(void **state)
{
	static const char *const cases[][2] = { { "en", "latn" }, { "ar", "arab" }, { "zh", "latn" }, { "ru", "latn" } };
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		strbuf_reset(&sb);
		assert_int_equal(locale_numbering(&sb, cases[i][0]), 0);
		assert_string_equal(sb.buf, cases[i][1]);
	}
	strbuf_release(&sb);
}

static void test_durations(void **state)
{
	(void)state;
	assert_duration("en", "00:24:13", "24 min 13 sec"); /* 24 min 13 sec */
	assert_duration("en", "1:02:00", "1 hr 2 min"); /* 1 hr 2 min */
	assert_duration("fr", "00:24:13", "24\xc2\xa0min 13\xe2\x80\xafs"); /* 24 min 13 s */
	assert_duration("fr", "1:02:00", "1\xe2\x80\xafh 2\xc2\xa0min"); /* 1 h 2 min */
	assert_duration("ar", "00:24:13", "\xd9\xa2\xd9\xa4 \xd8\xaf \xd9\x88\xd9\xa1\xd9\xa3 \xd8\xab"); /* ٢٤ د و١٣ ث */
	assert_duration("ar", "1:02:00", "\xd9\xa1 \xd8\xb3 \xd9\x88\xd9\xa2 \xd8\xaf"); /* ١ س و٢ د */
	assert_duration("zh", "00:24:13", "24\xe5\x88\x86\xe9\x92\x9f" "13\xe7\xa7\x92"); /* 24分钟13秒 */
	assert_duration("zh", "1:02:00", "1\xe5\xb0\x8f\xe6\x97\xb6" "2\xe5\x88\x86\xe9\x92\x9f"); /* 1小时2分钟 */
	assert_duration("ru", "00:24:13", "24 \xd0\xbc\xd0\xb8\xd0\xbd 13 \xd1\x81"); /* 24 мин 13 с */
	assert_duration("ru", "1:02:00", "1 \xd1\x87 2 \xd0\xbc\xd0\xb8\xd0\xbd"); /* 1 ч 2 мин */
	assert_duration("es", "00:24:13", "24 min 13 s"); /* 24 min 13 s */
	assert_duration("es", "1:02:00", "1 h 2 min"); /* 1 h 2 min */
	assert_duration("en", "24:13", "24 min 13 sec");
	assert_duration("en", "0:00", "0 sec");
	assert_duration("en", "00:00:45", "45 sec");
	/* not a duration */
	assert_duration("en", "24", NULL);
	assert_duration("en", "1:60", NULL);
	assert_duration("en", "1::00", NULL);
	assert_duration("en", "00:24:", NULL);
	assert_duration("en", "1:2:3", NULL);
	assert_duration("en", "1:02:03:04", NULL);
	assert_duration("en", "", NULL);
	locale_release();
}

static void assert_list(const char *lang, size_t n, const char *want)
{
	static const char *const items[] = { "A", "B", "C" };
	static const size_t lens[] = { 1, 1, 1 };
	struct strbuf sb = STRBUF_INIT;
	expect(&sb, locale_format_list(&sb, lang, items, lens, n), want);
}

static void test_lists(void **state)
{
	(void)state;
	assert_list("en", 3, "A, B, and C"); /* A, B, and C */
	assert_list("en", 2, "A and B"); /* A and B */
	assert_list("en", 1, "A");
	assert_list("fr", 3, "A, B et C"); /* A, B et C */
	assert_list("fr", 2, "A et B"); /* A et B */
	assert_list("fr", 1, "A");
	assert_list("ar", 3, "A \xd9\x88" "B \xd9\x88" "C"); /* A وB وC */
	assert_list("ar", 2, "A \xd9\x88" "B"); /* A وB */
	assert_list("ar", 1, "A");
	assert_list("zh", 3, "A\xe3\x80\x81" "B\xe5\x92\x8c" "C"); /* A、B和C */
	assert_list("zh", 2, "A\xe5\x92\x8c" "B"); /* A和B */
	assert_list("zh", 1, "A");
	assert_list("ru", 3, "A, B \xd0\xb8 C"); /* A, B и C */
	assert_list("ru", 2, "A \xd0\xb8 B"); /* A и B */
	assert_list("ru", 1, "A");
	assert_list("es", 3, "A, B y C"); /* A, B y C */
	assert_list("es", 2, "A y B"); /* A y B */
	assert_list("es", 1, "A");
	locale_release();
}

static void assert_language(const char *lang, const char *code, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	expect(&sb, locale_language_name(&sb, lang, code), want);
}

static void test_language_names(void **state)
{
	(void)state;
	assert_language("en", "ar", "Arabic"); /* Arabic */
	assert_language("en", "zh", "Chinese"); /* Chinese */
	assert_language("fr", "ar", "arabe"); /* arabe */
	assert_language("fr", "zh", "chinois"); /* chinois */
	assert_language("ar", "ar", "\xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9"); /* العربية */
	assert_language("ar", "zh", "\xd8\xa7\xd9\x84\xd8\xb5\xd9\x8a\xd9\x86\xd9\x8a\xd8\xa9"); /* الصينية */
	assert_language("zh", "ar", "\xe9\x98\xbf\xe6\x8b\x89\xe4\xbc\xaf\xe8\xaf\xad"); /* 阿拉伯语 */
	assert_language("zh", "zh", "\xe4\xb8\xad\xe6\x96\x87"); /* 中文 */
	assert_language("ru", "ar", "\xd0\xb0\xd1\x80\xd0\xb0\xd0\xb1\xd1\x81\xd0\xba\xd0\xb8\xd0\xb9"); /* арабский */
	assert_language("ru", "zh", "\xd0\xba\xd0\xb8\xd1\x82\xd0\xb0\xd0\xb9\xd1\x81\xd0\xba\xd0\xb8\xd0\xb9"); /* китайский */
	assert_language("es", "ar", "\xc3\xa1rabe"); /* árabe */
	assert_language("es", "zh", "chino"); /* chino */
	assert_language("en", "qqq", NULL);
	assert_language("en", "EN", NULL);
	locale_release();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_event_times),
		cmocka_unit_test(test_numbers_and_sizes),
		cmocka_unit_test(test_numbering),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_language_names),
	};

	return cmocka_run_group_tests_name("locale", tests, NULL, NULL);
}
