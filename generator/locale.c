/* ICU adapter (see locale.h). Formatters and collators are opened once per language and kept: opening
 * them is what costs. They are per process, so worker processes each have their own. */
#include "locale.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucol.h>
#include <unicode/udat.h>
#include <unicode/ustring.h>

#include "schema.h"
#include "util/xalloc.h"

#define LOCALE_CACHE 64

struct cached {
	char key[48]; /* language, style and offset */
	void *handle; /* UDateFormat or UCollator */
	bool collator;
};

static struct cached cache[LOCALE_CACHE];
static size_t ncached;

static void *find_cached(const char *key, bool collator)
{
	for (size_t i = 0; i < ncached; i++)
		if (cache[i].collator == collator && !strcmp(cache[i].key, key))
			return cache[i].handle;
	return NULL;
}

static void *keep(const char *key, void *handle, bool collator)
{
	if (ncached == LOCALE_CACHE)
		locale_release(); /* more languages and offsets than expected: start again */
	snprintf(cache[ncached].key, sizeof(cache[ncached].key), "%s", key);
	cache[ncached].handle = handle;
	cache[ncached++].collator = collator;
	return handle;
}

static int two(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

static int four(const char *s)
{
	return two(s) * 100 + two(s + 2);
}

/* Days since 1970-01-01 of a valid date (Howard Hinnant's days_from_civil). */
static long long days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (long long)era * 146097 + doe - 719468;
}

static UDateFormat *formatter(const char *lang, bool with_time, const char *zone)
{
	char key[48];
	UChar tz[16];
	UErrorCode err = U_ZERO_ERROR;
	UDateFormat *f;

	snprintf(key, sizeof(key), "%s|%d|%s", lang, with_time, zone);
	f = find_cached(key, false);
	if (f)
		return f;
	u_uastrcpy(tz, zone);
	f = udat_open(with_time ? UDAT_SHORT : UDAT_NONE, UDAT_LONG, lang, tz, -1, NULL, 0, &err);
	if (U_FAILURE(err))
		return NULL;
	return keep(key, f, false);
}

int locale_format_date(struct strbuf *out, const char *lang, const char *when, size_t len)
{
	bool with_time = len > 10;
	char zone[16] = "GMT";
	long long minutes;
	UChar buf[128];
	UErrorCode err = U_ZERO_ERROR;
	UDateFormat *f;
	int32_t n, offset = 0;
	char utf8[512];

	if (with_time ? !schema_valid_datetime(when, len) : !schema_valid_date(when, len))
		return -1;
	minutes = days_from_civil(four(when), two(when + 5), two(when + 8)) * 1440;
	if (with_time) {
		const char *z = when + (when[16] == ':' ? 19 : 16);
		minutes += two(when + 11) * 60 + two(when + 14);
		if (*z != 'Z') {
			offset = (two(z + 1) * 60 + two(z + 4)) * (*z == '-' ? -1 : 1);
			snprintf(zone, sizeof(zone), "GMT%c%02d:%02d", *z, two(z + 1), two(z + 4));
		}
		minutes -= offset; /* the instant in UTC; shown back in the event's own offset */
	}
	f = formatter(lang, with_time, zone);
	if (!f)
		return -1;
	n = udat_format(f, (UDate)minutes * 60000.0, buf, (int32_t)(sizeof(buf) / sizeof(buf[0])), NULL, &err);
	if (U_FAILURE(err))
		return -1;
	u_strToUTF8(utf8, (int32_t)sizeof(utf8), &n, buf, n, &err);
	if (U_FAILURE(err))
		return -1;
	strbuf_add(out, utf8, (size_t)n);
	return 0;
}

static UCollator *collator(const char *lang)
{
	UCollator *c = find_cached(lang, true);
	UErrorCode err = U_ZERO_ERROR;

	if (!c) {
		c = ucol_open(lang, &err);
		if (U_FAILURE(err))
			return NULL;
		keep(lang, c, true);
	}
	return c;
}

int locale_compare(const char *lang, const char *a, const char *b)
{
	UCollator *c = collator(lang);
	UErrorCode err = U_ZERO_ERROR;
	UCollationResult r;

	if (!c)
		return strcmp(a, b);
	r = ucol_strcollUTF8(c, a, -1, b, -1, &err);
	if (U_FAILURE(err))
		return strcmp(a, b);
	return r == UCOL_LESS ? -1 : r == UCOL_GREATER;
}

void locale_sort_key(struct strbuf *out, const char *lang, const char *s, size_t len)
{
	UCollator *c = collator(lang);
	UChar small[512], *u = small;
	int32_t ulen = 0, n;
	UErrorCode err = U_ZERO_ERROR;

	if (c && len < INT32_MAX / 2) {
		u_strFromUTF8(u, 512, &ulen, s, (int32_t)len, &err);
		if (err == U_BUFFER_OVERFLOW_ERROR) {
			err = U_ZERO_ERROR;
			u = xmalloc(((size_t)ulen + 1) * sizeof(*u));
			u_strFromUTF8(u, ulen + 1, &ulen, s, (int32_t)len, &err);
		}
	}
	if (!c || len >= INT32_MAX / 2 || U_FAILURE(err)) {
		strbuf_add(out, s, len);
	} else {
		strbuf_grow(out, 256);
		n = ucol_getSortKey(c, u, ulen, (uint8_t *)out->buf + out->len, 256);
		if (n > 256) {
			strbuf_grow(out, (size_t)n);
			n = ucol_getSortKey(c, u, ulen, (uint8_t *)out->buf + out->len, n);
		}
		strbuf_setlen(out, out->len + (size_t)n);
	}
	if (u != small)
		free(u);
}

void locale_release(void)
{
	for (size_t i = 0; i < ncached; i++) {
		if (cache[i].collator)
			ucol_close(cache[i].handle);
		else
			udat_close(cache[i].handle);
	}
	ncached = 0;
}
