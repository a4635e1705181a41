/* Dates in UTC (see datetime.h): the proleptic Gregorian calendar, as RFC 3339 and RFC 5545 use it. */
#include "util/datetime.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/xalloc.h"

/* Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

/* n digits at s as a number, or -1. */
static int digits(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int datetime_parse(struct datetime *out, const char *s, size_t len)
{
	static const unsigned char mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, mo, d, h = 0, mi = 0, sec = 0, off = 0;
	size_t i = 16;

	if (len < 10 || s[4] != '-' || s[7] != '-')
		return -1;
	y = digits(s, 4);
	mo = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || (mo == 2 && d == 29 && !leap(y)))
		return -1;
	if (len > 10) {
		/* RFC 3339 lets a space stand for the T, as people write it */
		if (len < 17 || (s[10] != 'T' && s[10] != ' ') || s[13] != ':')
			return -1;
		h = digits(s + 11, 2);
		mi = digits(s + 14, 2);
		if (s[16] == ':') {
			sec = len >= 19 ? digits(s + 17, 2) : -1;
			i = 19;
		}
		if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59)
			return -1;
		if (i + 1 == len && s[i] == 'Z') {
			off = 0;
		} else if (i + 6 == len && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':') {
			int oh = digits(s + i + 1, 2), om = digits(s + i + 4, 2);
			if (oh < 0 || oh > 14 || om < 0 || om > 59) /* the widest offset in use is +14:00 */
				return -1;
			off = (oh * 60 + om) * 60 * (s[i] == '-' ? -1 : 1);
		} else {
			return -1;
		}
	}
	out->t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + sec - off;
	out->offset = off;
	out->date_only = len == 10;
	return 0;
}

void datetime_format(struct strbuf *out, int64_t t, enum datetime_form form)
{
	static const char *const wdays[] = { "Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int64_t days = (t >= 0 ? t : t - 86399) / 86400, y;
	int64_t secs = t - days * 86400;
	unsigned m, d, h = (unsigned)(secs / 3600), mi = (unsigned)(secs / 60 % 60), s = (unsigned)(secs % 60);

	civil_from_days(days, &y, &m, &d);
	switch (form) {
	case DATETIME_RFC3339:
		strbuf_addf(out, "%04lld-%02u-%02uT%02u:%02u:%02uZ", (long long)y, m, d, h, mi, s);
		break;
	case DATETIME_RFC822:
		strbuf_addf(out, "%s, %02u %s %04lld %02u:%02u:%02u +0000", wdays[((days % 7) + 7) % 7], d,
			    months[m - 1], (long long)y, h, mi, s);
		break;
	case DATETIME_ICAL:
		strbuf_addf(out, "%04lld%02u%02uT%02u%02u%02uZ", (long long)y, m, d, h, mi, s);
		break;
	case DATETIME_ICAL_DATE:
		strbuf_addf(out, "%04lld%02u%02u", (long long)y, m, d);
		break;
	case DATETIME_DAY:
		strbuf_addf(out, "%04lld-%02u-%02u", (long long)y, m, d);
		break;
	case DATETIME_MINUTE:
		strbuf_addf(out, "%04lld-%02u-%02u %02u:%02u UTC", (long long)y, m, d, h, mi);
		break;
	}
}

int datetime_now(int64_t *out, struct diag_list *diags)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");

	*out = (int64_t)time(NULL);
	if (epoch && *epoch) {
		char *end;
		long long v;
		errno = 0;
		v = strtoll(epoch, &end, 10);
		if (errno || *end || v < 0 || v > 253402300799LL) { /* up to 9999-12-31T23:59:59Z */
			diag_error(diags, "SOURCE_DATE_EPOCH", 0, 0, "'%s' is not a number of seconds since 1970",
				   epoch);
			return -1;
		}
		*out = v;
	}
	return 0;
}

void datetime_day(char out[11], int64_t t)
{
	struct strbuf day = STRBUF_INIT;

	datetime_format(&day, t, DATETIME_DAY);
	/* a clock before 1970 or after 9999 would not give 10 characters: keep to out's size */
	strbuf_setlen(&day, day.len < 10 ? day.len : 10);
	memcpy(out, day.buf, day.len + 1);
	strbuf_release(&day);
}

int datetime_today(char out[11], struct diag_list *diags)
{
	int64_t t;

	if (datetime_now(&t, diags))
		return -1;
	datetime_day(out, t);
	return 0;
}
