/* The search index (see search.h). Folding and cutting text use ICU's normalizer, character
 * properties and scripts; the rest is counting and sorting. */
/* glibc's qsort_r: the comparisons take the index they sort for as an argument, not from a global. */
#define _GNU_SOURCE
#include "search.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "cache.h"
#include "locale.h"
#include "util/bytes.h"
#include "util/json.h"
#include "util/xalloc.h"

#define TOKEN_MAX 32     /* characters kept of a long token: enough to tell words apart */
#define SUMMARY_MAX 200  /* bytes of a summary shown with a result; all of it is searched */
#define MAX_FACETS 16

/* ---- folding ---- */

struct ubuf {
	UChar *p;
	int32_t len, cap;
};

static void ubuf_reserve(struct ubuf *b, int64_t need)
{
	if (need > b->cap) {
		b->cap = (int32_t)need * 2 + 16;
		b->p = xrealloc(b->p, (size_t)b->cap * sizeof(UChar));
	}
}

/* The buffers folding reuses from one text to the next. */
struct folder {
	struct ubuf in, mid, out;
};

static void folder_release(struct folder *f)
{
	free(f->in.p);
	free(f->mid.p);
	free(f->out.p);
}

static void normalize(const UNormalizer2 *n, const struct ubuf *in, struct ubuf *out)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t len;

	ubuf_reserve(out, (int64_t)in->len * 2 + 16);
	len = unorm2_normalize(n, in->p, in->len, out->p, out->cap, &err);
	if (err == U_BUFFER_OVERFLOW_ERROR) {
		err = U_ZERO_ERROR;
		ubuf_reserve(out, (int64_t)len + 1);
		len = unorm2_normalize(n, in->p, in->len, out->p, out->cap, &err);
	}
	out->len = U_SUCCESS(err) ? len : 0;
}

/* One character of a decomposed text, folded; -1 drops it. */
static UChar32 fold_char(UChar32 c)
{
	if ((u_charType(c) == U_NON_SPACING_MARK && c != 0x3099 && c != 0x309A) || c == 0x0640)
		return -1; /* accents and harakat; the kana voicing marks change the letter; tatweel */
	switch (c) {
	case 0x0671: c = 0x0627; break; /* alef wasla: alef (hamza and madda forms lost their marks) */
	case 0x0649: /* alef maksura */
	case 0x06CC: c = 0x064A; break; /* Persian yeh: yeh */
	case 0x0629: c = 0x0647; break; /* teh marbuta: heh */
	case 0x06A9: c = 0x0643; break; /* keheh: kaf */
	case 0x0131: c = 'i'; break;    /* dotless i: typed as i on most keyboards */
	default:
		/* Arabic-Indic and Extended Arabic-Indic digits: "٢٠٢٠" and "2020" are the same year */
		if ((c >= 0x0660 && c <= 0x0669) || (c >= 0x06F0 && c <= 0x06F9))
			c = '0' + (c & 0xF);
		break;
	}
	c = u_tolower(c);
	return c == 0x03C2 ? 0x03C3 : c; /* final sigma */
}

static bool ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

static void fold(struct folder *f, struct strbuf *out, const char *s, size_t len)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t n = 0;

	if (ascii(s, len)) { /* most texts of most languages: nothing to decompose */
		strbuf_grow(out, len);
		for (size_t i = 0; i < len; i++)
			out->buf[out->len + i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
		strbuf_setlen(out, out->len + len);
		return;
	}
	if (len > INT32_MAX / 4)
		len = INT32_MAX / 4; /* files are far smaller (scan.c bounds them) */
	ubuf_reserve(&f->in, (int64_t)len + 1);
	u_strFromUTF8WithSub(f->in.p, f->in.cap, &n, s, (int32_t)len, 0xFFFD, NULL, &err);
	f->in.len = U_SUCCESS(err) ? n : 0;
	normalize(unorm2_getNFKDInstance(&err), &f->in, &f->mid);
	f->in.len = 0;
	ubuf_reserve(&f->in, (int64_t)f->mid.len + 2);
	for (int32_t i = 0; i < f->mid.len;) {
		UChar32 c;
		U16_NEXT(f->mid.p, i, f->mid.len, c);
		c = fold_char(c);
		if (c >= 0)
			U16_APPEND_UNSAFE(f->in.p, f->in.len, c);
	}
	normalize(unorm2_getNFCInstance(&err), &f->in, &f->out);
	err = U_ZERO_ERROR;
	u_strToUTF8WithSub(NULL, 0, &n, f->out.p, f->out.len, 0xFFFD, NULL, &err);
	strbuf_grow(out, (size_t)n + 1);
	err = U_ZERO_ERROR;
	u_strToUTF8WithSub(out->buf + out->len, n + 1, &n, f->out.p, f->out.len, 0xFFFD, NULL, &err);
	strbuf_setlen(out, out->len + (size_t)n);
}

