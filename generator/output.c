/* The write stage (see output.h): a spare tree beside the output, sharing the files that did not change,
 * exchanged with the output in one step. */
#define _GNU_SOURCE /* renameat2 */
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compress.h"
#include "util/faults.h"
#include "util/fs.h"
#include "util/str.h"
#include "util/xalloc.h"

/* A text file and its compressed copies beside it. */
enum copy {
	COPY_PLAIN,
	COPY_GZIP,
	COPY_BROTLI,
	COPY_COUNT
};

static const char *const copy_suffixes[COPY_COUNT] = {
	[COPY_PLAIN] = "", [COPY_GZIP] = ".gz", [COPY_BROTLI] = ".br",
};

/* ---- the filesystem steps, each counted by the fault injection of the tests ---- */

static int step_write(const char *path, const void *data, size_t len)
{
	return fault_hit(FAULT_WRITE) ? -1 : fs_write_file(path, data, len);
}

static int step_mkdirs(const char *path)
{
	return fault_hit(FAULT_MKDIR) ? -1 : fs_mkdirs(path);
}

static int step_link(const char *from, const char *to)
{
	return fault_hit(FAULT_LINK) ? -1 : link(from, to);
}

static int step_rename(const char *from, const char *to)
{
	return fault_hit(FAULT_RENAME) ? -1 : rename(from, to);
}

/* unlink, ENOENT not being an error */
static int step_unlink(const char *path)
{
	if (fault_hit(FAULT_UNLINK))
		return -1;
	return unlink(path) && errno != ENOENT ? -1 : 0;
}

static int step_remove_tree(const char *path)
{
	return fault_hit(FAULT_UNLINK) ? -1 : fs_remove_tree(path);
}

/* ".NAME.SUFFIX" in the same folder as dir, so a rename never crosses file systems. */
static char *sibling(const char *dir, const char *suffix)
{
	struct strbuf sb = STRBUF_INIT;
	const char *slash = strrchr(dir, '/');
	size_t parent = slash ? (size_t)(slash - dir) + 1 : 0;

	strbuf_add(&sb, dir, parent);
	strbuf_addf(&sb, ".%s.%s", dir + parent, suffix);
	return strbuf_detach(&sb, NULL);
}

static bool exists(const char *path)
{
	struct stat st;

	return !lstat(path, &st);
}

static bool is_real_dir(const char *path)
{
	struct stat st;

	return !lstat(path, &st) && S_ISDIR(st.st_mode);
}

/* ---- the paths a build may write ---- */

/* path made absolute and without "." and ".." components (lexically), into out ("/" for the root). */
static void absolute(struct strbuf *out, const char *path)
{
	struct strbuf joined = STRBUF_INIT;
	char cwd[PATH_MAX];

	if (path[0] != '/' && getcwd(cwd, sizeof(cwd)))
		strbuf_addf(&joined, "%s/", cwd);
	strbuf_addstr(&joined, path);
	for (const char *p = joined.buf; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (out->len && out->buf[out->len - 1] != '/')
				out->len--;
			strbuf_setlen(out, out->len ? out->len - 1 : 0); /* ".." at the root stays there */
		} else if (n && !(n == 1 && p[0] == '.')) {
			strbuf_addch(out, '/');
			strbuf_add(out, p, n);
		}
		p += n + (p[n] == '/');
	}
	if (!out->len)
		strbuf_addch(out, '/');
	strbuf_release(&joined);
}

/* path with every symbolic link resolved, into out: the longest part that exists through realpath, the
 * rest as it is. */
static void resolved(struct strbuf *out, const char *path)
{
	struct strbuf abs = STRBUF_INIT;
	char real[PATH_MAX];
	size_t cut;

	absolute(&abs, path);
	cut = abs.len;
	for (;;) {
		char saved = abs.buf[cut];
		abs.buf[cut] = '\0';
		if (realpath(cut ? abs.buf : "/", real)) {
			abs.buf[cut] = saved;
			strbuf_addstr(out, real);
			if (cut < abs.len && strcmp(real, "/"))
				strbuf_addstr(out, abs.buf + cut);
			else if (cut < abs.len)
				strbuf_addstr(out, abs.buf + cut + 1);
			break;
		}
		abs.buf[cut] = saved;
		while (cut > 0 && abs.buf[--cut] != '/')
			;
	}
	strbuf_release(&abs);
}

