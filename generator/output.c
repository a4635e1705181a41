/* The write stage (see output.h): a new tree beside the old one, sharing the files that did not change. */
#include "output.h"

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
	struct strbuf old = STRBUF_INIT, bytes = STRBUF_INIT;
	struct stat st;
	bool same = false;

	strbuf_addf(&old, "%s/%s", o->dir, rel);
	if (!lstat(old.buf, &st) && S_ISREG(st.st_mode) && (size_t)st.st_size == len &&
	    !fs_read_file(&bytes, old.buf, len) && bytes.len == len && !memcmp(bytes.buf, data, len))
		same = !link(old.buf, path);
	strbuf_release(&old);
	strbuf_release(&bytes);
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
		if (unchanged && !link(old.buf, path.buf))
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
	const char *path = prepare(o, rel, diags);
	bool unchanged;

	if (!path)
		return -1;
	unchanged = reuse_unchanged(o, rel, path, data, len);
	if (!unchanged && write_new(o, path, data, len, diags))
		return -1;
	if (o->precompress && compress_worth_it(rel))
		return write_compressed(o, rel, data, len, unchanged, diags);
	return 0;
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

int output_commit(struct output *o, struct diag_list *diags)
{
	char *old = sibling(o->dir, "old");
	struct stat st;
	int had_old = !lstat(o->dir, &st);
	int ret = -1;

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
}
