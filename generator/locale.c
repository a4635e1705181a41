/* ICU adapter (see locale.h). Formatters and collators are opened once per language and kept: opening
 * them is what costs. They are per process, so worker processes each have their own. */
#include "locale.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucasemap.h>
#include <unicode/uchar.h>
#include <unicode/ucol.h>
#include <unicode/utf8.h>
#include <unicode/ulistformatter.h>
#include <unicode/unumberformatter.h>
#include <unicode/unumsys.h>
#include <unicode/uversion.h>
#include <unicode/udat.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include "util/datetime.h"
#include "util/xalloc.h"

#define LOCALE_CACHE 64

enum cached_kind { CACHED_DATE, CACHED_COLLATOR, CACHED_NUMBER, CACHED_LIST };

struct cached {
	char key[112]; /* language, style and offset; or language and skeleton */
	void *handle; /* UDateFormat, UCollator, UNumberFormatter or UListFormatter */
	enum cached_kind kind;
};

static struct cached cache[LOCALE_CACHE];
static size_t ncached;

static void *find_cached(const char *key, enum cached_kind kind)
{
	for (size_t i = 0; i < ncached; i++)
		if (cache[i].kind == kind && !strcmp(cache[i].key, key))
			return cache[i].handle;
	return NULL;
}

static void release_formatters(void);

static void *keep(const char *key, void *handle, enum cached_kind kind)
{
	if (ncached == LOCALE_CACHE)
		release_formatters(); /* more languages and offsets than expected: start again */
	snprintf(cache[ncached].key, sizeof(cache[ncached].key), "%s", key);
	cache[ncached].handle = handle;
	cache[ncached++].kind = kind;
	return handle;
}

static int add_utf16(struct strbuf *out, const UChar *text, int32_t n);

/* What a date formatter shows: the date (and time, when there is one), the time alone, or the offset. */
enum date_part { PART_DATE, PART_DATE_TIME, PART_TIME, PART_ZONE };

static UDateFormat *formatter(const char *lang, enum date_part part, const char *zone)
{
	static const UChar zone_pattern[] = { 'O', 0 }; /* the language's GMT-style offset: "GMT+2", "UTC+2" */
	char key[48];
	UChar tz[16];
	UErrorCode err = U_ZERO_ERROR;
	UDateFormat *f;

	snprintf(key, sizeof(key), "%s|%d|%s", lang, (int)part, zone);
	f = find_cached(key, CACHED_DATE);
	if (f)
		return f;
	u_uastrcpy(tz, zone);
	if (part == PART_ZONE)
		f = udat_open(UDAT_PATTERN, UDAT_PATTERN, lang, tz, -1, zone_pattern, -1, &err);
	else
		f = udat_open(part == PART_DATE ? UDAT_NONE : UDAT_SHORT, part == PART_TIME ? UDAT_NONE : UDAT_LONG,
			      lang, tz, -1, NULL, 0, &err);
	if (U_FAILURE(err))
		return NULL;
	return keep(key, f, CACHED_DATE);
}

/* Appends part of dt, in the offset it was written with. */
static int format_part(struct strbuf *out, const char *lang, const struct datetime *dt, enum date_part part)
{
	char zone[16] = "GMT";
	int64_t minutes = (dt->t - ((dt->t % 60) + 60) % 60) / 60; /* the instant in UTC, to the minute shown */
	UChar buf[128];
	UErrorCode err = U_ZERO_ERROR;
	UDateFormat *f;
	int32_t n;

	if (dt->offset) {
		/* shown back in the event's own offset */
		int m = (dt->offset < 0 ? -dt->offset : dt->offset) / 60;
		snprintf(zone, sizeof(zone), "GMT%c%02d:%02d", dt->offset < 0 ? '-' : '+', m / 60, m % 60);
	}
	f = formatter(lang, part, zone);
	if (!f)
		return -1;
	n = udat_format(f, (UDate)minutes * 60000.0, buf, (int32_t)(sizeof(buf) / sizeof(buf[0])), NULL, &err);
	if (U_FAILURE(err))
		return -1;
	return add_utf16(out, buf, n);
}

int locale_format_date(struct strbuf *out, const char *lang, const char *when, size_t len)
{
	struct datetime dt;

	if (datetime_parse(&dt, when, len))
		return -1;
	return format_part(out, lang, &dt, dt.date_only ? PART_DATE : PART_DATE_TIME);
}

