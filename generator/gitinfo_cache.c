/* gitinfo's result (see gitinfo_impl.h): its files and commits, the answers made from them, and the
 * cache file that keeps them from one build to the next, so that the history is walked once per HEAD.
 *
 * The file is little-endian and versioned; numbers are unsigned LEB128 varints, as in cache.c:
 *
 *   "jisite gitinfo 1\n"  generator (32 bytes)  shallow (32 bytes)  head\0  pathspec\0  shallow flag
 *   names: n, then n × name\0
 *   commits: n, then per commit (newest first): id\0 time author (0 none, k + 1 names[k]) summary\0
 *   files: n, then per file: path\0 nchanges, then the changes' commit numbers, increasing
 *   the SHA-256 of everything before it (32 bytes)
 *
 * Every length and number is checked, and the checksum catches what bounds cannot (a flipped byte in a
 * name): a damaged cache is refused, and the history walked again.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "digest.h"
#include "gitinfo_impl.h"
#include "util/bytes.h"
#include "util/fs.h"
#include "util/xalloc.h"

static const char magic[] = "jisite gitinfo 1\n";

/* ---- finding by key: open addressing over FNV-1a ---- */

static uint64_t hash(const void *key, size_t len)
{
	const unsigned char *p = key;
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	return h;
}

uint32_t *gitinfo_table_find(const struct gitinfo_table *t, const void *key, size_t len)
{
	if (!t->slots)
		return NULL;
	for (size_t k = (size_t)hash(key, len) & t->mask; t->slots[k].key; k = (k + 1) & t->mask)
		if (t->slots[k].len == len && !memcmp(t->slots[k].key, key, len))
			return &t->slots[k].val;
	return NULL;
}

static struct gitinfo_slot *insert(struct gitinfo_slot *slots, size_t mask, const char *key, size_t len)
{
	size_t k = (size_t)hash(key, len) & mask;

	while (slots[k].key)
		k = (k + 1) & mask;
	slots[k].key = key;
	slots[k].len = len;
	return &slots[k];
}

uint32_t *gitinfo_table_put(struct gitinfo_table *t, const char *key, size_t len, uint32_t val)
{
	uint32_t *v = gitinfo_table_find(t, key, len);
	struct gitinfo_slot *s;

	if (v)
		return v;
	if (!t->slots || 2 * (t->n + 1) > t->mask + 1) { /* at most half full */
		size_t size = t->slots ? 2 * (t->mask + 1) : 64;
		struct gitinfo_slot *slots = xcalloc(size, sizeof(*slots));
		for (size_t k = 0; t->slots && k <= t->mask; k++)
			if (t->slots[k].key)
				insert(slots, size - 1, t->slots[k].key, t->slots[k].len)->val = t->slots[k].val;
		free(t->slots);
		t->slots = slots;
		t->mask = size - 1;
	}
	s = insert(t->slots, t->mask, key, len);
	s->val = val;
	t->n++;
	return &s->val;
}