void search_fold(struct strbuf *out, const char *s, size_t len)
{
	struct folder f = { { 0 }, { 0 }, { 0 } };

	fold(&f, out, s, len);
	folder_release(&f);
}

/* ---- tokens ---- */

static bool cjk(UChar32 c)
{
	UErrorCode err = U_ZERO_ERROR;
	UScriptCode sc;

	if (c < 0x2E80)
		return false;
	sc = uscript_getScript(c, &err);
	return sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA || sc == USCRIPT_HANGUL;
}

static bool word(UChar32 c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
	return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK | U_GC_M_MASK)) != 0;
}

/* Cuts folded text s into tokens for fn (see search_tokens); tok is scratch. */
static void cut(const char *s, size_t len, struct strbuf *tok, search_token_fn *fn, void *ctx)
{
	int32_t i = 0, n = (int32_t)len;
	int32_t start = -1, end = 0, chars = 0; /* the run of word characters being read */
	int32_t prev = -1, run = 0;                /* the run of CJK characters: the last one's start */

	for (;;) {
		int32_t at = i;
		UChar32 c = -1;
		bool is_cjk = false, is_word = false;
		if (i < n) {
			U8_NEXT(s, i, n, c);
			is_cjk = c >= 0 && cjk(c);
			is_word = !is_cjk && c >= 0 && word(c);
		}
		if (!is_word && start >= 0) {
			strbuf_reset(tok);
			strbuf_add(tok, s + start, (size_t)(end - start));
			fn(ctx, tok->buf, tok->len);
			start = -1;
		}
		if (!is_cjk && run == 1) {
			strbuf_reset(tok);
			strbuf_add(tok, s + prev, (size_t)(at - prev));
			fn(ctx, tok->buf, tok->len);
		}
		if (!is_cjk)
			run = 0;
		if (i >= n && at >= n)
			break;
		if (is_word) {
			if (start < 0) {
				start = at;
				chars = 0;
			}
			if (chars++ < TOKEN_MAX)
				end = i;
		} else if (is_cjk) {
			if (run++ >= 1) {
				strbuf_reset(tok);
				strbuf_add(tok, s + prev, (size_t)(i - prev));
				fn(ctx, tok->buf, tok->len);
			}
			prev = at;
		}
	}
}

void search_tokens(const char *s, size_t len, search_token_fn *fn, void *ctx)
{
	struct strbuf folded = STRBUF_INIT, tok = STRBUF_INIT;

	search_fold(&folded, s, len);
	cut(folded.buf, folded.len, &tok, fn, ctx);
	strbuf_release(&folded);
	strbuf_release(&tok);
}

void search_index_path(struct strbuf *out, const struct site *s, size_t lang)
{
	strbuf_addf(out, "%s/search/%s", s->cfg->languages[lang].code, SEARCH_INDEX_FILE);
}

/* ---- the index ---- */

struct doc_entry {
	const struct item *it;
	const struct value *meta;
	const char *title, *summary;
	size_t text_lang;
	int year;
	size_t key, key_len; /* its title's sort key, in the index's keys */
};

/* A filter of the search page: the searched collections, or a taxonomy. */
struct facet {
	const char *name, *label;
	const struct taxonomy_terms *tt; /* NULL: the collections */
	size_t nvalues;
	size_t *place; /* per term (or collection): its place among the values shown, or SIZE_MAX */
	size_t *order; /* the values shown, in order: term (or collection) indexes */
};

/* A posting before it is sorted: a doc holding a term. */
struct posting {
	uint32_t term, doc;
	bool title;
};

