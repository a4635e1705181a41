/* The build cache (see cache.h). The file is little-endian and versioned:
 *
 *   "jisite cache 6\n"  generator, options, inputs (32 bytes each)  today (10 bytes)
 *   out_dev, out_ino, out_ctime_sec, out_ctime_nsec  next_release (+ 1: 0 for none)
 *   warnings: n, bytes   sort keys: n, bytes   docs: n, then per doc: path\0 stamp digest body_offset
 *   body_line body_blank meta: n, bytes meta_digest  links: known, n, bytes
 *   spare: dev ino ctime_sec ctime_nsec, changed: n, then n paths\0
 *   outputs: n, then per output: rel\0 key
 *   the checksum of everything before it (8 bytes)
 *
 * Numbers are unsigned LEB128 varints; every length is checked against the end of the file and the
 * checksum against the rest, so a cache cut short or damaged is refused rather than trusted.
 */
#include "cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/bytes.h"
#include "util/fs.h"
#include "util/faults.h"
#include "util/xalloc.h"

static const char magic[] = "jisite cache 7\n";

#define CHECKSUM_LEN 8

/* ---- finding records by path: open addressing over FNV-1a ---- */

struct cache_table {
	size_t mask;
	size_t *slots; /* index + 1; 0 is empty */
};

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static struct cache_table *table_new(size_t n, const char *(*name)(const void *, size_t), const void *items)
{
	struct cache_table *t = xcalloc(1, sizeof(*t));
	size_t size = 16;

	while (size < 2 * n)
		size *= 2;
	t->mask = size - 1;
	t->slots = xcalloc(size, sizeof(*t->slots));
	for (size_t i = 0; i < n; i++) {
		size_t k = (size_t)fnv1a(name(items, i)) & t->mask;
		while (t->slots[k])
			k = (k + 1) & t->mask;
		t->slots[k] = i + 1;
	}
	return t;
}

static void table_free(struct cache_table *t)
{
	if (t)
		free(t->slots);
	free(t);
}

static const char *doc_name(const void *items, size_t i)
{
	return ((const struct cache_doc *)items)[i].path;
}

static const char *output_name(const void *items, size_t i)
{
	return ((const struct cache_output *)items)[i].rel;
}

static const void *table_find(const struct cache_table *t, const char *key,
			      const char *(*name)(const void *, size_t), const void *items, size_t size)
{
	size_t k;

	if (!t)
		return NULL;
	for (k = (size_t)fnv1a(key) & t->mask; t->slots[k]; k = (k + 1) & t->mask)
		if (!strcmp(name(items, t->slots[k] - 1), key))
			return (const char *)items + (t->slots[k] - 1) * size;
	return NULL;
}

/*
 * A build asks for records mostly in the order the last one saved them (the scan's order, the order its
 * outputs were made): the record after the last one found is tried first. A miss (the build jumps ahead,
 * or asks for a record the cache does not have) compares every record in turn, which costs less than
 * making the table for the few misses a build has; after MAX_SCANS of them, the table is made.
 */
#define MAX_SCANS 4

struct finder {
	const void *items;
	size_t n, size;
	const char *(*name)(const void *, size_t);
};

static const void *find_record(const struct finder *f, struct cache_table **table, size_t *next, unsigned *scans,
			       const char *key)
{
	const char *items = f->items;
	const void *found = NULL;

	if (*next < f->n && !strcmp(f->name(items, *next), key))
		return items + (*next)++ * f->size;
	if (!*table && *scans < MAX_SCANS) {
		(*scans)++;
		for (size_t k = 0; k < f->n && !found; k++)
			if (!strcmp(f->name(items, k), key))
				found = items + k * f->size;
	} else {
		if (!*table && f->n)
			*table = table_new(f->n, f->name, items);
		found = table_find(*table, key, f->name, items, f->size);
	}
	if (found)
		*next = (size_t)((const char *)found - items) / f->size + 1;
	return found;
}