void gitinfo_table_release(struct gitinfo_table *t)
{
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

/* ---- the files ---- */

/* Adds a file whose path (NUL-terminated, len bytes) outlives g. */
static uint32_t add_rec(struct gitinfo *g, const char *path, size_t len)
{
	struct gitinfo_rec *f;

	XGROW(g->files, g->files_alloc, g->nfiles + 1);
	f = &g->files[g->nfiles];
	memset(f, 0, sizeof(*f));
	f->pub.path = path;
	gitinfo_table_put(&g->by_path, path, len, (uint32_t)g->nfiles);
	return (uint32_t)g->nfiles++;
}

uint32_t gitinfo_add_file(struct gitinfo *g, const char *path, size_t len)
{
	return add_rec(g, arena_memdup0(&g->arena, path, len), len);
}

void gitinfo_finish(struct gitinfo *g)
{
	uint32_t *seen = xcalloc(g->nnames + 1, sizeof(*seen)); /* the last file an author was added to, + 1 */
	const char **authors = xmalloc((g->nnames + 1) * sizeof(*authors));

	for (size_t i = 0; i < g->nfiles; i++) {
		struct gitinfo_rec *f = &g->files[i];
		struct gitinfo_change *changes = f->nseq ? arena_alloc(&g->arena, f->nseq * sizeof(*changes)) : NULL;
		size_t n = 0;

		for (size_t k = 0; k < f->nseq; k++)
			changes[k] = g->commits[f->seq[k]];
		f->pub.changes = changes;
		f->pub.nchanges = f->nseq;
		if (f->nseq) {
			f->pub.last = changes[0].time;
			f->pub.last_commit = changes[0].id;
			f->pub.first = changes[f->nseq - 1].time;
		}
		for (size_t k = f->nseq; k-- > 0;) { /* oldest first */
			uint32_t a = g->commit_author[f->seq[k]];
			if (a != GITINFO_NONE && seen[a] != i + 1) {
				seen[a] = (uint32_t)i + 1;
				authors[n++] = g->names[a];
			}
		}
		f->pub.authors = n ? arena_alloc(&g->arena, n * sizeof(*authors)) : NULL;
		if (n)
			memcpy(f->pub.authors, authors, n * sizeof(*authors));
		f->pub.nauthors = n;
	}
	free(seen);
	free(authors);
}

/* ---- writing ---- */

static void put_str(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s) + 1);
}

static void put_key(struct strbuf *sb, const struct gitinfo_key *key)
{
	strbuf_addstr(sb, magic);
	strbuf_add(sb, key->generator, sizeof(key->generator));
	strbuf_add(sb, key->shallow, sizeof(key->shallow));
	put_str(sb, key->head);
	put_str(sb, key->pathspec);
}

int gitinfo_cache_save(const struct gitinfo *g, const char *path, const struct gitinfo_key *key)
{
	struct strbuf sb = STRBUF_INIT, tmp = STRBUF_INIT;
	unsigned char sum[DIGEST_LEN];
	struct digest d;
	int ret;

	put_key(&sb, key);
	bytes_put_varint(&sb, g->shallow);
	bytes_put_varint(&sb, g->nnames);
	for (size_t i = 0; i < g->nnames; i++)
		put_str(&sb, g->names[i]);
	bytes_put_varint(&sb, g->ncommits);
	for (size_t i = 0; i < g->ncommits; i++) {
		put_str(&sb, g->commits[i].id);
		bytes_put_varint(&sb, (uint64_t)g->commits[i].time);
		bytes_put_varint(&sb, g->commit_author[i] == GITINFO_NONE ? 0 : (uint64_t)g->commit_author[i] + 1);
		put_str(&sb, g->commits[i].summary);
	}
	bytes_put_varint(&sb, g->nfiles);
	for (size_t i = 0; i < g->nfiles; i++) {
		put_str(&sb, g->files[i].pub.path);
		bytes_put_varint(&sb, g->files[i].nseq);
		for (size_t k = 0; k < g->files[i].nseq; k++)
			bytes_put_varint(&sb, g->files[i].seq[k]);
	}
	digest_init(&d);
	digest_add(&d, sb.buf, sb.len);
	digest_final(&d, sum);
	strbuf_add(&sb, sum, sizeof(sum));
	strbuf_addf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	ret = fs_write_file(tmp.buf, sb.buf, sb.len);
	if (!ret && rename(tmp.buf, path))
		ret = -1;
	if (ret) {
		int saved = errno;
		unlink(tmp.buf);
		errno = saved;
	}
	strbuf_release(&sb);
	strbuf_release(&tmp);
	return ret;
}

/* ---- reading ---- */

/* A count of records of at least one byte each: never more than the bytes left. */
static size_t get_count(struct bytes_reader *r)
{
	uint64_t n = bytes_get_varint(r);

	if (n > (uint64_t)(r->end - r->p) || n >= GITINFO_NONE) {
		r->bad = true;
		return 0;
	}
	return (size_t)n;
}

