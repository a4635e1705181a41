/* Unit tests of the git source: a repository made with libgit2 in a temporary folder, its project in a
 * subfolder, read through list, read, kind and stamp; the symbolic link rule, compared with the
 * file-system source over a checkout of the same tree; revisions by name, and the ones that are not. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "gitsource.h"
#include "util/fs.h"

/* The repository: three commits on main.
 *   1: README only
 *   2: README, and site/ (the project): site.yaml and content/ with files, a folder, a submodule and
 *      links of every sort; tagged v2 (annotated) and branch "old"
 *   3: content/a.md changed */
struct repo {
	char dir[40];
	char *real; /* dir, resolved: messages name it */
	struct strbuf site;
	git_oid a_old, a_new, b, x;
};

static struct repo R;

static git_oid add_blob(git_repository *r, const char *text)
{
	git_oid id;

	assert_int_equal(git_blob_create_from_buffer(&id, r, text, strlen(text)), 0);
	return id;
}

static void put(git_treebuilder *tb, const char *name, const git_oid *id, git_filemode_t mode)
{
	assert_int_equal(git_treebuilder_insert(NULL, tb, name, id, mode), 0);
}

static void put_link(git_repository *r, git_treebuilder *tb, const char *name, const char *target)
{
	git_oid id = add_blob(r, target);

	put(tb, name, &id, GIT_FILEMODE_LINK);
}

static git_oid write_tree(git_treebuilder *tb)
{
	git_oid id;

	assert_int_equal(git_treebuilder_write(&id, tb), 0);
	git_treebuilder_free(tb);
	return id;
}

static git_treebuilder *new_tree(git_repository *r)
{
	git_treebuilder *tb;

	assert_int_equal(git_treebuilder_new(&tb, r, NULL), 0);
	return tb;
}

/* The whole tree of commit 2 or 3 (a_text: content/a.md); first is commit 1 (the submodule's commit). */
static git_oid site_tree(git_repository *r, const char *a_text, const git_oid *first, git_oid *a_id)
{
	git_treebuilder *root = new_tree(r), *site = new_tree(r), *content = new_tree(r), *a = new_tree(r);
	git_oid id, big;
	char bytes[101];

	memset(bytes, 'z', 100);
	bytes[100] = 0;
	R.x = add_blob(r, "ex");
	put(a, "x.md", &R.x, GIT_FILEMODE_BLOB);
	id = write_tree(a);
	put(content, "a", &id, GIT_FILEMODE_TREE);
	*a_id = add_blob(r, a_text);
	put(content, "a.md", a_id, GIT_FILEMODE_BLOB);
	R.b = add_blob(r, "bee");
	put(content, "b.md", &R.b, GIT_FILEMODE_BLOB);
	big = add_blob(r, bytes);
	put(content, "big.bin", &big, GIT_FILEMODE_BLOB);
	put(content, "run.sh", &R.b, GIT_FILEMODE_BLOB_EXECUTABLE);
	put(content, "sub", first, GIT_FILEMODE_COMMIT);
	put_link(r, content, "link-in", "a.md");
	put_link(r, content, "link-dir", "a");
	put_link(r, content, "link-via", "link-dir/../a/./x.md");
	put_link(r, content, "link-round", "../../site/content/b.md"); /* out of the project and back */
	put_link(r, content, "link-up", "../site.yaml");               /* out of content/ */
	put_link(r, content, "link-repo", "../../README");             /* out of the project */
	put_link(r, content, "link-above", "../../../x");              /* out of the repository */
	put_link(r, content, "link-abs", "/etc/passwd");
	put_link(r, content, "link-loop", "link-loop");
	put_link(r, content, "link-back", "."); /* to the folder that holds it: a walk would never end */
	put_link(r, content, "link-dangling", "nothing.md");
	put_link(r, content, "link-file-dir", "a.md/x");
	id = write_tree(content);
	put(site, "content", &id, GIT_FILEMODE_TREE);
	id = add_blob(r, "title: t\n");
	put(site, "site.yaml", &id, GIT_FILEMODE_BLOB);
	id = write_tree(site);
	put(root, "site", &id, GIT_FILEMODE_TREE);
	id = add_blob(r, "not the site");
	put(root, "README", &id, GIT_FILEMODE_BLOB);
	return write_tree(root);
}