struct index {
	const struct site *s;
	size_t lang;
	const char *code;
	struct arena a;
	struct folder folder;
	struct search_stemmer stemmer;
	struct strbuf folded, tok, keys, stem;
	struct doc_entry *docs;
	size_t ndocs;
	struct facet facets[MAX_FACETS];
	size_t nfacets;
	/* the terms: names, a hash table of them, and per term its last doc, for one posting per doc */
	const char **terms;
	size_t nterms, terms_alloc;
	uint32_t *slots; /* term + 1, or 0 */
	size_t nslots;
	uint32_t *last_doc; /* doc + 1 */
	size_t *last_posting;
	uint32_t *stem_of; /* per term: 0 not stemmed yet, 1 its own stem, or its stem's term + 2 */
	struct posting *postings;
	size_t npostings, postings_alloc;
	/* the names of countries and languages asked of ICU, for this language */
	const char **names; /* code, name, code, name... */
	size_t nnames, names_alloc;
	/* the doc being added */
	uint32_t doc;
	bool in_title;
};

static uint64_t hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static void grow_slots(struct index *x)
{
	size_t n = x->nslots ? x->nslots * 2 : 1024;
	uint32_t *slots = xcalloc(n, sizeof(*slots));

	for (size_t t = 0; t < x->nterms; t++) {
		size_t i = hash(x->terms[t], strlen(x->terms[t])) & (n - 1);
		while (slots[i])
			i = (i + 1) & (n - 1);
		slots[i] = (uint32_t)t + 1;
	}
	free(x->slots);
	x->slots = slots;
	x->nslots = n;
}

static uint32_t term_id(struct index *x, const char *tok, size_t len)
{
	size_t i;

	if ((x->nterms + 1) * 2 > x->nslots)
		grow_slots(x);
	for (i = hash(tok, len) & (x->nslots - 1); x->slots[i]; i = (i + 1) & (x->nslots - 1)) {
		const char *t = x->terms[x->slots[i] - 1];
		if (!strncmp(t, tok, len) && !t[len])
			return x->slots[i] - 1;
	}
	if (x->nterms == x->terms_alloc) {
		x->terms_alloc = x->terms_alloc ? x->terms_alloc * 2 : 1024;
		x->terms = xrealloc(x->terms, x->terms_alloc * sizeof(*x->terms));
		x->last_doc = xrealloc(x->last_doc, x->terms_alloc * sizeof(*x->last_doc));
		x->last_posting = xrealloc(x->last_posting, x->terms_alloc * sizeof(*x->last_posting));
		x->stem_of = xrealloc(x->stem_of, x->terms_alloc * sizeof(*x->stem_of));
	}
	x->terms[x->nterms] = arena_memdup0(&x->a, tok, len);
	x->last_doc[x->nterms] = 0;
	x->stem_of[x->nterms] = 0;
	x->slots[i] = (uint32_t)++x->nterms;
	return (uint32_t)x->nterms - 1;
}

static void add_term(struct index *x, uint32_t t)
{
	if (x->last_doc[t] == x->doc + 1) { /* already there: it may be in the title as well */
		x->postings[x->last_posting[t]].title |= x->in_title;
		return;
	}
	if (x->npostings == x->postings_alloc) {
		x->postings_alloc = x->postings_alloc ? x->postings_alloc * 2 : 4096;
		x->postings = xrealloc(x->postings, x->postings_alloc * sizeof(*x->postings));
	}
	x->last_doc[t] = x->doc + 1;
	x->last_posting[t] = x->npostings;
	x->postings[x->npostings++] = (struct posting){ t, x->doc, x->in_title };
}

static void add_token(void *ctx, const char *tok, size_t len)
{
	struct index *x = ctx;
	uint32_t t = term_id(x, tok, len);

	if (!x->stem_of[t]) { /* once a term: a site repeats its words many times */
		uint32_t stem = 1;
		strbuf_reset(&x->stem);
		if (search_stem(&x->stem, &x->stemmer, tok, len))
			stem = term_id(x, x->stem.buf, x->stem.len) + 2;
		x->stem_of[t] = stem;
	}
	add_term(x, t);
	if (x->stem_of[t] > 1)
		add_term(x, x->stem_of[t] - 2);
}

static void add_text(struct index *x, const char *s, size_t len)
{
	strbuf_reset(&x->folded);
	fold(&x->folder, &x->folded, s, len);
	cut(x->folded.buf, x->folded.len, &x->tok, add_token, x);
}

static const char *meta_string(const struct value *meta, const char *key)
{
	const struct value *v = meta ? value_map_get(meta, key) : NULL;

	return v && v->kind == VALUE_STRING ? v->u.str.ptr : NULL;
}