int locale_format_time(struct strbuf *out, const char *lang, const char *when, size_t len, bool time_only)
{
	struct datetime dt;
	size_t start = out->len, zone;

	if (datetime_parse(&dt, when, len))
		return -1;
	if (dt.date_only)
		return format_part(out, lang, &dt, PART_DATE);
	if (format_part(out, lang, &dt, time_only ? PART_TIME : PART_DATE_TIME))
		goto fail;
	strbuf_addstr(out, " (");
	zone = out->len;
	if (format_part(out, lang, &dt, PART_ZONE))
		goto fail;
	/* Where the language's own pattern says "GMT" (English, Chinese, Russian, Spanish…), the offset is
	 * from UTC, the name the world's time zones are given in and the one French already uses: the
	 * digits and signs stay ICU's. */
	if (!strncmp(out->buf + zone, "GMT", 3))
		memcpy(out->buf + zone, "UTC", 3);
	strbuf_addch(out, ')');
	return 0;
fail:
	strbuf_setlen(out, start);
	return -1;
}

static UCollator *collator(const char *lang)
{
	UCollator *c = find_cached(lang, CACHED_COLLATOR);
	UErrorCode err = U_ZERO_ERROR;

	if (!c) {
		c = ucol_open(lang, &err);
		if (U_FAILURE(err))
			return NULL;
		keep(lang, c, CACHED_COLLATOR);
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

/* ---- sort keys remembered between builds ---- */

/* A sort key: borrowed from an earlier build's data (record is then the whole record there, saved again as
 * it is), or owned. */
struct memo_entry {
	const char *lang, *text, *key, *record;
	uint64_t hash;
	uint32_t text_len, key_len, record_len;
	bool used, owned;
};

/* The entries, and an open-addressing table of their indexes (+ 1; 0 is empty) by hash. */
static struct memo_entry *memo;
static size_t memo_len, memo_alloc;
static uint32_t *memo_slots;
static size_t memo_mask; /* memo_slots has memo_mask + 1 slots (0 when there is none) */
/* The entry after the last one found. A build asks for sort keys in the order the last one did, which
 * saved them in that order: the next entry is tried first, and the hash table only when it is not the
 * one, saving a hash and a probe into memory far apart at every lookup. */
static size_t memo_next;

/* Eight bytes at a time: a title is hashed at every lookup, tens of thousands of them a build. */
static uint64_t mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
	return h ^ (h >> 29);
}

static uint64_t memo_hash(const char *lang, const char *text, size_t len)
{
	uint64_t h = 1469598103934665603ULL ^ len, w;
	size_t i = 0;

	for (const char *p = lang; *p; p++)
		h = mix(h, (unsigned char)*p);
	for (; i + 8 <= len; i += 8) {
		memcpy(&w, text + i, 8);
		h = mix(h, w);
	}
	for (w = 0; i < len; i++)
		w = w << 8 | (unsigned char)text[i];
	return mix(h, w);
}

/* The slot of (lang, text): the entry's, or the empty one where it would go. */
static uint32_t *memo_slot(const char *lang, const char *text, size_t len, uint64_t hash)
{
	size_t k;

	for (k = (size_t)hash & memo_mask; memo_slots[k]; k = (k + 1) & memo_mask) {
		const struct memo_entry *e = &memo[memo_slots[k] - 1];
		if (e->hash == hash && e->text_len == len && !memcmp(e->text, text, len) && !strcmp(e->lang, lang))
			return &memo_slots[k];
	}
	return &memo_slots[k];
}

/* Makes room for n entries in all. */
static void memo_reserve(size_t n)
{
	size_t size = memo_mask + 1;

	XGROW(memo, memo_alloc, n);
	if (memo_slots && 2 * n <= size)
		return;
	for (size = 1024; size < 2 * n; size *= 2)
		;
	free(memo_slots);
	memo_slots = xcalloc(size, sizeof(*memo_slots));
	memo_mask = size - 1;
	for (size_t i = 0; i < memo_len; i++) {
		size_t k = (size_t)memo[i].hash & memo_mask;
		while (memo_slots[k])
			k = (k + 1) & memo_mask;
		memo_slots[k] = (uint32_t)(i + 1);
	}
}

/* Adds e unless its text in its language is there already; returns whether it was added. */
static bool memo_put(struct memo_entry *e)
{
	uint32_t *slot;

	if (memo_len >= UINT32_MAX - 1)
		return false;
	memo_reserve(memo_len + 1);
	slot = memo_slot(e->lang, e->text, e->text_len, e->hash);
	if (*slot)
		return false;
	memo[memo_len] = *e;
	*slot = (uint32_t)++memo_len;
	return true;
}

static uint32_t get_u32(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 | (uint32_t)u[3] << 24;
}

static void put_u32(struct strbuf *sb, uint32_t v)
{
	char b[4] = { (char)(v & 0xff), (char)(v >> 8 & 0xff), (char)(v >> 16 & 0xff), (char)(v >> 24) };
	strbuf_add(sb, b, 4);
}

/* The number formatter of lang for an ICU number skeleton, opened once. */
static UNumberFormatter *number_formatter(const char *lang, const char *skeleton)
{
	char key[112];
	UChar uskeleton[96];
	UErrorCode err = U_ZERO_ERROR;
	UNumberFormatter *f;

	snprintf(key, sizeof(key), "%s|%s", lang, skeleton);
	if ((f = find_cached(key, CACHED_NUMBER)))
		return f;
	u_uastrcpy(uskeleton, skeleton);
	f = unumf_openForSkeletonAndLocale(uskeleton, -1, lang, &err);
	if (U_FAILURE(err)) {
		unumf_close(f);
		return NULL;
	}
	return keep(key, f, CACHED_NUMBER);
}

/* Appends UTF-16 text as UTF-8. */
static int add_utf16(struct strbuf *out, const UChar *text, int32_t n)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t len;

	if (n < 0 || n > INT32_MAX / 3 - 1)
		return -1;
	strbuf_grow(out, (size_t)n * 3 + 1);
	u_strToUTF8(out->buf + out->len, n * 3 + 1, &len, text, n, &err);
	if (U_FAILURE(err))
		return -1;
	strbuf_setlen(out, out->len + (size_t)len);
	return 0;
}

