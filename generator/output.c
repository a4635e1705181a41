/* The write stage (see output.h): a new tree beside the old one, sharing the files that did not change. */
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compress.h"
#include "util/fs.h"
#include "util/xalloc.h"

/* ".NAME.SUFFIX-PID" in the same folder as dir, so a rename never crosses file systems. */
static char *sibling(const char *dir, const char *suffix)
{
	struct strbuf sb = STRBUF_INIT;
	const char *slash = strrchr(dir, '/');
	size_t parent = slash ? (size_t)(slash - dir) + 1 : 0;

	strbuf_add(&sb, dir, parent);
	strbuf_addf(&sb, ".%s.%s-%ld", dir + parent, suffix, (long)getpid());
	return strbuf_detach(&sb, NULL);
}

int output_begin(struct output *o, const char *dir, struct diag_list *diags)
{
	size_t len = strlen(dir);

	memset(o, 0, sizeof(*o));
	while (len > 1 && dir[len - 1] == '/')
		len--;
	o->dir = xmemdup0(dir, len);
	o->tmp = sibling(o->dir, "tmp");
	strbuf_init(&o->path, 0);
	if (fs_remove_tree(o->tmp) || fs_mkdirs(o->tmp)) {
		diag_error(diags, o->tmp, 1, 1, "cannot create the output folder: %s", strerror(errno));
		o->failed = 1;
		return -1;
	}
	return 0;
}

int output_begin_incremental(struct output *o, const char *dir, struct diag_list *diags)
{
	int ret = output_begin(o, dir, diags);

	o->incremental = 1;
	return ret;
}

void output_remove(struct output *o, const char *rel)
{
	XGROW(o->removed, o->removed_alloc, o->nremoved + 1);
	o->removed[o->nremoved++] = xstrdup(rel);
}

/* Whether dir/rel holds exactly data. */
static bool same_as_old(struct output *o, const char *rel, const void *data, size_t len)
{
	struct strbuf old = STRBUF_INIT, bytes = STRBUF_INIT;
	struct stat st;
	bool same;

	strbuf_addf(&old, "%s/%s", o->dir, rel);
	same = !lstat(old.buf, &st) && S_ISREG(st.st_mode) && (size_t)st.st_size == len &&
	       !fs_read_file(&bytes, old.buf, len) && bytes.len == len && !memcmp(bytes.buf, data, len);
	strbuf_release(&old);
	strbuf_release(&bytes);
	return same;
}

static const char *prepare(struct output *o, const char *rel, struct diag_list *diags)
{
	char *slash;

	strbuf_reset(&o->path);
	strbuf_addf(&o->path, "%s/%s", o->tmp, rel);
	slash = strrchr(o->path.buf, '/');
	*slash = '\0';
	if (fs_mkdirs(o->path.buf)) {
		diag_error(diags, o->path.buf, 1, 1, "cannot create folder: %s", strerror(errno));
		o->failed = 1;
		return NULL;
	}
	*slash = '/';
	return o->path.buf;
}

/* When the previous output has rel with exactly these bytes, the new tree gets a hard link to it instead
 * of a new file: nothing is written, and the file keeps its modification time, so rsync-style deploys
 * send only what changed. */
static bool reuse_unchanged(struct output *o, const char *rel, const char *path, const void *data, size_t len)
{
	struct strbuf old = STRBUF_INIT;
	bool same = false;

	if (same_as_old(o, rel, data, len)) {
		strbuf_addf(&old, "%s/%s", o->dir, rel);
		same = !link(old.buf, path);
		strbuf_release(&old);
	}
	return same;
}

static int write_new(struct output *o, const char *path, const void *data, size_t len, struct diag_list *diags)
{
	if (fs_write_file(path, data, len)) {
		diag_error(diags, path, 1, 1, "cannot write: %s", strerror(errno));
		o->failed = 1;
		return -1;
	}
	return 0;
}

/* NAME.gz and NAME.br beside a text file: linked from the previous output when the file itself was
 * (same bytes, same compressed bytes), made otherwise. */
static int write_compressed(struct output *o, const char *rel, const void *data, size_t len, bool unchanged,
			    struct diag_list *diags)
{
	static const char *const suffixes[] = { ".gz", ".br" };
	struct strbuf old = STRBUF_INIT, path = STRBUF_INIT, packed = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < 2 && !ret; i++) {
		strbuf_reset(&old);
		strbuf_reset(&path);
		strbuf_addf(&old, "%s/%s%s", o->dir, rel, suffixes[i]);
		strbuf_addf(&path, "%s/%s%s", o->tmp, rel, suffixes[i]);
		if (unchanged && !o->incremental && !link(old.buf, path.buf))
			continue;
		strbuf_reset(&packed);
		if ((i == 0 ? compress_gzip(&packed, data, len) : compress_brotli(&packed, data, len))) {
			diag_error(diags, path.buf, 1, 1, "cannot compress");
			o->failed = 1;
			ret = -1;
		} else {
			ret = write_new(o, path.buf, packed.buf, packed.len, diags);
		}
	}
	strbuf_release(&old);
	strbuf_release(&path);
	strbuf_release(&packed);
	return ret;
}

