/* gitinfo (see gitinfo.h): one walk of the history through libgit2, then the working tree's state.
 * The only file of jisite that includes git2.h; gitinfo_cache.c keeps the result.
 *
 * The walk is jisite's own rather than git_revwalk's: libgit2 1.5 cannot walk a shallow clone (its
 * revwalk looks up the parents of the boundary commits and fails with "object not found"), and CI
 * checks out shallow clones. It lists the commits from HEAD, stopping at the shallow boundary, and orders
 * them newest first, children before parents (git's --topo-order by date). Each commit is compared with
 * its first parent by comparing the trees below the prefix and skipping identical subtrees: through
 * git_diff_tree_to_tree, which reads every entry of both trees even with a pathspec, the 5,000 commits
 * of tests/bench/gen_repo.py took 3.3 s, against 0.3 s this way. libgit2's diff and its rename detection
 * (git_diff_find_similar) run only on the commits that both add and delete files, limited to those.
 */
#include "gitinfo.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <git2.h>

#include "cache.h"
#include "digest.h"
#include "gitinfo_impl.h"
#include "util/fs.h"
#include "util/xalloc.h"

/* Whether a commit has a tree at the prefix; a new commit's is SUB_UNKNOWN, zero: not looked up yet. */
enum sub_state {
	SUB_UNKNOWN,
	SUB_THERE,
	SUB_NONE
};

struct wcommit {
	git_oid id, tree;
	git_oid sub;       /* the tree at the prefix, when sub_state is SUB_THERE */
	enum sub_state sub_state;
	int64_t time;
	uint32_t author;   /* index into gitinfo.names */
	uint32_t parents;  /* index of the first in walk.parents */
	uint32_t nparents; /* those in the walk (none past the shallow boundary) */
	uint32_t children; /* those not ordered yet: a commit comes after all its children */
	bool boundary;     /* its parents are missing (a shallow clone): it adds every file it holds */
	bool merge;
	uint32_t out;      /* index in gitinfo.commits, GITINFO_NONE until it changes a file */
};

/* A file that differs between a commit and its first parent; paths are from the repository's top. */
struct wchange {
	char status; /* 'A' added, 'D' deleted, 'M' modified, 'R' renamed (from old_path) and changed, 'r' only
		      * renamed, 0 dropped */
	size_t old_path, new_path; /* offsets into walk.paths */
	uint32_t file; /* what the new path is at HEAD: index into gitinfo.files (set by record) */
};

struct walk {
	git_repository *repo;
	git_odb *odb;
	struct gitinfo *g;
	const char *sub;      /* the project folder in the repository: "" at its top, otherwise "site/" */
	size_t sub_len;
	const char *pathspec; /* sub + prefix without the final '/': "content"; "" for everything */
	struct wcommit *c;
	size_t n, alloc;
	uint32_t *parents;
	size_t nparents, parents_alloc;
	uint32_t *order; /* indices into c, newest first */
	struct gitinfo_table by_id;
	struct gitinfo_table shallow; /* the commits of the shallow file */
	struct gitinfo_table names;   /* author name → index into gitinfo.names */
	struct gitinfo_table aliases; /* path → the file it became through a rename met earlier */
	struct wchange *changes;
	size_t nchanges, changes_alloc;
	struct strbuf paths; /* the changes' paths, NUL-terminated */
	struct diag_list *diags;
	const char *where; /* the folder, for messages */
};

static int fail(struct walk *w, const char *what)
{
	const git_error *e = git_error_last();

	diag_error(w->diags, w->where, 0, 0, "%s: %s", what, e && e->message ? e->message : "unknown error");
	return -1;
}

/* ---- listing and ordering the commits ---- */

static uint32_t intern_name(struct walk *w, const char *name)
{
	struct gitinfo *g = w->g;
	size_t len = strlen(name);
	uint32_t *v = gitinfo_table_find(&w->names, name, len);

	if (v)
		return *v;
	XGROW(g->names, g->names_alloc, g->nnames + 1);
	g->names[g->nnames] = arena_memdup0(&g->arena, name, len);
	gitinfo_table_put(&w->names, g->names[g->nnames], len, (uint32_t)g->nnames);
	return (uint32_t)g->nnames++;
}

static uint32_t add_commit(struct walk *w, const git_oid *id)
{
	struct wcommit *c;

	XGROW(w->c, w->alloc, w->n + 1);
	c = &w->c[w->n];
	memset(c, 0, sizeof(*c));
	git_oid_cpy(&c->id, id);
	c->out = GITINFO_NONE;
	return (uint32_t)w->n++;
}