/* Empties g of what a load left in it. */
static void reset(struct gitinfo *g)
{
	for (size_t i = 0; i < g->nfiles; i++)
		free(g->files[i].seq);
	free(g->files);
	free(g->commits);
	free(g->commit_author);
	free(g->names);
	free(g->buf);
	gitinfo_table_release(&g->by_path);
	g->files = NULL;
	g->commits = NULL;
	g->commit_author = NULL;
	g->names = NULL;
	g->buf = NULL;
	g->nfiles = g->files_alloc = g->ncommits = g->commits_alloc = g->nnames = g->names_alloc = 0;
	g->shallow = false;
}

static void read_commits(struct gitinfo *g, struct bytes_reader *r)
{
	g->nnames = g->names_alloc = get_count(r);
	g->names = xmalloc((g->nnames + 1) * sizeof(*g->names));
	for (size_t i = 0; i < g->nnames; i++)
		g->names[i] = bytes_get_str(r);
	g->ncommits = g->commits_alloc = get_count(r);
	g->commits = xmalloc((g->ncommits + 1) * sizeof(*g->commits));
	g->commit_author = xmalloc((g->ncommits + 1) * sizeof(*g->commit_author));
	for (size_t i = 0; i < g->ncommits && !r->bad; i++) {
		uint64_t author;
		g->commits[i].id = bytes_get_str(r);
		g->commits[i].time = (int64_t)bytes_get_varint(r);
		author = bytes_get_varint(r);
		g->commits[i].summary = bytes_get_str(r);
		if (author > g->nnames || strlen(g->commits[i].id) != 40)
			r->bad = true;
		g->commit_author[i] = author ? (uint32_t)author - 1 : GITINFO_NONE;
	}
}

static void read_files(struct gitinfo *g, struct bytes_reader *r)
{
	size_t n = get_count(r);

	for (size_t i = 0; i < n && !r->bad; i++) {
		const char *path = bytes_get_str(r);
		struct gitinfo_rec *f;
		size_t nseq = get_count(r);
		uint32_t idx;
		if (r->bad || gitinfo_table_find(&g->by_path, path, strlen(path))) {
			r->bad = true;
			break;
		}
		idx = add_rec(g, path, strlen(path)); /* before taking a pointer into files: it moves them */
		f = &g->files[idx];
		f->seq = xmalloc((nseq + 1) * sizeof(*f->seq));
		f->seq_alloc = nseq + 1;
		for (size_t k = 0; k < nseq && !r->bad; k++) {
			uint64_t c = bytes_get_varint(r);
			if (c >= g->ncommits || (k && c <= f->seq[k - 1]))
				r->bad = true;
			else
				f->seq[f->nseq++] = (uint32_t)c;
		}
	}
}

int gitinfo_cache_load(struct gitinfo *g, const char *path, const struct gitinfo_key *key)
{
	struct strbuf sb = STRBUF_INIT, want = STRBUF_INIT;
	unsigned char sum[DIGEST_LEN];
	struct digest d;
	struct bytes_reader r;

	put_key(&want, key);
	if (fs_read_file(&sb, path, (size_t)1 << 30) || sb.len < want.len + DIGEST_LEN ||
	    memcmp(sb.buf, want.buf, want.len)) {
		strbuf_release(&sb);
		strbuf_release(&want);
		return -1;
	}
	digest_init(&d);
	digest_add(&d, sb.buf, sb.len - DIGEST_LEN);
	digest_final(&d, sum);
	r.p = sb.buf + want.len;
	r.end = sb.buf + sb.len - DIGEST_LEN;
	r.bad = false;
	strbuf_release(&want);
	if (memcmp(sum, r.end, DIGEST_LEN)) {
		strbuf_release(&sb);
		return -1;
	}
	g->buf = strbuf_detach(&sb, NULL);
	g->shallow = bytes_get_varint(&r) != 0;
	read_commits(g, &r);
	if (!r.bad)
		read_files(g, &r);
	if (r.bad || r.p != r.end) {
		reset(g);
		return -1;
	}
	return 0;
}

void gitinfo_free(struct gitinfo *g)
{
	if (!g)
		return;
	reset(g);
	arena_release(&g->arena);
	free(g);
}
