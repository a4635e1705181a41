/* Unit tests of gitinfo: throwaway repositories made with libgit2 itself (no git program needed), with
 * commits at fixed times: first and last dates, authors, a renamed file and folder, a merge, changes in
 * the working tree, translations made stale or not, the cache (reused, damaged, outdated by a commit), a
 * shallow clone (made by copying only the newest commits' objects, as `git clone --depth` does) and a
 * project in a subfolder of its repository. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "gitinfo.h"
#include "util/fs.h"
#include "util/strbuf.h"

/* A repository being made: its folder, and the commit HEAD is at. */
struct repo {
	char dir[64];
	git_repository *git;
	git_oid head;
	bool has_head;
};

static void repo_init(struct repo *r)
{
	memset(r, 0, sizeof(*r));
	strcpy(r->dir, "/tmp/jisite-gitinfo-test-XXXXXX");
	assert_non_null(mkdtemp(r->dir));
	assert_int_equal(git_repository_init(&r->git, r->dir, 0), 0);
}

static void repo_free(struct repo *r)
{
	git_repository_free(r->git);
	assert_int_equal(fs_remove_tree(r->dir), 0);
}

static void write_at(const char *dir, const char *path, const char *text)
{
	struct strbuf full = STRBUF_INIT;
	char *slash;

	strbuf_addf(&full, "%s/%s", dir, path);
	slash = strrchr(full.buf, '/');
	*slash = '\0';
	assert_int_equal(fs_mkdirs(full.buf), 0);
	*slash = '/';
	assert_int_equal(fs_write_file(full.buf, text, strlen(text)), 0);
	strbuf_release(&full);
}

/* Writes path in the working tree and stages it. */
static void put(struct repo *r, const char *path, const char *text)
{
	git_index *index;

	write_at(r->dir, path, text);
	assert_int_equal(git_repository_index(&index, r->git), 0);
	assert_int_equal(git_index_add_bypath(index, path), 0);
	assert_int_equal(git_index_write(index), 0);
	git_index_free(index);
}

/* Removes path from the working tree and the index. */
static void del(struct repo *r, const char *path)
{
	struct strbuf full = STRBUF_INIT;
	git_index *index;

	strbuf_addf(&full, "%s/%s", r->dir, path);
	assert_int_equal(unlink(full.buf), 0);
	assert_int_equal(git_repository_index(&index, r->git), 0);
	assert_int_equal(git_index_remove_bypath(index, path), 0);
	assert_int_equal(git_index_write(index), 0);
	git_index_free(index);
	strbuf_release(&full);
}

/* Commits the index by author at time t, with parents (NULL: HEAD, if any), moving HEAD when move. */
static git_oid commit_with(struct repo *r, const char *author, int64_t t, const char *message,
			   const git_oid *parents, size_t nparents, bool move)
{
	git_signature *sig;
	git_index *index;
	git_tree *tree;
	git_oid tree_id, id;
	const git_commit *pc[2] = { NULL, NULL };
	git_commit *owned[2] = { NULL, NULL };
	char email[64];

	snprintf(email, sizeof(email), "%c@example.org", author[0]);
	assert_int_equal(git_signature_new(&sig, author, email, (git_time_t)t, 0), 0);
	assert_int_equal(git_repository_index(&index, r->git), 0);
	assert_int_equal(git_index_write_tree(&tree_id, index), 0);
	assert_int_equal(git_tree_lookup(&tree, r->git, &tree_id), 0);
	if (!parents && r->has_head) {
		parents = &r->head;
		nparents = 1;
	}
	for (size_t i = 0; i < nparents; i++) {
		assert_int_equal(git_commit_lookup(&owned[i], r->git, &parents[i]), 0);
		pc[i] = owned[i];
	}
	assert_int_equal(git_commit_create(&id, r->git, move ? "HEAD" : NULL, sig, sig, NULL, message, tree,
					   nparents, pc), 0);
	if (move) {
		r->head = id;
		r->has_head = true;
	}
	for (size_t i = 0; i < nparents; i++)
		git_commit_free(owned[i]);
	git_tree_free(tree);
	git_index_free(index);
	git_signature_free(sig);
	return id;
}