const struct cache_doc *cache_find_doc(struct cache *c, const char *path)
{
	struct finder f = { .items = c->docs, .n = c->ndocs, .size = sizeof(*c->docs), .name = doc_name };

	return find_record(&f, &c->doc_table, &c->next_doc, &c->doc_scans, path);
}

const struct cache_output *cache_find_output(struct cache *c, const char *rel)
{
	struct finder f = { .items = c->outputs, .n = c->noutputs, .size = sizeof(*c->outputs), .name = output_name };

	return find_record(&f, &c->output_table, &c->next_output, &c->output_scans, rel);
}

/* ---- encoding ---- */

static const char *get_bytes(struct bytes_reader *r, size_t *len)
{
	uint64_t n = bytes_get_varint(r);
	const char *p = n <= SIZE_MAX ? bytes_get_raw(r, (size_t)n) : NULL;

	*len = p ? (size_t)n : 0;
	if (!p)
		r->bad = 1;
	return p;
}

static void get_fixed(struct bytes_reader *r, void *out, size_t len)
{
	const char *p = bytes_get_raw(r, len);

	if (p)
		memcpy(out, p, len);
	else
		memset(out, 0, len);
}

/* Values: kind, line, col, then the payload; strings keep their NUL so they can be borrowed. */
void cache_put_value(struct strbuf *out, const struct value *v)
{
	strbuf_addch(out, (char)v->kind);
	bytes_put_varint(out, v->line);
	bytes_put_varint(out, v->col);
	switch (v->kind) {
	case VALUE_NULL:
		break;
	case VALUE_BOOL:
		strbuf_addch(out, v->u.b ? 1 : 0);
		break;
	case VALUE_INT:
		bytes_put_varint(out, (uint64_t)v->u.i);
		break;
	case VALUE_FLOAT: {
		uint64_t bits;
		memcpy(&bits, &v->u.f, sizeof(bits));
		bytes_put_varint(out, bits);
		break;
	}
	case VALUE_STRING:
		bytes_put_varint(out, v->u.str.len);
		strbuf_add(out, v->u.str.ptr, v->u.str.len);
		strbuf_addch(out, '\0');
		break;
	case VALUE_LIST:
		bytes_put_varint(out, v->u.list.len);
		for (size_t i = 0; i < v->u.list.len; i++)
			cache_put_value(out, v->u.list.items[i]);
		break;
	case VALUE_MAP:
		bytes_put_varint(out, v->u.map.len);
		for (size_t i = 0; i < v->u.map.len; i++) {
			cache_put_value(out, v->u.map.entries[i].key);
			cache_put_value(out, v->u.map.entries[i].val);
		}
		break;
	}
}

/* The names of fields, interned: a few dozen names are the keys of hundreds of thousands of maps, and
 * every lookup compares them. Borrowed from the mapped file, each map's lay on a page of its own, and a
 * lookup's comparisons were mostly misses of the processor's caches; interned, they sit together. */
struct cache_keys {
	size_t mask, n;
	char **slots; /* owned copies, NUL-terminated */
	size_t *lens;
};

static uint64_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static const char *intern(struct cache *c, const char *s, size_t len)
{
	struct cache_keys *k = c->keys;
	size_t i;

	if (!k) {
		k = c->keys = xcalloc(1, sizeof(*k));
		k->mask = 63;
		k->slots = xcalloc(k->mask + 1, sizeof(*k->slots));
		k->lens = xcalloc(k->mask + 1, sizeof(*k->lens));
	}
	for (i = (size_t)hash_bytes(s, len) & k->mask; k->slots[i]; i = (i + 1) & k->mask)
		if (k->lens[i] == len && !memcmp(k->slots[i], s, len))
			return k->slots[i];
	if (2 * (k->n + 1) > k->mask + 1)
		return s; /* more names than a site has: the rest stay borrowed */
	k->slots[i] = xmemdup0(s, len);
	k->lens[i] = len;
	k->n++;
	return k->slots[i];
}

