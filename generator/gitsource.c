/* The git source (see gitsource.h): a commit's tree read through libgit2, for `build --rev`. It mirrors
 * the file-system source (source.c): same paths, same order, same kinds, same link rule. */
#include "gitsource.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "util/xalloc.h"

/* The number of symbolic links Linux follows in one path before it gives up with ELOOP. */
#define MAX_LINKS 40

struct gitsource {
	struct source base;
	/* libgit2's objects may not be used by two threads at once, and the scan lists folders on several */
	pthread_mutex_t lock;
	git_repository *repo;
	git_tree *tree; /* the commit's whole tree: a link may pass through folders outside the project */
	char *prefix;   /* the project folder in the tree: "" for the top, else "site" (no slash at either end) */
};

/* A tree entry as a path walk found it: the top of the tree is a tree entry too. */
struct found {
	git_filemode_t mode;
	git_oid id;
};

/* Sets errno from a libgit2 error code. Returns -1. */
static int fail_with(int err)
{
	errno = err == GIT_ENOTFOUND ? ENOENT : EIO;
	return -1;
}

/* The entry at the path at in the repository's tree ("" for the top), without following links. Returns
 * 0, or -1 with errno set. */
static int lookup(struct gitsource *gs, const char *at, struct found *f)
{
	git_tree_entry *e;
	int err;

	if (!*at) {
		f->mode = GIT_FILEMODE_TREE;
		git_oid_cpy(&f->id, git_tree_id(gs->tree));
		return 0;
	}
	err = git_tree_entry_bypath(&e, gs->tree, at);
	if (err)
		return fail_with(err);
	f->mode = git_tree_entry_filemode(e);
	git_oid_cpy(&f->id, git_tree_entry_id(e));
	git_tree_entry_free(e);
	return 0;
}

/* Replaces todo[0..next) by the target of the link f: the rest of the walk starts from the target. */
static int splice_link(struct gitsource *gs, const struct found *f, struct strbuf *todo, size_t next)
{
	struct strbuf rest = STRBUF_INIT;
	git_blob *blob;
	const char *target;
	size_t len;
	int err = git_blob_lookup(&blob, gs->repo, &f->id);

	if (err)
		return fail_with(err);
	target = git_blob_rawcontent(blob);
	len = strnlen(target, (size_t)git_blob_rawsize(blob));
	if (!len || target[0] == '/') {
		/* an empty link leads nowhere; an absolute one to where a checkout happens to be */
		git_blob_free(blob);
		errno = len ? EXDEV : ENOENT;
		return -1;
	}
	strbuf_add(&rest, target, len);
	git_blob_free(blob);
	if (next < todo->len) {
		strbuf_addch(&rest, '/');
		strbuf_add(&rest, todo->buf + next, todo->len - next);
	}
	strbuf_reset(todo);
	strbuf_addbuf(todo, &rest);
	strbuf_release(&rest);
	return 0;
}

/*
 * Walks path (relative to the project) through the tree as the kernel walks a path in a checkout: "."
 * and ".." by name, a symbolic link by its target, relative to the folder it is in. follow_last says
 * whether a link in the last place is followed too. Fills *f, and where (may be NULL) with the entry's
 * path in the repository's tree. Returns 0, or -1 with errno: ENOENT, ENOTDIR, ELOOP, EXDEV (a link
 * leaves the repository) or EIO.
 */