static git_oid commit(struct repo *r, const char *author, int64_t t, const char *message)
{
	return commit_with(r, author, t, message, NULL, 0, true);
}

/* Puts the index and the working tree back to HEAD's tree. */
static void reset_to_head(struct repo *r)
{
	git_object *head;
	git_checkout_options opts;

	git_checkout_options_init(&opts, GIT_CHECKOUT_OPTIONS_VERSION);
	opts.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_REMOVE_UNTRACKED;
	assert_int_equal(git_object_lookup(&head, r->git, &r->head, GIT_OBJECT_COMMIT), 0);
	assert_int_equal(git_reset(r->git, head, GIT_RESET_HARD, &opts), 0);
	git_object_free(head);
}

static void set_mtime(const char *dir, const char *path, time_t t)
{
	struct strbuf full = STRBUF_INIT;
	struct timespec ts[2] = { { t, 0 }, { t, 0 } };

	strbuf_addf(&full, "%s/%s", dir, path);
	assert_int_equal(utimensat(AT_FDCWD, full.buf, ts, 0), 0);
	strbuf_release(&full);
}

/* How many history-<id> folders holding a gitinfo file the folder dir has. */
static int user_cache_files(const char *dir)
{
	struct strbuf path = STRBUF_INIT;
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "history-", 8))
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s/gitinfo", dir, e->d_name);
		n += access(path.buf, R_OK) == 0;
	}
	closedir(d);
	strbuf_release(&path);
	return n;
}

static struct gitinfo *open_at(const char *dir, const char *cache)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct gitinfo *g = NULL;

	assert_int_equal(gitinfo_open(&g, dir, "content/", cache, &diags), 0);
	diag_print(stderr, &diags);
	assert_int_equal(diags.len, 0);
	diag_list_release(&diags);
	assert_non_null(g);
	return g;
}

static const struct gitinfo_file *find(const struct gitinfo *g, const char *path)
{
	const struct gitinfo_file *f = gitinfo_find(g, path);

	if (!f)
		fail_msg("gitinfo knows nothing of %s", path);
	return f;
}

static void assert_id(const char *hex, git_oid id)
{
	char want[GIT_OID_HEXSZ + 1];

	assert_non_null(hex);
	assert_string_equal(hex, git_oid_tostr(want, sizeof(want), &id));
}