/* The shallow file: the commits git treats as having no parents, one hexadecimal id a line (libgit2 1.5
 * only asks whether it is there). Empty when the clone is complete. */
static void read_shallow_file(struct walk *w, struct strbuf *text)
{
	struct strbuf path = STRBUF_INIT;

	strbuf_addf(&path, "%sshallow", git_repository_commondir(w->repo));
	if (fs_read_file(text, path.buf, (size_t)64 << 20))
		strbuf_reset(text);
	strbuf_release(&path);
}

static void parse_shallow(struct walk *w, const struct strbuf *text, struct arena *a)
{
	for (const char *p = text->buf; p + GIT_OID_HEXSZ <= text->buf + text->len;) {
		git_oid id;
		if (!git_oid_fromstrn(&id, p, GIT_OID_HEXSZ))
			gitinfo_table_put(&w->shallow, arena_memdup0(a, id.id, GIT_OID_RAWSZ), GIT_OID_RAWSZ, 0);
		p = memchr(p, '\n', (size_t)(text->buf + text->len - p));
		if (!p)
			break;
		p++;
	}
}

/* Every commit reachable from head, with its parents; a parent that is missing or past the shallow
 * boundary makes its child a boundary commit. */
static int list_commits(struct walk *w, const git_oid *head, struct arena *keys)
{
	add_commit(w, head);
	gitinfo_table_put(&w->by_id, arena_memdup0(keys, head->id, GIT_OID_RAWSZ), GIT_OID_RAWSZ, 0);
	for (size_t i = 0; i < w->n; i++) {
		git_commit *commit;
		unsigned np;

		if (git_commit_lookup(&commit, w->repo, &w->c[i].id))
			return fail(w, "cannot read a commit");
		w->c[i].time = (int64_t)git_commit_time(commit);
		git_oid_cpy(&w->c[i].tree, git_commit_tree_id(commit));
		w->c[i].author = intern_name(w, git_commit_author(commit)->name);
		np = git_commit_parentcount(commit);
		w->c[i].merge = np > 1;
		w->c[i].parents = (uint32_t)w->nparents;
		w->c[i].boundary = gitinfo_table_find(&w->shallow, w->c[i].id.id, GIT_OID_RAWSZ) != NULL;
		for (unsigned k = 0; k < np && !w->c[i].boundary; k++) {
			const git_oid *pid = git_commit_parent_id(commit, k);
			/* missing without a shallow file that says so: a clone cut short all the same */
			w->c[i].boundary = !gitinfo_table_find(&w->by_id, pid->id, GIT_OID_RAWSZ) &&
					   !git_odb_exists(w->odb, pid);
		}
		for (unsigned k = 0; k < np && !w->c[i].boundary; k++) {
			const git_oid *pid = git_commit_parent_id(commit, k);
			uint32_t *p = gitinfo_table_find(&w->by_id, pid->id, GIT_OID_RAWSZ), idx;
			if (p) {
				idx = *p;
			} else {
				idx = add_commit(w, pid);
				gitinfo_table_put(&w->by_id, arena_memdup0(keys, pid->id, GIT_OID_RAWSZ), GIT_OID_RAWSZ,
						  idx);
			}
			XGROW(w->parents, w->parents_alloc, w->nparents + 1);
			w->parents[w->nparents++] = idx;
			w->c[i].nparents++;
			w->c[idx].children++;
		}
		git_commit_free(commit);
	}
	return 0;
}

/* Newer first; among equal times, the one found first from HEAD. */
static bool heap_before(const struct walk *w, uint32_t a, uint32_t b)
{
	return w->c[a].time != w->c[b].time ? w->c[a].time > w->c[b].time : a < b;
}

static void heap_push(struct walk *w, uint32_t *heap, size_t *n, uint32_t v)
{
	size_t i = (*n)++;

	for (; i && heap_before(w, v, heap[(i - 1) / 2]); i = (i - 1) / 2)
		heap[i] = heap[(i - 1) / 2];
	heap[i] = v;
}

static uint32_t heap_pop(struct walk *w, uint32_t *heap, size_t *n)
{
	uint32_t top = heap[0], last = heap[--*n];
	size_t i = 0;

	for (;;) {
		size_t k = 2 * i + 1;
		if (k >= *n)
			break;
		if (k + 1 < *n && heap_before(w, heap[k + 1], heap[k]))
			k++;
		if (!heap_before(w, heap[k], last))
			break;
		heap[i] = heap[k];
		i = k;
	}
	if (*n)
		heap[i] = last;
	return top;
}