static int resolve(struct gitsource *gs, const char *path, bool follow_last, struct strbuf *where, struct found *f)
{
	struct strbuf todo = STRBUF_INIT, at = STRBUF_INIT;
	size_t pos = 0, at_len;
	int links = 0, ret = -1;
	bool found = false; /* f describes at */

	strbuf_addstr(&todo, path);
	strbuf_addstr(&at, gs->prefix);
	while (pos < todo.len) {
		const char *name = todo.buf + pos;
		size_t len = strcspn(name, "/"), next = pos + len + (name[len] == '/');
		bool last = next >= todo.len;

		if (!len || (len == 1 && name[0] == '.')) {
			pos = next;
			continue;
		}
		if (len == 2 && name[0] == '.' && name[1] == '.') {
			char *slash = strrchr(at.buf, '/');
			if (!at.len) {
				errno = EXDEV;
				goto cleanup;
			}
			strbuf_setlen(&at, slash ? (size_t)(slash - at.buf) : 0);
			found = false;
			pos = next;
			continue;
		}
		at_len = at.len;
		if (at.len)
			strbuf_addch(&at, '/');
		strbuf_add(&at, name, len);
		if (lookup(gs, at.buf, f))
			goto cleanup;
		if (f->mode == GIT_FILEMODE_LINK && (!last || follow_last)) {
			strbuf_setlen(&at, at_len);
			if (++links > MAX_LINKS) {
				errno = ELOOP;
				goto cleanup;
			}
			if (splice_link(gs, f, &todo, next))
				goto cleanup;
			found = false;
			pos = 0;
			continue;
		}
		if (!last && f->mode != GIT_FILEMODE_TREE) {
			/* a submodule is checked out as a folder, empty until it is initialised */
			errno = f->mode == GIT_FILEMODE_COMMIT ? ENOENT : ENOTDIR;
			goto cleanup;
		}
		found = true;
		pos = next;
	}
	if (!found && lookup(gs, at.buf, f))
		goto cleanup;
	if (where)
		strbuf_addbuf(where, &at);
	ret = 0;
cleanup:
	strbuf_release(&todo);
	strbuf_release(&at);
	return ret;
}

/* The file-system source's rule: a symbolic link must end inside the top-level folder it is found in (one
 * in content/ may not lead to site.yaml). where is its end in the repository's tree, rel its path. */
static bool stays_inside(const struct gitsource *gs, const char *where, const char *rel)
{
	size_t top = strcspn(rel, "/"), plen = strlen(gs->prefix);

	if (plen) {
		if (strncmp(where, gs->prefix, plen) || where[plen] != '/')
			return false;
		where += plen + 1;
	}
	return top && !strncmp(where, rel, top) && (where[top] == '/' || !where[top]);
}

static void stamp_of(const git_oid *id, struct source_stamp *out)
{
	memset(out, 0, sizeof(*out));
	memcpy(out->bytes, id->id, GIT_OID_RAWSZ);
}

/* The link at rel leads to where, a folder of the repository's tree: when that folder is one of those rel
 * passes through (from its top-level folder down to the link's own), a walk would list it below itself
 * for ever. A tree has no inodes: each of those folders is resolved as the walk reached it, through any
 * links, and compared by its place in the tree, so a loop through several links is caught at the link
 * that closes it. Returns the length of the part of rel that names the folder, or 0. */
static size_t loop_len_of(struct gitsource *gs, const char *rel, const char *where)
{
	struct strbuf up = STRBUF_INIT, up_where = STRBUF_INIT;
	size_t len = 0;
	struct found f;

	for (const char *slash = strchr(rel, '/'); slash && !len; slash = strchr(slash + 1, '/')) {
		strbuf_reset(&up);
		strbuf_reset(&up_where);
		strbuf_add(&up, rel, (size_t)(slash - rel));
		if (!resolve(gs, up.buf, true, &up_where, &f) && !strcmp(up_where.buf, where))
			len = (size_t)(slash - rel);
	}
	strbuf_release(&up);
	strbuf_release(&up_where);
	return len;
}

/* A link's own stamp, the same whatever path reached it: its place in the repository's tree, hashed. */
static void link_stamp(struct gitsource *gs, const char *rel, struct source_stamp *stamp)
{
	struct strbuf where = STRBUF_INIT;
	struct found f;
	git_oid id;

	memset(stamp, 0, sizeof(*stamp));
	if (!resolve(gs, rel, false, &where, &f) && !git_odb_hash(&id, where.buf, where.len, GIT_OBJECT_BLOB))
		stamp_of(&id, stamp);
	strbuf_release(&where);
}