/* Whether path is inside dir or is dir ("/a/b" is inside "/a"; "/ab" is not). */
static bool within(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (!strcmp(dir, "/"))
		return true;
	return !strncmp(path, dir, n) && (path[n] == '\0' || path[n] == '/');
}

/* An existing folder that jisite may replace: empty, or holding OUTPUT_MARKER. */
static bool replaceable(const char *dir)
{
	struct strbuf marker = STRBUF_INIT;
	bool ok;
	DIR *d;

	strbuf_addf(&marker, "%s/%s", dir, OUTPUT_MARKER);
	ok = exists(marker.buf);
	strbuf_release(&marker);
	if (ok || !(d = opendir(dir)))
		return ok;
	ok = !fs_readdir(d);
	closedir(d);
	return ok;
}

static bool preview_allowed;

void output_allow_preview(void)
{
	preview_allowed = true;
}

/* Whether dir is the preview folder, allowed in .jisite-cache/ (output_allow_preview): a folder, or
 * nothing yet, in a folder, with no symbolic link that could lead the build elsewhere. */
static bool is_preview(const char *dir)
{
	struct stat st;

	if (!preview_allowed || strcmp(dir, OUTPUT_PREVIEW))
		return false;
	if (lstat(".jisite-cache", &st) ? errno != ENOENT : !S_ISDIR(st.st_mode))
		return false;
	return lstat(OUTPUT_PREVIEW, &st) ? errno == ENOENT : S_ISDIR(st.st_mode);
}

int output_check_path(const char *dir, bool ours, bool force, struct strbuf *why)
{
	static const char *const inputs[][2] = { { "content", "content/" }, { "themes", "themes/" },
						 { "translations", "translations/" }, { "site.yaml", "site.yaml" },
						 { ".git", ".git" }, { ".jisite-cache", "build cache, .jisite-cache/" } };
	struct strbuf out = STRBUF_INIT, project = STRBUF_INIT, input = STRBUF_INIT;
	struct stat st;
	int ret = -1;

	strbuf_addf(why, "cannot build into '%s': ", dir);
	if (!*dir) {
		strbuf_addstr(why, "an empty path is no folder");
		return -1;
	}
	resolved(&out, dir);
	resolved(&project, ".");
	if (within(project.buf, out.buf)) {
		strbuf_addf(why, "it %s the project folder, whose sources a build would replace",
			    strcmp(project.buf, out.buf) ? "holds" : "is");
		goto cleanup;
	}
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		if (!strcmp(inputs[i][0], ".jisite-cache") && is_preview(dir))
			continue;
		strbuf_reset(&input);
		resolved(&input, inputs[i][0]);
		if (within(out.buf, input.buf) || within(input.buf, out.buf)) {
			strbuf_addf(why, "it %s the project's %s, which a build reads",
				    !strcmp(out.buf, input.buf) ? "is" : within(out.buf, input.buf) ? "lies inside" : "holds",
				    inputs[i][1]);
			goto cleanup;
		}
	}
	if (!force && !lstat(dir, &st)) {
		if (S_ISLNK(st.st_mode)) {
			strbuf_addstr(why, "it is a symbolic link; --force replaces the link, not what it points to");
			goto cleanup;
		}
		if (!S_ISDIR(st.st_mode)) {
			strbuf_addstr(why, "it is a file, not a folder that jisite wrote; --force replaces it");
			goto cleanup;
		}
		if (!ours && !replaceable(dir)) {
			strbuf_addf(why, "it is a folder that jisite did not write (it has no %s file); --force "
				    "replaces it", OUTPUT_MARKER);
			goto cleanup;
		}
	}
	strbuf_reset(why);
	ret = 0;
cleanup:
	strbuf_release(&out);
	strbuf_release(&project);
	strbuf_release(&input);
	return ret;
}

/* ---- locking, and what killed builds left ---- */

/* Locks the output: one build at a time writes it, its spare and its leftovers. The lock is a file beside
 * it, ".NAME.lock" (made when missing, and kept: removing it would race with a build about to lock it), so
 * builds of other outputs in the same folder go on at once. The folder is made when missing. */