/* Orders the commits newest first, never a parent before its children (the walk relies on it: a rename
 * is met before the older changes of the file it renames). Unreachable commits cannot occur: every
 * commit was found from HEAD, which has no children. */
static void order_commits(struct walk *w)
{
	uint32_t *heap = xmalloc(w->n * sizeof(*heap));
	size_t nheap = 0, k = 0;

	w->order = xmalloc(w->n * sizeof(*w->order));
	heap_push(w, heap, &nheap, 0);
	while (nheap) {
		uint32_t i = heap_pop(w, heap, &nheap);
		w->order[k++] = i;
		for (uint32_t p = 0; p < w->c[i].nparents; p++) {
			uint32_t parent = w->parents[w->c[i].parents + p];
			if (!--w->c[parent].children)
				heap_push(w, heap, &nheap, parent);
		}
	}
	if (k != w->n)
		BUG("a commit's parents form a cycle");
	free(heap);
}

/* ---- comparing a commit with its first parent ---- */

static size_t add_path(struct walk *w, const struct strbuf *path)
{
	size_t off = w->paths.len;

	strbuf_add(&w->paths, path->buf, path->len + 1);
	return off;
}

static void add_change(struct walk *w, char status, const struct strbuf *path)
{
	XGROW(w->changes, w->changes_alloc, w->nchanges + 1);
	w->changes[w->nchanges].status = status;
	w->changes[w->nchanges].old_path = w->changes[w->nchanges].new_path = add_path(w, path);
	w->nchanges++;
}

static bool is_tree(const git_tree_entry *e)
{
	return e && git_tree_entry_type(e) == GIT_OBJECT_TREE;
}

static bool is_blob(const git_tree_entry *e)
{
	return e && git_tree_entry_type(e) == GIT_OBJECT_BLOB;
}

static void set_path(struct strbuf *path, size_t base, const git_tree_entry *e)
{
	strbuf_setlen(path, base);
	if (base)
		strbuf_addch(path, '/');
	strbuf_addstr(path, git_tree_entry_name(e));
}

/* Trees list their entries in git's order: by name, a folder's name as if it ended with '/'. */
static int entry_cmp(const git_tree_entry *a, const git_tree_entry *b)
{
	const char *na = git_tree_entry_name(a), *nb = git_tree_entry_name(b);
	size_t la = strlen(na), lb = strlen(nb), len = la < lb ? la : lb;
	int c = memcmp(na, nb, len);
	unsigned char ca, cb;

	if (c)
		return c;
	ca = la > len ? (unsigned char)na[len] : is_tree(a) ? '/' : 0;
	cb = lb > len ? (unsigned char)nb[len] : is_tree(b) ? '/' : 0;
	return ca - cb;
}

static int compare_trees(struct walk *w, const git_oid *old_id, const git_oid *new_id, struct strbuf *path);

/* The entries o and e (either may be NULL) of the same name in two trees, which differ. */
static int compare_entries(struct walk *w, const git_tree_entry *o, const git_tree_entry *e, struct strbuf *path)
{
	set_path(path, path->len, e ? e : o);
	if ((is_tree(o) || is_tree(e)) &&
	    compare_trees(w, is_tree(o) ? git_tree_entry_id(o) : NULL, is_tree(e) ? git_tree_entry_id(e) : NULL, path))
		return -1;
	if (is_blob(o) && !is_blob(e))
		add_change(w, 'D', path);
	if (is_blob(e))
		add_change(w, is_blob(o) ? 'M' : 'A', path);
	return 0;
}

/* Adds the files that differ between the trees old_id and new_id (either may be NULL: no tree) below
 * path, walking both lists of entries side by side. Subtrees with the same id are the same: they are
 * not opened. Returns 0 or -1. */
