/* ICU adapter (see locale.h). Formatters and collators are opened once per language and kept: opening
 * them is what costs. They are per process, so worker processes each have their own. */
#include "locale.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucol.h>
#include <unicode/unumberformatter.h>
#include <unicode/uversion.h>
#include <unicode/udat.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include "util/datetime.h"
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
	char zone[16] = "GMT";
	struct datetime dt;
	int64_t minutes;
	UChar buf[128];
	UErrorCode err = U_ZERO_ERROR;
	UDateFormat *f;
	int32_t n;
	char utf8[512];

	if (datetime_parse(&dt, when, len))
		return -1;
	minutes = (dt.t - ((dt.t % 60) + 60) % 60) / 60; /* the instant in UTC, to the minute shown */
	if (dt.offset) {
		/* shown back in the event's own offset */
		int m = (dt.offset < 0 ? -dt.offset : dt.offset) / 60;
		snprintf(zone, sizeof(zone), "GMT%c%02d:%02d", dt.offset < 0 ? '-' : '+', m / 60, m % 60);
	}
	f = formatter(lang, !dt.date_only, zone);
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

int locale_format_bytes(struct strbuf *out, const char *lang, uint64_t bytes)
{
	/* kilobytes as whole numbers below a megabyte, megabytes with one decimal above */
	const char *skeleton = bytes < 1000000 ? "measure-unit/digital-kilobyte unit-width-short precision-integer"
					       : "measure-unit/digital-megabyte unit-width-short .0";
	double value = bytes < 1000000 ? (bytes < 1000 ? 1.0 : (double)bytes / 1000.0) : (double)bytes / 1e6;
	UChar uskeleton[96], text[64];
	char utf8[192];
	UErrorCode err = U_ZERO_ERROR;
	UNumberFormatter *f;
	UFormattedNumber *r;
	int32_t len = 0;

	u_uastrcpy(uskeleton, skeleton);
	f = unumf_openForSkeletonAndLocale(uskeleton, -1, lang, &err);
	r = unumf_openResult(&err);
	unumf_formatDouble(f, value, r, &err);
	len = unumf_resultToString(r, text, 64, &err);
	if (U_SUCCESS(err) && len < 64)
		u_strToUTF8(utf8, sizeof(utf8), &len, text, len, &err);
	unumf_closeResult(r);
	unumf_close(f);
	if (U_FAILURE(err) || len < 0 || (size_t)len >= sizeof(utf8))
		return -1;
	strbuf_add(out, utf8, (size_t)len);
	return 0;
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

void locale_release(void)
{
	for (size_t i = 0; i < ncached; i++) {
		if (cache[i].collator)
			ucol_close(cache[i].handle);
		else
			udat_close(cache[i].handle);
	}
	ncached = 0;
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
