/* The file-system source (see source.h): the working tree, with symbolic links kept inside it. */
#include "source.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "util/fs.h"
#include "util/xalloc.h"

static void put_u64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

struct fs_source {
	struct source base;
	char *real_root; /* resolved, to tell whether a link stays inside */
	size_t real_len;
};

static void full_path(struct strbuf *sb, const struct source *src, const char *path)
{
	strbuf_addstr(sb, src->root);
	if (*path) {
		strbuf_addch(sb, '/');
		strbuf_addstr(sb, path);
	}
}

/* A symbolic link must stay inside the top-level folder it is found in: one in content/ may not lead to
 * site.yaml, let alone out of the project. */
static bool link_stays_inside(struct fs_source *fs, const char *full, const char *rel)
{
	size_t top = strcspn(rel, "/");
	char *real = realpath(full, NULL);
	bool inside = real && !strncmp(real, fs->real_root, fs->real_len) && real[fs->real_len] == '/' &&
		      !strncmp(real + fs->real_len + 1, rel, top) &&
		      (real[fs->real_len + 1 + top] == '/' || !real[fs->real_len + 1 + top]);

	free(real);
	return inside;
}

static void stamp_of(const struct stat *st, struct source_stamp *out);

/* The link at rel leads to the folder target: when that folder is one of those rel passes through (from
 * its top-level folder down to the link's own), a walk would list it below itself for ever. Compared as
 * device and inode, reached by the same path the walk took, so a loop through several links is caught at
 * the link that closes it. Returns the length of the part of rel that names the folder, or 0. */
static size_t loop_len_of(struct fs_source *fs, const char *rel, const struct stat *target)
{
	struct strbuf up = STRBUF_INIT;
	size_t len = 0, base;
	struct stat st;

	strbuf_addstr(&up, fs->base.root);
	strbuf_addch(&up, '/');
	base = up.len;
	for (const char *slash = strchr(rel, '/'); slash && !len; slash = strchr(slash + 1, '/')) {
		strbuf_setlen(&up, base);
		strbuf_add(&up, rel, (size_t)(slash - rel));
		if (!stat(up.buf, &st) && st.st_dev == target->st_dev && st.st_ino == target->st_ino)
			len = (size_t)(slash - rel);
	}
	strbuf_release(&up);
	return len;
}

/* full is the path on disk, rel the same relative to the root; stamp (may be NULL) gets a file's stamp.
 * With dirfd >= 0, name is the entry's name in that open folder: the file is looked at without walking
 * its whole path again (a listing of thousands of files). With loop_len (listings), a link back to a
 * folder of rel is SOURCE_LOOP, and *loop_len says which; its stamp is the link's own. */
static enum source_kind kind_at(struct fs_source *fs, int dirfd, const char *name, const char *full, const char *rel,
				struct source_stamp *stamp, size_t *loop_len)
{
	struct stat st, link;

	if (dirfd >= 0 ? fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) : lstat(full, &st))
		return SOURCE_OUTSIDE;
	if (S_ISLNK(st.st_mode)) {
		link = st;
		if (!link_stays_inside(fs, full, rel) || stat(full, &st))
			return SOURCE_OUTSIDE;
		if (loop_len && S_ISDIR(st.st_mode) && (*loop_len = loop_len_of(fs, rel, &st))) {
			if (stamp)
				stamp_of(&link, stamp);
			return SOURCE_LOOP;
		}
	}
	if (S_ISREG(st.st_mode)) {
		if (stamp)
			stamp_of(&st, stamp);
		return SOURCE_FILE;
	}
	return S_ISDIR(st.st_mode) ? SOURCE_DIR : SOURCE_OTHER;
}

static enum source_kind kind_of(struct fs_source *fs, const char *full, const char *rel, struct source_stamp *stamp)
{
	return kind_at(fs, -1, NULL, full, rel, stamp, NULL);
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct source_entry *)a)->name, ((const struct source_entry *)b)->name);
}

