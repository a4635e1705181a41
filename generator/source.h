/* Where the site is read from: the working tree, or a git commit for `build --rev` (gitsource.h). Every
 * stage reads site.yaml, content, themes and translations through this interface, never through the file
 * system directly, so a build of a commit needs no checkout.
 *
 * Paths are '/'-separated and relative to the project's root ("content/about.md"). No path may leave the
 * root: the file-system source reports a symbolic link that points outside it as SOURCE_OUTSIDE. A listing
 * reports a symbolic link to a folder that holds it as SOURCE_LOOP, so that no walk goes round for ever.
 */
#ifndef JISITE_SOURCE_H
#define JISITE_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

enum source_kind {
	SOURCE_FILE,
	SOURCE_DIR,
	SOURCE_OUTSIDE, /* a symbolic link that leads out of the root (or nowhere) */
	SOURCE_OTHER,   /* devices, sockets and the like: never read */
	/* Only in listings: a symbolic link to the folder it is in or to one above it ("content/x/up" ->
	 * ".."), or to one above the folder listed as a walk reached it (a/x -> ../b, b/y -> ../a, listing
	 * "a/x"). A walk that followed it would list the same folders again below themselves for ever. Read,
	 * kind and stamp follow such a link as the kernel does: a single path through it ends. */
	SOURCE_LOOP
};

/* What a file is now, cheaply: equal stamps mean the file has not changed. The file system's stamp is
 * the device, inode, size and modification and change times (nothing is read); a git source's is the blob
 * id. The build cache compares stamps to skip reading files that did not change. */
struct source_stamp {
	unsigned char bytes[48];
};

struct source_entry {
	char *name;
	enum source_kind kind;
	/* Files: as stamp() would give it. SOURCE_LOOP: the link's own, the same whatever path a walk reached
	 * it by, so that it can be reported once. */
	struct source_stamp stamp;
	/* SOURCE_LOOP: the folder the link leads back to, as the length of the start of the entry's path
	 * (dir/name) that names it: 13 for "content/notes" of "content/notes/x/up" -> "..". */
	size_t loop_len;
};

struct source {
	/* Lists dir, sorted by name (bytes), without "." and ".."; the caller frees with
	 * source_entries_free. dir is the path as the walk reached it, through any links: a link back to
	 * any folder of that path is SOURCE_LOOP. Returns 0, or -1 with errno set. */
	int (*list)(struct source *src, const char *dir, struct source_entry **entries, size_t *n);
	/* Appends the file's bytes to out. Fails with EFBIG when it is larger than max. Returns 0 or -1. */
	int (*read)(struct source *src, const char *path, struct strbuf *out, size_t max);
	/* The kind of path, or -1 with errno set (ENOENT when there is nothing). */
	int (*kind)(struct source *src, const char *path, enum source_kind *kind);
	/* The stamp of the file at path (following a link that stays inside). Returns 0 or -1 with errno. */
	int (*stamp)(struct source *src, const char *path, struct source_stamp *out);
	void (*free)(struct source *src);
	char *root; /* for messages: the directory, or "REV:" */
	bool parallel_reads; /* read may be called from several threads at once (the file system's) */
};

/* The modification time (seconds since the epoch) a file-system stamp records; false for other sources'
 * stamps (a commit's files have their commit's dates instead). */
bool source_stamp_mtime(const struct source *src, const struct source_stamp *stamp, int64_t *mtime);

/* A source over the directory root. Returns NULL with errno set when root is not a readable directory. */
struct source *source_fs_new(const char *root);

void source_free(struct source *src);
void source_entries_free(struct source_entry *entries, size_t n);

#endif