static void keys_free(struct cache_keys *k)
{
	for (size_t i = 0; k && i <= k->mask; i++)
		free(k->slots[i]);
	if (k) {
		free(k->slots);
		free(k->lens);
	}
	free(k);
}

/* keys: the cache whose table interns the keys of maps, or NULL to borrow them as any string. */
static struct value *get_value(struct arena *a, struct bytes_reader *r, unsigned depth, struct cache *keys,
			       bool is_key)
{
	struct value *v;
	int kind;
	unsigned line, col;
	uint64_t n;

	if (r->bad || r->p >= r->end || depth > 200) {
		r->bad = 1;
		return NULL;
	}
	kind = (unsigned char)*r->p++;
	line = (unsigned)bytes_get_varint(r);
	col = (unsigned)bytes_get_varint(r);
	switch (kind) {
	case VALUE_NULL:
		v = value_new(a, VALUE_NULL);
		break;
	case VALUE_BOOL: {
		const char *b = bytes_get_raw(r, 1);
		v = value_new_bool(a, b && *b);
		break;
	}
	case VALUE_INT:
		v = value_new_int(a, (int64_t)bytes_get_varint(r));
		break;
	case VALUE_FLOAT: {
		uint64_t bits = bytes_get_varint(r);
		double f;
		memcpy(&f, &bits, sizeof(f));
		v = value_new_float(a, f);
		break;
	}
	case VALUE_STRING: {
		n = bytes_get_varint(r);
		const char *s = n < SIZE_MAX ? bytes_get_raw(r, (size_t)n + 1) : NULL;
		if (!s || s[n]) {
			r->bad = 1;
			return NULL;
		}
		v = value_new_string_borrowed(a, keys && is_key ? intern(keys, s, (size_t)n) : s, (size_t)n);
		break;
	}
	case VALUE_LIST:
		v = value_new_list(a);
		n = bytes_get_varint(r);
		for (uint64_t i = 0; i < n && !r->bad; i++) {
			struct value *item = get_value(a, r, depth + 1, keys, false);
			if (item)
				value_list_push(a, v, item);
		}
		break;
	case VALUE_MAP:
		v = value_new_map(a);
		n = bytes_get_varint(r);
		for (uint64_t i = 0; i < n && !r->bad; i++) {
			struct value *key = get_value(a, r, depth + 1, keys, true);
			struct value *val = get_value(a, r, depth + 1, keys, false);
			if (!key || !val || key->kind != VALUE_STRING) {
				r->bad = 1;
				break;
			}
			value_map_add(a, v, key, val);
		}
		break;
	default:
		r->bad = 1;
		return NULL;
	}
	if (r->bad)
		return NULL;
	v->line = line;
	v->col = col;
	return v;
}

struct value *cache_get_value(struct arena *a, const char *data, size_t len)
{
	struct bytes_reader r = { data, data + len, 0 };
	struct value *v = get_value(a, &r, 0, NULL, false);

	return r.bad || r.p != r.end ? NULL : v;
}

struct value *cache_get_meta(struct cache *c, struct arena *a, const char *data, size_t len)
{
	struct bytes_reader r = { data, data + len, 0 };
	struct value *v = get_value(a, &r, 0, c, false);

	return r.bad || r.p != r.end ? NULL : v;
}

