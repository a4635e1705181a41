/* The load stage (see frontmatter.h). */
#include "frontmatter.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

#include "digest.h"

#include "util/utf8.h"
#include "util/xalloc.h"
#include "yamltree.h"

/* Length of the line at p (up to end) if it is `marker` with optional trailing blanks and CR, else 0. */
static size_t marker_line(const char *p, const char *end, const char *marker)
{
	size_t m = strlen(marker);
	const char *q = p + m;

	if ((size_t)(end - p) < m || memcmp(p, marker, m))
		return 0;
	while (q < end && (*q == ' ' || *q == '\t'))
		q++;
	if (q < end && *q == '\r')
		q++;
	if (q == end)
		return (size_t)(q - p);
	return *q == '\n' ? (size_t)(q + 1 - p) : 0;
}

static const char *next_line(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl + 1 : end;
}

static bool blank_line(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	return p == end || *p == '\n';
}

/* The line that closes a block whose first line after the opening is p ('---', or '...' as YAML ends a
 * document), or NULL. *line, the number of the line before p, becomes the closing line's; *len gets its
 * length. */
static const char *find_close(const char *p, const char *end, unsigned *line, size_t *len)
{
	for (; p < end; p = next_line(p, end)) {
		(*line)++;
		*len = marker_line(p, end, "---");
		if (!*len)
			*len = marker_line(p, end, "...");
		if (*len)
			return p;
	}
	return NULL;
}

/*
 * A file whose first line is blank but whose first line that is not is '---', closed by another further
 * down, meant front matter. It is refused rather than taken: the other readers of these files (the web
 * editor's preview, Markdown tools) take front matter from the first line only, and would show the YAML as
 * text; and taken silently as text, it would be published as the page's. The error is at the '---', where
 * the fix (delete the blank lines) is plain. Returns 0, or -1 when reported.
 */
static int check_late_open(const struct doc *d, const char *text, const char *end, struct diag_list *diags)
{
	const char *p = text;
	unsigned line = 1, close_line;
	size_t open_len, close_len;

	while (p < end && blank_line(p, end)) {
		p = next_line(p, end);
		line++;
	}
	if (p == text || !(open_len = marker_line(p, end, "---")))
		return 0;
	close_line = line;
	if (!find_close(p + open_len, end, &close_line, &close_len))
		return 0; /* a thematic break after blank lines: Markdown */
	diag_error(diags, d->path, line, 1, "front matter must begin on the first line: delete the blank line%s "
		   "above this '---'", line > 2 ? "s" : "");
	return -1;
}

/* Only spaces, tabs and line ends: Markdown renders nothing of it. */
static bool blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return false;
	return true;
}

int frontmatter_parse(struct doc *d, struct arena *a, const char *text, size_t len, struct diag_list *diags)
{
	const char *end = text + len, *yaml, *close;
	size_t bad, open_len, close_len;
	unsigned line = 1, line_no, col;
	struct value *meta = NULL, *salvaged;

	if (!utf8_valid(text, len, &bad)) {
		utf8_position(text, bad, &line_no, &col);
		diag_error(diags, d->path, line_no, col, "%s (byte 0x%02x): save the file as UTF-8",
			   text[bad] ? "invalid UTF-8" : "NUL byte", (unsigned char)text[bad]);
		return -1;
	}
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		text += 3; /* a byte-order mark some editors write */
	d->meta = value_new_map(a);
	open_len = marker_line(text, end, "---");
	if (!open_len) {
		if (check_late_open(d, text, end, diags))
			return -1;
		d->body = text;
		d->body_len = (size_t)(end - text);
		d->body_line = 0;
		d->body_blank = blank(d->body, d->body_len);
		return 0;
	}
	yaml = text + open_len;
	close = find_close(yaml, end, &line, &close_len);
	if (!close) {
		diag_error(diags, d->path, 1, 1, "front matter opened here is never closed: end it with a line '---'");
		return -1;
	}
	if (yamltree_load_salvage(&meta, &salvaged, a, d->path, yaml, (size_t)(close - yaml), 1, NULL, diags)) {
		/* the fields whose values are well formed are still checked against the schema (site.c) */
		if (salvaged && salvaged->kind == VALUE_MAP) {
			d->meta = salvaged;
			d->meta_salvaged = true;
		}
		return -1;
	}
	if (meta->kind == VALUE_MAP) {
		d->meta = meta;
	} else if (meta->kind != VALUE_NULL) {
		diag_error(diags, d->path, meta->line, meta->col, "front matter must be fields ('title: ...'), not a %s",
			   value_kind_name(meta->kind));
		return -1;
	}
	d->body = close + close_len;
	d->body_len = (size_t)(end - d->body);
	d->body_line = line;
	d->body_blank = blank(d->body, d->body_len);
	return 0;
}