/* The year an item is about: its `year`, or the year of its `date` or `start`; 0 when it has none. */
static int item_year(const struct value *meta)
{
	static const char *const dated[] = { "date", "start" };
	const struct value *v = meta ? value_map_get(meta, "year") : NULL;

	if (v && v->kind == VALUE_INT && v->u.i > 0 && v->u.i < 10000)
		return (int)v->u.i;
	for (size_t i = 0; i < sizeof(dated) / sizeof(dated[0]); i++) {
		const char *d = meta_string(meta, dated[i]);
		if (d && d[0] >= '0' && d[0] <= '9' && d[1] >= '0' && d[1] <= '9' && d[2] >= '0' && d[2] <= '9' &&
		    d[3] >= '0' && d[3] <= '9')
			return (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
	}
	return 0;
}

static bool searched(const struct config *cfg, const struct item *it)
{
	for (size_t i = 0; it->role == DOC_ITEM && i < cfg->nsearch; i++)
		if (it->collection == cfg->search[i])
			return true;
	return false;
}

/* x: the index, whose keys buffer holds the titles' sort keys */
static int doc_cmp(const void *pa, const void *pb, void *x)
{
	const struct doc_entry *a = pa, *b = pb;
	const char *keys = ((const struct index *)x)->keys.buf;
	size_t n = a->key_len < b->key_len ? a->key_len : b->key_len;
	int c;

	if (a->year != b->year)
		return a->year > b->year ? -1 : 1; /* newest first */
	c = memcmp(keys + a->key, keys + b->key, n);
	if (c || a->key_len != b->key_len)
		return c ? c : a->key_len < b->key_len ? -1 : 1;
	return strcmp(a->it->dir, b->it->dir);
}

static void collect_docs(struct index *x)
{
	const struct site *s = x->s;

	x->docs = xcalloc(s->nitems ? s->nitems : 1, sizeof(*x->docs));
	for (size_t i = 0; i < s->nitems; i++) {
		const struct item *it = &s->items[i];
		struct doc_entry *d;
		if (!searched(s->cfg, it))
			continue;
		d = &x->docs[x->ndocs++];
		d->it = it;
		d->meta = it->meta[x->lang];
		d->title = site_item_title(it, x->lang);
		if (!d->title)
			d->title = it->slug;
		d->summary = meta_string(d->meta, "summary");
		d->text_lang = it->text[x->lang] ? x->lang : it->original->lang;
		d->year = item_year(d->meta);
		d->key = x->keys.len;
		locale_sort_key(&x->keys, x->code, d->title, strlen(d->title));
		d->key_len = x->keys.len - d->key;
	}
	qsort_r(x->docs, x->ndocs, sizeof(*x->docs), doc_cmp, x);
}

/* Text with its length before it. */
static void put_text(struct strbuf *sb, const char *s, size_t len)
{
	bytes_put_varint(sb, len);
	strbuf_add(sb, s, len);
}

/* The index of v among the values of tr's front matter, or SIZE_MAX. */
static size_t value_of(const struct doc *tr, const struct value *v)
{
	for (size_t j = 0; tr->meta->kind == VALUE_MAP && j < tr->meta->u.map.len; j++)
		if (tr->meta->u.map.entries[j].val == v)
			return j;
	return SIZE_MAX;
}

/*
 * An item's front matter in a language (site.h: its translation's over its original's), for the key of
 * that language's index. The original's alone is its digest (scan.h). Merged, a field of the original is
 * its bytes in the original's encoding, and one of the translation an index into it, whose digest stands
 * for them all: encoding the whole of it again (summaries and all) for every language was most of the
 * keys' time. A translated title edited changes only its language's; the original's, only the languages
 * that show it.
 */
static void put_meta(struct strbuf *sb, const struct item *it, size_t lang)
{
	const struct doc *o = it->original, *tr = it->text[lang] != o ? it->text[lang] : NULL;
	const struct value *m = it->meta[lang];

	if (m && !tr && o->meta_enc && m == o->meta) {
		strbuf_addch(sb, 'O');
		strbuf_add(sb, (const char *)o->meta_digest, DIGEST_LEN);
		return;
	}
	if (!m || !tr || !tr->meta_enc || !o->meta_fields || m->kind != VALUE_MAP || o->meta->kind != VALUE_MAP ||
	    o->nmeta_fields != o->meta->u.map.len) {
		/* a text whose loading reported something has no encoding nor digest */
		strbuf_addch(sb, m ? 'V' : '-');
		if (m)
			cache_put_value(sb, m); /* the build cache's encoding of front matter */
		return;
	}
	strbuf_addch(sb, 'T');
	strbuf_add(sb, (const char *)tr->meta_digest, DIGEST_LEN);
	bytes_put_varint(sb, m->u.map.len);
	for (size_t i = 0; i < m->u.map.len; i++) {
		const struct value_entry *e = &m->u.map.entries[i];
		size_t j;
		if (i < o->nmeta_fields && e->key == o->meta->u.map.entries[i].key &&
		    e->val == o->meta->u.map.entries[i].val) {
			strbuf_addch(sb, 'o');
			strbuf_add(sb, o->meta_enc + o->meta_fields[i][0], o->meta_fields[i][1]);
		} else if ((j = value_of(tr, e->val)) != SIZE_MAX) {
			strbuf_addch(sb, 't');
			cache_put_value(sb, e->key);
			bytes_put_varint(sb, j);
		} else {
			strbuf_addch(sb, 'v');
			cache_put_value(sb, e->key);
			cache_put_value(sb, e->val);
		}
	}
}

void search_digest(struct digest *dg, const struct site *s, size_t lang)
{
	const struct config *cfg = s->cfg;
	struct strbuf sb = STRBUF_INIT;

	/* An item's whole front matter in the language, its title with it (the slug stands in for a missing
	 * one, and the folder for the slug): more than the index reads, but no lookups, and a title edited in
	 * one language leaves the others' alone. Written out, then digested in large pieces: a digest call
	 * per field costs more than its text. */
	for (size_t i = 0; i < s->nitems; i++) {
		const struct item *it = &s->items[i];
		if (!searched(cfg, it))
			continue;
		put_text(&sb, it->dir, strlen(it->dir));
		strbuf_addch(&sb, (char)(it->text[lang] ? lang : it->original->lang));
		put_meta(&sb, it, lang);
		if (sb.len > 65536) {
			digest_add(dg, sb.buf, sb.len);
			strbuf_reset(&sb);
		}
	}
	digest_add(dg, sb.buf ? sb.buf : "", sb.len);
	strbuf_release(&sb);
}

/* The terms of taxonomy field `field` an item has: one string or a list of them. */
static size_t field_values(const struct value *meta, const char *field, const struct value *const **out,
			   const struct value **one)
{
	const struct value *v = meta ? value_map_get(meta, field) : NULL;

	if (!v)
		return 0;
	if (v->kind == VALUE_LIST) {
		*out = (const struct value *const *)v->u.list.items;
		return v->u.list.len;
	}
	*one = v;
	*out = one;
	return 1;
}

static int term_name_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct term *)elem)->name);
}