/* The authors of f, joined by commas. */
static char *authors(const struct gitinfo_file *f)
{
	static char buf[256];

	buf[0] = '\0';
	for (size_t i = 0; i < f->nauthors; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s", i ? "," : "", f->authors[i]);
	return buf;
}

static void test_not_a_repository(void **state)
{
	char dir[] = "/tmp/jisite-gitinfo-test-XXXXXX";
	struct diag_list diags = DIAG_LIST_INIT;
	struct gitinfo *g = (struct gitinfo *)&diags; /* anything but NULL: gitinfo_open must set it */

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(gitinfo_open(&g, dir, "content/", NULL, &diags), 0);
	assert_null(g);
	assert_int_equal(diags.len, 0);
	assert_int_equal(fs_remove_tree(dir), 0);
}

static void test_dates_and_authors(void **state)
{
	struct repo r;
	struct gitinfo *g;
	const struct gitinfo_file *f;
	git_oid c3, c4;

	(void)state;
	repo_init(&r);
	put(&r, "content/a.md", "one\n");
	put(&r, "content/b.md", "one\n");
	put(&r, "README.md", "outside the prefix\n");
	commit(&r, "Ana", 1000, "Add a and b");
	put(&r, "content/a.md", "two\n");
	commit(&r, "Bo", 2000, "Change a");
	put(&r, "content/a.md", "three\n");
	c3 = commit(&r, "Ana", 3000, "Change a again");
	put(&r, "content/b.md", "two\n");
	put(&r, "README.md", "changed\n");
	c4 = commit(&r, "Cy", 4000, "Change b");
	put(&r, "README.md", "changed again\n");
	commit(&r, "Dee", 5000, "Change only what is outside content/");

	g = open_at(r.dir, NULL);
	assert_id(gitinfo_head(g), r.head);
	assert_false(gitinfo_shallow(g));
	f = find(g, "content/a.md");
	assert_string_equal(f->path, "content/a.md");
	assert_int_equal(f->first, 1000);
	assert_int_equal(f->last, 3000);
	assert_id(f->last_commit, c3);
	assert_false(f->modified);
	assert_string_equal(authors(f), "Ana,Bo"); /* in the order of their first commit, once each */
	assert_int_equal(f->nchanges, 3);
	assert_string_equal(f->changes[0].summary, "Change a again");
	assert_int_equal(f->changes[1].time, 2000);
	assert_int_equal(f->changes[2].time, 1000);
	f = find(g, "content/b.md");
	assert_int_equal(f->first, 1000);
	assert_int_equal(f->last, 4000);
	assert_id(f->last_commit, c4);
	assert_string_equal(authors(f), "Ana,Cy");
	assert_null(gitinfo_find(g, "README.md")); /* outside the prefix */
	assert_null(gitinfo_find(g, "content/none.md"));
	gitinfo_free(g);
	repo_free(&r);
}

static void test_rename(void **state)
{
	struct repo r;
	struct gitinfo *g;
	const struct gitinfo_file *f;
	const char *body = "The Bangalore Principles of Judicial Conduct: independence, impartiality, integrity,\n"
			   "propriety, equality, competence and diligence. A text long enough to be recognised\n"
			   "when a line of it changes in the commit that renames it.\n";
	struct strbuf changed = STRBUF_INIT;

	(void)state;
	repo_init(&r);
	put(&r, "content/old.md", body);
	put(&r, "content/x/index.md", "an item\n");
	commit(&r, "Ana", 1000, "Add");
	put(&r, "content/old.md", "");
	put(&r, "content/old.md", body); /* unchanged: no commit of its own */
	put(&r, "content/x/index.md", "an item, changed\n");
	commit(&r, "Bo", 2000, "Change the item");
	strbuf_addf(&changed, "%sAnd one more line.\n", body);
	del(&r, "content/old.md");
	put(&r, "content/new.md", changed.buf); /* renamed and changed a little */
	del(&r, "content/x/index.md");
	put(&r, "content/y/index.md", "an item, changed\n"); /* a folder renamed */
	commit(&r, "Cy", 3000, "Rename");
	put(&r, "content/new.md", body);
	commit(&r, "Dee", 4000, "Change the renamed file");

	g = open_at(r.dir, NULL);
	f = find(g, "content/new.md");
	assert_int_equal(f->first, 1000); /* its history before the rename counts */
	assert_int_equal(f->last, 4000);
	assert_int_equal(f->nchanges, 3);
	assert_string_equal(authors(f), "Ana,Cy,Dee");
	f = find(g, "content/y/index.md");
	assert_int_equal(f->first, 1000);
	assert_int_equal(f->last, 2000); /* moved, not changed: the move is not a change of its text */
	assert_int_equal(f->nchanges, 2);
	assert_string_equal(authors(f), "Ana,Bo");
	assert_null(gitinfo_find(g, "content/old.md")); /* gone */
	assert_null(gitinfo_find(g, "content/x/index.md"));
	gitinfo_free(g);
	strbuf_release(&changed);
	repo_free(&r);
}

/* main: c1 (Ana) → c2 (Bo) → merge (Mo) of side: s1 (Sam, changes m.md) on c1 */
static void test_merge(void **state)
{
	struct repo r;
	struct gitinfo *g;
	const struct gitinfo_file *f;
	git_oid c1, s1, merge, parents[2];

	(void)state;
	repo_init(&r);
	put(&r, "content/m.md", "one\n");
	put(&r, "content/n.md", "one\n");
	c1 = commit(&r, "Ana", 1000, "Add");
	put(&r, "content/m.md", "from the side branch\n");
	s1 = commit_with(&r, "Sam", 2500, "Change m on a branch", &c1, 1, false);
	reset_to_head(&r);
	put(&r, "content/n.md", "two\n");
	parents[0] = commit(&r, "Bo", 2000, "Change n");
	parents[1] = s1;
	put(&r, "content/m.md", "from the side branch\n");
	merge = commit_with(&r, "Mo", 3000, "Merge branch 'side'", parents, 2, true);

	g = open_at(r.dir, NULL);
	f = find(g, "content/m.md");
	assert_int_equal(f->first, 1000);
	assert_int_equal(f->last, 3000); /* the merge brought the change to the main line */
	assert_id(f->last_commit, merge);
	assert_int_equal(f->nchanges, 3);
	assert_id(f->changes[1].id, s1);
	assert_string_equal(authors(f), "Ana,Sam"); /* not Mo, who merged */
	f = find(g, "content/n.md");
	assert_int_equal(f->last, 2000); /* a merge is compared with its first parent only */
	assert_string_equal(authors(f), "Ana,Bo");
	gitinfo_free(g);
	repo_free(&r);
}

/* c1 (adds a) → c2 (renames a to b) → c3 → merge, whose second parent is c1 again: found from the merge,
 * c1 comes before c2, but it must be walked after it, or its change of a would not count for b */
static void test_parents_after_children(void **state)
{
	struct repo r;
	struct gitinfo *g;
	git_oid c1, parents[2];

	(void)state;
	repo_init(&r);
	put(&r, "content/a.md", "a page that will be renamed\n");
	c1 = commit(&r, "Ana", 1000, "Add a");
	del(&r, "content/a.md");
	put(&r, "content/b.md", "a page that will be renamed\n");
	commit(&r, "Bo", 2000, "Rename a to b");
	put(&r, "content/c.md", "another\n");
	parents[0] = commit(&r, "Cy", 3000, "Add c");
	parents[1] = c1;
	commit_with(&r, "Mo", 4000, "Merge an old branch", parents, 2, true);

	g = open_at(r.dir, NULL);
	assert_int_equal(find(g, "content/b.md")->first, 1000);
	assert_int_equal(find(g, "content/b.md")->nchanges, 1);
	gitinfo_free(g);
	repo_free(&r);
}

static void test_working_tree(void **state)
{
	struct repo r;
	struct gitinfo *g;
	const struct gitinfo_file *f;

	(void)state;
	repo_init(&r);
	put(&r, "content/a.md", "one\n");
	put(&r, "content/b.md", "one\n");
	put(&r, "content/c.md", "one\n");
	commit(&r, "Ana", 1000, "Add");
	write_at(r.dir, "content/a.md", "changed, not committed\n");
	set_mtime(r.dir, "content/a.md", 5000000);
	write_at(r.dir, "content/new/index.md", "untracked\n");
	set_mtime(r.dir, "content/new/index.md", 6000000);
	put(&r, "content/c.md", "staged\n");
	set_mtime(r.dir, "content/c.md", 7000000);
	write_at(r.dir, "content.md", "beside the prefix, not in it\n");

	g = open_at(r.dir, NULL);
	f = find(g, "content/a.md");
	assert_true(f->modified);
	assert_int_equal(f->first, 1000);
	assert_int_equal(f->last, 5000000);
	assert_null(f->last_commit);
	assert_int_equal(f->nchanges, 1); /* its committed history stays */
	f = find(g, "content/new/index.md");
	assert_true(f->modified);
	assert_int_equal(f->first, 6000000);
	assert_int_equal(f->last, 6000000);
	assert_null(f->last_commit);
	assert_int_equal(f->nchanges, 0);
	assert_int_equal(f->nauthors, 0);
	f = find(g, "content/c.md");
	assert_true(f->modified);
	assert_int_equal(f->last, 7000000);
	f = find(g, "content/b.md");
	assert_false(f->modified);
	assert_int_equal(f->last, 1000);
	assert_null(gitinfo_find(g, "content.md"));
	gitinfo_free(g);
	repo_free(&r);
}

static void test_outdated(void **state)
{
	struct repo r;
	struct gitinfo *g;
	static const struct gitinfo_change stale;
	const struct gitinfo_change *changes = &stale; /* an answer of 0 must set it to NULL */
	size_t n = 99;
	git_oid clarify, reword, change_v;

	(void)state;
	repo_init(&r);
	put(&r, "content/p.md", "original\n");
	put(&r, "content/p.fr.md", "traduction\n");
	put(&r, "content/q.md", "original\n");
	put(&r, "content/q.fr.md", "traduction\n");
	put(&r, "content/s.md", "original\n");
	put(&r, "content/s.fr.md", "traduction\n");
	put(&r, "content/v/index.md", "original\n");
	put(&r, "content/v/index.fr.md", "traduction\n");
	commit(&r, "Ana", 1000, "Add pages and translations");
	put(&r, "content/q.md", "original, changed\n");
	commit(&r, "Ana", 2000, "Change q");
	put(&r, "content/v/index.md", "original, changed\n");
	change_v = commit(&r, "Ana", 2500, "Change v");
	put(&r, "content/q.fr.md", "traduction, à jour\n");
	commit(&r, "Tom", 3000, "Update the French translation of q");
	put(&r, "content/p.md", "original, clarified\n");
	clarify = commit(&r, "Ana", 4000, "Clarify the mandate\n\nA longer explanation.\n");
	put(&r, "content/s.md", "original, changed\n");
	put(&r, "content/s.fr.md", "traduction, changée\n");
	commit(&r, "Ana", 5000, "Change s and its translation together");
	put(&r, "content/p.md", "original, reworded\n");
	reword = commit(&r, "Bo", 6000, "Reword");
	del(&r, "content/v/index.md");
	del(&r, "content/v/index.fr.md");
	put(&r, "content/w/index.md", "original, changed\n");
	put(&r, "content/w/index.fr.md", "traduction\n");
	commit(&r, "Cy", 7000, "Move v to w");
	write_at(r.dir, "content/u.fr.md", "jamais validée\n");

	g = open_at(r.dir, NULL);
	assert_int_equal(gitinfo_outdated(g, "content/p.md", "content/p.fr.md", &changes, &n), 1);
	assert_int_equal(n, 2); /* exactly the commits that changed the original since, newest first */
	assert_id(changes[0].id, reword);
	assert_id(changes[1].id, clarify);
	assert_string_equal(changes[1].summary, "Clarify the mandate");
	assert_int_equal(changes[1].time, 4000);
	assert_int_equal(gitinfo_outdated(g, "content/q.md", "content/q.fr.md", &changes, &n), 0);
	assert_int_equal(n, 0);
	assert_null(changes);
	assert_int_equal(gitinfo_outdated(g, "content/s.md", "content/s.fr.md", &changes, &n), 0);
	/* moving a translation with its original does not bring it up to date */
	assert_int_equal(gitinfo_outdated(g, "content/w/index.md", "content/w/index.fr.md", &changes, &n), 1);
	assert_int_equal(n, 1);
	assert_id(changes[0].id, change_v);
	assert_int_equal(gitinfo_outdated(g, "content/p.md", "content/u.fr.md", &changes, &n), -1); /* not committed */
	assert_int_equal(gitinfo_outdated(g, "content/p.md", "content/none.fr.md", &changes, &n), -1);
	/* the other way round, an original is never older than its translation's original */
	assert_int_equal(gitinfo_outdated(g, "content/q.fr.md", "content/q.md", &changes, &n), 1);
	gitinfo_free(g);
	repo_free(&r);
}

/* Everything gitinfo says of a few files, as text, to compare two opens. */
static void describe(struct strbuf *out, const struct gitinfo *g, const char *const *paths)
{
	strbuf_addf(out, "%s %d\n", gitinfo_head(g), gitinfo_shallow(g));
	for (; *paths; paths++) {
		const struct gitinfo_file *f = find(g, *paths);
		strbuf_addf(out, "%s %lld %lld %s %d %s:", f->path, (long long)f->first, (long long)f->last,
			    f->last_commit ? f->last_commit : "-", f->modified, authors(f));
		for (size_t i = 0; i < f->nchanges; i++)
			strbuf_addf(out, " %s %lld %s", f->changes[i].id, (long long)f->changes[i].time,
				    f->changes[i].summary);
		strbuf_addch(out, '\n');
	}
}

static time_t mtime_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_mtime;
}