/* The kind of the entry f found at rel without following a link in the last place: a link is followed
 * now (f then describes its end). stamp (may be NULL) gets a file's stamp. With loop_len (listings), a
 * link back to a folder of rel is SOURCE_LOOP, and *loop_len says which; its stamp is the link's own. */
static enum source_kind kind_of(struct gitsource *gs, const char *rel, struct found *f, struct source_stamp *stamp,
				size_t *loop_len)
{
	if (f->mode == GIT_FILEMODE_LINK) {
		struct strbuf where = STRBUF_INIT;
		bool inside = !resolve(gs, rel, true, &where, f) && stays_inside(gs, where.buf, rel);
		bool loop = inside && loop_len && f->mode == GIT_FILEMODE_TREE &&
			    (*loop_len = loop_len_of(gs, rel, where.buf));

		strbuf_release(&where);
		if (!inside)
			return SOURCE_OUTSIDE;
		if (loop) {
			if (stamp)
				link_stamp(gs, rel, stamp);
			return SOURCE_LOOP;
		}
	}
	switch (f->mode) {
	case GIT_FILEMODE_TREE:
		return SOURCE_DIR;
	case GIT_FILEMODE_BLOB:
	case GIT_FILEMODE_BLOB_EXECUTABLE:
		if (stamp)
			stamp_of(&f->id, stamp);
		return SOURCE_FILE;
	default:
		return SOURCE_OTHER; /* a submodule */
	}
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct source_entry *)a)->name, ((const struct source_entry *)b)->name);
}

static int list_tree(struct gitsource *gs, const char *dir, struct source_entry **entries, size_t *n)
{
	struct strbuf rel = STRBUF_INIT;
	git_tree *tree;
	struct found f;
	size_t count, base;
	int err;

	if (resolve(gs, dir, true, NULL, &f))
		return -1;
	if (f.mode != GIT_FILEMODE_TREE) {
		errno = ENOTDIR;
		return -1;
	}
	err = git_tree_lookup(&tree, gs->repo, &f.id);
	if (err)
		return fail_with(err);
	count = git_tree_entrycount(tree);
	*entries = xcalloc(count ? count : 1, sizeof(**entries));
	strbuf_addstr(&rel, dir);
	if (rel.len)
		strbuf_addch(&rel, '/');
	base = rel.len;
	for (size_t i = 0; i < count; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		struct source_entry *out = &(*entries)[i];

		out->name = xstrdup(git_tree_entry_name(e));
		f.mode = git_tree_entry_filemode(e);
		git_oid_cpy(&f.id, git_tree_entry_id(e));
		strbuf_setlen(&rel, base);
		strbuf_addstr(&rel, out->name);
		out->kind = kind_of(gs, rel.buf, &f, &out->stamp, &out->loop_len);
	}
	*n = count;
	git_tree_free(tree);
	strbuf_release(&rel);
	/* git orders a folder's entries as if a folder's name ended in '/': the file-system source does not */
	if (count)
		qsort(*entries, count, sizeof(**entries), entry_cmp);
	return 0;
}

static int gs_list(struct source *src, const char *dir, struct source_entry **entries, size_t *n)
{
	struct gitsource *gs = (struct gitsource *)src;
	int ret;

	*entries = NULL;
	*n = 0;
	pthread_mutex_lock(&gs->lock);
	ret = list_tree(gs, dir, entries, n);
	pthread_mutex_unlock(&gs->lock);
	return ret;
}

/* Finds the file at path, following links by the rule. Returns 0, or -1 with errno (EACCES for a link
 * that leads outside, EISDIR for a folder or a submodule). */
static int find_file(struct gitsource *gs, const char *path, struct found *f)
{
	enum source_kind kind;

	if (resolve(gs, path, false, NULL, f))
		return -1;
	kind = kind_of(gs, path, f, NULL, NULL);
	if (kind == SOURCE_FILE)
		return 0;
	errno = kind == SOURCE_OUTSIDE ? EACCES : EISDIR;
	return -1;
}