/* Appends value (an integer when is_int, every digit kept) through lang's formatter for skeleton. */
static int format_value(struct strbuf *out, const char *lang, const char *skeleton, double value, int64_t n,
			bool is_int)
{
	UNumberFormatter *f = number_formatter(lang, skeleton);
	UErrorCode err = U_ZERO_ERROR;
	UFormattedNumber *r;
	UChar text[128];
	int32_t len;
	int ret = -1;

	if (!f)
		return -1;
	r = unumf_openResult(&err);
	if (is_int)
		unumf_formatInt(f, n, r, &err);
	else
		unumf_formatDouble(f, value, r, &err);
	len = unumf_resultToString(r, text, 128, &err);
	if (U_SUCCESS(err) && len < 128)
		ret = add_utf16(out, text, len);
	unumf_closeResult(r);
	return ret;
}

static int format_number(struct strbuf *out, const char *lang, const char *skeleton, double value)
{
	return format_value(out, lang, skeleton, value, 0, false);
}

int locale_format_bytes(struct strbuf *out, const char *lang, uint64_t bytes)
{
	/* kilobytes as whole numbers below a megabyte, megabytes with one decimal above */
	const char *skeleton = bytes < 1000000 ? "measure-unit/digital-kilobyte unit-width-short precision-integer"
					       : "measure-unit/digital-megabyte unit-width-short .0";
	double value = bytes < 1000000 ? (bytes < 1000 ? 1.0 : (double)bytes / 1000.0) : (double)bytes / 1e6;

	return format_number(out, lang, skeleton, value);
}

int locale_format_number(struct strbuf *out, const char *lang, int64_t n, bool grouping)
{
	/* a year has no separator ("2018", not "2,018"); other numbers group from five digits, as most
	 * languages' own style wants for short numbers */
	return format_value(out, lang, grouping ? "group-min2" : "group-off", 0, n, true);
}

int locale_numbering(struct strbuf *out, const char *lang)
{
	UErrorCode status = U_ZERO_ERROR;
	UNumberingSystem *ns = unumsys_open(lang, &status);
	const char *name = U_SUCCESS(status) ? unumsys_getName(ns) : NULL;

	if (name)
		strbuf_addstr(out, name);
	unumsys_close(ns);
	return name ? 0 : -1;
}

/* Hours, minutes and seconds ("1:02:03", "24:13"), each part after the first below 60: the total in
 * seconds, or -1. */
