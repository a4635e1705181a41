/* Unit tests of what feeds and calendars are made of: XML escaping, iCalendar escaping and line folding
 * (75 octets, never inside a UTF-8 sequence), and dates in UTC. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "ical.h"
#include "util/datetime.h"
#include "util/xml.h"

static void test_xml_escape(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	static const char in[] = "a & b < c > d \"e\" 'f' \t\n\r\x01 شكرا 中文 😀";

	(void)state;
	xml_escape(&sb, in, sizeof(in) - 1);
	assert_string_equal(sb.buf, "a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos; &#9;&#10;&#13; شكرا 中文 😀");
	strbuf_reset(&sb);
	xml_escape_str(&sb, "plain");
	assert_string_equal(sb.buf, "plain");
	strbuf_release(&sb);
}

static void test_ical_escape(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	static const char in[] = "a\\b;c,d\ne\r\nf\tg\x01h";

	(void)state;
	ical_escape_text(&sb, in, sizeof(in) - 1);
	assert_string_equal(sb.buf, "a\\\\b\\;c\\,d\\ne\\nf\tgh");
	strbuf_release(&sb);
}

/* Every physical line of folded (CRLF-ended) is at most 75 octets, starts no line inside a UTF-8
 * sequence, and unfolding gives back the original. */
static void check_folded(const char *folded, const char *line)
{
	struct strbuf unfolded = STRBUF_INIT;
	const char *p = folded;

	while (*p) {
		const char *end = strstr(p, "\r\n");
		assert_non_null(end);
		assert_true(end - p <= 75);
		if (p != folded) {
			assert_int_equal(*p, ' ');
			p++;
		}
		assert_true(((unsigned char)*p & 0xC0) != 0x80 || p == end);
		strbuf_add(&unfolded, p, (size_t)(end - p));
		p = end + 2;
	}
	assert_string_equal(unfolded.buf, line);
	strbuf_release(&unfolded);
}

static void test_ical_fold(void **state)
{
	struct strbuf sb = STRBUF_INIT, line = STRBUF_INIT;

	(void)state;
	/* exactly 75 octets: one line */
	for (int i = 0; i < 75; i++)
		strbuf_addch(&line, 'x');
	ical_fold_line(&sb, line.buf, line.len);
	assert_int_equal(sb.len, 77);
	assert_string_equal(sb.buf + 75, "\r\n");
	/* 76: the 76th octet goes to a continuation line */
	strbuf_addch(&line, 'y');
	strbuf_reset(&sb);
	ical_fold_line(&sb, line.buf, line.len);
	assert_int_equal(sb.len, 75 + 2 + 1 + 1 + 2);
	assert_memory_equal(sb.buf + 75, "\r\n y\r\n", 6);
	check_folded(sb.buf, line.buf);
	/* a 4-octet emoji across octet 75 moves whole to the next line */
	strbuf_reset(&line);
	for (int i = 0; i < 73; i++)
		strbuf_addch(&line, 'x');
	strbuf_addstr(&line, "😀z");
	strbuf_reset(&sb);
	ical_fold_line(&sb, line.buf, line.len);
	assert_memory_equal(sb.buf, line.buf, 73);
	assert_memory_equal(sb.buf + 73, "\r\n 😀z\r\n", 9);
	check_folded(sb.buf, line.buf);
	/* long Arabic, Chinese and emoji text: every line within 75 octets, no sequence split */
	strbuf_reset(&line);
	strbuf_addstr(&line, "SUMMARY:");
	for (int i = 0; i < 40; i++)
		strbuf_addstr(&line, i % 3 == 0 ? "شكرا " : i % 3 == 1 ? "中文字" : "😀é");
	strbuf_reset(&sb);
	ical_fold_line(&sb, line.buf, line.len);
	check_folded(sb.buf, line.buf);
	strbuf_release(&sb);
	strbuf_release(&line);
}

static void test_datetime(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct datetime dt;

	(void)state;
	assert_int_equal(datetime_parse(&dt, "2018-04-09T09:00+02:00", 22), 0);
	assert_false(dt.date_only);
	assert_int_equal(dt.offset, 7200);
	datetime_format(&sb, dt.t, DATETIME_ICAL);
	assert_string_equal(sb.buf, "20180409T070000Z");
	strbuf_reset(&sb);
	datetime_format(&sb, dt.t, DATETIME_RFC3339);
	assert_string_equal(sb.buf, "2018-04-09T07:00:00Z");
	/* across midnight and a negative offset */
	assert_int_equal(datetime_parse(&dt, "2019-12-31T22:30:15-05:30", 25), 0);
	assert_int_equal(dt.offset, -19800);
	strbuf_reset(&sb);
	datetime_format(&sb, dt.t, DATETIME_ICAL);
	assert_string_equal(sb.buf, "20200101T040015Z");
	assert_int_equal(datetime_parse(&dt, "2020-02-04", 10), 0);
	assert_true(dt.date_only);
	assert_int_equal(dt.offset, 0);
	strbuf_reset(&sb);
	datetime_format(&sb, dt.t, DATETIME_RFC822);
	assert_string_equal(sb.buf, "Tue, 04 Feb 2020 00:00:00 +0000");
	strbuf_reset(&sb);
	datetime_format(&sb, dt.t, DATETIME_ICAL_DATE);
	assert_string_equal(sb.buf, "20200204");
	/* a space for the T, as the schema has always let people write it */
	assert_int_equal(datetime_parse(&dt, "2018-04-09 09:00Z", 17), 0);
	assert_false(dt.date_only);
	assert_int_equal(datetime_parse(&dt, "2021-02-29", 10), -1);
	assert_int_equal(datetime_parse(&dt, "2018-04-09T09:00", 16), -1); /* no offset: no moment */
	assert_int_equal(datetime_parse(&dt, "2018-04-09T25:00Z", 17), -1);
	assert_int_equal(datetime_parse(&dt, "2018-04-09T09:00:60Z", 20), -1);
	assert_int_equal(datetime_parse(&dt, "2018-04-09T09:00+15:00", 22), -1);
	assert_int_equal(datetime_parse(&dt, "2018-04-09T", 11), -1);
	assert_int_equal(datetime_parse(&dt, "2018-04-09T09:00:", 17), -1);
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xml_escape),
		cmocka_unit_test(test_ical_escape),
		cmocka_unit_test(test_ical_fold),
		cmocka_unit_test(test_datetime),
	};

	return cmocka_run_group_tests_name("feed", tests, NULL, NULL);
}