static void test_cache(void **state)
{
	static const char *const paths[] = { "content/a.md", "content/b.md", "content/new.md", NULL };
	struct repo r;
	struct gitinfo *g;
	struct strbuf cache = STRBUF_INIT, file = STRBUF_INIT, want = STRBUF_INIT, got = STRBUF_INIT;
	struct strbuf bytes = STRBUF_INIT;
	const struct gitinfo_change *changes;
	size_t n;

	(void)state;
	repo_init(&r);
	put(&r, "content/a.md", "one\n");
	put(&r, "content/b.md", "one\n");
	commit(&r, "Ana", 1000, "Add");
	put(&r, "content/a.md", "two\n");
	commit(&r, "Bo", 2000, "Change a");
	write_at(r.dir, "content/new.md", "untracked\n");
	strbuf_addf(&cache, "%s/.jisite-cache", r.dir);
	strbuf_addf(&file, "%s/gitinfo", cache.buf);

	g = open_at(r.dir, cache.buf);
	describe(&want, g, paths);
	gitinfo_free(g);
	assert_int_equal(access(file.buf, R_OK), 0); /* the walk was cached */

	/* the second open reads the cache: it gives the same answers and does not write the file again */
	set_mtime(r.dir, ".jisite-cache/gitinfo", 12345);
	g = open_at(r.dir, cache.buf);
	describe(&got, g, paths);
	assert_string_equal(got.buf, want.buf);
	gitinfo_free(g);
	assert_int_equal(mtime_of(file.buf), 12345);

	/* damaged: a byte changed, or cut short: ignored, the history walked again and the cache rewritten */
	assert_int_equal(fs_read_file(&bytes, file.buf, 1 << 20), 0);
	for (int damage = 0; damage < 3; damage++) {
		struct strbuf bad = STRBUF_INIT;
		strbuf_addbuf(&bad, &bytes);
		if (damage == 0)
			bad.buf[bad.len / 2] ^= 0x20;
		else if (damage == 1)
			strbuf_setlen(&bad, bad.len - 10);
		else
			bad.buf[bad.len - 1] ^= 1; /* the checksum itself */
		assert_int_equal(fs_write_file(file.buf, bad.buf, bad.len), 0);
		set_mtime(r.dir, ".jisite-cache/gitinfo", 12345);
		strbuf_reset(&got);
		g = open_at(r.dir, cache.buf);
		describe(&got, g, paths);
		assert_string_equal(got.buf, want.buf);
		gitinfo_free(g);
		assert_true(mtime_of(file.buf) != 12345);
		strbuf_release(&bad);
	}

	/* a new commit: the cache is not this HEAD's, so the history is walked again */
	put(&r, "content/b.md", "two\n");
	commit(&r, "Cy", 3000, "Change b");
	g = open_at(r.dir, cache.buf);
	assert_int_equal(find(g, "content/b.md")->last, 3000);
	assert_int_equal(gitinfo_outdated(g, "content/a.md", "content/b.md", &changes, &n), 0);
	gitinfo_free(g);

	/* GITINFO_CACHE_USER: in the user's cache folder, one per repository; neither .git nor the project */
	strbuf_reset(&file);
	strbuf_addf(&file, "%s/xdg", r.dir);
	setenv("XDG_CACHE_HOME", file.buf, 1);
	g = open_at(r.dir, GITINFO_CACHE_USER);
	assert_int_equal(find(g, "content/b.md")->last, 3000);
	gitinfo_free(g);
	unsetenv("XDG_CACHE_HOME");
	strbuf_addstr(&file, "/jisite");
	assert_int_equal(user_cache_files(file.buf), 1);
	strbuf_reset(&file);
	strbuf_addf(&file, "%s/.git/jisite", r.dir);
	assert_int_not_equal(access(file.buf, F_OK), 0);

	strbuf_release(&cache);
	strbuf_release(&file);
	strbuf_release(&want);
	strbuf_release(&got);
	strbuf_release(&bytes);
	repo_free(&r);
}