static int compare_trees(struct walk *w, const git_oid *old_id, const git_oid *new_id, struct strbuf *path)
{
	git_tree *old = NULL, *new = NULL;
	size_t base = path->len, i = 0, j = 0, nold, nnew;
	int ret = -1;

	if ((old_id && git_tree_lookup(&old, w->repo, old_id)) || (new_id && git_tree_lookup(&new, w->repo, new_id)))
		goto cleanup;
	nold = old ? git_tree_entrycount(old) : 0;
	nnew = new ? git_tree_entrycount(new) : 0;
	while (i < nold || j < nnew) {
		const git_tree_entry *o = i < nold ? git_tree_entry_byindex(old, i) : NULL;
		const git_tree_entry *e = j < nnew ? git_tree_entry_byindex(new, j) : NULL;
		int c = !o ? 1 : !e ? -1 : entry_cmp(o, e);
		if (c <= 0)
			i++;
		if (c >= 0)
			j++;
		if (!c && git_oid_equal(git_tree_entry_id(o), git_tree_entry_id(e)))
			continue; /* the same: most entries */
		strbuf_setlen(path, base);
		if (compare_entries(w, c > 0 ? NULL : o, c < 0 ? NULL : e, path))
			goto cleanup;
	}
	ret = 0;
cleanup:
	strbuf_setlen(path, base);
	git_tree_free(old);
	git_tree_free(new);
	return ret;
}

/* The tree at the prefix in commit i: 1 with *id set, 0 when there is none, -1 on error. */
static int prefix_tree(struct walk *w, uint32_t i, const git_oid **id)
{
	struct wcommit *c = &w->c[i];

	if (c->sub_state == SUB_UNKNOWN) {
		git_tree *root;
		git_tree_entry *e = NULL;
		if (git_tree_lookup(&root, w->repo, &c->tree))
			return fail(w, "cannot read a commit's tree");
		if (!*w->pathspec) {
			git_oid_cpy(&c->sub, &c->tree);
			c->sub_state = SUB_THERE;
		} else if (!git_tree_entry_bypath(&e, root, w->pathspec) && git_tree_entry_type(e) == GIT_OBJECT_TREE) {
			git_oid_cpy(&c->sub, git_tree_entry_id(e));
			c->sub_state = SUB_THERE;
		} else {
			c->sub_state = SUB_NONE;
		}
		git_tree_entry_free(e);
		git_tree_free(root);
	}
	*id = c->sub_state == SUB_THERE ? &c->sub : NULL;
	return c->sub_state == SUB_THERE;
}

static struct wchange *find_change(struct walk *w, char status, const char *path)
{
	for (size_t i = 0; i < w->nchanges; i++)
		if (w->changes[i].status == status && !strcmp(w->paths.buf + w->changes[i].new_path, path))
			return &w->changes[i];
	return NULL;
}

/* Pairs the files a commit deleted with those it added that are renames of them, as git does: libgit2's
 * diff of the two trees limited to those files, and its rename detection. */
static int find_renames(struct walk *w, const git_oid *old_id, const git_oid *new_id)
{
	git_diff_options opts;
	git_diff_find_options find;
	git_tree *old = NULL, *new = NULL;
	git_diff *diff = NULL;
	char **specs = xmalloc(w->nchanges * sizeof(*specs));
	size_t skip = *w->pathspec ? strlen(w->pathspec) + 1 : 0; /* the trees are those at the prefix */
	int ret = -1;

	/* the _init functions, not the macros: those leave fields out, which -Wextra reports */
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
	opts.flags = GIT_DIFF_DISABLE_PATHSPEC_MATCH;
	opts.pathspec.strings = specs;
	for (size_t i = 0; i < w->nchanges; i++)
		if (w->changes[i].status == 'A' || w->changes[i].status == 'D')
			specs[opts.pathspec.count++] = w->paths.buf + w->changes[i].new_path + skip;
	find.flags = GIT_DIFF_FIND_RENAMES;
	if (git_tree_lookup(&old, w->repo, old_id) || git_tree_lookup(&new, w->repo, new_id) ||
	    git_diff_tree_to_tree(&diff, w->repo, old, new, &opts) || git_diff_find_similar(diff, &find)) {
		fail(w, "cannot compare two commits");
		goto cleanup;
	}
	for (size_t i = 0, n = git_diff_num_deltas(diff); i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		struct strbuf full = STRBUF_INIT;
		struct wchange *del, *add;
		if (d->status != GIT_DELTA_RENAMED)
			continue;
		strbuf_addf(&full, "%s%s%s", w->pathspec, skip ? "/" : "", d->old_file.path);
		del = find_change(w, 'D', full.buf);
		strbuf_reset(&full);
		strbuf_addf(&full, "%s%s%s", w->pathspec, skip ? "/" : "", d->new_file.path);
		add = find_change(w, 'A', full.buf);
		strbuf_release(&full);
		if (del && add) {
			/* a file only moved is not changed: its commit is neither a date, an author nor a newer
			 * translation; it only says where the file's older changes were made */
			add->status = git_oid_equal(&d->old_file.id, &d->new_file.id) ? 'r' : 'R';
			add->old_path = del->new_path;
			del->status = 0;
		}
	}
	ret = 0;
cleanup:
	git_diff_free(diff);
	git_tree_free(old);
	git_tree_free(new);
	free(specs);
	return ret;
}