/* Skips one encoded value; false when it is malformed. */
static bool skip_value(struct bytes_reader *r, unsigned depth)
{
	int kind;
	uint64_t n;

	if (r->bad || r->p >= r->end || depth > 200) {
		r->bad = 1;
		return false;
	}
	kind = (unsigned char)*r->p++;
	bytes_get_varint(r); /* line */
	bytes_get_varint(r); /* column */
	switch (kind) {
	case VALUE_NULL:
		break;
	case VALUE_BOOL:
		bytes_get_raw(r, 1);
		break;
	case VALUE_INT:
	case VALUE_FLOAT:
		bytes_get_varint(r);
		break;
	case VALUE_STRING:
		n = bytes_get_varint(r);
		if (n >= SIZE_MAX || !bytes_get_raw(r, (size_t)n + 1))
			r->bad = 1;
		break;
	case VALUE_LIST:
	case VALUE_MAP:
		n = bytes_get_varint(r);
		if (kind == VALUE_MAP && n > UINT64_MAX / 2)
			r->bad = 1;
		for (uint64_t i = 0; i < (kind == VALUE_MAP ? 2 * n : n) && !r->bad; i++)
			skip_value(r, depth + 1);
		break;
	default:
		r->bad = 1;
	}
	return !r->bad;
}

size_t cache_map_entries(const char *data, size_t len, size_t (*ranges)[2], size_t max)
{
	struct bytes_reader r = { data, data + len, 0 };
	uint64_t n;

	if (!len || (unsigned char)*r.p++ != VALUE_MAP)
		return SIZE_MAX;
	bytes_get_varint(&r);
	bytes_get_varint(&r);
	n = bytes_get_varint(&r);
	for (uint64_t i = 0; i < n && !r.bad; i++) {
		size_t start = (size_t)(r.p - data);
		if (!skip_value(&r, 1) || !skip_value(&r, 1))
			break;
		if (i < max) {
			ranges[i][0] = start;
			ranges[i][1] = (size_t)(r.p - data) - start;
		}
	}
	return r.bad || r.p != r.end || n >= SIZE_MAX ? SIZE_MAX : (size_t)n;
}

/* ---- the file ---- */

/*
 * The checksum only tells damage (a file cut short, a flipped byte), not tampering: the cache is the build's
 * own file. SHA-256 of the whole file cost an incremental build of a large site 40 ms (tens of megabytes,
 * read and written); this runs ten times faster. Four lanes of xxHash64's round take a 32-byte block, a
 * word each: a round is a bijection of its lane and of its word, so a change within one word (a flipped
 * byte) always changes the sum, and a file is checksummed alike in one piece or in whole blocks.
 */
#define CHECKSUM_BLOCK 32
#define PRIME1 0x9E3779B185EBCA87ULL
#define PRIME2 0xC2B2AE3D27D4EB4FULL
#define PRIME3 0x165667B19E3779F9ULL

struct checksum {
	uint64_t lane[4];
	uint64_t len;
};

static uint64_t rotl64(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t get_le64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v)); /* one load */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

static void checksum_init(struct checksum *cs)
{
	cs->lane[0] = PRIME1 + PRIME2;
	cs->lane[1] = PRIME2;
	cs->lane[2] = 0;
	cs->lane[3] = -PRIME1;
	cs->len = 0;
}

/* Adds len bytes, whole blocks only: the data but its last piece. */
static void checksum_blocks(struct checksum *cs, const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t a = cs->lane[0], b = cs->lane[1], c = cs->lane[2], d = cs->lane[3];

	for (size_t i = 0; i + CHECKSUM_BLOCK <= len; i += CHECKSUM_BLOCK) {
		a = rotl64(a + get_le64(p + i) * PRIME2, 31) * PRIME1;
		b = rotl64(b + get_le64(p + i + 8) * PRIME2, 31) * PRIME1;
		c = rotl64(c + get_le64(p + i + 16) * PRIME2, 31) * PRIME1;
		d = rotl64(d + get_le64(p + i + 24) * PRIME2, 31) * PRIME1;
	}
	cs->lane[0] = a;
	cs->lane[1] = b;
	cs->lane[2] = c;
	cs->lane[3] = d;
	cs->len += len - len % CHECKSUM_BLOCK;
}