static void copy_object(git_odb *from, git_odb *to, const git_oid *id)
{
	git_odb_object *obj;
	git_oid out;

	assert_int_equal(git_odb_read(&obj, from, id), 0);
	assert_int_equal(git_odb_write(&out, to, git_odb_object_data(obj), git_odb_object_size(obj),
				       git_odb_object_type(obj)), 0);
	git_odb_object_free(obj);
}

static int copy_entry(const char *root, const git_tree_entry *e, void *payload)
{
	git_odb **odbs = payload;

	(void)root;
	copy_object(odbs[0], odbs[1], git_tree_entry_id(e));
	return 0;
}

/* Makes dst a clone of src that holds only the commits keep[] (HEAD first) and their trees, as `git clone
 * --depth` does, with a shallow file naming keep[1] when with_file. */
static void shallow_clone(struct repo *src, struct repo *dst, const git_oid *keep, size_t nkeep, bool with_file)
{
	git_odb *odbs[2];
	git_reference *head, *ref;
	char hex[GIT_OID_HEXSZ + 2];

	repo_init(dst);
	assert_int_equal(git_repository_odb(&odbs[0], src->git), 0);
	assert_int_equal(git_repository_odb(&odbs[1], dst->git), 0);
	for (size_t i = 0; i < nkeep; i++) {
		git_commit *c;
		git_tree *t;
		assert_int_equal(git_commit_lookup(&c, src->git, &keep[i]), 0);
		assert_int_equal(git_commit_tree(&t, c), 0);
		copy_object(odbs[0], odbs[1], &keep[i]);
		copy_object(odbs[0], odbs[1], git_tree_id(t));
		assert_int_equal(git_tree_walk(t, GIT_TREEWALK_PRE, copy_entry, odbs), 0);
		git_tree_free(t);
		git_commit_free(c);
	}
	assert_int_equal(git_reference_lookup(&head, dst->git, "HEAD"), 0);
	assert_int_equal(git_reference_create(&ref, dst->git, git_reference_symbolic_target(head), &keep[0], 1, NULL),
			 0);
	dst->head = keep[0];
	dst->has_head = true;
	reset_to_head(dst);
	if (with_file) {
		struct strbuf path = STRBUF_INIT;
		git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &keep[1]);
		strcat(hex, "\n");
		strbuf_addf(&path, "%s/.git/shallow", dst->dir);
		assert_int_equal(fs_write_file(path.buf, hex, strlen(hex)), 0);
		strbuf_release(&path);
	}
	git_reference_free(ref);
	git_reference_free(head);
	git_odb_free(odbs[0]);
	git_odb_free(odbs[1]);
}

