/* `jisite new` (see contrib.h): a scaffold from a collection's schema, written under content/ or committed
 * on a branch of its own. Outside the build pipeline: it reads site.yaml and the default language's
 * taxonomy terms, nothing else of the site. */
#include "contrib.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "config.h"
#include "i18n.h"
#include "scaffold.h"
#include "util/fs.h"
#include "yamltree.h"

/* Where diagnostics about the command's arguments point, as there is no file to point at. */
#define CONTRIB_ARGS "jisite new"

/* ---- the command ---- */

struct job {
	const struct contrib_options *opts;
	struct config cfg;
	const struct config_collection *col;
	const char *lang;       /* the translation's language, NULL for the original */
	struct strbuf dir;      /* content/resources/my-new-guide */
	struct strbuf path;     /* dir + /index.md or /index.fr.md */
	struct strbuf original; /* dir + /index.md */
	struct strbuf text;
	const struct value *labels; /* translations/<default language>.yaml, or NULL */
	struct diag_list *diags;
};

/* site.yaml, read as a build reads it. */
static int read_config(struct job *j, struct arena *a)
{
	struct source *src = source_fs_new(".");
	int ret;

	if (!src) {
		diag_error(j->diags, "", 0, 0, "cannot read the project folder: %s", strerror(errno));
		return -1;
	}
	ret = config_load(&j->cfg, a, src, j->diags);
	source_free(src);
	return ret;
}

/* The arguments against site.yaml: a collection it declares, a slug that can name a folder, a language
 * it lists. Returns 0 or CONTRIB_USAGE. */
static int check_arguments(struct job *j)
{
	const struct contrib_options *o = j->opts;
	struct strbuf names = STRBUF_INIT;
	int ret = 0;

	j->col = config_find_collection(&j->cfg, o->collection);
	if (!j->col) {
		for (size_t i = 0; i < j->cfg.ncollections; i++)
			strbuf_addf(&names, "%s%s", i ? ", " : "", j->cfg.collections[i].name);
		diag_error(j->diags, CONTRIB_ARGS, 0, 0, "'%s' is not a collection of site.yaml: use one of %s",
			   o->collection, names.buf);
		ret = CONTRIB_USAGE;
	}
	if (!config_valid_slug(o->slug, strlen(o->slug)) || !strcmp(o->slug, "page")) {
		diag_error(j->diags, CONTRIB_ARGS, 0, 0, "'%s' cannot name an item: a slug is lowercase letters, digits "
							 "and hyphens, like my-new-guide ('page' is reserved)", o->slug);
		ret = CONTRIB_USAGE;
	}
	if (o->lang) {
		int l = config_language_index(&j->cfg, o->lang, strlen(o->lang));
		strbuf_reset(&names);
		for (size_t i = 0; i < j->cfg.nlanguages; i++)
			strbuf_addf(&names, "%s%s", i ? ", " : "", j->cfg.languages[i].code);
		if (l < 0) {
			diag_error(j->diags, CONTRIB_ARGS, 0, 0, "'%s' is not a language of site.yaml: use one of %s",
				   o->lang, names.buf);
			ret = CONTRIB_USAGE;
		} else if ((size_t)l != j->cfg.default_language) {
			j->lang = j->cfg.languages[l].code;
		}
	}
	strbuf_release(&names);
	return ret;
}

/* The default language's terms of the taxonomy whose field is name, from translations/<lang>.yaml: where
 * `jisite check` looks for them. */
static const struct value *taxonomy_terms(void *ctx, const char *name)
{
	const struct job *j = ctx;

	return i18n_field_terms(j->labels, &j->cfg, name);
}

static void read_labels(struct job *j, struct arena *a)
{
	struct diag_list ignored = DIAG_LIST_INIT;
	struct strbuf path = STRBUF_INIT;
	struct value *labels;

	/* A file that does not load leaves taxonomy fields with "…": `jisite check` says what is wrong with it. */
	strbuf_addf(&path, "translations/%s.yaml", j->cfg.languages[j->cfg.default_language].code);
	j->labels = yamltree_load_file(&labels, a, path.buf, NULL, &ignored) ? NULL : labels;
	diag_list_release(&ignored);
	strbuf_release(&path);
}