static int lock_output(struct output *o, struct diag_list *diags)
{
	char *lock = sibling(o->dir, "lock");
	struct strbuf parent = STRBUF_INIT;
	const char *slash = strrchr(o->dir, '/');
	int fd = -1;

	if (slash == o->dir)
		strbuf_addstr(&parent, "/");
	else if (slash)
		strbuf_add(&parent, o->dir, (size_t)(slash - o->dir));
	else
		strbuf_addstr(&parent, ".");
	if (step_mkdirs(parent.buf) || (fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644)) < 0) {
		diag_error(diags, lock, 0, 0, "cannot make the lock of the output: %s", strerror(errno));
	} else if (flock(fd, LOCK_EX | LOCK_NB)) {
		diag_error(diags, o->dir, 0, 0, "another jisite build is writing this output (%s)",
			   errno == EWOULDBLOCK ? "its lock is held" : strerror(errno));
		close(fd);
		fd = -1;
	}
	o->lock_fd = fd;
	free(lock);
	strbuf_release(&parent);
	return fd < 0 ? -1 : 0;
}

/* Puts back an output that the fallback exchange left as ".NAME.old", and removes the ".NAME.tmp-PID"
 * and ".NAME.old-PID" folders that builds of earlier versions left when they were killed. */
static int clean_leftovers(struct output *o, struct diag_list *diags)
{
	char *old = sibling(o->dir, "old"), *prefix = sibling(o->dir, "");
	const char *base = strrchr(prefix, '/') ? strrchr(prefix, '/') + 1 : prefix;
	struct strbuf path = STRBUF_INIT;
	size_t n = strlen(base);
	struct dirent *de;
	int ret = 0;
	DIR *d;

	if (exists(old) && !exists(o->dir) && step_rename(old, o->dir))
		ret = -1;
	else if (exists(old) && step_remove_tree(old))
		ret = -1;
	if (ret)
		diag_error(diags, old, 0, 0, "cannot put back the output a killed build left: %s", strerror(errno));
	*(char *)base = '\0'; /* prefix is now the parent folder, "" for the current one */
	d = opendir(*prefix ? prefix : ".");
	*(char *)base = '.';
	while (!ret && d && (de = readdir(d))) {
		if (strncmp(de->d_name, base, n) ||
		    (!starts_with(de->d_name + n, "tmp-") && !starts_with(de->d_name + n, "old-")))
			continue;
		strbuf_reset(&path);
		strbuf_add(&path, prefix, (size_t)(base - prefix));
		strbuf_addstr(&path, de->d_name);
		if (step_remove_tree(path.buf)) {
			diag_error(diags, path.buf, 0, 0, "cannot remove what a killed build left: %s", strerror(errno));
			ret = -1;
		}
	}
	if (d)
		closedir(d);
	free(old);
	free(prefix);
	strbuf_release(&path);
	return ret;
}

static int start(struct output *o, const char *dir, struct diag_list *diags)
{
	size_t len = strlen(dir);

	memset(o, 0, sizeof(*o));
	o->lock_fd = -1;
	while (len > 1 && dir[len - 1] == '/')
		len--;
	o->dir = xmemdup0(dir, len);
	o->tmp = sibling(o->dir, "spare");
	if (lock_output(o, diags) || clean_leftovers(o, diags)) {
		o->failed = 1;
		return -1;
	}
	return 0;
}

/* ---- what a build changed ---- */

/* The paths a build wrote anew or removed, as "rel\0" records in memory shared with the worker processes,
 * which write most pages. An incremental build's list is kept in the cache: the next build brings the
 * spare up to date with it. A full build's makes the old tree the spare (adopt_old). */
struct changed_log {
	atomic_size_t used;
	atomic_int overflow; /* too many to keep: the next build makes its spare again */
	char data[];
};

#define CHANGED_LOG_SIZE ((size_t)64 << 20) /* address space; only what is written takes memory */