/* Adds the last piece (any length) and gives the sum. */
static uint64_t checksum_final(struct checksum *cs, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t whole = len - len % CHECKSUM_BLOCK;
	uint64_t h;

	checksum_blocks(cs, p, whole);
	h = rotl64(cs->lane[0], 1) + rotl64(cs->lane[1], 7) + rotl64(cs->lane[2], 12) + rotl64(cs->lane[3], 18);
	h ^= cs->len + len - whole;
	for (size_t i = whole; i < len; i++)
		h = rotl64(h ^ (p[i] * PRIME3), 11) * PRIME1;
	h ^= h >> 33;
	h *= PRIME2;
	h ^= h >> 29;
	return h;
}

/* Whether the file's last CHECKSUM_LEN bytes are the checksum of the rest. */
static bool checksum_matches(const char *buf, size_t len)
{
	struct checksum cs;

	checksum_init(&cs);
	return checksum_final(&cs, buf, len - CHECKSUM_LEN) == get_le64((const unsigned char *)buf + len - CHECKSUM_LEN);
}

/* The count of a list of entries and zeroed room for them; NULL, with r->bad, when a read before went wrong
 * or the count cannot be right (each entry takes a byte at least). */
static void *get_list(struct bytes_reader *r, uint64_t *n, size_t size)
{
	*n = r->bad ? 0 : bytes_get_varint(r);
	if (*n > (uint64_t)(r->end - r->p))
		r->bad = 1;
	return r->bad ? NULL : xcalloc(*n ? (size_t)*n : 1, size);
}

int cache_load(struct cache *c, const char *path)
{
	struct bytes_reader r;
	struct stat st;
	void *map;
	int fd;
	uint64_t n, next;
	size_t len;

	memset(c, 0, sizeof(*c));
	/* mapped, not read: most of it is only looked at, and the build borrows its strings */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) || (uint64_t)st.st_size > SIZE_MAX / 2) {
		close(fd);
		return -1;
	}
	if ((uint64_t)st.st_size < sizeof(magic) - 1) {
		close(fd);
		return -1;
	}
	len = (size_t)st.st_size;
	map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return -1;
	if (memcmp(map, magic, sizeof(magic) - 1)) {
		munmap(map, len);
		return -1; /* another format: written by another version */
	}
	c->buf = map;
	c->buf_len = len;
	if (len < sizeof(magic) - 1 + CHECKSUM_LEN || !checksum_matches(c->buf, len)) {
		cache_release(c);
		return CACHE_DAMAGED;
	}
	r.p = c->buf + sizeof(magic) - 1;
	r.end = c->buf + len - CHECKSUM_LEN;
	r.bad = 0;
	get_fixed(&r, c->generator, DIGEST_LEN);
	get_fixed(&r, c->options, DIGEST_LEN);
	get_fixed(&r, c->inputs, DIGEST_LEN);
	get_fixed(&r, c->today, 10);
	c->today[10] = '\0';
	/* the output folder's identity first, where cache_names_folder reads it in every format */
	c->out_dev = bytes_get_varint(&r);
	c->out_ino = bytes_get_varint(&r);
	c->out_ctime_sec = bytes_get_varint(&r);
	c->out_ctime_nsec = bytes_get_varint(&r);
	next = bytes_get_varint(&r);
	/* publish_afters are only kept when after a build, so after 1970; 0 says none */
	c->next_release = next && next <= (uint64_t)INT64_MAX ? (int64_t)(next - 1) : INT64_MAX;
	c->warnings = get_bytes(&r, &c->warnings_len);
	c->sort_keys = get_bytes(&r, &c->sort_keys_len);
	c->docs = get_list(&r, &n, sizeof(*c->docs));
	for (uint64_t i = 0; i < n && !r.bad; i++) {
		struct cache_doc *d = &c->docs[c->ndocs++];
		d->path = bytes_get_str(&r);
		get_fixed(&r, d->stamp.bytes, sizeof(d->stamp.bytes));
		get_fixed(&r, d->digest, DIGEST_LEN);
		d->body_offset = (size_t)bytes_get_varint(&r);
		d->body_line = (unsigned)bytes_get_varint(&r);
		d->body_blank = bytes_get_varint(&r) != 0;
		d->meta = get_bytes(&r, &d->meta_len);
		get_fixed(&r, d->meta_digest, DIGEST_LEN);
		d->links_known = bytes_get_varint(&r) != 0;
		d->links = get_bytes(&r, &d->links_len);
	}
	c->spare.dev = bytes_get_varint(&r);
	c->spare.ino = bytes_get_varint(&r);
	c->spare.ctime_sec = bytes_get_varint(&r);
	c->spare.ctime_nsec = bytes_get_varint(&r);
	c->spare.changed = get_list(&r, &n, sizeof(*c->spare.changed));
	for (uint64_t i = 0; i < n && !r.bad; i++)
		c->spare.changed[c->spare.nchanged++] = (char *)bytes_get_str(&r);
	c->outputs = get_list(&r, &n, sizeof(*c->outputs));
	for (uint64_t i = 0; i < n && !r.bad; i++) {
		struct cache_output *o = &c->outputs[c->noutputs++];
		o->rel = bytes_get_str(&r);
		get_fixed(&r, o->key, DIGEST_LEN);
	}
	if (r.bad || r.p != r.end) {
		cache_release(c);
		return CACHE_DAMAGED;
	}
	return 0; /* indexed when first searched: a build that finds nothing changed never does */
}