static size_t term_index(const struct taxonomy_terms *tt, const struct value *v)
{
	const struct term *t;

	if (v->kind != VALUE_STRING)
		return SIZE_MAX;
	t = bsearch(v->u.str.ptr, tt->terms, tt->nterms, sizeof(*tt->terms), term_name_cmp);
	return t ? (size_t)(t - tt->terms) : SIZE_MAX;
}

static const char *value_label(const struct index *x, const struct facet *f, size_t v)
{
	const struct i18n *i18n = x->s->i18n;
	const char *l;

	if (!f->tt) {
		const char *name = x->s->cfg->search[v]->name;
		l = i18n_find(i18n, x->lang, "collections", name);
		return l ? l : name;
	}
	l = i18n_term(i18n, x->lang, f->tt->taxonomy->name, f->tt->terms[v].name);
	return l ? l : f->tt->terms[v].name;
}

/* The values of a facet of an index, as value_cmp sorts them. */
struct facet_of {
	const struct index *x;
	const struct facet *f;
};

static int value_cmp(const void *pa, const void *pb, void *ctx)
{
	const struct facet_of *of = ctx;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	int c = locale_compare(of->x->code, value_label(of->x, of->f, a), value_label(of->x, of->f, b));

	return c ? c : a < b ? -1 : a > b;
}

/* The facets: the collections when there are several (in site.yaml's order), then each taxonomy of
 * `search: facets`, showing the terms the docs have, in the language's alphabetical order. */