static void log_open(struct output *o)
{
	void *p = mmap(NULL, CHANGED_LOG_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	o->log = p == MAP_FAILED ? NULL : p;
}

static void log_add(struct output *o, const char *rel)
{
	size_t n = strlen(rel) + 1, at;

	if (!o->log)
		return;
	at = atomic_fetch_add(&o->log->used, n);
	if (at + n > CHANGED_LOG_SIZE - sizeof(*o->log))
		atomic_store(&o->log->overflow, 1);
	else
		memcpy(o->log->data + at, rel, n);
}

static int write_marker(struct output *o, struct diag_list *diags)
{
	static const char text[] = "This folder is written by jisite, which replaces all of it at every build.\n";
	struct strbuf path = STRBUF_INIT;
	int ret;

	strbuf_addf(&path, "%s/%s", o->tmp, OUTPUT_MARKER);
	if (!o->incremental)
		log_add(o, OUTPUT_MARKER);
	ret = step_unlink(path.buf) || step_write(path.buf, text, sizeof(text) - 1);
	if (ret) {
		diag_error(diags, path.buf, 0, 0, "cannot write: %s", strerror(errno));
		o->failed = 1;
	}
	strbuf_release(&path);
	return ret ? -1 : 0;
}

int output_begin(struct output *o, const char *dir, struct diag_list *diags)
{
	if (start(o, dir, diags))
		return -1;
	/* with an output folder to replace, what is written anew is logged: after the exchange, the old tree
	 * becomes the spare by taking just those files (adopt_old). Never a symbolic link that --force
	 * replaces: what it points to is not ours to change. */
	if (is_real_dir(o->dir))
		log_open(o);
	if (step_remove_tree(o->tmp) || step_mkdirs(o->tmp)) {
		diag_error(diags, o->tmp, 0, 0, "cannot make the folder the new output is written in: %s",
			   strerror(errno));
		o->failed = 1;
		return -1;
	}
	return write_marker(o, diags);
}

/* ---- the spare tree ---- */

/* Hard links every file under from/rel into to/rel, making the folders: a copy of the tree that costs no
 * file data. */
static int link_tree(const char *from, const char *to, struct strbuf *rel)
{
	struct strbuf src = STRBUF_INIT, dst = STRBUF_INIT;
	size_t base = rel->len;
	struct dirent *de;
	int ret = 0;
	DIR *d;

	strbuf_addf(&src, "%s%s%s", from, base ? "/" : "", rel->buf);
	strbuf_addf(&dst, "%s%s%s", to, base ? "/" : "", rel->buf);
	if (step_mkdirs(dst.buf) || !(d = opendir(src.buf))) {
		strbuf_release(&src);
		strbuf_release(&dst);
		return -1;
	}
	while (!ret && (de = fs_readdir(d))) {
		struct stat st;
		strbuf_setlen(rel, base);
		strbuf_addf(rel, "%s%s", base ? "/" : "", de->d_name);
		strbuf_reset(&src);
		strbuf_reset(&dst);
		strbuf_addf(&src, "%s/%s", from, rel->buf);
		strbuf_addf(&dst, "%s/%s", to, rel->buf);
		if (lstat(src.buf, &st))
			ret = -1;
		else if (S_ISDIR(st.st_mode))
			ret = link_tree(from, to, rel);
		else
			ret = step_link(src.buf, dst.buf);
	}
	closedir(d);
	strbuf_setlen(rel, base);
	strbuf_release(&src);
	strbuf_release(&dst);
	return ret;
}

/* Removes the folders above path (inside root) that are left empty. */
static void prune(const char *root, struct strbuf *path)
{
	char *slash;

	while ((slash = strrchr(path->buf, '/')) && (size_t)(slash - path->buf) > strlen(root)) {
		*slash = '\0';
		if (rmdir(path->buf))
			break;
	}
}

/* Makes the spare's rel (and its compressed copies) what the output's is: the same file, or none. */
static int sync_path(struct output *o, const char *rel)
{
	struct strbuf out = STRBUF_INIT, spare = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < COPY_COUNT && !ret; i++) {
		struct stat so, ss;
		bool in_out, in_spare;
		strbuf_reset(&out);
		strbuf_reset(&spare);
		strbuf_addf(&out, "%s/%s%s", o->dir, rel, copy_suffixes[i]);
		strbuf_addf(&spare, "%s/%s%s", o->tmp, rel, copy_suffixes[i]);
		in_out = !lstat(out.buf, &so);
		in_spare = !lstat(spare.buf, &ss);
		if (in_out && in_spare && so.st_ino == ss.st_ino && so.st_dev == ss.st_dev)
			continue;
		if (in_spare && step_unlink(spare.buf)) {
			ret = -1;
		} else if (in_out) {
			char *slash = strrchr(spare.buf, '/');
			*slash = '\0';
			ret = step_mkdirs(spare.buf);
			*slash = '/';
			ret = ret ? ret : step_link(out.buf, spare.buf);
		} else if (in_spare) {
			prune(o->tmp, &spare);
		}
	}
	strbuf_release(&out);
	strbuf_release(&spare);
	return ret;
}