bool cache_names_folder(const char *path, const char *dir)
{
	/* every format since the second starts alike: "jisite cache N\n", three digests, the day, then the
	 * output folder's device and inode */
	char head[15 + 3 * DIGEST_LEN + 10 + 2 * 10];
	struct bytes_reader r;
	struct stat st;
	ssize_t n;
	uint64_t dev, ino;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	n = read(fd, head, sizeof(head));
	close(fd);
	if (n < 15 || memcmp(head, "jisite cache ", 13) || head[13] < '2' || head[13] > '9' || head[14] != '\n')
		return false;
	r.p = head + 15 + 3 * DIGEST_LEN + 10;
	r.end = head + n;
	r.bad = r.p > r.end;
	dev = r.bad ? 0 : bytes_get_varint(&r);
	ino = r.bad ? 0 : bytes_get_varint(&r);
	return !r.bad && !lstat(dir, &st) && S_ISDIR(st.st_mode) && (uint64_t)st.st_dev == dev &&
	       (uint64_t)st.st_ino == ino;
}

void cache_index(struct cache *c)
{
	table_free(c->doc_table);
	table_free(c->output_table);
	c->doc_table = table_new(c->ndocs, doc_name, c->docs);
	c->output_table = table_new(c->noutputs, output_name, c->outputs);
}

/* The file is written through a buffer of its own, in whole blocks of the checksum, which sees every byte
 * once: a cache of tens of megabytes is never held whole in memory. */
#define WRITE_BUFFER (1 << 20)
_Static_assert(WRITE_BUFFER % CHECKSUM_BLOCK == 0, "the buffer holds whole blocks");

struct writer {
	int fd;
	int failed; /* a write failed: errno says why */
	size_t len;
	struct checksum cs;
	unsigned char *buf;
};

static void write_out(struct writer *w, const void *p, size_t len)
{
	const char *c = p;

	while (len && !w->failed) {
		ssize_t n = write(w->fd, c, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!n)
				errno = EIO;
			w->failed = 1;
			return;
		}
		c += n;
		len -= (size_t)n;
	}
}

static void put(struct writer *w, const void *p, size_t len)
{
	const unsigned char *c = p;

	while (len) { /* p may be NULL when len is 0, which memcpy does not allow */
		size_t n = WRITE_BUFFER - w->len < len ? WRITE_BUFFER - w->len : len;
		memcpy(w->buf + w->len, c, n);
		w->len += n;
		c += n;
		len -= n;
		if (w->len == WRITE_BUFFER) {
			checksum_blocks(&w->cs, w->buf, w->len);
			write_out(w, w->buf, w->len);
			w->len = 0;
		}
	}
}