/* The file a path of a commit is, walking back: the file a later rename made of it, or the file there. */
static uint32_t file_of(struct walk *w, const char *path)
{
	size_t len = strlen(path);
	uint32_t *v = gitinfo_table_find(&w->aliases, path, len);

	if (v)
		return *v;
	v = gitinfo_table_find(&w->g->by_path, path, len);
	return v ? *v : gitinfo_add_file(w->g, path, len);
}

/* The commit's place among those that changed a file, given on its first change. */
static uint32_t commit_out(struct walk *w, uint32_t i)
{
	struct gitinfo *g = w->g;
	struct wcommit *c = &w->c[i];
	git_commit *commit;
	char hex[GIT_OID_HEXSZ + 1];

	if (c->out != GITINFO_NONE)
		return c->out;
	XGROW(g->commits, g->commits_alloc, g->ncommits + 1);
	g->commit_author = xrealloc(g->commit_author, g->commits_alloc * sizeof(*g->commit_author));
	git_oid_tostr(hex, sizeof(hex), &c->id);
	g->commits[g->ncommits].id = arena_memdup0(&g->arena, hex, GIT_OID_HEXSZ);
	g->commits[g->ncommits].time = c->time;
	g->commits[g->ncommits].summary = "";
	if (!git_commit_lookup(&commit, w->repo, &c->id)) { /* already read once: in libgit2's cache */
		const char *s = git_commit_summary(commit);
		g->commits[g->ncommits].summary = arena_memdup0(&g->arena, s ? s : "", s ? strlen(s) : 0);
		git_commit_free(commit);
	}
	g->commit_author[g->ncommits] = c->merge || c->boundary ? GITINFO_NONE : c->author;
	c->out = (uint32_t)g->ncommits++;
	return c->out;
}

static void add_seq(struct gitinfo_rec *f, uint32_t commit)
{
	if (f->nseq && f->seq[f->nseq - 1] == commit)
		return; /* two paths of one commit became the same file */
	XGROW(f->seq, f->seq_alloc, f->nseq + 1);
	f->seq[f->nseq++] = commit;
}

/* Records commit i's changes for the files they are at HEAD, then notes its renames for older commits. */
static void record(struct walk *w, uint32_t i)
{
	for (size_t k = 0; k < w->nchanges; k++) {
		struct wchange *ch = &w->changes[k];
		if (ch->status && ch->status != 'D')
			ch->file = file_of(w, w->paths.buf + ch->new_path + w->sub_len);
		if (ch->status && ch->status != 'D' && ch->status != 'r')
			add_seq(&w->g->files[ch->file], commit_out(w, i));
	}
	/* after all of them: one change's old path may be another's new one */
	for (size_t k = 0; k < w->nchanges; k++) {
		const struct wchange *ch = &w->changes[k];
		const char *old = w->paths.buf + ch->old_path + w->sub_len;
		size_t len = strlen(old);
		uint32_t *v;
		if (ch->status != 'R' && ch->status != 'r')
			continue;
		v = gitinfo_table_find(&w->aliases, old, len);
		if (v)
			*v = ch->file;
		else
			gitinfo_table_put(&w->aliases, arena_memdup0(&w->g->arena, old, len), len, ch->file);
	}
}

static int walk_history(struct walk *w)
{
	struct strbuf path = STRBUF_INIT;
	int ret = 0;

	for (size_t k = 0; k < w->n && !ret; k++) {
		uint32_t i = w->order[k];
		const git_oid *new_id, *old_id = NULL;
		bool adds = false, dels = false;
		if (prefix_tree(w, i, &new_id) < 0 ||
		    (w->c[i].nparents && prefix_tree(w, w->parents[w->c[i].parents], &old_id) < 0)) {
			ret = -1;
			break;
		}
		if ((!old_id && !new_id) || (old_id && new_id && git_oid_equal(old_id, new_id)))
			continue;
		w->nchanges = 0;
		strbuf_reset(&w->paths);
		strbuf_reset(&path);
		strbuf_addstr(&path, w->pathspec);
		ret = compare_trees(w, old_id, new_id, &path) ? fail(w, "cannot read a tree") : 0;
		for (size_t c = 0; c < w->nchanges; c++) {
			adds |= w->changes[c].status == 'A';
			dels |= w->changes[c].status == 'D';
		}
		if (!ret && adds && dels && old_id && new_id)
			ret = find_renames(w, old_id, new_id);
		if (!ret)
			record(w, i);
	}
	strbuf_release(&path);
	return ret;
}