/* A collection without a schema takes any fields; only a title is required. */
static const struct schema *item_schema(const struct config_collection *col)
{
	static struct field title = { .name = "title", .type = FIELD_STRING, .required = true, .translatable = true };
	static const struct schema any = { &title, 1 };

	return col->schema ? col->schema : &any;
}

static void make_scaffold(struct job *j, const char *today)
{
	struct strbuf what = STRBUF_INIT;
	struct scaffold sc = { .schema = item_schema(j->col), .translation = j->lang != NULL, .today = today,
			       .terms = taxonomy_terms, .ctx = j, .draft = true };

	strbuf_addf(&j->dir, "content/%s/%s", j->col->name, j->opts->slug);
	strbuf_addf(&j->original, "%s/index.md", j->dir.buf);
	if (j->lang) {
		strbuf_addf(&j->path, "%s/index.%s.md", j->dir.buf, j->lang);
		strbuf_addf(&what, "The %s translation of %s/%s", j->lang, j->col->name, j->opts->slug);
	} else {
		strbuf_addbuf(&j->path, &j->original);
		strbuf_addf(&what, "A new item of %s", j->col->name);
	}
	sc.what = what.buf;
	scaffold_make(&j->text, &sc);
	strbuf_release(&what);
}

/* Checks that the working tree does not have the file (a branch that has it could not be switched to
 * either), and has the original a translation needs (on a branch, HEAD must have it: see check_branch). */
static int check_files(struct job *j)
{
	int ret = 0;

	if (j->lang && !j->opts->branch && access(j->original.buf, F_OK)) {
		diag_error(j->diags, j->original.buf, 0, 0, "there is no original to translate: start it with "
							    "'jisite new %s %s'", j->col->name, j->opts->slug);
		ret = -1;
	}
	if (!access(j->path.buf, F_OK)) {
		diag_error(j->diags, j->path.buf, 0, 0, "already exists: jisite new never replaces a file");
		ret = -1;
	}
	return ret;
}

/* What `jisite check` will still want besides the scaffold. */
static void attachment_note(struct job *j, FILE *out)
{
	struct strbuf files = STRBUF_INIT;

	if (!j->lang && scaffold_required_files(&files, item_schema(j->col)))
		fprintf(out, "Put the attachment %s names beside it, in %s/: 'jisite check' needs it there.\n",
			files.buf, j->dir.buf);
	strbuf_release(&files);
}