static void build_facets(struct index *x)
{
	const struct config *cfg = x->s->cfg;

	size_t nshown = 0;

	for (size_t i = 0; i < cfg->nsearch; i++)
		nshown += !cfg->search[i]->left_out;
	if (nshown > 1) {
		struct facet *f = &x->facets[x->nfacets++];
		const char *l = i18n_find(x->s->i18n, x->lang, "ui", "search_section");
		f->name = "collections";
		f->label = l ? l : "Section";
		f->place = arena_alloc(&x->a, cfg->nsearch * sizeof(size_t));
		f->order = arena_alloc(&x->a, cfg->nsearch * sizeof(size_t));
		/* a collection for members only, in the public build, is not even named */
		for (size_t i = 0; i < cfg->nsearch; i++) {
			f->place[i] = cfg->search[i]->left_out ? SIZE_MAX : f->nvalues;
			if (!cfg->search[i]->left_out)
				f->order[f->nvalues++] = i;
		}
	}
	for (size_t k = 0; k < cfg->nsearch_facets && x->nfacets < MAX_FACETS; k++) {
		const struct config_taxonomy *t = cfg->search_facets[k];
		struct facet *f = &x->facets[x->nfacets++];
		const struct taxonomy_terms *tt = &x->s->taxonomies[t - cfg->taxonomies];
		const char *l = i18n_taxonomy_title(x->s->i18n, x->lang, t->name);
		f->name = t->name;
		f->label = l ? l : t->name;
		f->tt = tt;
		f->place = arena_alloc(&x->a, (tt->nterms + 1) * sizeof(size_t));
		f->order = arena_alloc(&x->a, (tt->nterms + 1) * sizeof(size_t));
		for (size_t i = 0; i < tt->nterms; i++)
			f->place[i] = SIZE_MAX;
		for (size_t d = 0; d < x->ndocs; d++) {
			const struct value *const *vals, *one;
			size_t n = field_values(x->docs[d].meta, t->field, &vals, &one);
			for (size_t i = 0; i < n; i++) {
				size_t ti = term_index(tt, vals[i]);
				if (ti != SIZE_MAX && f->place[ti] == SIZE_MAX) {
					f->place[ti] = 0;
					f->order[f->nvalues++] = ti;
				}
			}
		}
		qsort_r(f->order, f->nvalues, sizeof(*f->order), value_cmp, &(struct facet_of){ .x = x, .f = f });
		for (size_t i = 0; i < f->nvalues; i++)
			f->place[f->order[i]] = i;
	}
}

/* What a result shows of a summary: about SUMMARY_MAX bytes, cut between words when it has spaces. */
static void put_summary(struct json *j, const char *s)
{
	size_t len = s ? strlen(s) : 0, cut = len;

	if (len > SUMMARY_MAX) {
		cut = SUMMARY_MAX;
		while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--;
		for (size_t k = cut; k > SUMMARY_MAX / 2; k--) {
			if (s[k] == ' ') {
				cut = k;
				break;
			}
		}
		while (cut > 0 && (s[cut - 1] == ' ' || s[cut - 1] == ',' || s[cut - 1] == ';'))
			cut--;
	}
	if (cut == len) {
		json_string_len(j, NULL, s ? s : "", len);
		return;
	}
	struct strbuf t = STRBUF_INIT;
	strbuf_add(&t, s, cut);
	strbuf_addstr(&t, "\xE2\x80\xA6"); /* … */
	json_string_len(j, NULL, t.buf, t.len);
	strbuf_release(&t);
}

/* The name ICU gives country (or language) code in the index's language; NULL when it has none. */
static const char *display_name(struct index *x, const char *code, bool country)
{
	struct strbuf name = STRBUF_INIT;
	const char *got = NULL;

	for (size_t i = 0; i + 1 < x->nnames; i += 2)
		if (x->names[i][0] == (country ? 'C' : 'L') && !strcmp(x->names[i] + 1, code))
			return x->names[i + 1];
	if (!(country ? locale_country_name : locale_language_name)(&name, x->code, code))
		got = arena_memdup0(&x->a, name.buf, name.len);
	strbuf_release(&name);
	if (x->nnames + 2 > x->names_alloc) {
		x->names_alloc = x->names_alloc ? x->names_alloc * 2 : 64;
		x->names = xrealloc(x->names, x->names_alloc * sizeof(*x->names));
	}
	strbuf_addf(&name, "%c%s", country ? 'C' : 'L', code);
	x->names[x->nnames++] = arena_memdup0(&x->a, name.buf, name.len);
	x->names[x->nnames++] = got;
	strbuf_release(&name);
	return got;
}

/* Adds the codes of list field `field` and the names ICU has for them. */
static void add_codes(struct index *x, const struct value *meta, const char *field, bool country)
{
	const struct value *const *vals, *one;
	size_t n = field_values(meta, field, &vals, &one);

	for (size_t i = 0; i < n; i++) {
		const char *name;
		if (vals[i]->kind != VALUE_STRING)
			continue;
		add_text(x, vals[i]->u.str.ptr, vals[i]->u.str.len);
		if ((name = display_name(x, vals[i]->u.str.ptr, country)))
			add_text(x, name, strlen(name));
	}
}