int output_write(struct output *o, const char *rel, const void *data, size_t len, struct diag_list *diags)
{
	const char *path;
	bool unchanged;

	if (o->incremental && same_as_old(o, rel, data, len))
		return 0; /* neither written nor moved: its modification time stays */
	path = prepare(o, rel, diags);
	if (!path)
		return -1;
	unchanged = reuse_unchanged(o, rel, path, data, len);
	if (!unchanged && write_new(o, path, data, len, diags))
		return -1;
	if (o->precompress && compress_worth_it(rel))
		return write_compressed(o, rel, data, len, unchanged, diags);
	return 0;
}

int output_read(struct output *o, const char *rel, struct strbuf *out)
{
	struct strbuf path = STRBUF_INIT;
	int ret;

	strbuf_addf(&path, "%s/%s", o->tmp, rel);
	ret = fs_read_file(out, path.buf, (size_t)1 << 34);
	if (ret && errno == ENOENT) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", o->dir, rel);
		ret = fs_read_file(out, path.buf, (size_t)1 << 34);
	}
	strbuf_release(&path);
	return ret;
}

int output_copy(struct output *o, const char *rel, struct source *src, const char *src_path,
		struct diag_list *diags)
{
	struct strbuf data = STRBUF_INIT;
	int ret;

	if (src->read(src, src_path, &data, (size_t)1 << 31)) {
		diag_error(diags, src_path, 1, 1, "cannot read: %s", strerror(errno));
		o->failed = 1;
		strbuf_release(&data);
		return -1;
	}
	ret = output_write(o, rel, data.buf, data.len, diags);
	strbuf_release(&data);
	return ret;
}

/* Moves every file under tmp/rel into dir/rel. */
static int move_in(struct output *o, struct strbuf *rel, struct diag_list *diags)
{
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	size_t base = rel->len;
	struct dirent *de;
	DIR *d;
	int ret = 0;

	strbuf_addf(&from, "%s/%s", o->tmp, rel->buf);
	d = opendir(from.buf);
	if (!d) {
		diag_error(diags, from.buf, 1, 1, "cannot read folder: %s", strerror(errno));
		strbuf_release(&from);
		return -1;
	}
	while (!ret && (de = readdir(d))) {
		struct stat st;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		strbuf_setlen(rel, base);
		strbuf_addf(rel, "%s%s", base ? "/" : "", de->d_name);
		strbuf_reset(&from);
		strbuf_reset(&to);
		strbuf_addf(&from, "%s/%s", o->tmp, rel->buf);
		strbuf_addf(&to, "%s/%s", o->dir, rel->buf);
		if (lstat(from.buf, &st)) {
			ret = -1;
		} else if (S_ISDIR(st.st_mode)) {
			if (fs_mkdirs(to.buf))
				ret = -1;
			else
				ret = move_in(o, rel, diags);
			continue;
		} else if (rename(from.buf, to.buf)) {
			ret = -1;
		}
		if (ret)
			diag_error(diags, to.buf, 1, 1, "cannot put the new file in place: %s", strerror(errno));
	}
	closedir(d);
	strbuf_setlen(rel, base);
	strbuf_release(&from);
	strbuf_release(&to);
	return ret;
}

/* Removes dir/rel and its compressed copies, then the folders that leaves empty. */
static void remove_output(struct output *o, const char *rel)
{
	static const char *const suffixes[] = { "", ".gz", ".br" };
	struct strbuf path = STRBUF_INIT;
	char *slash;

	for (size_t i = 0; i < 3; i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s%s", o->dir, rel, suffixes[i]);
		unlink(path.buf);
	}
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/%s", o->dir, rel);
	while ((slash = strrchr(path.buf, '/')) && (size_t)(slash - path.buf) > strlen(o->dir)) {
		*slash = '\0';
		if (rmdir(path.buf))
			break;
	}
	strbuf_release(&path);
}

static int commit_incremental(struct output *o, struct diag_list *diags)
{
	struct strbuf rel = STRBUF_INIT;
	int ret = o->failed ? -1 : move_in(o, &rel, diags);

	for (size_t i = 0; !ret && i < o->nremoved; i++)
		remove_output(o, o->removed[i]);
	strbuf_release(&rel);
	output_abort(o);
	return ret;
}

int output_commit(struct output *o, struct diag_list *diags)
{
	char *old;
	struct stat st;
	int had_old = !lstat(o->dir, &st);
	int ret = -1;

	if (o->incremental)
		return commit_incremental(o, diags);
	old = sibling(o->dir, "old");
	if (o->failed)
		goto cleanup;
	fs_remove_tree(old);
	if (had_old && rename(o->dir, old)) {
		diag_error(diags, o->dir, 1, 1, "cannot replace the output folder: %s", strerror(errno));
		goto cleanup;
	}
	if (rename(o->tmp, o->dir)) {
		diag_error(diags, o->dir, 1, 1, "cannot put the new output in place: %s", strerror(errno));
		if (had_old)
			rename(old, o->dir);
		goto cleanup;
	}
	fs_remove_tree(old);
	ret = 0;
cleanup:
	free(old);
	output_abort(o);
	return ret;
}

void output_abort(struct output *o)
{
	if (o->tmp)
		fs_remove_tree(o->tmp);
	free(o->tmp);
	free(o->dir);
	strbuf_release(&o->path);
	o->tmp = o->dir = NULL;
	for (size_t i = 0; i < o->nremoved; i++)
		free(o->removed[i]);
	free(o->removed);
	o->removed = NULL;
	o->nremoved = o->removed_alloc = 0;
}
