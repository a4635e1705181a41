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
#include "util/fs.h"
#include "yamltree.h"

/* Where diagnostics about the command's arguments point, as there is no file to point at. */
#define CONTRIB_ARGS "jisite new"

/* ---- the scaffold ---- */

/* Where a line goes: the columns before its key once uncommented, and the column of the "# " that
 * comments it out (-1: none). Putting "# " at a column of its own keeps the indentation right when an
 * editor deletes just those two characters. */
struct at {
	int indent;
	int comment;
};

struct writer {
	struct strbuf *out;
	const struct contrib_scaffold *sc;
};

static void add_spaces(struct strbuf *out, int n)
{
	while (n-- > 0)
		strbuf_addch(out, ' ');
}

/* dash: the line opens an element of a list ("- " in the last two columns of its indentation). */
static void line_start(struct writer *w, struct at at, bool dash)
{
	int indent = at.indent - (dash ? 2 : 0);

	if (at.comment >= 0) {
		add_spaces(w->out, at.comment);
		strbuf_addstr(w->out, "# ");
		indent -= at.comment;
	}
	add_spaces(w->out, indent);
	if (dash)
		strbuf_addstr(w->out, "- ");
}

/* A YAML double-quoted scalar: whatever s holds, it stays a string. */
static void add_quoted(struct strbuf *out, const char *s)
{
	strbuf_addch(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			strbuf_addf(out, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			strbuf_addf(out, "\\x%02x", (unsigned)(unsigned char)*s);
		else
			strbuf_addch(out, *s);
	}
	strbuf_addch(out, '"');
}

/* The terms of a taxonomy, as "a, b, c" for comments. */
static void add_terms(struct strbuf *out, const struct value *terms)
{
	for (size_t i = 0; i < terms->u.map.len; i++)
		strbuf_addf(out, "%s%s", i ? ", " : "", terms->u.map.entries[i].key->u.str.ptr);
}

/* A number in [min, max], 0 when it can be: a placeholder that is clearly not the real value. */
static long long int_placeholder(const struct field *f)
{
	if (f->has_min && f->min > 0)
		return (long long)f->min;
	if (f->has_max && f->max < 0)
		return (long long)f->max;
	return 0;
}

/* A valid value of f's type that is obviously to be replaced (lists and maps are written elsewhere). */
static void add_placeholder(struct writer *w, const struct field *f, const struct value *terms)
{
	switch (f->type) {
	case FIELD_STRING:
	case FIELD_TEXT:
		/* a taxonomy's field must name one of its terms, whatever the schema says */
		add_quoted(w->out, terms && terms->u.map.len ? terms->u.map.entries[0].key->u.str.ptr : "…");
		break;
	case FIELD_DATE:
		strbuf_addstr(w->out, w->sc->today);
		break;
	case FIELD_DATETIME:
		strbuf_addf(w->out, "%sT09:00+00:00", w->sc->today);
		break;
	case FIELD_INT:
		strbuf_addf(w->out, "%lld", int_placeholder(f));
		break;
	case FIELD_BOOL:
		strbuf_addstr(w->out, "false");
		break;
	case FIELD_URL:
		strbuf_addstr(w->out, "\"https://example.org/\"");
		break;
	case FIELD_ENUM:
		add_quoted(w->out, f->values->u.list.items[0]->u.str.ptr);
		break;
	case FIELD_FILE:
		add_quoted(w->out, f->name);
		break;
	case FIELD_LIST:
		strbuf_addstr(w->out, "[]");
		break;
	case FIELD_OBJECT:
		strbuf_addstr(w->out, "{}");
		break;
	}
}

/* What f takes, in words, for the comment at the end of its line. */
static void describe(struct strbuf *out, const struct field *f, const struct value *terms)
{
	if (terms && terms->u.map.len && (f->type == FIELD_STRING || f->type == FIELD_LIST)) {
		strbuf_addstr(out, f->type == FIELD_LIST ? "a list of terms, like [" : "a term: ");
		if (f->type == FIELD_LIST)
			strbuf_addf(out, "%s]: ", terms->u.map.entries[0].key->u.str.ptr);
		add_terms(out, terms);
		return;
	}
	switch (f->type) {
	case FIELD_STRING: strbuf_addstr(out, "one line of text"); break;
	case FIELD_TEXT: strbuf_addstr(out, "text (for several lines: >- and the lines indented below)"); break;
	case FIELD_DATE: strbuf_addstr(out, "a date, YYYY-MM-DD"); break;
	case FIELD_DATETIME: strbuf_addstr(out, "a date and time with its time zone, YYYY-MM-DDTHH:MM+HH:MM"); break;
	case FIELD_BOOL: strbuf_addstr(out, "true or false"); break;
	case FIELD_URL: strbuf_addstr(out, "an http, https or mailto address"); break;
	case FIELD_FILE: strbuf_addstr(out, "the name of a file beside this one: add the file"); break;
	case FIELD_OBJECT: strbuf_addstr(out, "a map of the fields below"); break;
	case FIELD_INT:
		strbuf_addstr(out, "a whole number");
		if (f->has_min)
			strbuf_addf(out, " from %lld", (long long)f->min);
		if (f->has_max)
			strbuf_addf(out, f->has_min ? " to %lld" : " up to %lld", (long long)f->max);
		break;
	case FIELD_ENUM:
		strbuf_addstr(out, "one of ");
		for (size_t i = 0; i < f->values->u.list.len; i++)
			strbuf_addf(out, "%s%s", i ? ", " : "", f->values->u.list.items[i]->u.str.ptr);
		break;
	case FIELD_LIST:
		if (f->items->type == FIELD_OBJECT) {
			strbuf_addstr(out, "a list of maps like the one below");
		} else {
			strbuf_addstr(out, "a list, each element ");
			describe(out, f->items, NULL);
		}
		break;
	}
}

static void write_fields(struct writer *w, const struct schema *s, struct at at, bool dash, bool top);

/* The line of f with its placeholder and comment; a map's or an example's lines follow it. */
static void write_field(struct writer *w, const struct field *f, struct at at, bool dash, bool top)
{
	const struct value *terms = top && w->sc->terms ? w->sc->terms(w->sc->ctx, f->name) : NULL;
	/* a map with fields to fill is written out; otherwise an example below, commented out */
	bool block = f->type == FIELD_OBJECT && at.comment < 0 && f->required;
	bool example = (f->type == FIELD_OBJECT && !block) || (f->type == FIELD_LIST && f->items->type == FIELD_OBJECT);
	struct at below = { at.indent + 2, at.comment >= 0 ? at.comment : at.indent };

	if (terms && terms->kind != VALUE_MAP)
		terms = NULL;
	line_start(w, at, dash);
	strbuf_addf(w->out, "%s:", f->name);
	if (!block) {
		strbuf_addch(w->out, ' ');
		add_placeholder(w, f, terms);
	}
	strbuf_addstr(w->out, "  # ");
	if (!w->sc->translation || !top) {
		if (f->required && f->translatable)
			strbuf_addstr(w->out, "required, translatable: ");
		else if (f->required || f->translatable)
			strbuf_addstr(w->out, f->required ? "required: " : "translatable: ");
	}
	describe(w->out, f, terms);
	strbuf_addch(w->out, '\n');
	if (block) {
		below.comment = -1;
		write_fields(w, f->fields, below, false, false);
	} else if (example && f->type == FIELD_OBJECT) {
		write_fields(w, f->fields, below, false, false);
	} else if (example) {
		below.indent += 2; /* the element's fields, after "- " */
		write_fields(w, f->items->fields, below, true, false);
	}
}

/* The fields of s at at: required ones as they are, optional ones commented out. In a translation's
 * front matter (top), only the translatable ones. */
static void write_fields(struct writer *w, const struct schema *s, struct at at, bool dash, bool top)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct field *f = &s->fields[i];
		struct at here = at;

		if (top && w->sc->translation && !f->translatable)
			continue;
		if (!f->required && here.comment < 0)
			here.comment = here.indent;
		write_field(w, f, here, dash, top);
		dash = false;
	}
}