static git_oid commit(git_repository *r, const git_oid *tree_id, const git_oid *parent, const char *msg)
{
	git_signature *sig;
	git_tree *tree;
	git_commit *p = NULL;
	git_oid id;

	assert_int_equal(git_signature_new(&sig, "jisite", "jisite@example.org", 1700000000, 0), 0);
	assert_int_equal(git_tree_lookup(&tree, r, tree_id), 0);
	if (parent)
		assert_int_equal(git_commit_lookup(&p, r, parent), 0);
	assert_int_equal(git_commit_create_v(&id, r, "HEAD", sig, sig, NULL, msg, tree, parent ? 1 : 0, p), 0);
	git_commit_free(p);
	git_tree_free(tree);
	git_signature_free(sig);
	return id;
}

static int setup(void **state)
{
	git_repository *r;
	git_treebuilder *tb;
	git_oid readme, tree, c1, c2, tag;
	git_object *target;
	git_commit *c;
	git_reference *branch;
	git_signature *sig;

	(void)state;
	git_libgit2_init();
	strcpy(R.dir, "/tmp/jisite-gitsource-XXXXXX");
	assert_non_null(mkdtemp(R.dir));
	R.real = realpath(R.dir, NULL);
	assert_int_equal(git_repository_init(&r, R.dir, 0), 0);
	tb = new_tree(r);
	readme = add_blob(r, "not the site");
	put(tb, "README", &readme, GIT_FILEMODE_BLOB);
	tree = write_tree(tb);
	c1 = commit(r, &tree, NULL, "Start");
	tree = site_tree(r, "hello", &c1, &R.a_old);
	c2 = commit(r, &tree, &c1, "Add the site");
	tree = site_tree(r, "hello again", &c1, &R.a_new);
	commit(r, &tree, &c2, "Change a.md");
	assert_int_equal(git_object_lookup(&target, r, &c2, GIT_OBJECT_COMMIT), 0);
	assert_int_equal(git_signature_new(&sig, "jisite", "jisite@example.org", 1700000000, 0), 0);
	assert_int_equal(git_tag_create(&tag, r, "v2", target, sig, "Version 2", 0), 0);
	assert_int_equal(git_commit_lookup(&c, r, &c2), 0);
	assert_int_equal(git_branch_create(&branch, r, "old", c, 0), 0);
	git_reference_free(branch);
	git_commit_free(c);
	git_signature_free(sig);
	git_object_free(target);
	git_repository_free(r);
	strbuf_init(&R.site, 0);
	strbuf_addf(&R.site, "%s/site", R.dir);
	/* the project folder is there in the working tree: dir names it, whatever it holds */
	assert_int_equal(mkdir(R.site.buf, 0755), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fs_remove_tree(R.dir);
	strbuf_release(&R.site);
	free(R.real);
	git_libgit2_shutdown();
	return 0;
}

static struct source *open_ok(const char *dir, const char *rev)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct source *src = source_git_new(dir, rev, &d);

	assert_int_equal(d.len, 0);
	assert_non_null(src);
	return src;
}

static void assert_stamp_is(const struct source_stamp *s, const git_oid *id)
{
	struct source_stamp want = { { 0 } };

	memcpy(want.bytes, id->id, GIT_OID_RAWSZ);
	assert_memory_equal(s->bytes, want.bytes, sizeof(want.bytes));
}