static int gs_read(struct source *src, const char *path, struct strbuf *out, size_t max)
{
	struct gitsource *gs = (struct gitsource *)src;
	git_blob *blob = NULL;
	struct found f;
	int ret = -1, err;

	pthread_mutex_lock(&gs->lock);
	if (find_file(gs, path, &f))
		goto cleanup;
	err = git_blob_lookup(&blob, gs->repo, &f.id);
	if (err) {
		fail_with(err);
		goto cleanup;
	}
	if (git_blob_rawsize(blob) > max) {
		errno = EFBIG;
		goto cleanup;
	}
	strbuf_add(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	ret = 0;
cleanup:
	git_blob_free(blob);
	pthread_mutex_unlock(&gs->lock);
	return ret;
}

static int gs_kind(struct source *src, const char *path, enum source_kind *kind)
{
	struct gitsource *gs = (struct gitsource *)src;
	struct found f;
	int ret;

	pthread_mutex_lock(&gs->lock);
	ret = resolve(gs, path, false, NULL, &f);
	if (!ret)
		*kind = kind_of(gs, path, &f, NULL, NULL);
	pthread_mutex_unlock(&gs->lock);
	return ret;
}

static int gs_stamp(struct source *src, const char *path, struct source_stamp *out)
{
	struct gitsource *gs = (struct gitsource *)src;
	struct found f;
	int ret;

	pthread_mutex_lock(&gs->lock);
	ret = find_file(gs, path, &f);
	if (!ret)
		stamp_of(&f.id, out);
	pthread_mutex_unlock(&gs->lock);
	return ret;
}

static void gs_free(struct source *src)
{
	struct gitsource *gs = (struct gitsource *)src;

	git_tree_free(gs->tree);
	git_repository_free(gs->repo);
	git_libgit2_shutdown();
	pthread_mutex_destroy(&gs->lock);
	free(gs->prefix);
	free(src->root);
	free(gs);
}

/* ---- opening ---- */

/* The repository's folder, for messages: its working tree, or the repository itself when it is bare. */
static void repo_place(struct strbuf *sb, git_repository *repo)
{
	const char *p = git_repository_workdir(repo);

	strbuf_addstr(sb, p ? p : git_repository_path(repo));
	if (sb->len > 1 && sb->buf[sb->len - 1] == '/')
		strbuf_setlen(sb, sb->len - 1);
}

/* The project folder real (resolved) as a path in the repository's tree, onto prefix. Returns 0 or -1. */
static int project_prefix(struct strbuf *prefix, git_repository *repo, const char *dir, const char *real,
			  struct diag_list *diags)
{
	const char *workdir = git_repository_workdir(repo);
	char *top;
	size_t len;
	int ret = 0;

	if (!workdir)
		return 0; /* bare: nothing is checked out anywhere, the project is the whole tree */
	top = realpath(workdir, NULL);
	len = top ? strlen(top) : 0;
	if (len && top[len - 1] == '/')
		len--; /* "/" */
	if (top && !strcmp(real, top)) {
		/* the project is the top of the working tree */
	} else if (top && !strncmp(real, top, len) && real[len] == '/') {
		strbuf_addstr(prefix, real + len + 1);
	} else {
		diag_error(diags, dir, 0, 0, "'%s' is not in the working tree of the repository at %s", real,
			   top ? top : workdir);
		ret = -1;
	}
	free(top);
	return ret;
}

/* The tree of the commit rev names. Returns 0 or -1. */
static int commit_tree(git_tree **tree, git_repository *repo, const char *dir, const char *rev,
		       struct diag_list *diags)
{
	struct strbuf place = STRBUF_INIT;
	git_object *obj = NULL, *commit = NULL;
	int err = git_revparse_single(&obj, repo, rev);

	repo_place(&place, repo);
	if (err == GIT_EAMBIGUOUS)
		diag_error(diags, dir, 0, 0, "'%s' names more than one object of the repository at %s: give more of it",
			   rev, place.buf);
	else if (err && err != GIT_ENOTFOUND && err != GIT_EINVALIDSPEC)
		diag_error(diags, dir, 0, 0, "cannot look up '%s' in the repository at %s: %s", rev, place.buf,
			   git_error_last() ? git_error_last()->message : "unknown error");
	else if (err || git_object_peel(&commit, obj, GIT_OBJECT_COMMIT))
		diag_error(diags, dir, 0, 0, "'%s' is not a commit, branch or tag of the repository at %s", rev,
			   place.buf);
	else if ((err = git_commit_tree(tree, (git_commit *)commit)))
		diag_error(diags, dir, 0, 0, "cannot read the tree of '%s' in the repository at %s: %s", rev,
			   place.buf, git_error_last() ? git_error_last()->message : "unknown error");
	git_object_free(commit);
	git_object_free(obj);
	strbuf_release(&place);
	return *tree ? 0 : -1;
}

/* Opens the repository that holds dir, and its tree at rev: fills gs's repo, tree and prefix. */
static int open_rev(struct gitsource *gs, const char *dir, const char *rev, struct diag_list *diags)
{
	char *real = realpath(dir, NULL);
	struct strbuf prefix = STRBUF_INIT, place = STRBUF_INIT;
	struct found f;
	int err, ret = -1;

	if (!real) {
		diag_error(diags, dir, 0, 0, "cannot read the project folder: %s", strerror(errno));
		return -1;
	}
	err = git_repository_open_ext(&gs->repo, real, 0, NULL);
	if (err == GIT_ENOTFOUND) {
		diag_error(diags, dir, 0, 0, "--rev builds a commit of a git repository, and %s is in none", real);
		goto cleanup;
	} else if (err) {
		diag_error(diags, dir, 0, 0, "cannot open the git repository that holds %s: %s", real,
			   git_error_last() ? git_error_last()->message : "unknown error");
		goto cleanup;
	}
	if (project_prefix(&prefix, gs->repo, dir, real, diags) || commit_tree(&gs->tree, gs->repo, dir, rev, diags))
		goto cleanup;
	gs->prefix = strbuf_detach(&prefix, NULL);
	if (*gs->prefix && (lookup(gs, gs->prefix, &f) || f.mode != GIT_FILEMODE_TREE)) {
		repo_place(&place, gs->repo);
		diag_error(diags, dir, 0, 0, "'%s' has no folder '%s', the project's folder in the repository at %s",
			   rev, gs->prefix, place.buf);
		goto cleanup;
	}
	ret = 0;
cleanup:
	free(real);
	strbuf_release(&prefix);
	strbuf_release(&place);
	return ret;
}

struct source *source_git_new(const char *dir, const char *rev, struct diag_list *diags)
{
	struct gitsource *gs = xcalloc(1, sizeof(*gs));
	struct strbuf root = STRBUF_INIT;

	git_libgit2_init();
	/* libgit2 keeps no tree larger than 4 KiB in its cache by default, and a collection's folder of
	 * thousands of items is larger: every file of it read made libgit2 inflate and parse that tree again
	 * (loading a commit of 2,000 resources took thirty times as long as a checkout). A build's trees
	 * are a few megabytes at most. */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)64 << 20);
	if (open_rev(gs, dir, rev, diags)) {
		git_tree_free(gs->tree);
		git_repository_free(gs->repo);
		free(gs->prefix);
		free(gs);
		git_libgit2_shutdown();
		return NULL;
	}
	pthread_mutex_init(&gs->lock, NULL);
	strbuf_addf(&root, "%s:%s", rev, gs->prefix);
	gs->base.list = gs_list;
	gs->base.read = gs_read;
	gs->base.kind = gs_kind;
	gs->base.stamp = gs_stamp;
	gs->base.free = gs_free;
	gs->base.root = strbuf_detach(&root, NULL);
	return &gs->base;
}