/* The spare as the last build left it: the same folder, untouched since, and a list of what differs. */
static bool spare_trusted(struct output *o, const struct output_spare *spare)
{
	struct stat st;

	return spare && spare->dev && !lstat(o->tmp, &st) && S_ISDIR(st.st_mode) && (uint64_t)st.st_dev == spare->dev &&
	       (uint64_t)st.st_ino == spare->ino && (uint64_t)st.st_ctim.tv_sec == spare->ctime_sec &&
	       (uint64_t)st.st_ctim.tv_nsec == spare->ctime_nsec;
}

int output_begin_incremental(struct output *o, const char *dir, const struct output_spare *spare,
			     struct diag_list *diags)
{
	struct strbuf marker = STRBUF_INIT, rel = STRBUF_INIT;
	int ret = 0;

	if (start(o, dir, diags))
		return -1;
	o->incremental = 1;
	log_open(o);
	strbuf_addf(&marker, "%s/%s", o->tmp, OUTPUT_MARKER);
	if (spare_trusted(o, spare)) {
		/* from here on the spare is being changed: removing a file from its top folder changes the
		 * folder's ctime, so a build killed before the commit leaves a spare no build trusts */
		ret = step_unlink(marker.buf);
		for (size_t i = 0; !ret && i < spare->nchanged; i++)
			ret = sync_path(o, spare->changed[i]);
	} else {
		ret = step_remove_tree(o->tmp) || link_tree(o->dir, o->tmp, &rel);
	}
	if (ret) {
		diag_error(diags, o->tmp, 0, 0, "cannot prepare the folder the new output is written in: %s",
			   strerror(errno));
		o->failed = 1;
	}
	strbuf_release(&marker);
	strbuf_release(&rel);
	return ret ? -1 : 0;
}

/* ---- writing ---- */

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

/* The path of rel in the new tree, into path, its folders made. */
static const char *prepare(struct output *o, const char *rel, struct strbuf *path, struct diag_list *diags)
{
	char *slash;

	strbuf_addf(path, "%s/%s", o->tmp, rel);
	slash = strrchr(path->buf, '/');
	*slash = '\0';
	if (step_mkdirs(path->buf)) {
		diag_error(diags, path->buf, 0, 0, "cannot create folder: %s", strerror(errno));
		o->failed = 1;
		return NULL;
	}
	*slash = '/';
	return path->buf;
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
		same = !step_link(old.buf, path);
		strbuf_release(&old);
	}
	return same;
}

/* A new file at path. In an incremental build path may be a hard link to the output's file: it is
 * unlinked first, never written through. */