static void put_str(struct writer *w, const char *s)
{
	put(w, s, strlen(s) + 1);
}

static void write_varint(struct writer *w, uint64_t v)
{
	unsigned char b[10];
	size_t n = 0;

	do {
		b[n] = v & 0x7f;
		v >>= 7;
		b[n] |= v ? 0x80 : 0;
		n++;
	} while (v);
	put(w, b, n);
}

static void write_bytes(struct writer *w, const void *p, size_t len)
{
	write_varint(w, len);
	put(w, p, len);
}

/* Ends the file with its checksum. */
static void write_end(struct writer *w)
{
	uint64_t sum = checksum_final(&w->cs, w->buf, w->len);
	unsigned char b[CHECKSUM_LEN];

	for (int i = 0; i < CHECKSUM_LEN; i++)
		b[i] = (unsigned char)(sum >> (8 * i));
	write_out(w, w->buf, w->len);
	write_out(w, b, sizeof(b));
	w->len = 0;
}

/* Removes the temporary files "NAME.tmp-PID" that builds killed while saving the cache at path left. */
static void remove_leftovers(const char *path)
{
	const char *slash = strrchr(path, '/');
	struct strbuf dir = STRBUF_INIT, prefix = STRBUF_INIT, file = STRBUF_INIT;
	struct dirent *de;
	DIR *d;

	strbuf_add(&dir, path, slash ? (size_t)(slash - path) : 0);
	strbuf_addf(&prefix, "%s.tmp-", slash ? slash + 1 : path);
	d = opendir(dir.len ? dir.buf : ".");
	while (d && (de = readdir(d))) {
		if (strncmp(de->d_name, prefix.buf, prefix.len))
			continue;
		strbuf_reset(&file);
		strbuf_addf(&file, "%s%s%s", dir.buf, dir.len ? "/" : "", de->d_name);
		unlink(file.buf);
	}
	if (d)
		closedir(d);
	strbuf_release(&dir);
	strbuf_release(&prefix);
	strbuf_release(&file);
}