static int write_file(struct job *j, FILE *out)
{
	FILE *f = NULL;
	int fd, failed;

	if (fs_mkdirs(j->dir.buf)) {
		diag_error(j->diags, j->dir.buf, 0, 0, "cannot create the folder: %s", strerror(errno));
		return -1;
	}
	/* O_EXCL: a file made since check_files looked is not replaced either */
	fd = open(j->path.buf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		diag_error(j->diags, j->path.buf, 0, 0, "cannot create: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	failed = fwrite(j->text.buf, 1, j->text.len, f) != j->text.len;
	if (fclose(f) || failed) {
		diag_error(j->diags, j->path.buf, 0, 0, "cannot write: %s", strerror(errno));
		unlink(j->path.buf); /* half a scaffold would only mislead */
		return -1;
	}
	fprintf(out, "jisite: wrote %s\n"
		     "Replace its placeholders (\"…\", dates, numbers), then run 'jisite check'.\n", j->path.buf);
	attachment_note(j, out);
	return 0;
}

/* ---- committing on a branch, through libgit2 ---- */

struct commit_job {
	git_repository *repo;
	git_signature *sig;
	git_commit *head;
	git_tree *tree;
	struct strbuf branch;  /* contrib/resources/my-new-guide */
	struct strbuf prefix;  /* the project's folder in the repository: "" or "site/" */
	struct strbuf in_repo; /* a path of the project as a path of the repository */
};

static int git_failed(struct job *j, const char *what)
{
	const git_error *e = git_error_last();

	diag_error(j->diags, CONTRIB_ARGS, 0, 0, "%s: %s", what, e && e->message ? e->message : "unknown git error");
	return -1;
}

/* The project's folder inside the repository's working tree, so a path of the project can be made a
 * path of the repository's trees: -C may name a folder below the top. */
static int repo_prefix(struct strbuf *out, git_repository *repo)
{
	const char *workdir = git_repository_workdir(repo);
	char *here = realpath(".", NULL), *top = workdir ? realpath(workdir, NULL) : NULL;
	size_t n = top ? strlen(top) : 0;
	int ret = -1;

	if (here && top && !strncmp(here, top, n) && (!here[n] || here[n] == '/')) {
		if (here[n])
			strbuf_addf(out, "%s/", here + n + 1);
		ret = 0;
	}
	free(here);
	free(top);
	return ret;
}

/* The repository, its HEAD commit and tree, and who commits. */
static int open_repository(struct job *j, struct commit_job *c)
{
	git_reference *head = NULL;
	int err;

	if (git_repository_open_ext(&c->repo, ".", 0, NULL) || git_repository_is_bare(c->repo) ||
	    repo_prefix(&c->prefix, c->repo)) {
		diag_error(j->diags, CONTRIB_ARGS, 0, 0, "--branch commits to the project's git repository, and this "
							 "folder is not in the working tree of one");
		return -1;
	}
	err = git_signature_default(&c->sig, c->repo);
	if (err == GIT_ENOTFOUND) {
		diag_error(j->diags, CONTRIB_ARGS, 0, 0, "git does not know who you are: set your name and email with "
							 "git config --global user.name \"Your Name\" and "
							 "git config --global user.email you@example.org");
		return -1;
	}
	if (err)
		return git_failed(j, "cannot tell who commits");
	err = git_repository_head(&head, c->repo);
	if (err == GIT_EUNBORNBRANCH || err == GIT_ENOTFOUND) {
		diag_error(j->diags, CONTRIB_ARGS, 0, 0, "the repository has no commit yet to start a branch from");
		return -1;
	}
	if (err || git_reference_peel((git_object **)&c->head, head, GIT_OBJECT_COMMIT) ||
	    git_commit_tree(&c->tree, c->head))
		err = git_failed(j, "cannot read HEAD");
	git_reference_free(head);
	return err ? -1 : 0;
}

/* Whether path (of the project) is in HEAD's tree. */
static bool in_head(struct commit_job *c, const char *path)
{
	git_tree_entry *entry = NULL;

	strbuf_reset(&c->in_repo);
	strbuf_addf(&c->in_repo, "%s%s", c->prefix.buf, path);
	if (git_tree_entry_bypath(&entry, c->tree, c->in_repo.buf))
		return false;
	git_tree_entry_free(entry);
	return true;
}

/* The branch must be new; HEAD must have the original of a translation and not the file itself. */
static int check_branch(struct job *j, struct commit_job *c)
{
	git_reference *ref = NULL;
	int ret = 0, err;

	strbuf_addf(&c->branch, "contrib/%s/%s", j->col->name, j->opts->slug);
	if (j->lang)
		strbuf_addf(&c->branch, ".%s", j->lang);
	err = git_branch_lookup(&ref, c->repo, c->branch.buf, GIT_BRANCH_LOCAL);
	git_reference_free(ref);
	if (!err) {
		diag_error(j->diags, CONTRIB_ARGS, 0, 0, "branch '%s' already exists: work on it (git switch %s), or "
							 "delete it first", c->branch.buf, c->branch.buf);
		ret = -1;
	} else if (err != GIT_ENOTFOUND) {
		ret = git_failed(j, "cannot look up the branch");
	}
	if (j->lang && !in_head(c, j->original.buf)) {
		diag_error(j->diags, j->original.buf, 0, 0, "is not in HEAD: commit the original before starting its "
							    "translation on a branch");
		ret = -1;
	}
	if (in_head(c, j->path.buf)) {
		diag_error(j->diags, j->path.buf, 0, 0, "already exists in HEAD: jisite new never replaces a file");
		ret = -1;
	}
	return ret;
}

/* HEAD's tree plus the new file, made in the object database alone: no index, no checkout, so the
 * working tree, the index and the current branch stay as they were. */
static int commit_file(struct job *j, struct commit_job *c, git_oid *id)
{
	const git_commit *parents[1] = { c->head };
	git_tree_update update = { .action = GIT_TREE_UPDATE_UPSERT, .filemode = GIT_FILEMODE_BLOB };
	struct strbuf msg = STRBUF_INIT;
	git_tree *tree = NULL;
	git_commit *commit = NULL;
	git_reference *ref = NULL;
	git_oid tree_id;
	int ret = -1;

	strbuf_reset(&c->in_repo);
	strbuf_addf(&c->in_repo, "%s%s", c->prefix.buf, j->path.buf);
	update.path = c->in_repo.buf;
	if (j->lang)
		strbuf_addf(&msg, "Start the %s translation of %s/%s\n\n", j->lang, j->col->name, j->opts->slug);
	else
		strbuf_addf(&msg, "Start %s/%s\n\n", j->col->name, j->opts->slug);
	strbuf_addstr(&msg, "Made by `jisite new` from the collection's schema: its placeholders are to be replaced.\n");
	if (git_blob_create_from_buffer(&update.id, c->repo, j->text.buf, j->text.len) ||
	    git_tree_create_updated(&tree_id, c->repo, c->tree, 1, &update) ||
	    git_tree_lookup(&tree, c->repo, &tree_id) ||
	    git_commit_create(id, c->repo, NULL, c->sig, c->sig, NULL, msg.buf, tree, 1, parents) ||
	    git_commit_lookup(&commit, c->repo, id)) {
		git_failed(j, "cannot make the commit");
		goto cleanup;
	}
	/* force 0: a branch made meanwhile is not moved */
	if (git_branch_create(&ref, c->repo, c->branch.buf, commit, 0)) {
		git_failed(j, "cannot create the branch");
		goto cleanup;
	}
	ret = 0;
cleanup:
	git_reference_free(ref);
	git_commit_free(commit);
	git_tree_free(tree);
	strbuf_release(&msg);
	return ret;
}

static int commit_on_branch(struct job *j, FILE *out)
{
	struct commit_job c = { .branch = STRBUF_INIT, .prefix = STRBUF_INIT, .in_repo = STRBUF_INIT };
	char hex[GIT_OID_HEXSZ + 1];
	git_oid id;
	int ret;

	git_libgit2_init();
	ret = open_repository(j, &c);
	if (!ret)
		ret = check_branch(j, &c);
	if (!ret)
		ret = commit_file(j, &c, &id);
	if (!ret) {
		git_oid_tostr(hex, 8, &id);
		fprintf(out, "jisite: committed %s on the new branch %s (%s)\n"
			     "It is not in your working tree: the current branch, the index and your files are as "
			     "they were.\n"
			     "To write it:   git switch %s, replace the placeholders and commit\n"
			     "To publish it: git push origin %s\n",
			j->path.buf, c.branch.buf, hex, c.branch.buf, c.branch.buf);
		if (j->cfg.repo_url)
			fprintf(out, "then open a pull request from %s into %s at %s\n", c.branch.buf,
				j->cfg.repo_branch ? j->cfg.repo_branch : "main", j->cfg.repo_url);
		attachment_note(j, out);
	}
	git_tree_free(c.tree);
	git_commit_free(c.head);
	git_signature_free(c.sig);
	git_repository_free(c.repo);
	strbuf_release(&c.branch);
	strbuf_release(&c.prefix);
	strbuf_release(&c.in_repo);
	git_libgit2_shutdown();
	return ret;
}

int contrib_new(const struct contrib_options *opts, FILE *out, struct diag_list *diags)
{
	struct arena a = ARENA_INIT;
	struct job j;
	int ret;

	memset(&j, 0, sizeof(j));
	j.opts = opts;
	j.diags = diags;
	strbuf_init(&j.dir, 0);
	strbuf_init(&j.path, 0);
	strbuf_init(&j.original, 0);
	strbuf_init(&j.text, 0);
	ret = read_config(&j, &a);
	if (!ret)
		ret = check_arguments(&j);
	if (!ret) {
		read_labels(&j, &a);
		make_scaffold(&j, opts->today);
		ret = check_files(&j);
	}
	if (!ret)
		ret = opts->branch ? commit_on_branch(&j, out) : write_file(&j, out);
	strbuf_release(&j.dir);
	strbuf_release(&j.path);
	strbuf_release(&j.original);
	strbuf_release(&j.text);
	arena_release(&a);
	return ret;
}