/* The doc's front matter from its cache record, when the file is the one cached. */
static bool load_cached(struct doc *d, struct arena *a, struct cache *cache, const struct cache_doc *cd)
{
	struct value *meta;

	static const struct source_stamp none;

	if (!cd || !memcmp(&d->stamp, &none, sizeof(none)) || memcmp(&cd->stamp, &d->stamp, sizeof(d->stamp)))
		return false;
	meta = cache_get_meta(cache, a, cd->meta, cd->meta_len);
	if (!meta)
		return false;
	d->meta = meta;
	d->meta_enc = cd->meta;
	d->meta_enc_len = cd->meta_len;
	memcpy(d->meta_digest, cd->meta_digest, DIGEST_LEN);
	d->body_offset = cd->body_offset;
	d->body_line = cd->body_line;
	d->body_blank = cd->body_blank;
	memcpy(d->digest, cd->digest, DIGEST_LEN);
	return true;
}

static void load_file(struct doc *d, struct arena *a, const char *text, size_t len, struct diag_list *diags)
{
	struct strbuf enc = STRBUF_INIT;
	struct digest dg;
	size_t before = diags->len;
	int failed = frontmatter_parse(d, a, text, len, diags);

	digest_init(&dg);
	digest_add(&dg, text, len);
	digest_final(&dg, d->digest);
	d->body_offset = d->body ? (size_t)(d->body - text) : 0;
	d->body = NULL;
	if (failed || diags->len != before)
		return;
	cache_put_value(&enc, d->meta);
	d->meta_enc = arena_memdup0(a, enc.buf, enc.len);
	d->meta_enc_len = enc.len;
	digest_init(&dg);
	digest_add(&dg, enc.buf, enc.len);
	digest_final(&dg, d->meta_digest);
	strbuf_release(&enc);
}

/* An original's fields in meta_enc (scan.h). The search's keys read them in every language: their
 * encoding is copied next to the others', out of the mapped cache, where each lay on a page of its own. */
static void find_fields(struct doc *d, struct arena *a)
{
	size_t (*fields)[2], n;

	if (!d->original || !d->meta_enc)
		return;
	d->meta_enc = arena_memdup0(a, d->meta_enc, d->meta_enc_len);
	n = cache_map_entries(d->meta_enc, d->meta_enc_len, NULL, 0);
	if (n == SIZE_MAX || n > SIZE_MAX / sizeof(*fields))
		return;
	fields = arena_alloc(a, (n ? n : 1) * sizeof(*fields));
	cache_map_entries(d->meta_enc, d->meta_enc_len, fields, n);
	d->meta_fields = (const size_t (*)[2])fields;
	d->nmeta_fields = n;
}

/* A share of the docs to read and parse, in a thread of its own: docs [lo, hi) of scan not taken from
 * the cache, their front matter in the share's arena and their problems in its list, taken over by the
 * caller in the order of the docs. */
struct load_share {
	struct scan *scan;
	struct source *src;
	const bool *cached;
	size_t max_bytes, lo, hi;
	struct arena arena;
	struct diag_list diags;
	int ret;
	pthread_t thread;
	bool threaded; /* in a thread of its own (otherwise in the caller's) */
};

