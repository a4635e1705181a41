/* The load stage (see frontmatter.h). */
#include "frontmatter.h"

#include <errno.h>
#include <string.h>

#include "digest.h"

#include "util/utf8.h"
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

int frontmatter_parse(struct doc *d, struct arena *a, const char *text, size_t len, struct diag_list *diags)
{
	const char *end = text + len, *p, *yaml;
	size_t bad, open_len;
	unsigned line = 1, line_no, col;

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
		d->body = text;
		d->body_len = (size_t)(end - text);
		d->body_line = 0;
		return 0;
	}
	yaml = p = text + open_len;
	for (;;) {
		size_t close_len;
		line++;
		if (p >= end) {
			diag_error(diags, d->path, 1, 1, "front matter opened here is never closed: end it with a line '---'");
			return -1;
		}
		close_len = marker_line(p, end, "---");
		if (!close_len)
			close_len = marker_line(p, end, "...");
		if (close_len) {
			struct value *meta = NULL;
			if (yamltree_load(&meta, a, d->path, yaml, (size_t)(p - yaml), 1, NULL, diags))
				return -1;
			if (meta->kind == VALUE_MAP) {
				d->meta = meta;
			} else if (meta->kind != VALUE_NULL) {
				diag_error(diags, d->path, meta->line, meta->col,
					   "front matter must be fields ('title: ...'), not a %s", value_kind_name(meta->kind));
				return -1;
			}
			d->body = p + close_len;
			d->body_len = (size_t)(end - d->body);
			d->body_line = line;
			return 0;
		}
		p = memchr(p, '\n', (size_t)(end - p));
		p = p ? p + 1 : end;
	}
}

/* The doc's front matter from its cache record, when the file is the one cached. */
static bool load_cached(struct doc *d, struct arena *a, const struct cache_doc *cd)
{
	struct value *meta;

	static const struct source_stamp none;

	if (!cd || !memcmp(&d->stamp, &none, sizeof(none)) || memcmp(&cd->stamp, &d->stamp, sizeof(d->stamp)))
		return false;
	meta = cache_get_value(a, cd->meta, cd->meta_len);
	if (!meta)
		return false;
	d->meta = meta;
	d->meta_enc = cd->meta;
	d->meta_enc_len = cd->meta_len;
	memcpy(d->meta_digest, cd->meta_digest, DIGEST_LEN);
	d->body_offset = cd->body_offset;
	d->body_line = cd->body_line;
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

int frontmatter_load_all(struct scan *scan, struct arena *a, struct source *src, size_t max_bytes,
			 struct cache *cache, struct diag_list *diags)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < scan->ndocs; i++) {
		struct doc *d = &scan->docs[i];
		const struct cache_doc *cd = cache ? cache_find_doc(cache, d->path) : NULL;
		size_t before = diags->errors;

		if (load_cached(d, a, cd))
			goto links;
		strbuf_reset(&sb);
		if (src->read(src, d->path, &sb, max_bytes)) {
			if (errno == EFBIG)
				diag_error(diags, d->path, 1, 1, "file is larger than %zu bytes: split it", max_bytes);
			else
				diag_error(diags, d->path, 1, 1, "cannot read file: %s", strerror(errno));
			ret = -1;
			continue;
		}
		load_file(d, a, sb.buf, sb.len, diags);
		if (diags->errors != before)
			ret = -1;
	links:
		if (cd && cd->links_known && !memcmp(cd->digest, d->digest, DIGEST_LEN)) {
			d->links = cd->links;
			d->links_len = cd->links_len;
			d->links_known = true;
		}
	}
	strbuf_release(&sb);
	return ret;
}