/* A doc's tokens: title (marked as such), summary, the labels of its facet values, its countries and
 * document languages (codes and names), its year. */
static void add_doc_terms(struct index *x, const struct doc_entry *d)
{
	char year[16];

	x->in_title = true;
	add_text(x, d->title, strlen(d->title));
	x->in_title = false;
	if (d->summary)
		add_text(x, d->summary, strlen(d->summary));
	for (size_t k = 0; k < x->nfacets; k++) {
		const struct facet *f = &x->facets[k];
		const struct value *const *vals, *one;
		size_t n;
		if (!f->tt)
			continue; /* "news" is not a word of the news */
		n = field_values(d->meta, f->tt->taxonomy->field, &vals, &one);
		for (size_t i = 0; i < n; i++) {
			size_t ti = term_index(f->tt, vals[i]);
			if (ti != SIZE_MAX) {
				const char *l = value_label(x, f, ti);
				add_text(x, l, strlen(l));
			}
		}
	}
	add_codes(x, d->meta, "countries", true);
	add_codes(x, d->meta, "languages", false);
	if (d->year) {
		snprintf(year, sizeof(year), "%d", d->year);
		add_text(x, year, strlen(year));
	}
}

/* The facet values of doc d for facet f, as a JSON list of places. */
static void put_doc_values(struct json *j, const struct index *x, const struct facet *f, const struct doc_entry *d)
{
	const struct value *const *vals, *one;
	size_t n;

	json_array_begin(j, NULL);
	if (!f->tt) {
		for (size_t i = 0; i < x->s->cfg->nsearch; i++)
			if (d->it->collection == x->s->cfg->search[i])
				json_uint(j, NULL, f->place[i]);
		json_array_end(j);
		return;
	}
	n = field_values(d->meta, f->tt->taxonomy->field, &vals, &one);
	for (size_t i = 0; i < n; i++) {
		size_t ti = term_index(f->tt, vals[i]);
		if (ti != SIZE_MAX)
			json_uint(j, NULL, f->place[ti]);
	}
	json_array_end(j);
}

/* JavaScript's order of strings: UTF-16 code units, where characters past U+FFFF (two surrogates,
 * D800-DFFF) come before U+E000-U+FFFF. */
static uint32_t utf16_rank(UChar32 c)
{
	return c >= 0xE000 && c <= 0xFFFF ? (uint32_t)c + 0x200000 : (uint32_t)c;
}

static int js_cmp(const char *a, const char *b)
{
	int32_t i = 0, j = 0, na = (int32_t)strlen(a), nb = (int32_t)strlen(b);

	while (i < na && j < nb) {
		UChar32 ca, cb;
		U8_NEXT(a, i, na, ca);
		U8_NEXT(b, j, nb, cb);
		if (ca != cb)
			return utf16_rank(ca) < utf16_rank(cb) ? -1 : 1;
	}
	return (i < na) - (j < nb);
}

/* terms: the index's terms, which pa and pb number */
static int term_cmp(const void *pa, const void *pb, void *terms)
{
	const char *const *t = terms;

	return js_cmp(t[*(const uint32_t *)pa], t[*(const uint32_t *)pb]);
}

static void put_vlq(struct strbuf *out, uint64_t n)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	while (n >= 32) {
		strbuf_addch(out, digits[32 + (n & 31)]);
		n >>= 5;
	}
	strbuf_addch(out, digits[n]);
}

