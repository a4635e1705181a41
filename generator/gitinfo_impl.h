/* What gitinfo.c (the walk, through libgit2) and gitinfo_cache.c (its cache file) share: the result of a
 * walk, which is also what the cache holds. Private to the two. */
#ifndef JISITE_GITINFO_IMPL_H
#define JISITE_GITINFO_IMPL_H

#include <stdint.h>

#include "gitinfo.h"
#include "util/arena.h"
#include "util/strbuf.h"

#define GITINFO_NONE UINT32_MAX

/* Maps byte strings (paths, author names, raw commit ids) to numbers; the keys are borrowed. */
struct gitinfo_table {
	struct gitinfo_slot {
		const char *key;
		size_t len;
		uint32_t val;
	} *slots;
	size_t mask, n;
};

/* The number of key, or NULL. */
uint32_t *gitinfo_table_find(const struct gitinfo_table *t, const void *key, size_t len);
/* Adds key (which must outlive the table) with val unless it is there; returns its number's place. */
uint32_t *gitinfo_table_put(struct gitinfo_table *t, const char *key, size_t len, uint32_t val);
void gitinfo_table_release(struct gitinfo_table *t);

struct gitinfo_rec {
	struct gitinfo_file pub;
	uint32_t *seq; /* per change: the commit's index in gitinfo.commits, increasing (newest first) */
	size_t nseq, seq_alloc;
};

struct gitinfo {
	struct arena arena;
	char *buf;        /* the cache file read, when the result came from it: strings are borrowed from it */
	const char *head; /* NULL: no commits */
	bool shallow;
	/* the commits that changed a file, in the order of the walk (newest first) */
	struct gitinfo_change *commits;
	uint32_t *commit_author; /* per commit: index into names, GITINFO_NONE for merges and boundaries */
	size_t ncommits, commits_alloc;
	const char **names; /* authors */
	size_t nnames, names_alloc;
	struct gitinfo_rec *files;
	size_t nfiles, files_alloc;
	struct gitinfo_table by_path; /* path → index into files */
};

/* Adds the file at path (copied) without history; returns its index. */
uint32_t gitinfo_add_file(struct gitinfo *g, const char *path, size_t len);
/* Fills every file's public part from its commits: dates, last commit, authors, changes. */
void gitinfo_finish(struct gitinfo *g);

/* The cache's key: what must be the same for a cached walk to be this one's. */
struct gitinfo_key {
	unsigned char generator[32]; /* the jisite binary (cache_generator_id) */
	const char *head;
	unsigned char shallow[32]; /* the SHA-256 of the shallow file: where the history stops */
	const char *pathspec; /* what the walk looked at, from the repository's top: "content" */
};

/* Reads the walk cached at path into g (empty, with its arena) when its key is key. Returns 0, or -1
 * (g left empty) when there is no such cache or it is damaged. */
int gitinfo_cache_load(struct gitinfo *g, const char *path, const struct gitinfo_key *key);
/* Writes g's walk to path through a temporary file renamed into place. Returns 0 or -1 (errno set). */
int gitinfo_cache_save(const struct gitinfo *g, const char *path, const struct gitinfo_key *key);

#endif