/* Drops the files that are not in HEAD's tree: deleted ones, and any a merge's side branch kept. */
static int keep_head_files(struct walk *w)
{
	struct gitinfo *g = w->g;
	git_tree *root;
	struct strbuf full = STRBUF_INIT;
	size_t kept = 0;

	if (git_tree_lookup(&root, w->repo, &w->c[0].tree))
		return fail(w, "cannot read HEAD's tree");
	gitinfo_table_release(&g->by_path);
	for (size_t i = 0; i < g->nfiles; i++) {
		git_tree_entry *e = NULL;
		strbuf_reset(&full);
		strbuf_addstr(&full, w->sub);
		strbuf_addstr(&full, g->files[i].pub.path);
		if (!git_tree_entry_bypath(&e, root, full.buf) && git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
			g->files[kept] = g->files[i];
			gitinfo_table_put(&g->by_path, g->files[kept].pub.path, strlen(g->files[kept].pub.path),
					  (uint32_t)kept);
			kept++;
		} else {
			free(g->files[i].seq);
		}
		git_tree_entry_free(e);
	}
	g->nfiles = kept;
	strbuf_release(&full);
	git_tree_free(root);
	return 0;
}

static void walk_release(struct walk *w)
{
	free(w->c);
	free(w->parents);
	free(w->order);
	gitinfo_table_release(&w->by_id);
	gitinfo_table_release(&w->shallow);
	gitinfo_table_release(&w->names);
	gitinfo_table_release(&w->aliases);
	free(w->changes);
	strbuf_release(&w->paths);
}

static int walk_run(struct walk *w, const git_oid *head, const struct strbuf *shallow)
{
	struct arena keys = ARENA_INIT; /* the commits' raw ids, keys of by_id and shallow */
	int ret;

	parse_shallow(w, shallow, &keys);
	ret = list_commits(w, head, &keys);
	if (!ret) {
		order_commits(w);
		ret = walk_history(w);
	}
	for (size_t i = 0; i < w->n; i++)
		w->g->shallow |= w->c[i].boundary;
	if (!ret)
		ret = keep_head_files(w);
	walk_release(w);
	arena_release(&keys);
	return ret;
}

/* ---- the working tree ---- */

/* Files modified, staged or untracked below the prefix: their last change is their modification time. */
static int read_status(struct walk *w, const char *workdir)
{
	git_status_options opts;
	git_status_list *list;
	char *spec = (char *)w->pathspec;
	struct strbuf full = STRBUF_INIT;

	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
		     GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if (*spec) {
		opts.pathspec.strings = &spec;
		opts.pathspec.count = 1;
	}
	if (git_status_list_new(&list, w->repo, &opts))
		return fail(w, "cannot read the state of the working tree");
	for (size_t i = 0, n = git_status_list_entrycount(list); i < n; i++) {
		const git_status_entry *e = git_status_byindex(list, i);
		const git_diff_delta *d = e->index_to_workdir ? e->index_to_workdir : e->head_to_index;
		struct gitinfo_rec *f;
		struct stat st;
		const char *rel;
		uint32_t *v, k;
		if (!d || e->status == GIT_STATUS_CURRENT || (e->status & GIT_STATUS_IGNORED) ||
		    strncmp(d->new_file.path, w->sub, w->sub_len))
			continue;
		strbuf_reset(&full);
		strbuf_addf(&full, "%s%s", workdir, d->new_file.path);
		if (lstat(full.buf, &st) || !S_ISREG(st.st_mode))
			continue; /* deleted in the working tree */
		rel = d->new_file.path + w->sub_len;
		v = gitinfo_table_find(&w->g->by_path, rel, strlen(rel));
		k = v ? *v : gitinfo_add_file(w->g, rel, strlen(rel)); /* before files is looked at: it moves them */
		f = &w->g->files[k];
		f->pub.modified = true;
		f->pub.last = (int64_t)st.st_mtime;
		f->pub.last_commit = NULL;
		if (!f->pub.nchanges)
			f->pub.first = f->pub.last;
	}
	git_status_list_free(list);
	strbuf_release(&full);
	return 0;
}

/* ---- the interface ---- */