/* Terms in JavaScript's order, and the postings of each: two strings, a term or a list a word. */
static void put_terms(struct json *j, struct index *x)
{
	uint32_t *order = xmalloc((x->nterms + 1) * sizeof(*order));
	size_t *start = xcalloc(x->nterms + 2, sizeof(*start));
	struct posting *sorted = xmalloc((x->npostings + 1) * sizeof(*sorted));
	struct strbuf out = STRBUF_INIT;

	/* postings by term, keeping the docs' order: counting sort */
	for (size_t i = 0; i < x->npostings; i++)
		start[x->postings[i].term + 2]++;
	for (size_t t = 0; t < x->nterms; t++)
		start[t + 2] += start[t + 1];
	for (size_t i = 0; i < x->npostings; i++)
		sorted[start[x->postings[i].term + 1]++] = x->postings[i];
	for (uint32_t t = 0; t < x->nterms; t++)
		order[t] = t;
	qsort_r(order, x->nterms, sizeof(*order), term_cmp, x->terms);
	for (size_t k = 0; k < x->nterms; k++) {
		if (k)
			strbuf_addch(&out, ' ');
		strbuf_addstr(&out, x->terms[order[k]]);
	}
	json_string_len(j, "terms", out.buf, out.len);
	strbuf_reset(&out);
	for (size_t k = 0; k < x->nterms; k++) {
		uint32_t t = order[k];
		int64_t prev = -1;
		if (k)
			strbuf_addch(&out, ' ');
		for (size_t i = start[t]; i < start[t + 1]; i++) {
			put_vlq(&out, (uint64_t)((int64_t)sorted[i].doc - prev - 1) << 1 | sorted[i].title);
			prev = sorted[i].doc;
		}
	}
	json_string_len(j, "post", out.buf, out.len);
	strbuf_release(&out);
	free(order);
	free(start);
	free(sorted);
}

/* The facets, each with its values: [name, label] in the language's order. */
static void put_facets(struct json *j, struct index *x)
{
	json_array_begin(j, "facets");
	for (size_t k = 0; k < x->nfacets; k++) {
		const struct facet *f = &x->facets[k];
		json_object_begin(j, NULL);
		json_string(j, "name", f->name);
		json_string(j, "label", f->label);
		json_array_begin(j, "values");
		for (size_t i = 0; i < f->nvalues; i++) {
			size_t v = f->order[i];
			json_array_begin(j, NULL);
			json_string(j, NULL, f->tt ? f->tt->terms[v].name : x->s->cfg->search[v]->name);
			json_string(j, NULL, value_label(x, f, v));
			json_array_end(j);
		}
		json_array_end(j);
		json_object_end(j);
	}
	json_array_end(j);
}

/* The docs, one a line: title, summary, folder, year, language of the text, then its facet values. Their
 * terms are gathered on the way. */
static void put_docs(struct json *j, struct index *x)
{
	json_array_begin(j, "docs");
	for (size_t d = 0; d < x->ndocs; d++) {
		const struct doc_entry *e = &x->docs[d];
		x->doc = (uint32_t)d;
		add_doc_terms(x, e);
		json_newline(j, 0);
		json_array_begin(j, NULL);
		json_string(j, NULL, e->title);
		put_summary(j, e->summary);
		json_string(j, NULL, e->it->dir);
		json_int(j, NULL, e->year);
		json_uint(j, NULL, e->text_lang);
		for (size_t k = 0; k < x->nfacets; k++)
			put_doc_values(j, x, &x->facets[k], e);
		json_array_end(j);
	}
	json_array_end(j);
}

void search_index(struct strbuf *out, const struct site *s, size_t lang)
{
	const struct config *cfg = s->cfg;
	struct index x = { 0 };
	const char *year = i18n_find(s->i18n, lang, "ui", "field_year");
	struct json j;

	x.s = s;
	x.lang = lang;
	x.code = cfg->languages[lang].code;
	search_stemmer_init(&x.stemmer, x.code);
	collect_docs(&x);
	build_facets(&x);

	strbuf_addstr(out, "jisiteSearch(");
	json_init(&j, out, JSON_COMPACT);
	json_object_begin(&j, NULL);
	json_int(&j, "v", 1);
	json_string(&j, "lang", x.code);
	json_array_begin(&j, "langs");
	for (size_t l = 0; l < cfg->nlanguages; l++) {
		json_array_begin(&j, NULL);
		json_string(&j, NULL, cfg->languages[l].code);
		json_string(&j, NULL, cfg->languages[l].rtl ? "rtl" : "ltr");
		json_array_end(&j);
	}
	json_array_end(&j);
	put_facets(&j, &x);
	json_string(&j, "year", year ? year : "Year");
	put_docs(&j, &x);
	put_terms(&j, &x);
	json_object_end(&j);
	strbuf_addstr(out, ");\n");

	folder_release(&x.folder);
	strbuf_release(&x.folded);
	strbuf_release(&x.tok);
	strbuf_release(&x.keys);
	strbuf_release(&x.stem);
	free(x.docs);
	free(x.terms);
	free(x.slots);
	free(x.last_doc);
	free(x.last_posting);
	free(x.stem_of);
	free(x.postings);
	free(x.names);
	arena_release(&x.a);
}