/* Fetches into dst the rest of src's history (every object), and removes the shallow file. */
static int copy_any(const git_oid *id, void *payload)
{
	git_odb **odbs = payload;

	copy_object(odbs[0], odbs[1], id);
	return 0;
}

static void unshallow(struct repo *src, struct repo *dst)
{
	git_odb *odbs[2];
	struct strbuf path = STRBUF_INIT;

	assert_int_equal(git_repository_odb(&odbs[0], src->git), 0);
	assert_int_equal(git_repository_odb(&odbs[1], dst->git), 0);
	assert_int_equal(git_odb_foreach(odbs[0], copy_any, odbs), 0);
	strbuf_addf(&path, "%s/.git/shallow", dst->dir);
	assert_int_equal(unlink(path.buf), 0);
	strbuf_release(&path);
	git_odb_free(odbs[0]);
	git_odb_free(odbs[1]);
}

/* A clone of depth 2: the history stops at its second commit, which holds every file older than it. */
static void test_shallow(void **state)
{
	struct repo full, shallow;
	struct gitinfo *g;
	const struct gitinfo_file *f;
	const struct gitinfo_change *changes;
	size_t n;
	git_oid keep[3];
	struct strbuf cache = STRBUF_INIT;

	(void)state;
	repo_init(&full);
	put(&full, "content/a.md", "one\n");
	put(&full, "content/b.md", "one\n");
	put(&full, "content/p.md", "original\n");
	put(&full, "content/p.fr.md", "traduction\n");
	commit(&full, "Ana", 1000, "Add");
	put(&full, "content/a.md", "two\n");
	keep[2] = commit(&full, "Bo", 2000, "Change a");
	put(&full, "content/b.md", "two\n");
	keep[1] = commit(&full, "Cy", 3000, "Change b");
	put(&full, "content/p.md", "original, changed\n");
	keep[0] = commit(&full, "Dee", 4000, "Change p");
	g = open_at(full.dir, NULL);
	assert_false(gitinfo_shallow(g));
	assert_int_equal(find(g, "content/a.md")->first, 1000);
	gitinfo_free(g);

	/* the shallow file names the boundary; without it, the missing parent does; with it, the walk stops
	 * there even when the parent is at hand (fetched for another branch) */
	for (int variant = 0; variant < 3; variant++) {
		shallow_clone(&full, &shallow, keep, variant == 2 ? 3 : 2, variant != 1);
		assert_int_equal(git_repository_is_shallow(shallow.git), variant != 1);
		g = open_at(shallow.dir, NULL);
		assert_true(gitinfo_shallow(g)); /* without the file too: a parent is missing */
		assert_id(gitinfo_head(g), keep[0]);
		f = find(g, "content/a.md"); /* last changed before the boundary: it gets the boundary's date */
		assert_int_equal(f->first, 3000);
		assert_int_equal(f->last, 3000);
		assert_id(f->last_commit, keep[1]);
		assert_int_equal(f->nauthors, 0); /* who changed it is not known */
		f = find(g, "content/p.md");
		assert_int_equal(f->first, 3000);
		assert_int_equal(f->last, 4000);
		assert_string_equal(authors(f), "Dee");
		assert_int_equal(gitinfo_outdated(g, "content/p.md", "content/p.fr.md", &changes, &n), 1);
		assert_int_equal(n, 1);
		assert_id(changes[0].id, keep[0]);
		assert_int_equal(gitinfo_outdated(g, "content/b.md", "content/a.md", &changes, &n), 0);
		gitinfo_free(g);
		repo_free(&shallow);
	}

	/* cached while shallow, then the rest of the history fetched: HEAD is the same, the cache is not used */
	shallow_clone(&full, &shallow, keep, 2, true);
	strbuf_addf(&cache, "%s/.jisite-cache", shallow.dir);
	g = open_at(shallow.dir, cache.buf);
	assert_true(gitinfo_shallow(g));
	gitinfo_free(g);
	unshallow(&full, &shallow);
	g = open_at(shallow.dir, cache.buf);
	assert_false(gitinfo_shallow(g));
	assert_int_equal(find(g, "content/a.md")->first, 1000);
	gitinfo_free(g);
	repo_free(&shallow);
	strbuf_release(&cache);
	repo_free(&full);
}