static int64_t parse_duration(const char *s, size_t len)
{
	int64_t total = 0, part;
	size_t i = 0, parts = 0;

	while (i < len) {
		size_t digits = 0;
		for (part = 0; i < len && s[i] >= '0' && s[i] <= '9' && digits < 6; i++, digits++)
			part = part * 10 + (s[i] - '0');
		if (!digits || (parts && (digits != 2 || part > 59)) || ++parts > 3)
			return -1;
		total = total * 60 + part;
		if (i < len && (s[i++] != ':' || i == len))
			return -1;
	}
	return parts >= 2 ? total : -1;
}

static UListFormatter *list_formatter(const char *lang, UListFormatterType type, UListFormatterWidth width)
{
	char key[112];
	UErrorCode err = U_ZERO_ERROR;
	UListFormatter *f;

	snprintf(key, sizeof(key), "%s|%d|%d", lang, (int)type, (int)width);
	if ((f = find_cached(key, CACHED_LIST)))
		return f;
	f = ulistfmt_openForType(lang, type, width, &err);
	if (U_FAILURE(err))
		return NULL;
	return keep(key, f, CACHED_LIST);
}

/* Joins n UTF-8 texts with f. */
static int join(struct strbuf *out, UListFormatter *f, const char *const *items, const size_t *lens, size_t n)
{
	UChar **u, small[256], *result = small;
	int32_t *ulens, len;
	UErrorCode err = U_ZERO_ERROR;
	int ret = -1;

	if (!f || n > 1000)
		return -1;
	u = xcalloc(n ? n : 1, sizeof(*u));
	ulens = xcalloc(n ? n : 1, sizeof(*ulens));
	for (size_t i = 0; i < n && U_SUCCESS(err); i++) {
		if (lens[i] > INT32_MAX / 2) {
			err = U_ILLEGAL_ARGUMENT_ERROR;
			break;
		}
		u[i] = xmalloc((lens[i] + 1) * sizeof(**u));
		u_strFromUTF8(u[i], (int32_t)lens[i] + 1, &ulens[i], items[i], (int32_t)lens[i], &err);
	}
	if (U_SUCCESS(err)) {
		len = ulistfmt_format(f, (const UChar *const *)u, ulens, (int32_t)n, small, 256, &err);
		if (err == U_BUFFER_OVERFLOW_ERROR) {
			err = U_ZERO_ERROR;
			result = xmalloc(((size_t)len + 1) * sizeof(*result));
			len = ulistfmt_format(f, (const UChar *const *)u, ulens, (int32_t)n, result, len + 1, &err);
		}
		if (U_SUCCESS(err))
			ret = add_utf16(out, result, len);
	}
	for (size_t i = 0; i < n; i++)
		free(u[i]);
	free(u);
	free(ulens);
	if (result != small)
		free(result);
	return ret;
}

int locale_format_list(struct strbuf *out, const char *lang, const char *const *items, const size_t *lens, size_t n)
{
	return join(out, list_formatter(lang, ULISTFMT_TYPE_AND, ULISTFMT_WIDTH_WIDE), items, lens, n);
}

int locale_format_duration(struct strbuf *out, const char *lang, const char *text, size_t len)
{
	static const char *const units[] = { "measure-unit/duration-hour unit-width-short",
					     "measure-unit/duration-minute unit-width-short",
					     "measure-unit/duration-second unit-width-short" };
	int64_t seconds = parse_duration(text, len), part[3];
	struct strbuf parts = STRBUF_INIT;
	const char *items[3];
	size_t lens[3], starts[3], n = 0;
	int ret = 0;

	if (seconds < 0)
		return -1;
	part[0] = seconds / 3600;
	part[1] = seconds / 60 % 60;
	part[2] = seconds % 60;
	/* the parts that are not zero, each with its unit, joined as the language joins measures ("1 hr,
	 * 2 min"; "24 min, 13 s"); nought seconds are still "0 s" */
	for (size_t k = 0; k < 3 && !ret; k++) {
		if (!part[k] && (k < 2 || n))
			continue;
		starts[n] = parts.len;
		ret = format_value(&parts, lang, units[k], 0, part[k], true);
		lens[n] = parts.len - starts[n];
		n++;
	}
	for (size_t k = 0; k < n; k++)
		items[k] = parts.buf + starts[k];
	if (!ret)
		ret = join(out, list_formatter(lang, ULISTFMT_TYPE_UNITS, ULISTFMT_WIDTH_NARROW), items, lens, n);
	strbuf_release(&parts);
	return ret;
}