int cache_save(const struct cache *c, const char *path)
{
	struct strbuf tmp = STRBUF_INIT;
	struct writer w = { .fd = -1 };
	int ret, saved;

	remove_leftovers(path); /* only one build saves the cache of an output at a time: it holds its lock */
	strbuf_addf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	w.fd = fault_hit(FAULT_WRITE) ? -1 : open(tmp.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (w.fd < 0) {
		strbuf_release(&tmp);
		return -1;
	}
	w.buf = xmalloc(WRITE_BUFFER);
	checksum_init(&w.cs);
	put(&w, magic, sizeof(magic) - 1);
	put(&w, c->generator, DIGEST_LEN);
	put(&w, c->options, DIGEST_LEN);
	put(&w, c->inputs, DIGEST_LEN);
	put(&w, c->today, 10);
	write_varint(&w, c->out_dev);
	write_varint(&w, c->out_ino);
	write_varint(&w, c->out_ctime_sec);
	write_varint(&w, c->out_ctime_nsec);
	write_varint(&w, c->next_release >= 0 && c->next_release < INT64_MAX ? (uint64_t)c->next_release + 1 : 0);
	write_bytes(&w, c->warnings, c->warnings_len);
	write_bytes(&w, c->sort_keys, c->sort_keys_len);
	write_varint(&w, c->ndocs);
	for (size_t i = 0; i < c->ndocs; i++) {
		const struct cache_doc *d = &c->docs[i];
		put_str(&w, d->path);
		put(&w, d->stamp.bytes, sizeof(d->stamp.bytes));
		put(&w, d->digest, DIGEST_LEN);
		write_varint(&w, d->body_offset);
		write_varint(&w, d->body_line);
		write_varint(&w, d->body_blank);
		write_bytes(&w, d->meta, d->meta_len);
		put(&w, d->meta_digest, DIGEST_LEN);
		write_varint(&w, d->links_known);
		write_bytes(&w, d->links, d->links_len);
	}
	write_varint(&w, c->spare.dev);
	write_varint(&w, c->spare.ino);
	write_varint(&w, c->spare.ctime_sec);
	write_varint(&w, c->spare.ctime_nsec);
	write_varint(&w, c->spare.nchanged);
	for (size_t i = 0; i < c->spare.nchanged; i++)
		put_str(&w, c->spare.changed[i]);
	write_varint(&w, c->noutputs);
	for (size_t i = 0; i < c->noutputs; i++) {
		put_str(&w, c->outputs[i].rel);
		put(&w, c->outputs[i].key, DIGEST_LEN);
	}
	write_end(&w);
	ret = w.failed ? -1 : 0;
	saved = errno;
	if (close(w.fd) && !ret) {
		ret = -1;
		saved = errno;
	}
	if (!ret && (fault_hit(FAULT_RENAME) || rename(tmp.buf, path))) {
		ret = -1;
		saved = errno;
	}
	if (ret)
		unlink(tmp.buf);
	free(w.buf);
	strbuf_release(&tmp);
	errno = saved;
	return ret;
}

void cache_release(struct cache *c)
{
	free(c->docs);
	free(c->outputs);
	free(c->spare.changed); /* the paths are borrowed from the file */
	if (c->buf)
		munmap(c->buf, c->buf_len);
	table_free(c->doc_table);
	table_free(c->output_table);
	keys_free(c->keys);
	memset(c, 0, sizeof(*c));
}

/* ---- what changed ---- */

static int walk(struct source *src, struct strbuf *path, struct digest *d)
{
	struct source_entry *entries;
	size_t n, base = path->len;
	int ret = 0;

	if (src->list(src, path->buf, &entries, &n))
		return errno == ENOENT || errno == ENOTDIR ? 0 : -1;
	for (size_t i = 0; i < n && !ret; i++) {
		strbuf_setlen(path, base);
		strbuf_addf(path, "/%s", entries[i].name);
		digest_add_str(d, path->buf);
		digest_add_u64(d, entries[i].kind);
		if (entries[i].kind == SOURCE_DIR)
			ret = walk(src, path, d);
		else if (entries[i].kind == SOURCE_FILE)
			digest_add(d, entries[i].stamp.bytes, sizeof(entries[i].stamp.bytes));
	}
	strbuf_setlen(path, base);
	source_entries_free(entries, n);
	return ret;
}

int cache_fingerprint_dir(struct source *src, const char *dir, struct digest *d)
{
	struct strbuf path = STRBUF_INIT;
	int ret;

	strbuf_addstr(&path, dir);
	digest_add_str(d, dir);
	ret = walk(src, &path, d);
	strbuf_release(&path);
	return ret;
}

void cache_generator_id(const char *extra, unsigned char out[DIGEST_LEN])
{
	struct digest d;
	struct stat st;

	digest_init(&d);
	digest_add_str(&d, magic);
	digest_add_str(&d, extra);
	if (!stat("/proc/self/exe", &st)) {
		digest_add_u64(&d, (uint64_t)st.st_dev);
		digest_add_u64(&d, (uint64_t)st.st_ino);
		digest_add_u64(&d, (uint64_t)st.st_size);
		digest_add_u64(&d, (uint64_t)st.st_mtim.tv_sec);
		digest_add_u64(&d, (uint64_t)st.st_mtim.tv_nsec);
	} else {
		digest_add_u64(&d, (uint64_t)getpid()); /* unknown: trust no earlier cache */
	}
	digest_final(&d, out);
}