static void test_list(void **state)
{
	static const struct {
		const char *name;
		enum source_kind kind;
	} want[] = {
		/* by name bytes: "a" before "a.md", where git's own order puts the folder after */
		{ "a", SOURCE_DIR },
		{ "a.md", SOURCE_FILE },
		{ "b.md", SOURCE_FILE },
		{ "big.bin", SOURCE_FILE },
		{ "link-above", SOURCE_OUTSIDE },
		{ "link-abs", SOURCE_OUTSIDE },
		{ "link-back", SOURCE_LOOP },
		{ "link-dangling", SOURCE_OUTSIDE },
		{ "link-dir", SOURCE_DIR },
		{ "link-file-dir", SOURCE_OUTSIDE },
		{ "link-in", SOURCE_FILE },
		{ "link-loop", SOURCE_OUTSIDE },
		{ "link-repo", SOURCE_OUTSIDE },
		{ "link-round", SOURCE_FILE },
		{ "link-up", SOURCE_OUTSIDE },
		{ "link-via", SOURCE_FILE },
		{ "run.sh", SOURCE_FILE },
		{ "sub", SOURCE_OTHER },
	};
	struct source *src = open_ok(R.site.buf, "HEAD");
	struct source_entry *e;
	size_t n;

	(void)state;
	assert_string_equal(src->root, "HEAD:site");
	assert_int_equal(src->list(src, "content", &e, &n), 0);
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(e[i].name, want[i].name);
		assert_int_equal(e[i].kind, want[i].kind);
	}
	/* a file's stamp is its blob's id; a link's is the id of the file it leads to */
	assert_stamp_is(&e[1].stamp, &R.a_new);
	assert_stamp_is(&e[10].stamp, &R.a_new);
	assert_stamp_is(&e[13].stamp, &R.b);
	assert_stamp_is(&e[15].stamp, &R.x);
	/* a link back says which folder: "content", the first 7 bytes of "content/link-back" */
	assert_int_equal(e[6].loop_len, 7);
	source_entries_free(e, n);
	assert_int_equal(src->list(src, "", &e, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(e[0].name, "content");
	assert_string_equal(e[1].name, "site.yaml");
	source_entries_free(e, n);
	/* a link to a folder lists the folder */
	assert_int_equal(src->list(src, "content/link-dir", &e, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(e[0].name, "x.md");
	source_entries_free(e, n);
	errno = 0;
	assert_int_equal(src->list(src, "content/missing", &e, &n), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(src->list(src, "content/a.md", &e, &n), -1);
	assert_int_equal(errno, ENOTDIR);
	source_free(src);
}

static void test_read_kind_stamp(void **state)
{
	struct source *src = open_ok(R.site.buf, "HEAD");
	struct strbuf sb = STRBUF_INIT;
	struct source_stamp st;
	enum source_kind kind;

	(void)state;
	assert_int_equal(src->read(src, "content/a.md", &sb, 100), 0);
	assert_string_equal(sb.buf, "hello again");
	strbuf_reset(&sb);
	assert_int_equal(src->read(src, "content/link-in", &sb, 100), 0);
	assert_string_equal(sb.buf, "hello again");
	strbuf_reset(&sb);
	assert_int_equal(src->read(src, "content/link-dir/x.md", &sb, 100), 0);
	assert_string_equal(sb.buf, "ex");
	/* appends; a file larger than max is refused and leaves out as it was */
	assert_int_equal(src->read(src, "content/big.bin", &sb, 100), 0);
	assert_int_equal(sb.len, 102);
	assert_int_equal(src->read(src, "content/big.bin", &sb, 99), -1);
	assert_int_equal(errno, EFBIG);
	assert_int_equal(sb.len, 102);
	assert_int_equal(src->read(src, "content/link-up", &sb, 100), -1);
	assert_int_equal(errno, EACCES);
	assert_int_equal(src->read(src, "content/missing.md", &sb, 100), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(src->read(src, "content/a", &sb, 100), -1);
	assert_int_equal(errno, EISDIR);
	assert_int_equal(sb.len, 102);

	assert_int_equal(src->kind(src, "", &kind), 0);
	assert_int_equal(kind, SOURCE_DIR);
	assert_int_equal(src->kind(src, "content/./a/../a.md", &kind), 0);
	assert_int_equal(kind, SOURCE_FILE);
	assert_int_equal(src->kind(src, "content/link-round", &kind), 0);
	assert_int_equal(kind, SOURCE_FILE);
	assert_int_equal(src->kind(src, "content/link-repo", &kind), 0);
	assert_int_equal(kind, SOURCE_OUTSIDE);
	assert_int_equal(src->kind(src, "content/sub", &kind), 0);
	assert_int_equal(kind, SOURCE_OTHER);
	assert_int_equal(src->kind(src, "content/missing", &kind), -1);
	assert_int_equal(errno, ENOENT);

	assert_int_equal(src->stamp(src, "content/a.md", &st), 0);
	assert_stamp_is(&st, &R.a_new);
	assert_int_equal(src->stamp(src, "content/link-via", &st), 0);
	assert_stamp_is(&st, &R.x);
	assert_int_equal(src->stamp(src, "content/link-up", &st), -1);
	assert_int_equal(errno, EACCES);
	assert_int_equal(src->stamp(src, "content", &st), -1);
	assert_int_equal(errno, EISDIR);
	strbuf_release(&sb);
	source_free(src);
}

/* The project at the top of the repository: the same tree, other top-level folders. */
static void test_project_at_top(void **state)
{
	struct source *src = open_ok(R.dir, "HEAD");
	struct source_entry *e;
	enum source_kind kind;
	size_t n;

	(void)state;
	assert_string_equal(src->root, "HEAD:");
	assert_int_equal(src->list(src, "", &e, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(e[0].name, "README");
	assert_int_equal(e[1].kind, SOURCE_DIR);
	source_entries_free(e, n);
	/* site/content/../site.yaml stays inside the top-level folder "site" now */
	assert_int_equal(src->kind(src, "site/content/link-up", &kind), 0);
	assert_int_equal(kind, SOURCE_FILE);
	assert_int_equal(src->kind(src, "site/content/link-repo", &kind), 0);
	assert_int_equal(kind, SOURCE_OUTSIDE);
	source_free(src);
}

/* The git source sees what the file-system source sees in a checkout of the same commit. */
static void test_same_as_checkout(void **state)
{
	static const char *const fails[] = { "content/missing.md", "content/link-dangling", "content/link-up",
					     "content/a", "missing/x.md", "content/a.md/x" };
	git_checkout_options opts;
	struct source_stamp gs, fs;
	struct strbuf co = STRBUF_INIT, path = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
	struct source *gsrc = open_ok(R.site.buf, "HEAD"), *fsrc;
	struct source_entry *ge, *fe;
	git_repository *r;
	git_object *tree;
	size_t gn, fn;

	(void)state;
	strbuf_addf(&co, "%s/checkout", R.dir);
	/* not GIT_CHECKOUT_OPTIONS_INIT: it leaves fields out, which -Wextra refuses */
	assert_int_equal(git_checkout_options_init(&opts, GIT_CHECKOUT_OPTIONS_VERSION), 0);
	opts.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_DONT_UPDATE_INDEX;
	opts.target_directory = co.buf;
	assert_int_equal(git_repository_open(&r, R.dir), 0);
	assert_int_equal(git_revparse_single(&tree, r, "HEAD^{tree}"), 0);
	assert_int_equal(git_checkout_tree(r, tree, &opts), 0);
	git_object_free(tree);
	git_repository_free(r);
	strbuf_addstr(&co, "/site");
	fsrc = source_fs_new(co.buf);
	assert_non_null(fsrc);
	assert_int_equal(gsrc->list(gsrc, "content", &ge, &gn), 0);
	assert_int_equal(fsrc->list(fsrc, "content", &fe, &fn), 0);
	assert_int_equal(gn, fn);
	for (size_t i = 0; i < gn; i++) {
		assert_string_equal(ge[i].name, fe[i].name);
		if (!strcmp(ge[i].name, "sub"))
			continue; /* a folder in a checkout, empty until initialised: the git source says so */
		assert_int_equal(ge[i].kind, fe[i].kind);
		assert_int_equal(ge[i].loop_len, fe[i].loop_len);
		if (ge[i].kind != SOURCE_FILE)
			continue;
		strbuf_reset(&path);
		strbuf_reset(&a);
		strbuf_reset(&b);
		strbuf_addf(&path, "content/%s", ge[i].name);
		assert_int_equal(gsrc->read(gsrc, path.buf, &a, 1000), 0);
		assert_int_equal(fsrc->read(fsrc, path.buf, &b, 1000), 0);
		assert_int_equal(a.len, b.len);
		assert_memory_equal(a.buf, b.buf, a.len);
	}
	/* and fail alike: nothing there, a dangling link, a link out, a folder */
	for (size_t i = 0; i < sizeof(fails) / sizeof(fails[0]); i++) {
		int gerr, ferr;
		errno = 0;
		assert_int_equal(gsrc->read(gsrc, fails[i], &a, 1000), -1);
		gerr = errno;
		errno = 0;
		assert_int_equal(fsrc->read(fsrc, fails[i], &a, 1000), -1);
		ferr = errno;
		assert_int_equal(gerr, ferr);
		assert_int_equal(gsrc->stamp(gsrc, fails[i], &gs), -1);
		gerr = errno;
		assert_int_equal(fsrc->stamp(fsrc, fails[i], &fs), -1);
		assert_int_equal(gerr, errno);
	}
	source_entries_free(ge, gn);
	source_entries_free(fe, fn);
	source_free(gsrc);
	source_free(fsrc);
	strbuf_release(&co);
	strbuf_release(&path);
	strbuf_release(&a);
	strbuf_release(&b);
}

static void assert_refused(const char *dir, const char *rev, const char *message)
{
	struct diag_list d = DIAG_LIST_INIT;

	assert_null(source_git_new(dir, rev, &d));
	assert_int_equal(d.len, 1);
	assert_int_equal(d.errors, 1);
	assert_string_equal(d.items[0].message, message);
	diag_list_release(&d);
}

static void test_revisions(void **state)
{
	static const char *const old[] = { "HEAD~1", "v2", "old", "HEAD^" };
	struct strbuf msg = STRBUF_INIT, sb = STRBUF_INIT, other = STRBUF_INIT;
	struct source_stamp st;

	(void)state;
	for (size_t i = 0; i < sizeof(old) / sizeof(old[0]); i++) {
		struct source *src = open_ok(R.site.buf, old[i]);
		strbuf_reset(&sb);
		assert_int_equal(src->read(src, "content/a.md", &sb, 100), 0);
		assert_string_equal(sb.buf, "hello");
		assert_int_equal(src->stamp(src, "content/a.md", &st), 0);
		assert_stamp_is(&st, &R.a_old);
		source_free(src);
	}
	strbuf_addf(&msg, "'nope' is not a commit, branch or tag of the repository at %s", R.real);
	assert_refused(R.site.buf, "nope", msg.buf);
	strbuf_reset(&msg);
	strbuf_addf(&msg, "'HEAD^{tree}' is not a commit, branch or tag of the repository at %s", R.real);
	assert_refused(R.site.buf, "HEAD^{tree}", msg.buf);
	strbuf_reset(&msg);
	strbuf_addf(&msg, "'HEAD~2' has no folder 'site', the project's folder in the repository at %s", R.real);
	assert_refused(R.site.buf, "HEAD~2", msg.buf);
	/* a folder in no repository */
	strbuf_addf(&other, "/tmp/jisite-norepo-XXXXXX");
	assert_non_null(mkdtemp(other.buf));
	strbuf_reset(&msg);
	strbuf_addf(&msg, "--rev builds a commit of a git repository, and %s is in none", other.buf);
	assert_refused(other.buf, "HEAD", msg.buf);
	rmdir(other.buf);
	strbuf_release(&msg);
	strbuf_release(&sb);
	strbuf_release(&other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_read_kind_stamp),
		cmocka_unit_test(test_project_at_top),
		cmocka_unit_test(test_same_as_checkout),
		cmocka_unit_test(test_revisions),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