/* One case mapper for the process (root locale: heading ids must not depend on the page's language). */
static UCaseMap *lower_map;

/* GitHub's \p{Word}: letters, marks, decimal digits and connector punctuation ('_'). */
static bool heading_id_char(UChar32 c)
{
	return c == '-' || (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_ND_MASK | U_GC_PC_MASK));
}

void locale_heading_id(struct strbuf *out, const char *text, size_t len)
{
	UErrorCode err = U_ZERO_ERROR;
	struct strbuf lower = STRBUF_INIT;
	int32_t n, i = 0;

	if (len > INT32_MAX / 4)
		len = INT32_MAX / 4; /* a heading is never that long; ICU counts in int32_t */
	if (!lower_map)
		lower_map = ucasemap_open("", 0, &err);
	/* lowercasing may lengthen text (İ is two characters in lower case): three times is always enough */
	strbuf_grow(&lower, len * 3 + 1);
	n = lower_map ? ucasemap_utf8ToLower(lower_map, lower.buf, (int32_t)(len * 3 + 1), text, (int32_t)len, &err) : 0;
	if (!lower_map || U_FAILURE(err)) {
		/* ICU out of memory: the text as it is, still filtered */
		strbuf_reset(&lower);
		strbuf_add(&lower, text, len);
		n = (int32_t)len;
	}
	while (i < n) {
		int32_t start = i;
		UChar32 c;

		U8_NEXT(lower.buf, i, n, c);
		if (c == ' ')
			strbuf_addch(out, '-');
		else if (c >= 0 && heading_id_char(c))
			strbuf_add(out, lower.buf + start, (size_t)(i - start));
	}
	strbuf_release(&lower);
}

void locale_version(struct strbuf *out)
{
	UVersionInfo v;
	char text[U_MAX_VERSION_STRING_LENGTH];

	u_getVersion(v);
	u_versionToString(v, text);
	strbuf_addf(out, "ICU %s", text);
}

/* The next record of data (lang\0, text's length and text, key's length and key) into e; NULL at the end
 * or at a record cut short. */
static const char *next_record(const char *p, const char *end, struct memo_entry *e)
{
	const char *nul = memchr(p, '\0', (size_t)(end - p));

	if (!nul || end - nul < 5)
		return NULL;
	e->lang = p;
	e->text_len = get_u32(nul + 1);
	e->text = nul + 5;
	if ((size_t)(end - e->text) < (size_t)e->text_len + 4)
		return NULL;
	e->key_len = get_u32(e->text + e->text_len);
	e->key = e->text + e->text_len + 4;
	if ((size_t)(end - e->key) < e->key_len)
		return NULL;
	e->record = p;
	e->record_len = (uint32_t)(e->key + e->key_len - p);
	return e->key + e->key_len;
}

void locale_sort_keys_load(const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	struct memo_entry e = { 0 };
	size_t n = 0;

	if (len >= UINT32_MAX)
		return; /* a record's length must fit its entry */
	while (p < end && (p = next_record(p, end, &e)))
		n++;
	memo_reserve(memo_len + n + n / 8); /* and a few more, so new titles do not move them all */
	for (p = data; p < end && (p = next_record(p, end, &e));) {
		e.hash = memo_hash(e.lang, e.text, e.text_len);
		memo_put(&e);
	}
}

void locale_sort_keys_save(struct strbuf *out)
{
	size_t need = 0;

	for (size_t i = 0; i < memo_len; i++)
		if (memo[i].used)
			need += memo[i].record ? memo[i].record_len : strlen(memo[i].lang) + 9 + memo[i].text_len + memo[i].key_len;
	strbuf_grow(out, need);
	for (size_t i = 0; i < memo_len; i++) {
		const struct memo_entry *e = &memo[i];
		if (!e->used)
			continue;
		if (e->record) {
			strbuf_add(out, e->record, e->record_len);
			continue;
		}
		strbuf_add(out, e->lang, strlen(e->lang) + 1);
		put_u32(out, e->text_len);
		strbuf_add(out, e->text, e->text_len);
		put_u32(out, e->key_len);
		strbuf_add(out, e->key, e->key_len);
	}
}

static void make_sort_key(struct strbuf *out, const char *lang, const char *s, size_t len);