/* Where the project folder dir is in the repository: "" at its top, otherwise "site/" (arena a). */
static const char *project_sub(struct arena *a, const char *workdir, const char *dir)
{
	char *wd = realpath(workdir, NULL), *real = realpath(dir, NULL);
	const char *sub = "";
	size_t len = wd ? strlen(wd) : 0;

	if (wd && real && !strncmp(real, wd, len) && real[len] == '/' && real[len + 1]) {
		char *s = arena_alloc(a, strlen(real + len + 1) + 2);
		memcpy(s, real + len + 1, strlen(real + len + 1));
		memcpy(s + strlen(real + len + 1), "/", 2);
		sub = s;
	}
	free(wd);
	free(real);
	return sub;
}

/* The walk of HEAD's history into w->g: from the cache when it holds it, otherwise walked and cached. */
static int read_history(struct walk *w, const git_oid *head, const char *cache_dir)
{
	struct gitinfo_key key;
	struct digest dg;
	struct strbuf path = STRBUF_INIT, shallow = STRBUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	int ret = 0;

	git_oid_tostr(hex, sizeof(hex), head);
	w->g->head = arena_memdup0(&w->g->arena, hex, GIT_OID_HEXSZ);
	cache_generator_id("gitinfo " LIBGIT2_VERSION, key.generator);
	key.head = w->g->head;
	read_shallow_file(w, &shallow);
	digest_init(&dg);
	digest_add(&dg, shallow.buf, shallow.len);
	digest_final(&dg, key.shallow);
	key.pathspec = w->pathspec;
	if (cache_dir)
		strbuf_addf(&path, "%s/gitinfo", cache_dir);
	if (!cache_dir || gitinfo_cache_load(w->g, path.buf, &key)) {
		ret = walk_run(w, head, &shallow);
		/* the cache is a hint: a build that cannot write it walks again next time */
		if (!ret && cache_dir && !fs_mkdirs(cache_dir))
			gitinfo_cache_save(w->g, path.buf, &key);
	}
	strbuf_release(&path);
	strbuf_release(&shallow);
	return ret;
}

/* libgit2 kept set up until the process ends: set up, it reads every certificate of the system (for TLS,
 * which jisite never uses), some milliseconds each time; a build asks gitinfo_current and then opens the
 * history, and would pay twice. Worker processes end with _exit(): only the main process shuts it down. */
static void shutdown_libgit2(void)
{
	git_libgit2_shutdown();
}

static void keep_libgit2(void)
{
	static bool kept;

	if (kept)
		return;
	kept = true;
	git_libgit2_init();
	atexit(shutdown_libgit2);
}

/* GITINFO_CACHE_USER's folder for the repository whose git folder is gitdir, into dir: under
 * $XDG_CACHE_HOME (or ~/.cache), named by the SHA-256 of gitdir. NULL (no cache) when neither is set. */
static const char *user_cache_dir(struct strbuf *dir, const char *gitdir)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	struct strbuf hex = STRBUF_INIT;

	digest_sha256_hex(&hex, gitdir, strlen(gitdir));
	if (xdg && *xdg == '/')
		strbuf_addf(dir, "%s/jisite/history-%.16s", xdg, hex.buf);
	else if (home && *home == '/')
		strbuf_addf(dir, "%s/.cache/jisite/history-%.16s", home, hex.buf);
	strbuf_release(&hex);
	return dir->len ? dir->buf : NULL;
}