static void *load_share(void *arg)
{
	struct load_share *ls = arg;
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = ls->lo; i < ls->hi; i++) {
		struct doc *d = &ls->scan->docs[i];
		size_t before = ls->diags.errors;

		if (ls->cached[i])
			continue;
		strbuf_reset(&sb);
		if (ls->src->read(ls->src, d->path, &sb, ls->max_bytes)) {
			if (errno == EFBIG)
				diag_error(&ls->diags, d->path, 1, 1, "file is larger than %zu bytes: split it",
					   ls->max_bytes);
			else
				diag_error(&ls->diags, d->path, 1, 1, "cannot read file: %s", strerror(errno));
			d->omitted = DOC_BROKEN;
			ls->ret = -1;
			continue;
		}
		load_file(d, &ls->arena, sb.buf, sb.len, &ls->diags);
		if (ls->diags.errors != before) {
			d->omitted = DOC_BROKEN; /* reported; the model goes on without it */
			ls->ret = -1;
		}
	}
	strbuf_release(&sb);
	return NULL;
}

/* Fewer docs to read than this are not worth a thread. */
#define LOAD_THREAD_MIN_DOCS 256

int frontmatter_load_all(struct scan *scan, struct arena *a, struct source *src, size_t max_bytes,
			 struct cache *cache, size_t jobs, struct diag_list *diags)
{
	bool *cached = xcalloc(scan->ndocs ? scan->ndocs : 1, sizeof(*cached));
	const struct cache_doc **cds = xcalloc(scan->ndocs ? scan->ndocs : 1, sizeof(*cds));
	struct load_share *shares;
	size_t nload = 0, nthreads;
	int ret = 0;

	/* the cache's look-ups are not for threads: first what it holds, in this thread */
	for (size_t i = 0; i < scan->ndocs; i++) {
		struct doc *d = &scan->docs[i];
		cds[i] = cache ? cache_find_doc(cache, d->path) : NULL;
		cached[i] = load_cached(d, a, cache, cds[i]);
		nload += !cached[i];
	}
	/* then the files, parsed in threads when the source can be read from several at once: reading,
	 * hashing and parsing 30,000 files is a sixth of a full build */
	nthreads = src->parallel_reads && nload >= LOAD_THREAD_MIN_DOCS ? jobs : 1;
	if (nthreads > nload / (LOAD_THREAD_MIN_DOCS / 2))
		nthreads = nload / (LOAD_THREAD_MIN_DOCS / 2); /* 128 files a thread at least */
	if (!nthreads)
		nthreads = 1;
	shares = xcalloc(nthreads, sizeof(*shares));
	for (size_t k = 0; k < nthreads; k++) {
		/* contiguous shares, so that the problems come in the order of the docs, whatever the threads */
		shares[k] = (struct load_share){ .scan = scan, .src = src, .cached = cached, .max_bytes = max_bytes,
						 .lo = scan->ndocs * k / nthreads, .hi = scan->ndocs * (k + 1) / nthreads };
		arena_init(&shares[k].arena);
		diag_list_init(&shares[k].diags);
	}
	for (size_t k = 1; k < nthreads; k++)
		shares[k].threaded = !pthread_create(&shares[k].thread, NULL, load_share, &shares[k]);
	load_share(&shares[0]);
	for (size_t k = 1; k < nthreads; k++) {
		if (shares[k].threaded)
			pthread_join(shares[k].thread, NULL);
		else
			load_share(&shares[k]); /* no thread could be made: here */
	}
	for (size_t k = 0; k < nthreads; k++) {
		arena_adopt(a, &shares[k].arena);
		diag_list_take(diags, &shares[k].diags);
		if (shares[k].ret)
			ret = -1;
	}
	for (size_t i = 0; i < scan->ndocs; i++) {
		struct doc *d = &scan->docs[i];
		const struct cache_doc *cd = cds[i];

		find_fields(d, a);
		if (cd && cd->links_known && !memcmp(cd->digest, d->digest, DIGEST_LEN)) {
			d->links = cd->links;
			d->links_len = cd->links_len;
			d->links_known = true;
		}
	}
	free(shares);
	free(cached);
	free(cds);
	return ret;
}