void locale_sort_key(struct strbuf *out, const char *lang, const char *s, size_t len)
{
	struct memo_entry *e = memo_next < memo_len ? &memo[memo_next] : NULL, fresh = { 0 };
	uint64_t hash;
	uint32_t *slot;
	size_t start = out->len;

	if (!e || e->text_len != len || memcmp(e->text, s, len) || strcmp(e->lang, lang)) {
		hash = memo_hash(lang, s, len);
		slot = len < UINT32_MAX && memo_slots ? memo_slot(lang, s, len, hash) : NULL;
		e = slot && *slot ? &memo[*slot - 1] : NULL;
	}
	if (e) {
		e->used = true;
		memo_next = (size_t)(e - memo) + 1;
		strbuf_add(out, e->key, e->key_len);
		return;
	}
	make_sort_key(out, lang, s, len);
	if (len >= UINT32_MAX || out->len - start >= UINT32_MAX)
		return;
	fresh.lang = xstrdup(lang);
	fresh.text = xmemdup0(s, len);
	fresh.key = xmemdup0(out->buf + start, out->len - start);
	fresh.hash = hash;
	fresh.text_len = (uint32_t)len;
	fresh.key_len = (uint32_t)(out->len - start);
	fresh.used = fresh.owned = true;
	if (!memo_put(&fresh)) {
		free((char *)fresh.lang);
		free((char *)fresh.text);
		free((char *)fresh.key);
	}
}

static void make_sort_key(struct strbuf *out, const char *lang, const char *s, size_t len)
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

static void release_formatters(void)
{
	for (size_t i = 0; i < ncached; i++) {
		switch (cache[i].kind) {
		case CACHED_DATE: udat_close(cache[i].handle); break;
		case CACHED_COLLATOR: ucol_close(cache[i].handle); break;
		case CACHED_NUMBER: unumf_close(cache[i].handle); break;
		case CACHED_LIST: ulistfmt_close(cache[i].handle); break;
		}
	}
	ncached = 0;
}

void locale_release(void)
{
	release_formatters();
	if (lower_map)
		ucasemap_close(lower_map);
	lower_map = NULL;
	for (size_t i = 0; i < memo_len; i++) {
		if (!memo[i].owned)
			continue;
		free((char *)memo[i].lang);
		free((char *)memo[i].text);
		free((char *)memo[i].key);
	}
	free(memo);
	free(memo_slots);
	memo = NULL;
	memo_slots = NULL;
	memo_len = memo_alloc = memo_mask = memo_next = 0;
}

/* A code of 2 or 3 ASCII letters, the only kind ICU is asked about. */
static bool letters_code(const char *code, bool upper)
{
	size_t n = strlen(code);

	if (n < 2 || n > 3)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(upper ? code[i] >= 'A' && code[i] <= 'Z' : code[i] >= 'a' && code[i] <= 'z'))
			return false;
	return true;
}

static int display_name(struct strbuf *out, const char *lang, const char *code, bool country)
{
	char id[8];
	UChar name[128];
	UErrorCode err = U_ZERO_ERROR;
	int32_t n, len;

	if (!letters_code(code, country))
		return -1;
	snprintf(id, sizeof(id), "%s%s", country ? "und_" : "", code);
	n = (country ? uloc_getDisplayCountry : uloc_getDisplayLanguage)(id, lang, name, 128, &err);
	if (U_FAILURE(err) || err == U_USING_DEFAULT_WARNING || n <= 0 || n >= 128)
		return -1;
	/* a code ICU does not know comes back as it is */
	len = (int32_t)strlen(code);
	if (n == len) {
		bool same = true;
		for (int32_t i = 0; i < n; i++)
			same &= name[i] == (UChar)code[i];
		if (same)
			return -1;
	}
	err = U_ZERO_ERROR;
	strbuf_grow(out, (size_t)n * 3 + 1);
	u_strToUTF8(out->buf + out->len, n * 3 + 1, &len, name, n, &err);
	if (U_FAILURE(err))
		return -1;
	strbuf_setlen(out, out->len + (size_t)len);
	return 0;
}

int locale_country_name(struct strbuf *out, const char *lang, const char *country)
{
	return display_name(out, lang, country, true);
}

int locale_language_name(struct strbuf *out, const char *lang, const char *language)
{
	return display_name(out, lang, language, false);
}
