/* Deterministic ZIP archives through libzip (see zipfile.h): entries go into an archive whose bytes live
 * in a libzip memory buffer, and come out of it in one piece when the archive is finished. Used by
 * offline bundles and by epub.c.
 *
 * libzip deflates through zlib, at 60 MB/s on the pages of a copy; libdeflate does it at twice that speed,
 * and the 13 copies of a large site are more than 500 MB of HTML. So entries are deflated here and handed
 * to libzip packed (packed_source), which writes them as they are. */
#include "zipfile.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>
#include <zip.h>

#include "util/utf8.h"
#include "util/xalloc.h"

/* 1980-01-01 00:00:00 UTC: the earliest time a ZIP entry can have. */
#define DOS_EPOCH 315532800

struct zipfile {
	zip_source_t *buffer; /* where libzip writes the archive; kept alive after zip_close to read it back */
	zip_t *za;
	char *path;
	struct diag_list *diags;
	zip_uint16_t dostime, dosdate;
	struct zipfile_packer *packer; /* made for the first entry */
};

/* libdeflate's level 4. Measured on the English copy of the 2,000-resource site (37.9 MB of pages), in
 * seconds and MB: level 1, 0.12 s and 10.08; 2, 0.18 and 9.95; 4, 0.22 and 9.76; 6, 0.35 and 9.62; 9, 0.56
 * and 9.58 (zlib's 9, which libzip used: 0.7 s). Packing is the largest part of a copy's cost: with the
 * bodies the render stage wrote (render.h), the 13 copies take 0.6 times as long as the site's build at
 * level 1, 0.75 at 2, 0.8 at 4 and 1.05 at 6 (make bench's measure). Level 4 costs 1.5 % more bytes than 6. */
#define DEFLATE_LEVEL 4

struct zipfile *zipfile_new(const char *path, struct diag_list *diags)
{
	struct zipfile *z = xcalloc(1, sizeof(*z));
	zip_error_t err;

	zip_error_init(&err);
	z->path = xstrdup(path);
	z->diags = diags;
	zipfile_set_time(z, DOS_EPOCH);
	z->buffer = zip_source_buffer_create(NULL, 0, 0, &err);
	if (z->buffer) {
		zip_source_keep(z->buffer); /* one reference for libzip's archive, one for reading it back */
		z->za = zip_open_from_source(z->buffer, ZIP_CREATE | ZIP_TRUNCATE, &err);
	}
	/* An empty memory buffer can only fail for want of memory: as with xmalloc, that is fatal. */
	if (!z->za) {
		fprintf(stderr, "jisite: fatal: cannot start a zip archive: %s\n", zip_error_strerror(&err));
		abort();
	}
	zip_error_fini(&err);
	return z;
}