static int fs_list(struct source *src, const char *dir, struct source_entry **entries, size_t *n)
{
	struct fs_source *fs = (struct fs_source *)src;
	struct strbuf path = STRBUF_INIT;
	size_t alloc = 0, base;
	struct dirent *de;
	DIR *d;

	*entries = NULL;
	*n = 0;
	full_path(&path, src, dir);
	d = opendir(path.buf);
	if (!d) {
		strbuf_release(&path);
		return -1;
	}
	strbuf_addch(&path, '/');
	base = path.len;
	while ((de = fs_readdir(d))) {
		XGROW(*entries, alloc, *n + 1);
		strbuf_setlen(&path, base);
		strbuf_addstr(&path, de->d_name);
		(*entries)[*n].name = xstrdup(de->d_name);
		memset(&(*entries)[*n].stamp, 0, sizeof((*entries)[*n].stamp));
		(*entries)[*n].loop_len = 0;
		(*entries)[*n].kind = kind_at(fs, dirfd(d), de->d_name, path.buf, path.buf + strlen(src->root) + 1,
					      &(*entries)[*n].stamp, &(*entries)[*n].loop_len);
		(*n)++;
	}
	closedir(d);
	strbuf_release(&path);
	/* readdir's order depends on the file system: output must not */
	if (*n)
		qsort(*entries, *n, sizeof(**entries), entry_cmp);
	return 0;
}

static int fs_read(struct source *src, const char *path, struct strbuf *out, size_t max)
{
	struct fs_source *fs = (struct fs_source *)src;
	struct strbuf full = STRBUF_INIT;
	struct stat st;
	int ret = -1;

	full_path(&full, src, path);
	if (kind_of(fs, full.buf, path, NULL) != SOURCE_OUTSIDE)
		ret = fs_read_file(out, full.buf, max);
	else if (!lstat(full.buf, &st))
		errno = EACCES; /* a link that leads out; when nothing is there, lstat's ENOENT says so */
	strbuf_release(&full);
	return ret;
}

static int fs_kind(struct source *src, const char *path, enum source_kind *kind)
{
	struct strbuf full = STRBUF_INIT;
	struct stat st;
	int ret = 0;

	full_path(&full, src, path);
	if (lstat(full.buf, &st))
		ret = -1;
	else
		*kind = kind_of((struct fs_source *)src, full.buf, path, NULL);
	strbuf_release(&full);
	return ret;
}

static void stamp_of(const struct stat *st, struct source_stamp *out)
{
	memset(out, 0, sizeof(*out));
	put_u64(out->bytes, (uint64_t)st->st_dev);
	put_u64(out->bytes + 8, (uint64_t)st->st_ino);
	put_u64(out->bytes + 16, (uint64_t)st->st_size);
	put_u64(out->bytes + 24, (uint64_t)st->st_mtim.tv_sec);
	put_u64(out->bytes + 32, (uint64_t)st->st_ctim.tv_sec);
	put_u64(out->bytes + 40, (uint64_t)st->st_mtim.tv_nsec | ((uint64_t)st->st_ctim.tv_nsec << 32));
}

static int fs_stamp(struct source *src, const char *path, struct source_stamp *out)
{
	struct strbuf full = STRBUF_INIT;
	enum source_kind kind;
	struct stat st;

	full_path(&full, src, path);
	kind = kind_of((struct fs_source *)src, full.buf, path, out);
	if (kind == SOURCE_FILE) {
		strbuf_release(&full);
		return 0;
	}
	if (kind != SOURCE_OUTSIDE)
		errno = EISDIR;
	else if (!lstat(full.buf, &st))
		errno = EACCES; /* as for reading: ENOENT when nothing is there */
	strbuf_release(&full);
	return -1;
}

static void fs_free(struct source *src)
{
	struct fs_source *fs = (struct fs_source *)src;

	free(fs->real_root);
	free(src->root);
	free(fs);
}

struct source *source_fs_new(const char *root)
{
	struct fs_source *fs;
	char *real = realpath(root, NULL);
	struct stat st;

	if (!real)
		return NULL;
	if (stat(real, &st) || !S_ISDIR(st.st_mode)) {
		free(real);
		errno = ENOTDIR;
		return NULL;
	}
	fs = xcalloc(1, sizeof(*fs));
	fs->base.list = fs_list;
	fs->base.read = fs_read;
	fs->base.kind = fs_kind;
	fs->base.stamp = fs_stamp;
	fs->base.free = fs_free;
	fs->base.root = xstrdup(root);
	fs->base.parallel_reads = true; /* each read opens its own file, under a root that does not change */
	fs->real_root = real;
	fs->real_len = strlen(real);
	return &fs->base;
}

bool source_stamp_mtime(const struct source *src, const struct source_stamp *stamp, int64_t *mtime)
{
	uint64_t v = 0;

	if (src->stamp != fs_stamp)
		return false;
	for (int i = 0; i < 8; i++) /* stamp_of: bytes 24-31 are st_mtim.tv_sec */
		v |= (uint64_t)stamp->bytes[24 + i] << (8 * i);
	*mtime = (int64_t)v;
	return true;
}

void source_free(struct source *src)
{
	if (src)
		src->free(src);
}

void source_entries_free(struct source_entry *entries, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(entries[i].name);
	free(entries);
}