/* The project folder is a subfolder of the repository; paths stay relative to the project. */
static void test_subfolder(void **state)
{
	struct repo r;
	struct gitinfo *g;
	struct strbuf site = STRBUF_INIT;

	(void)state;
	repo_init(&r);
	put(&r, "site/content/a.md", "one\n");
	put(&r, "content/a.md", "not the project's\n");
	commit(&r, "Ana", 1000, "Add");
	put(&r, "site/content/a.md", "two\n");
	commit(&r, "Bo", 2000, "Change a");
	write_at(r.dir, "site/content/b.md", "untracked\n");
	strbuf_addf(&site, "%s/site", r.dir);
	g = open_at(site.buf, NULL);
	assert_int_equal(find(g, "content/a.md")->first, 1000);
	assert_int_equal(find(g, "content/a.md")->last, 2000);
	assert_true(find(g, "content/b.md")->modified);
	assert_null(gitinfo_find(g, "site/content/a.md"));
	gitinfo_free(g);
	strbuf_release(&site);
	repo_free(&r);
}

/* A repository without commits yet: no HEAD, and its files are all uncommitted. */
static void test_no_commits(void **state)
{
	struct repo r;
	struct gitinfo *g;
	const struct gitinfo_file *f;

	(void)state;
	repo_init(&r);
	write_at(r.dir, "content/a.md", "new\n");
	set_mtime(r.dir, "content/a.md", 4000000);
	g = open_at(r.dir, NULL);
	assert_null(gitinfo_head(g));
	f = find(g, "content/a.md");
	assert_int_equal(f->first, 4000000);
	assert_null(f->last_commit);
	gitinfo_free(g);
	repo_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_not_a_repository),
		cmocka_unit_test(test_dates_and_authors),
		cmocka_unit_test(test_rename),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_parents_after_children),
		cmocka_unit_test(test_working_tree),
		cmocka_unit_test(test_outdated),
		cmocka_unit_test(test_cache),
		cmocka_unit_test(test_shallow),
		cmocka_unit_test(test_subfolder),
		cmocka_unit_test(test_no_commits),
	};
	int ret;

	git_libgit2_init();
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	git_libgit2_shutdown();
	return ret;
}