/* The required attachments of s, as "'poster'" or "'poster' and 'cover'", appended to out; returns how
 * many. No placeholder passes for them: the file itself must be there. */
static size_t required_files(struct strbuf *out, const struct schema *s)
{
	size_t n = 0, total = 0;

	for (size_t i = 0; i < s->n; i++)
		total += s->fields[i].required && s->fields[i].type == FIELD_FILE;
	for (size_t i = 0; i < s->n; i++)
		if (s->fields[i].required && s->fields[i].type == FIELD_FILE)
			strbuf_addf(out, "%s'%s'", !n++ ? "" : n == total ? " and " : ", ", s->fields[i].name);
	return n;
}

void contrib_scaffold(struct strbuf *out, const struct contrib_scaffold *sc)
{
	struct writer w = { out, sc };
	struct at top = { 0, -1 };
	struct strbuf files = STRBUF_INIT;

	strbuf_addf(out, "---\n# %s, made by `jisite new`.\n", sc->what);
	if (sc->translation) {
		strbuf_addstr(out, "# It sets only what a translation may set: every other field comes from index.md.\n"
				   "# Translate each placeholder (\"…\") and the text below; uncomment the other fields\n"
				   "# to translate them too, and delete these lines.\n");
	} else {
		strbuf_addstr(out, "# Each value is a placeholder to replace (\"…\", dates, numbers, the first allowed\n"
				   "# value). They are valid values, so `jisite check` passes ");
		if (required_files(&files, sc->schema))
			strbuf_addf(out, "once you add\n# the attachment %s names.\n", files.buf);
		else
			strbuf_addstr(out, "as it is.\n");
		strbuf_addstr(out, "# Uncomment the optional fields you need, and delete these lines.\n");
	}
	write_fields(&w, sc->schema, top, false, true);
	strbuf_addstr(out, "---\n");
	strbuf_addstr(out, sc->translation ? "Replace this paragraph with the translation of the text of index.md, in "
					     "Markdown.\n"
					   : "Replace this paragraph with the text of the page, in Markdown.\n");
	strbuf_release(&files);
}

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

	for (size_t i = 0; j->labels && i < j->cfg.ntaxonomies; i++)
		if (!strcmp(j->cfg.taxonomies[i].field, name))
			return value_map_get(value_map_get(value_map_get(j->labels, "taxonomies"),
							   j->cfg.taxonomies[i].name), "terms");
	return NULL;
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
	static struct field title = { "title", FIELD_STRING, true, true, NULL, false, false, 0, 0, NULL, NULL };
	static const struct schema any = { &title, 1 };

	return col->schema ? col->schema : &any;
}

static void make_scaffold(struct job *j, const char *today)
{
	struct strbuf what = STRBUF_INIT;
	struct contrib_scaffold sc = { item_schema(j->col), j->lang != NULL, NULL, today, taxonomy_terms, j };

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
	contrib_scaffold(&j->text, &sc);
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

	if (!j->lang && required_files(&files, item_schema(j->col)))
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
	git_tree_update update = { GIT_TREE_UPDATE_UPSERT, { { 0 } }, GIT_FILEMODE_BLOB, NULL };
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
	struct commit_job c = { NULL, NULL, NULL, NULL, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT };
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