void zipfile_set_time(struct zipfile *z, time_t t)
{
	struct tm tm;

	/*
	 * zip_file_set_mtime() converts with localtime(): the same build in another time zone would give other
	 * bytes. The DOS fields are filled here from UTC instead.
	 */
	if (t < DOS_EPOCH || !gmtime_r(&t, &tm)) {
		t = DOS_EPOCH;
		gmtime_r(&t, &tm);
	}
	if (tm.tm_year + 1900 > 2107) {
		tm.tm_year = 2107 - 1900;
		tm.tm_mon = 11;
		tm.tm_mday = 31;
		tm.tm_hour = 23;
		tm.tm_min = 59;
		tm.tm_sec = 59;
	}
	z->dosdate = (zip_uint16_t)(((tm.tm_year + 1900 - 1980) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
	z->dostime = (zip_uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
}

/* Why name could escape the archive's folder or not be extracted the same everywhere, or NULL. */
const char *zipfile_name_problem(const char *name)
{
	size_t len = strlen(name), bad, start = 0;

	if (!len)
		return "it is empty";
	if (!utf8_valid(name, len, &bad))
		return "it is not UTF-8";
	if (name[0] == '/')
		return "it is absolute";
	for (size_t i = 0; i <= len; i++) {
		unsigned char c = (unsigned char)name[i];

		/* Windows extractors take '\\' for a separator and "C:" for a drive */
		if (c == '\\' || c == ':')
			return "it has a '\\' or ':'";
		if ((c && c < 0x20) || c == 0x7F)
			return "it has a control character";
		if (c && c != '/')
			continue;
		if (i == start)
			return "it has an empty component";
		if ((i - start == 1 && name[start] == '.') || (i - start == 2 && !memcmp(name + start, "..", 2)))
			return "it has a '.' or '..' component";
		start = i + 1;
	}
	return NULL;
}

/* Reports libzip's last error about entry name (NULL: the archive) and clears it. Returns -1. */
static int zipfile_fail(struct zipfile *z, const char *name)
{
	zip_error_t *err = zip_get_error(z->za);

	if (!name)
		diag_error(z->diags, z->path, 0, 0, "cannot write the zip archive: %s", zip_error_strerror(err));
	else if (zip_error_code_zip(err) == ZIP_ER_EXISTS)
		diag_error(z->diags, z->path, 0, 0, "duplicate archive entry '%s'", name);
	else
		diag_error(z->diags, z->path, 0, 0, "cannot add '%s' to the zip archive: %s", name,
			   zip_error_strerror(err));
	zip_error_clear(z->za);
	return -1;
}

/*
 * A libzip source for bytes packed already: deflated (or stored) data, with the size and CRC-32 of what it
 * stands for. Its stat says so, and libzip then writes it as it is. It owns data.
 */
struct packed {
	char *data;
	size_t len, pos;
	struct zipfile_raw raw;
	zip_error_t error; /* what went wrong, for ZIP_SOURCE_ERROR */
};

static zip_int64_t packed_source(void *ctx, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct packed *p = ctx;

	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		p->pos = 0;
		return 0;
	case ZIP_SOURCE_READ: {
		size_t n = p->len - p->pos < len ? p->len - p->pos : (size_t)len;
		if (n)
			memcpy(data, p->data + p->pos, n);
		p->pos += n;
		return (zip_int64_t)n;
	}
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;
		if (len < sizeof(*st)) {
			zip_error_set(&p->error, ZIP_ER_INVAL, 0);
			return -1;
		}
		zip_stat_init(st);
		st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC |
			    ZIP_STAT_ENCRYPTION_METHOD;
		st->size = p->raw.size;
		st->comp_size = p->len;
		st->comp_method = p->raw.deflated ? ZIP_CM_DEFLATE : ZIP_CM_STORE;
		st->crc = p->raw.crc;
		st->encryption_method = ZIP_EM_NONE;
		return sizeof(*st);
	}
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&p->error, data, len);
	case ZIP_SOURCE_FREE:
		zip_error_fini(&p->error);
		free(p->data);
		free(p);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
						      ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		zip_error_set(&p->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

/* Adds entry name from src, which the archive then owns, with the archive's permissions. A stored entry is
 * told so: libzip would deflate it otherwise. */
static int add_source(struct zipfile *z, const char *name, zip_source_t *src, bool stored)
{
	zip_int64_t idx = zip_file_add(z->za, name, src, ZIP_FL_ENC_UTF_8);

	if (idx < 0) {
		zip_source_free(src);
		return zipfile_fail(z, name);
	}
	if ((stored && zip_set_file_compression(z->za, (zip_uint64_t)idx, ZIP_CM_STORE, 0) < 0) ||
	    zip_file_set_external_attributes(z->za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX, 0100644u << 16) < 0) {
		zipfile_fail(z, name);
		zip_delete(z->za, (zip_uint64_t)idx);
		return -1;
	}
	return 0;
}

/* Adds entry name from the bytes data[0..raw->len), which the archive takes. */
static int add_packed(struct zipfile *z, const char *name, char *data, const struct zipfile_raw *raw)
{
	const char *problem = zipfile_name_problem(name);
	struct packed *p;
	zip_source_t *src;

	if (problem) {
		free(data);
		diag_error(z->diags, z->path, 0, 0, "unsafe archive entry name '%s': %s", name, problem);
		return -1;
	}
	p = xcalloc(1, sizeof(*p));
	*p = (struct packed){ .data = data, .len = raw->len, .raw = *raw };
	p->raw.data = NULL;
	zip_error_init(&p->error);
	src = zip_source_function(z->za, packed_source, p);
	if (!src) {
		zip_error_fini(&p->error);
		free(data);
		free(p);
		return zipfile_fail(z, name);
	}
	return add_source(z, name, src, !raw->deflated);
}

int zipfile_add_raw(struct zipfile *z, const char *name, const struct zipfile_raw *raw)
{
	return add_packed(z, name, raw->len ? xmemdup0(raw->data, raw->len) : NULL, raw);
}

struct zipfile_packer {
	struct libdeflate_compressor *deflater;
	struct libdeflate_decompressor *inflater; /* made for the first entry to compare */
	struct strbuf out;
};

struct zipfile_packer *zipfile_packer_new(void)
{
	struct zipfile_packer *p = xcalloc(1, sizeof(*p));

	p->deflater = libdeflate_alloc_compressor(DEFLATE_LEVEL);
	if (!p->deflater) {
		fprintf(stderr, "jisite: fatal: out of memory\n");
		abort();
	}
	strbuf_init(&p->out, 0);
	return p;
}

void zipfile_packer_free(struct zipfile_packer *p)
{
	if (!p)
		return;
	libdeflate_free_compressor(p->deflater);
	libdeflate_free_decompressor(p->inflater);
	strbuf_release(&p->out);
	free(p);
}

bool zipfile_raw_holds(struct zipfile_packer *p, const struct zipfile_raw *raw, const void *data, size_t len)
{
	size_t got = 0;

	if (raw->size != len || raw->crc != (uint32_t)libdeflate_crc32(0, data, len))
		return false;
	if (!raw->deflated)
		return raw->len == len && (!len || !memcmp(raw->data, data, len));
	if (!p->inflater && !(p->inflater = libdeflate_alloc_decompressor())) {
		fprintf(stderr, "jisite: fatal: out of memory\n");
		abort();
	}
	strbuf_reset(&p->out);
	strbuf_grow(&p->out, len + 1);
	return libdeflate_deflate_decompress(p->inflater, raw->data, raw->len, p->out.buf, len, &got) ==
		       LIBDEFLATE_SUCCESS &&
	       got == len && !memcmp(p->out.buf, data, len);
}

void zipfile_pack(struct zipfile_packer *p, const void *data, size_t len, enum zipfile_method method,
		  struct zipfile_raw *raw)
{
	size_t bound, n = 0;

	*raw = (struct zipfile_raw){ .data = data, .len = len, .size = len,
				     .crc = (uint32_t)libdeflate_crc32(0, data, len) };
	if (method != ZIPFILE_DEFLATE || !len)
		return;
	bound = libdeflate_deflate_compress_bound(p->deflater, len);
	strbuf_reset(&p->out);
	strbuf_grow(&p->out, bound);
	n = libdeflate_deflate_compress(p->deflater, data, len, p->out.buf, bound);
	if (!n || n >= len)
		return; /* better stored */
	strbuf_setlen(&p->out, n);
	raw->data = p->out.buf;
	raw->len = n;
	raw->deflated = true;
}

void zipfile_version(struct strbuf *out)
{
	strbuf_addf(out, "libdeflate %s level %d", LIBDEFLATE_VERSION_STRING, DEFLATE_LEVEL);
}

int zipfile_add(struct zipfile *z, const char *name, const void *data, size_t len, enum zipfile_method method)
{
	struct zipfile_raw raw;

	if (!z->packer)
		z->packer = zipfile_packer_new();
	zipfile_pack(z->packer, data, len, method, &raw);
	return zipfile_add_raw(z, name, &raw);
}

/* ASCII case-insensitive equality, whatever the locale. */
static bool zipfile_ext_is(const char *ext, const char *lower)
{
	for (; *ext && *lower; ext++, lower++)
		if ((*ext >= 'A' && *ext <= 'Z' ? *ext - 'A' + 'a' : *ext) != *lower)
			return false;
	return !*ext && !*lower;
}

enum zipfile_method zipfile_method_for(const char *name)
{
	static const char *const packed[] = { "pdf", "png",  "jpg", "jpeg", "gif", "webp", "avif",
					      "mp3", "mp4",  "m4a", "ogg",  "opus", "webm", "zip",
					      "epub", "gz",  "br",  "woff", "woff2" };
	const char *base = strrchr(name, '/'), *dot;

	dot = strrchr(base ? base + 1 : name, '.');
	if (!dot)
		return ZIPFILE_DEFLATE;
	for (size_t i = 0; i < sizeof(packed) / sizeof(packed[0]); i++)
		if (zipfile_ext_is(dot + 1, packed[i]))
			return ZIPFILE_STORE;
	return ZIPFILE_DEFLATE;
}

/* Appends what zip_close() wrote into the memory buffer. */
static int zipfile_read_back(struct zipfile *z, struct strbuf *out)
{
	zip_stat_t st;
	zip_int64_t n = -1;

	zip_stat_init(&st);
	if (zip_source_open(z->buffer) < 0)
		goto fail;
	if (zip_source_stat(z->buffer, &st) == 0 && (st.valid & ZIP_STAT_SIZE)) {
		strbuf_grow(out, st.size);
		n = zip_source_read(z->buffer, out->buf + out->len, st.size);
	}
	zip_source_close(z->buffer);
	if (n < 0 || (zip_uint64_t)n != st.size)
		goto fail;
	strbuf_setlen(out, out->len + (size_t)n);
	return 0;
fail:
	diag_error(z->diags, z->path, 0, 0, "cannot read the zip archive back: %s",
		   zip_error_strerror(zip_source_error(z->buffer)));
	return -1;
}

int zipfile_finish(struct zipfile *z, struct strbuf *out)
{
	/* the end of central directory record of an archive without entries: libzip writes no bytes at all */
	static const char empty[22] = "PK\5\6";
	zip_int64_t n = zip_get_num_entries(z->za, 0);
	size_t live = 0;
	int ret = -1;

	for (zip_uint64_t i = 0; i < (zip_uint64_t)n; i++) {
		zip_stat_t st;

		if (zip_stat_index(z->za, i, 0, &st) < 0) { /* an entry zipfile_add took back */
			zip_error_clear(z->za);
			continue;
		}
		if (zip_file_set_dostime(z->za, i, z->dostime, z->dosdate, 0) < 0) {
			zipfile_fail(z, NULL);
			goto cleanup;
		}
		live++;
	}
	if (!live) {
		strbuf_add(out, empty, sizeof(empty));
		ret = 0;
		goto cleanup;
	}
	if (zip_close(z->za) < 0) {
		zipfile_fail(z, NULL);
		goto cleanup;
	}
	z->za = NULL;
	ret = zipfile_read_back(z, out);
cleanup:
	zipfile_free(z);
	return ret;
}

void zipfile_free(struct zipfile *z)
{
	if (!z)
		return;
	if (z->za)
		zip_discard(z->za);
	zip_source_free(z->buffer);
	zipfile_packer_free(z->packer);
	free(z->path);
	free(z);
}

/* ---- reading ---- */

struct zipfile_reader {
	zip_t *za;
	char *path;
	char **names;
	zip_uint64_t *index; /* names[i] is libzip's entry index[i] */
	size_t *sorted;      /* the entries by name, for zipfile_find */
	size_t n;
	struct diag_list *diags;
};

static int zipfile_reader_fail(struct zipfile_reader *r, const char *what, const char *name, zip_error_t *err)
{
	diag_error(r->diags, r->path, 0, 0, "%s%s%s%s: %s", what, name ? " '" : "", name ? name : "", name ? "'" : "",
	           zip_error_strerror(err));
	return -1;
}

/* The reader whose entries qsort is sorting: qsort passes no context, and threads may open readers at once. */
static _Thread_local const struct zipfile_reader *sorting_reader;

/* By name, then (an archive may hold a name twice) by place in the archive. */
static int by_name(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	int cmp = strcmp(sorting_reader->names[a], sorting_reader->names[b]);

	return cmp ? cmp : (a > b) - (a < b);
}

static int zipfile_reader_list(struct zipfile_reader *r, size_t max_entry)
{
	zip_int64_t n = zip_get_num_entries(r->za, 0);

	r->names = xcalloc(n > 0 ? (size_t)n : 1, sizeof(*r->names));
	r->index = xcalloc(n > 0 ? (size_t)n : 1, sizeof(*r->index));
	for (zip_uint64_t i = 0; n > 0 && i < (zip_uint64_t)n; i++) {
		zip_stat_t st;
		const char *problem;

		zip_stat_init(&st);
		if (zip_stat_index(r->za, i, 0, &st) < 0 || !(st.valid & ZIP_STAT_NAME) || !(st.valid & ZIP_STAT_SIZE))
			return zipfile_reader_fail(r, "cannot read the archive's list", NULL, zip_get_error(r->za));
		if (st.name[0] && st.name[strlen(st.name) - 1] == '/')
			continue; /* a folder: its files say where they go */
		problem = zipfile_name_problem(st.name);
		if (problem) {
			diag_error(r->diags, r->path, 0, 0, "unsafe archive entry name '%s': %s", st.name, problem);
			return -1;
		}
		if (st.size > max_entry) {
			diag_error(r->diags, r->path, 0, 0, "archive entry '%s' is too large (%llu bytes)", st.name,
			           (unsigned long long)st.size);
			return -1;
		}
		r->index[r->n] = i;
		r->names[r->n++] = xstrdup(st.name);
	}
	r->sorted = xcalloc(r->n + 1, sizeof(*r->sorted));
	for (size_t i = 0; i < r->n; i++)
		r->sorted[i] = i;
	sorting_reader = r;
	qsort(r->sorted, r->n, sizeof(*r->sorted), by_name);
	sorting_reader = NULL;
	return 0;
}

struct zipfile_reader *zipfile_open(const char *path, const void *data, size_t len, size_t max_entry,
                                    struct diag_list *diags)
{
	struct zipfile_reader *r = xcalloc(1, sizeof(*r));
	zip_source_t *src;
	zip_error_t err;

	zip_error_init(&err);
	r->path = xstrdup(path);
	r->diags = diags;
	src = zip_source_buffer_create(data, len, 0, &err);
	if (src) {
		r->za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
		if (!r->za)
			zip_source_free(src);
	}
	if (!r->za) {
		zipfile_reader_fail(r, "not a zip archive, or a damaged one", NULL, &err);
		zip_error_fini(&err);
		zipfile_close(r);
		return NULL;
	}
	zip_error_fini(&err);
	if (zipfile_reader_list(r, max_entry)) {
		zipfile_close(r);
		return NULL;
	}
	return r;
}

size_t zipfile_count(const struct zipfile_reader *r)
{
	return r->n;
}

const char *zipfile_name(const struct zipfile_reader *r, size_t i)
{
	return r->names[i];
}

size_t zipfile_find(const struct zipfile_reader *r, const char *name)
{
	size_t lo = 0, hi = r->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(r->names[r->sorted[mid]], name);
		if (!cmp) {
			while (mid > lo && !strcmp(r->names[r->sorted[mid - 1]], name))
				mid--; /* the first of that name, as a walk through the archive finds it */
			return r->sorted[mid];
		}
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (size_t)-1;
}

/*
 * Appends entry i's len bytes to out: as the archive holds them with ZIP_FL_COMPRESSED, inflated without.
 * One byte more than it says it holds must not be there, and reading to the end checks the CRC of an
 * inflated entry. Returns 0, or -1 after reporting why (out is left as it was).
 */
static int read_entry(struct zipfile_reader *r, size_t i, zip_flags_t flags, zip_uint64_t len, struct strbuf *out)
{
	zip_file_t *f = zip_fopen_index(r->za, r->index[i], flags);
	size_t before = out->len;
	zip_int64_t got;

	if (!f)
		return zipfile_reader_fail(r, "cannot read archive entry", r->names[i], zip_get_error(r->za));
	strbuf_grow(out, len + 1);
	got = zip_fread(f, out->buf + before, len);
	if (got == (zip_int64_t)len && zip_fread(f, out->buf + before + len, 1) != 0)
		got = -1;
	if (got != (zip_int64_t)len) {
		zipfile_reader_fail(r, "damaged archive entry", r->names[i], zip_file_get_error(f));
		zip_fclose(f);
		out->buf[before] = '\0';
		return -1;
	}
	zip_fclose(f);
	strbuf_setlen(out, before + len);
	return 0;
}

static int stat_entry(struct zipfile_reader *r, size_t i, zip_stat_t *st)
{
	zip_stat_init(st);
	if (zip_stat_index(r->za, r->index[i], 0, st) < 0)
		return zipfile_reader_fail(r, "cannot read archive entry", r->names[i], zip_get_error(r->za));
	return 0;
}

int zipfile_read(struct zipfile_reader *r, size_t i, struct strbuf *out)
{
	zip_stat_t st;

	return stat_entry(r, i, &st) || read_entry(r, i, 0, st.size, out) ? -1 : 0;
}

int zipfile_read_raw(struct zipfile_reader *r, size_t i, struct strbuf *out, struct zipfile_raw *raw)
{
	const zip_uint64_t needed = ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC;
	size_t before = out->len;
	zip_stat_t st;

	if (stat_entry(r, i, &st))
		return -1;
	/* libzip's open checked that the packed bytes lie inside the archive: comp_size is bounded by it */
	if ((st.valid & needed) != needed || (st.comp_method != ZIP_CM_DEFLATE && st.comp_method != ZIP_CM_STORE) ||
	    ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)) {
		diag_error(r->diags, r->path, 0, 0, "archive entry '%s' is packed in a way this tool does not copy",
			   r->names[i]);
		return -1;
	}
	if (read_entry(r, i, ZIP_FL_COMPRESSED, st.comp_size, out))
		return -1;
	*raw = (struct zipfile_raw){ .data = out->buf + before, .len = (size_t)st.comp_size, .size = st.size,
				     .crc = st.crc, .deflated = st.comp_method == ZIP_CM_DEFLATE };
	return 0;
}

void zipfile_close(struct zipfile_reader *r)
{
	if (!r)
		return;
	if (r->za)
		zip_discard(r->za);
	for (size_t i = 0; i < r->n; i++)
		free(r->names[i]);
	free(r->names);
	free(r->index);
	free(r->sorted);
	free(r->path);
	free(r);
}