static int write_new(struct output *o, const char *path, const void *data, size_t len, struct diag_list *diags)
{
	if ((o->incremental && step_unlink(path)) || step_write(path, data, len)) {
		diag_error(diags, path, 0, 0, "cannot write: %s", strerror(errno));
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
	struct strbuf old = STRBUF_INIT, path = STRBUF_INIT, packed = STRBUF_INIT;
	int ret = 0;

	for (size_t i = COPY_GZIP; i < COPY_COUNT && !ret; i++) {
		strbuf_reset(&old);
		strbuf_reset(&path);
		strbuf_addf(&old, "%s/%s%s", o->dir, rel, copy_suffixes[i]);
		strbuf_addf(&path, "%s/%s%s", o->tmp, rel, copy_suffixes[i]);
		if (unchanged && !o->incremental && !step_link(old.buf, path.buf))
			continue;
		strbuf_reset(&packed);
		if ((i == COPY_GZIP ? compress_gzip(&packed, data, len) : compress_brotli(&packed, data, len))) {
			diag_error(diags, path.buf, 0, 0, "cannot compress");
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
	struct strbuf buf = STRBUF_INIT; /* the caller's own: two threads may write at once */
	const char *path;
	bool unchanged;
	int ret = 0;

	if (o->incremental && same_as_old(o, rel, data, len))
		return 0; /* the spare has it already: neither written nor moved, its modification time stays */
	path = prepare(o, rel, &buf, diags);
	if (!path) {
		strbuf_release(&buf);
		return -1;
	}
	unchanged = !o->incremental && reuse_unchanged(o, rel, path, data, len);
	/* a file linked from the previous output is in it already; its compressed copies may not be (an
	 * output written without them): logged too, sync_path looks at each */
	if (!unchanged || o->precompress)
		log_add(o, rel);
	if (!unchanged && write_new(o, path, data, len, diags))
		ret = -1;
	else if (o->precompress && compress_worth_it(rel))
		ret = write_compressed(o, rel, data, len, unchanged, diags);
	strbuf_release(&buf);
	return ret;
}

int output_read(struct output *o, const char *rel, struct strbuf *out)
{
	struct strbuf path = STRBUF_INIT;
	int ret;

	strbuf_addf(&path, "%s/%s", o->tmp, rel);
	ret = fs_read_file(out, path.buf, (size_t)1 << 34);
	strbuf_release(&path);
	return ret;
}

int output_copy(struct output *o, const char *rel, struct source *src, const char *src_path,
		struct diag_list *diags)
{
	struct strbuf data = STRBUF_INIT;
	int ret;

	if (src->read(src, src_path, &data, (size_t)1 << 31)) {
		diag_error(diags, src_path, 0, 0, "cannot read: %s", strerror(errno));
		o->failed = 1;
		strbuf_release(&data);
		return -1;
	}
	ret = output_write(o, rel, data.buf, data.len, diags);
	strbuf_release(&data);
	return ret;
}

/* ---- the commit ---- */

/* Removes the spare's rel and its compressed copies, then the folders that leaves empty. */
static int remove_output(struct output *o, const char *rel)
{
	struct strbuf path = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < COPY_COUNT && !ret; i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s%s", o->tmp, rel, copy_suffixes[i]);
		ret = step_unlink(path.buf);
	}
	if (!ret)
		prune(o->tmp, &path);
	strbuf_release(&path);
	return ret;
}

/* dir and the spare trade places: renameat2's exchange, or three renames where the file system has not
 * got it (see output.h). */
static int exchange(struct output *o)
{
	char *old;
	int ret;

	if (fault_hit(FAULT_RENAME))
		return -1;
	if (!exists(o->dir))
		return rename(o->tmp, o->dir);
	if (!renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->dir, RENAME_EXCHANGE))
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
		return -1;
	old = sibling(o->dir, "old");
	ret = step_rename(o->dir, old);
	if (!ret && step_rename(o->tmp, o->dir)) {
		rename(old, o->dir);
		ret = -1;
	}
	if (!ret && step_rename(old, o->tmp))
		fs_remove_tree(old); /* the new output is in place; the next build removes what is left */
	free(old);
	return ret;
}

/* After a full build's exchange the spare holds the previous output. It becomes a spare the next build
 * can trust by losing what is not the output's (another file, or none, at the same path) and taking the
 * files this build wrote anew: the walk costs what removing the old tree would. Returns 0 or -1. */
static int adopt_old(struct output *o, struct strbuf *rel)
{
	struct strbuf spare = STRBUF_INIT, out = STRBUF_INIT;
	size_t base = rel->len;
	struct dirent *de;
	int ret = 0;
	DIR *d;

	strbuf_addf(&spare, "%s%s%s", o->tmp, base ? "/" : "", rel->buf);
	d = opendir(spare.buf);
	while (!ret && d && (de = fs_readdir(d))) {
		struct stat ss, so;
		bool in_out;
		strbuf_setlen(rel, base);
		strbuf_addf(rel, "%s%s", base ? "/" : "", de->d_name);
		strbuf_reset(&spare);
		strbuf_reset(&out);
		strbuf_addf(&spare, "%s/%s", o->tmp, rel->buf);
		strbuf_addf(&out, "%s/%s", o->dir, rel->buf);
		in_out = !lstat(out.buf, &so);
		if (lstat(spare.buf, &ss))
			ret = -1;
		else if (S_ISDIR(ss.st_mode) && in_out && S_ISDIR(so.st_mode))
			ret = adopt_old(o, rel);
		else if (S_ISDIR(ss.st_mode))
			ret = step_remove_tree(spare.buf);
		else if (!in_out || so.st_ino != ss.st_ino || so.st_dev != ss.st_dev)
			ret = step_unlink(spare.buf);
	}
	if (!d)
		ret = -1;
	else
		closedir(d);
	strbuf_setlen(rel, base);
	strbuf_release(&spare);
	strbuf_release(&out);
	if (base || ret)
		return ret;
	for (size_t at = 0, used = atomic_load(&o->log->used); !ret && at < used;) {
		const char *path = o->log->data + at;
		ret = sync_path(o, path);
		at += strlen(path) + 1;
	}
	return ret;
}

/* The spare after the commit: its identity, and what this build changed (nothing after a full build,
 * whose old tree was made the output's twin). */
static void describe_spare(struct output *o)
{
	struct stat st;

	memset(&o->after, 0, sizeof(o->after));
	if (!o->log || atomic_load(&o->log->overflow) || lstat(o->tmp, &st))
		return;
	o->after.dev = (uint64_t)st.st_dev;
	o->after.ino = (uint64_t)st.st_ino;
	o->after.ctime_sec = (uint64_t)st.st_ctim.tv_sec;
	o->after.ctime_nsec = (uint64_t)st.st_ctim.tv_nsec;
	for (size_t at = 0, used = o->incremental ? atomic_load(&o->log->used) : 0, alloc = 0; at < used;) {
		const char *rel = o->log->data + at;
		XGROW(o->after.changed, alloc, o->after.nchanged + 1);
		o->after.changed[o->after.nchanged++] = xstrdup(rel);
		at += strlen(rel) + 1;
	}
}

/* After the first output's exchange there is no spare: the next build would make it, linking every file
 * (a second or more for thousands of files). A preview makes it now instead, so that the first edit is
 * as quick as the next ones; without it, it is simply made later. */
static void make_first_spare(struct output *o, struct strbuf *rel)
{
	log_open(o);
	if (o->log && !link_tree(o->dir, o->tmp, rel))
		return;
	if (o->log)
		atomic_store(&o->log->overflow, 1); /* no spare to trust */
	step_remove_tree(o->tmp);
}

int output_commit(struct output *o, struct diag_list *diags)
{
	struct strbuf rel = STRBUF_INIT;
	int ret = o->failed ? -1 : 0;

	for (size_t i = 0; !ret && i < o->nremoved; i++) {
		log_add(o, o->removed[i]);
		if (remove_output(o, o->removed[i])) {
			diag_error(diags, o->tmp, 0, 0, "cannot remove '%s' from the new output: %s", o->removed[i],
				   strerror(errno));
			ret = -1;
		}
	}
	if (!ret && o->incremental)
		ret = write_marker(o, diags);
	if (!ret && exchange(o)) {
		diag_error(diags, o->dir, 0, 0, "cannot put the new output in place: %s", strerror(errno));
		ret = -1;
	}
	o->committed = !ret;
	if (ret)
		return ret;
	/* a full build's predecessor becomes the spare; when it cannot, it goes */
	if (!o->incremental && !o->log && o->ready_spare && !is_real_dir(o->tmp)) {
		make_first_spare(o, &rel);
	} else if (!o->incremental &&
		   !(o->log && !atomic_load(&o->log->overflow) && is_real_dir(o->tmp) && !adopt_old(o, &rel))) {
		if (o->log)
			atomic_store(&o->log->overflow, 1); /* no spare to trust */
		if (step_remove_tree(o->tmp))
			diag_warning(diags, o->tmp, 0, 0, "cannot remove the previous output: %s", strerror(errno));
	}
	describe_spare(o);
	strbuf_release(&rel);
	return 0;
}

void output_abort(struct output *o)
{
	if (!o->dir)
		return; /* never begun, or released already */
	/* a spare that was not exchanged holds half a build: nothing trusts it, so it goes (by the build
	 * that holds the lock only: another build's spare is not ours to remove) */
	if (o->tmp && o->lock_fd >= 0 && !o->committed)
		fs_remove_tree(o->tmp);
	if (o->log)
		munmap(o->log, CHANGED_LOG_SIZE);
	o->log = NULL;
	if (o->lock_fd >= 0)
		close(o->lock_fd);
	o->lock_fd = -1;
	free(o->tmp);
	free(o->dir);
	o->tmp = o->dir = NULL;
	for (size_t i = 0; i < o->nremoved; i++)
		free(o->removed[i]);
	free(o->removed);
	o->removed = NULL;
	o->nremoved = o->removed_alloc = 0;
}

void output_spare_release(struct output_spare *s)
{
	for (size_t i = 0; i < s->nchanged; i++)
		free(s->changed[i]);
	free(s->changed);
	memset(s, 0, sizeof(*s));
}