static int open_at(struct gitinfo **out, const char *dir, const char *prefix, const char *rev,
		   const char *cache_dir, struct diag_list *diags)
{
	struct walk w = { 0 };
	struct strbuf spec = STRBUF_INIT, user_dir = STRBUF_INIT;
	git_repository *repo = NULL;
	git_oid head;
	int err, ret = -1;

	*out = NULL;
	keep_libgit2();
	git_libgit2_init();
	/* as git does, objects are not hashed again at every read (a fifth of the walk's time) */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	w.diags = diags;
	w.where = dir;
	err = git_repository_open_ext(&repo, dir, 0, NULL);
	if (err == GIT_ENOTFOUND || (!err && git_repository_is_bare(repo) && !rev)) {
		ret = 0; /* not in a repository's working tree */
		goto cleanup;
	}
	if (err) {
		fail(&w, "cannot open the git repository");
		goto cleanup;
	}
	w.repo = repo;
	w.g = xcalloc(1, sizeof(*w.g));
	arena_init(&w.g->arena);
	/* a bare repository holds the project at the top of its trees, as gitsource.h reads it */
	w.sub = git_repository_is_bare(repo) ? "" : project_sub(&w.g->arena, git_repository_workdir(repo), dir);
	w.sub_len = strlen(w.sub);
	strbuf_addf(&spec, "%s%s", w.sub, prefix);
	while (spec.len && spec.buf[spec.len - 1] == '/')
		strbuf_setlen(&spec, spec.len - 1);
	w.pathspec = spec.buf;
	if (git_repository_odb(&w.odb, repo)) {
		fail(&w, "cannot open the git repository's objects");
		goto cleanup;
	}
	if (rev) {
		/* a build of a commit: its history, and nothing of the working tree */
		git_object *obj = NULL, *commit = NULL;
		err = git_revparse_single(&obj, repo, rev) || git_object_peel(&commit, obj, GIT_OBJECT_COMMIT);
		if (!err)
			git_oid_cpy(&head, git_object_id(commit));
		git_object_free(commit);
		git_object_free(obj);
		if (err) {
			fail(&w, "cannot find the commit to build");
			goto cleanup;
		}
	} else {
		err = git_reference_name_to_id(&head, repo, "HEAD");
		if (err && err != GIT_ENOTFOUND && err != GIT_EUNBORNBRANCH) {
			fail(&w, "cannot read HEAD");
			goto cleanup;
		}
	}
	if (cache_dir && !*cache_dir) /* GITINFO_CACHE_USER */
		cache_dir = user_cache_dir(&user_dir, git_repository_path(repo));
	if (!err && read_history(&w, &head, cache_dir))
		goto cleanup;
	gitinfo_finish(w.g);
	if (!rev && read_status(&w, git_repository_workdir(repo)))
		goto cleanup;
	*out = w.g;
	w.g = NULL;
	ret = 0;
cleanup:
	gitinfo_free(w.g);
	strbuf_release(&spec);
	strbuf_release(&user_dir);
	git_odb_free(w.odb);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return ret;
}

int gitinfo_open(struct gitinfo **out, const char *dir, const char *prefix, const char *cache_dir,
		 struct diag_list *diags)
{
	return open_at(out, dir, prefix, NULL, cache_dir, diags);
}

int gitinfo_open_rev(struct gitinfo **out, const char *dir, const char *prefix, const char *rev, const char *cache_dir,
		     struct diag_list *diags)
{
	return open_at(out, dir, prefix, rev, cache_dir, diags);
}

int gitinfo_current(const char *dir, const char *rev, char out[GITINFO_ID_LEN + 1])
{
	git_repository *repo = NULL;
	git_object *obj = NULL, *commit = NULL;
	int ret = -1;

	out[0] = '\0';
	keep_libgit2();
	git_libgit2_init();
	if (!git_repository_open_ext(&repo, dir, 0, NULL) &&
	    !git_revparse_single(&obj, repo, rev ? rev : "HEAD") && !git_object_peel(&commit, obj, GIT_OBJECT_COMMIT)) {
		git_oid_tostr(out, GITINFO_ID_LEN + 1, git_object_id(commit));
		ret = 0;
	}
	git_object_free(commit);
	git_object_free(obj);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return ret;
}

static const struct gitinfo_rec *find_rec(const struct gitinfo *g, const char *path)
{
	const uint32_t *v = g ? gitinfo_table_find(&g->by_path, path, strlen(path)) : NULL;

	return v ? &g->files[*v] : NULL;
}

const struct gitinfo_file *gitinfo_find(const struct gitinfo *g, const char *path)
{
	const struct gitinfo_rec *f = find_rec(g, path);

	return f ? &f->pub : NULL;
}

bool gitinfo_shallow(const struct gitinfo *g)
{
	return g->shallow;
}

const char *gitinfo_head(const struct gitinfo *g)
{
	return g->head;
}

int gitinfo_outdated(const struct gitinfo *g, const char *original, const char *translation,
		     const struct gitinfo_change **changes, size_t *n)
{
	const struct gitinfo_rec *o = find_rec(g, original), *t = find_rec(g, translation);
	size_t k = 0;

	*changes = NULL;
	*n = 0;
	if (!o || !t || !o->nseq || !t->nseq)
		return -1;
	/* commits are numbered in the walk's order: a smaller number comes after in the history */
	while (k < o->nseq && o->seq[k] < t->seq[0])
		k++;
	if (!k)
		return 0;
	*changes = o->pub.changes;
	*n = k;
	return 1;
}
