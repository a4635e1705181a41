/* What a pull request changed (see review.h), through libgit2's diff of a tree with the working tree. */
#include "review.h"

#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "util/fs.h"
#include "util/str.h"
#include "util/xalloc.h"

static void add_change(struct review *r, enum review_status status, const char *old_path, const char *new_path)
{
	XGROW(r->changes, r->alloc, r->n + 1);
	r->changes[r->n].status = status;
	r->changes[r->n].old_path = old_path ? xstrdup(old_path) : NULL;
	r->changes[r->n++].new_path = new_path ? xstrdup(new_path) : NULL;
}

/* A path of the repository as the project sees it (the project may be a folder of the repository), or NULL
 * when it is outside the project. */
static const char *in_project(const char *path, const char *prefix)
{
	return skip_prefix(path, prefix, &path) ? path : NULL;
}

static bool site_wide(const char *path)
{
	return path && (!strcmp(path, "site.yaml") || starts_with(path, "themes/") || starts_with(path, "translations/"));
}

static int git_failed(struct diag_list *diags, const char *what)
{
	const git_error *e = git_error_last();

	diag_error(diags, "--base", 0, 0, "%s: %s", what, e && e->message ? e->message : "unknown error");
	return -1;
}

/* Whether base and HEAD share any history. A base that shares none (an orphan branch, another repository's
 * history fetched in) is still compared with, as git diff does: refusing would leave a reviewer of, say, the
 * site moved into a new repository without a check. But no file moved between histories that never met:
 * libgit2 would pair an added file with a removed one whenever they look alike (small Markdown files share
 * their front matter's lines), and count a new item as a changed one. When it cannot tell (a shallow clone's
 * missing commits), they share history, as they most likely do. */
static bool shares_history(git_repository *repo, const git_object *base)
{
	git_object *commit = NULL;
	git_oid head, merge_base;
	const git_error *e;
	int err;

	if (git_repository_head_unborn(repo) == 1)
		return false;
	if (git_object_peel(&commit, base, GIT_OBJECT_COMMIT) || git_reference_name_to_id(&head, repo, "HEAD")) {
		git_object_free(commit);
		return true;
	}
	err = git_merge_base(&merge_base, repo, &head, git_object_id(commit));
	e = git_error_last();
	git_object_free(commit);
	/* a commit missing from the walk is GIT_ENOTFOUND too, but not a merge error */
	return !(err == GIT_ENOTFOUND && e && e->klass == GIT_ERROR_MERGE);
}

int review_diff(struct review *r, const char *dir, const char *base, struct diag_list *diags)
{
	git_diff_options opts;
	git_diff_find_options find;
	git_repository *repo = NULL;
	git_object *obj = NULL, *tree = NULL;
	git_diff *diff = NULL;
	struct strbuf prefix = STRBUF_INIT;
	char *real_dir = realpath(dir, NULL);
	int ret = REVIEW_BAD_BASE;

	memset(r, 0, sizeof(*r));
	git_libgit2_init();
	/* the _INIT macros leave fields out, which -Wmissing-field-initializers refuses */
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
	if (git_repository_open_ext(&repo, dir, 0, NULL)) {
		diag_error(diags, "--base", 0, 0, "the project is not in a git repository: there is nothing to compare with");
		goto done;
	}
	if (git_repository_is_bare(repo)) {
		diag_error(diags, "--base", 0, 0, "the repository has no working tree to compare with");
		goto done;
	}
	if (git_revparse_single(&obj, repo, base) || git_object_peel(&tree, obj, GIT_OBJECT_TREE)) {
		diag_error(diags, "--base", 0, 0, "'%s' is not a commit, branch or tag of the repository", base);
		goto done;
	}
	ret = -1;
	/* the project's place in the repository: its paths are relative to the project */
	if (real_dir) {
		char *top = realpath(git_repository_workdir(repo), NULL);
		size_t len = top ? strlen(top) : 0;
		if (top && !strncmp(real_dir, top, len) && real_dir[len] == '/')
			strbuf_addf(&prefix, "%s/", real_dir + len + 1);
		free(top);
	}
	opts.flags |= GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
	if (git_diff_tree_to_workdir_with_index(&diff, repo, (git_tree *)tree, &opts)) {
		git_failed(diags, "cannot compare with the working tree");
		goto done;
	}
	r->unrelated = !shares_history(repo, obj);
	find.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_FOR_UNTRACKED;
	if (!r->unrelated && git_diff_find_similar(diff, &find)) {
		git_failed(diags, "cannot find renamed files");
		goto done;
	}
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const char *old_path = d->old_file.path ? in_project(d->old_file.path, prefix.buf) : NULL;
		const char *new_path = d->new_file.path ? in_project(d->new_file.path, prefix.buf) : NULL;
		switch (d->status) {
		case GIT_DELTA_ADDED:
		case GIT_DELTA_UNTRACKED:
			if (new_path)
				add_change(r, REVIEW_ADDED, NULL, new_path);
			break;
		case GIT_DELTA_DELETED:
			if (old_path)
				add_change(r, REVIEW_DELETED, old_path, NULL);
			break;
		case GIT_DELTA_RENAMED:
			if (old_path || new_path)
				add_change(r, REVIEW_RENAMED, old_path, new_path);
			break;
		case GIT_DELTA_MODIFIED:
		case GIT_DELTA_TYPECHANGE:
			if (new_path)
				add_change(r, REVIEW_MODIFIED, old_path, new_path);
			break;
		default:
			continue;
		}
		if (site_wide(old_path) || site_wide(new_path))
			r->everything = true;
	}
	ret = 0;
done:
	git_diff_free(diff);
	git_object_free(tree);
	git_object_free(obj);
	git_repository_free(repo);
	git_libgit2_shutdown();
	strbuf_release(&prefix);
	free(real_dir);
	return ret;
}

void review_release(struct review *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->changes[i].old_path);
		free(r->changes[i].new_path);
	}
	free(r->changes);
	memset(r, 0, sizeof(*r));
}

bool review_touches(const struct review *r, const char *path)
{
	for (size_t i = 0; i < r->n; i++)
		if ((r->changes[i].old_path && !strcmp(r->changes[i].old_path, path)) ||
		    (r->changes[i].new_path && !strcmp(r->changes[i].new_path, path)))
			return true;
	return false;
}

/* Whether doc d, whose body's links are l, links to a file the change touched (a page it links to was
 * renamed or removed). */
static bool links_to_change(const struct review *r, const struct site *s, const struct doc *d,
			    const struct render_links *l)
{
	struct strbuf path = STRBUF_INIT;
	bool found = false;

	for (const char *p = NULL; !found && (p = render_links_next(l, p));) {
		char *rel;
		if (p[0] != 'I' && p[0] != 'L')
			continue; /* an id or a fragment (render.h) */
		rel = xmemdup0(p + 1, strcspn(p + 1, "?#"));
		strbuf_reset(&path);
		if (!render_link_path(s, d->dir, rel, &path))
			found = review_touches(r, path.buf);
		free(rel);
	}
	strbuf_release(&path);
	return found;
}

/* Whether a changed file sits in the folder of the item path belongs to (content/<collection>/<slug>/):
 * a chapter or an attachment removed is an error of the item that lists it. */
static bool item_changed(const struct review *r, const char *path)
{
	const char *rest, *slash;
	size_t len;

	if (!skip_prefix(path, "content/", &rest) || !(slash = strchr(rest, '/')) || !(slash = strchr(slash + 1, '/')))
		return false;
	len = (size_t)(slash - path) + 1;
	for (size_t i = 0; i < r->n; i++)
		if ((r->changes[i].old_path && !strncmp(r->changes[i].old_path, path, len)) ||
		    (r->changes[i].new_path && !strncmp(r->changes[i].new_path, path, len)))
			return true;
	return false;
}

void review_filter(const struct review *r, const struct site *s, const struct render_links *links,
		   struct diag_list *diags)
{
	struct diag_list kept = DIAG_LIST_INIT;

	if (r->everything)
		return;
	for (size_t i = 0; i < diags->len; i++) {
		const struct diag *d = &diags->items[i];
		bool keep = review_touches(r, d->path) || item_changed(r, d->path);
		for (size_t k = 0; !keep && s && links && k < s->scan->ndocs; k++)
			keep = !strcmp(s->scan->docs[k].path, d->path) &&
			       links_to_change(r, s, &s->scan->docs[k], &links[k]);
		if (keep)
			diag_add(&kept, d->severity, d->path, d->line, d->col, "%s", d->message);
	}
	diag_list_release(diags);
	*diags = kept;
}

/* ---- the summary ---- */

/* The summary counts items, not files: an item's text in a language that came or went is the item added or
 * removed in that language; any other file of it (an edited text, a chapter, an attachment) is the item
 * changed. So an item is counted once however many of its files changed, and its chapters and attachments
 * come and go with it. */

struct row {
	char collection[64], lang[16];
	unsigned added, changed, removed;
};

enum mark_kind { MARK_CHANGED, MARK_ADDED, MARK_REMOVED };

/* An item the change touched in one language. */
struct mark {
	const char *item; /* into a review_change's path: see struct part */
	size_t item_len;
	struct row key; /* collection and language; its counts unused */
	enum mark_kind kind;
};

struct marks {
	struct mark *v;
	size_t n, alloc;
};

/* What a changed file is to the summary. */
struct part {
	const char *item; /* "content/resources/x/": an item's folder; "content/about": a page, home or listing
			   * introduction, by its name without language */
	size_t item_len;
	struct row key; /* its collection; a text's language (the default one's code when it has none) */
	bool text;      /* a Markdown text of the item (its own or a chapter's), not an attachment */
	bool own_text;  /* the item's own text: index.<lang>.md in its folder, or a page's or home's file */
};

/* "content/resources/x/index.fr.md": item "content/resources/x/", collection "resources", language "fr".
 * A file in a subfolder of an item is an attachment, whatever its name; listing introductions stay counted
 * as changes of their collection. Returns false for files outside content/. */
static bool classify(const struct config *cfg, const char *path, struct part *p)
{
	const char *rest, *name, *slash, *folder, *dot;
	size_t len;

	if (!skip_prefix(path, "content/", &rest))
		return false;
	name = strrchr(path, '/') + 1;
	memset(p, 0, sizeof(*p));
	slash = strchr(rest, '/');
	len = slash ? (size_t)(slash - rest) : 0;
	if (!slash || len >= sizeof(p->key.collection))
		snprintf(p->key.collection, sizeof(p->key.collection), "pages");
	else
		memcpy(p->key.collection, rest, len);
	p->item = path;
	folder = slash ? strchr(slash + 1, '/') : NULL;
	p->item_len = folder ? (size_t)(folder - path) + 1 : (size_t)(name - path) + strcspn(name, ".");
	p->text = path_has_suffix(name, ".md") && (!folder || name == folder + 1);
	p->own_text = p->text && (folder ? starts_with(name, "index.") : !slash);
	snprintf(p->key.lang, sizeof(p->key.lang), "%s", cfg->languages[cfg->default_language].code);
	if (p->text && (dot = strchr(name, '.')) && strchr(dot + 1, '.')) {
		size_t l = strcspn(dot + 1, ".");
		if (l < sizeof(p->key.lang)) {
			memcpy(p->key.lang, dot + 1, l);
			p->key.lang[l] = '\0';
		}
	}
	return true;
}

static struct mark *mark_find(const struct marks *m, const char *item, size_t item_len, const char *lang)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].item_len == item_len && !memcmp(m->v[i].item, item, item_len) &&
		    !strcmp(m->v[i].key.lang, lang))
			return &m->v[i];
	return NULL;
}

/* Records that the change touched p's item in lang: a text added or removed says more than a change. */
static void mark(struct marks *m, const struct part *p, const char *lang, enum mark_kind kind)
{
	struct mark *x = mark_find(m, p->item, p->item_len, lang);

	if (x) {
		if (kind != MARK_CHANGED)
			x->kind = kind;
		return;
	}
	XGROW(m->v, m->alloc, m->n + 1);
	x = &m->v[m->n++];
	x->item = p->item;
	x->item_len = p->item_len;
	x->key = p->key;
	snprintf(x->key.lang, sizeof(x->key.lang), "%s", lang);
	x->kind = kind;
}

/* An attachment is published once, and the item's page in every language it has a text in shows it: the
 * item changed in each of them. Without the model (it was not built) or the item (it is gone), only in the
 * default language, its original's. */
static void mark_attachment(struct marks *m, const struct part *p, const struct config *cfg, const struct site *s)
{
	const struct item *it = NULL;
	bool marked = false;

	if (s && p->item[p->item_len - 1] == '/') {
		char *folder = xmemdup0(p->item, p->item_len - 1);
		it = site_find_item(s, folder);
		free(folder);
	}
	for (size_t l = 0; it && l < cfg->nlanguages; l++)
		if (it->text[l]) {
			mark(m, p, cfg->languages[l].code, MARK_CHANGED);
			marked = true;
		}
	if (!marked)
		mark(m, p, p->key.lang, MARK_CHANGED);
}

static void mark_change(struct marks *m, const struct review_change *c, const struct config *cfg, const struct site *s)
{
	struct part p;

	if (!classify(cfg, c->new_path ? c->new_path : c->old_path, &p))
		return;
	if (!p.text)
		mark_attachment(m, &p, cfg, s);
	else if (p.own_text && c->status == REVIEW_ADDED)
		mark(m, &p, p.key.lang, MARK_ADDED);
	else if (p.own_text && c->status == REVIEW_DELETED)
		mark(m, &p, p.key.lang, MARK_REMOVED);
	else
		mark(m, &p, p.key.lang, MARK_CHANGED);
}

/* An item whose original came or went came or went in every language the change touched it in: a new
 * item's translated chapter or attachment is part of what was added, not a change. */
static void settle_new_items(struct marks *m, const struct config *cfg)
{
	const char *original = cfg->languages[cfg->default_language].code;

	for (size_t i = 0; i < m->n; i++) {
		const struct mark *o = mark_find(m, m->v[i].item, m->v[i].item_len, original);
		if (m->v[i].kind == MARK_CHANGED && o)
			m->v[i].kind = o->kind;
	}
}

static struct row *row_of(struct row **rows, size_t *n, size_t *alloc, const struct row *key)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*rows)[i].collection, key->collection) && !strcmp((*rows)[i].lang, key->lang))
			return &(*rows)[i];
	XGROW(*rows, *alloc, *n + 1);
	(*rows)[*n] = *key;
	return &(*rows)[(*n)++];
}

static int row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = strcmp(x->collection, y->collection);

	return c ? c : strcmp(x->lang, y->lang);
}

/* The table of items added, changed and removed per collection and language. */
static void summary_counts(struct strbuf *out, const struct review *r, const struct config *cfg, const struct site *s)
{
	struct marks m = { 0 };
	struct row *rows = NULL;
	size_t n = 0, alloc = 0;

	for (size_t i = 0; cfg && i < r->n; i++)
		mark_change(&m, &r->changes[i], cfg, s);
	if (cfg)
		settle_new_items(&m, cfg);
	for (size_t i = 0; i < m.n; i++) {
		struct row *row = row_of(&rows, &n, &alloc, &m.v[i].key);
		if (m.v[i].kind == MARK_ADDED)
			row->added++;
		else if (m.v[i].kind == MARK_REMOVED)
			row->removed++;
		else
			row->changed++;
	}
	if (n > 1)
		qsort(rows, n, sizeof(*rows), row_cmp);
	if (!n)
		strbuf_addstr(out, "No content changed.\n");
	else
		strbuf_addstr(out, "| collection | language | added | changed | removed |\n| --- | --- | ---: | ---: | ---: |\n");
	for (size_t i = 0; i < n; i++) {
		/* both from a changed file's path: anything a name may hold */
		strbuf_addstr(out, "| ");
		diag_markdown_text(out, rows[i].collection);
		strbuf_addstr(out, " | ");
		diag_markdown_text(out, rows[i].lang);
		strbuf_addf(out, " | %u | %u | %u |\n", rows[i].added, rows[i].changed, rows[i].removed);
	}
	free(rows);
	free(m.v);
}

/* An original that changed while its translations did not makes them outdated. */
static void summary_outdated(struct strbuf *out, const struct review *r, const struct site *s)
{
	size_t outdated = 0;

	for (size_t i = 0; s && i < r->n; i++) {
		const struct review_change *c = &r->changes[i];
		const struct item *it;
		struct strbuf langs = STRBUF_INIT;
		if (!c->new_path || c->status == REVIEW_ADDED || !(it = site_find_item(s, c->new_path)) ||
		    !it->original || strcmp(it->original->path, c->new_path))
			continue;
		for (size_t l = 0; l < s->cfg->nlanguages; l++) {
			const struct doc *t = it->text[l];
			if (t && t != it->original && !review_touches(r, t->path))
				strbuf_addf(&langs, "%s%s", langs.len ? ", " : "", s->cfg->languages[l].code);
		}
		if (langs.len) {
			if (!outdated++)
				strbuf_addstr(out, "\n### Translations this change makes outdated\n\n");
			strbuf_addstr(out, "- ");
			diag_markdown_code(out, c->new_path);
			strbuf_addf(out, ": %s\n", langs.buf);
		}
		strbuf_release(&langs);
	}
}

/* Whether path (a text, or an item's folder) is for members only: left out of the public build as such,
 * or there with the members' build. */
static bool members_at(const struct site *s, const char *path)
{
	const struct doc *d = site_find_omitted(s, path);
	const struct item *it = d ? NULL : site_find_item(s, path);

	return (d && d->omitted == DOC_MEMBERS) || (it && it->original && it->original->members);
}

/* Whether the file at path is for members only: a text of such an item, or a file in its folder. */
static bool members_file(const struct site *s, const char *path)
{
	char *dir;
	bool yes = members_at(s, path);

	if (!yes && strrchr(path, '/')) {
		dir = xmemdup0(path, (size_t)(strrchr(path, '/') - path));
		yes = members_at(s, dir);
		free(dir);
	}
	return yes;
}

/* Which changed files are for members only: the public site does not show them, so a reviewer of the
 * public preview would not see them. */
static void summary_audience(struct strbuf *out, const struct review *r, const struct site *s)
{
	size_t n = 0;

	for (size_t i = 0; s && i < r->n; i++) {
		const char *path = r->changes[i].new_path;
		if (!path || !members_file(s, path))
			continue;
		if (!n++)
			strbuf_addstr(out, "\n### For members only\n\nThese files belong to items with `audience: members`, "
					   "which the public site does not show; every other changed item is public.\n\n");
		strbuf_addstr(out, "- ");
		diag_markdown_code(out, path);
		strbuf_addch(out, '\n');
	}
}

void review_summary(struct strbuf *out, const struct review *r, const struct config *cfg, const struct site *s)
{
	strbuf_addf(out, "## What this change does to the %ssite\n\n", cfg && cfg->members_build ? "members' " : "");
	summary_counts(out, r, cfg, s);
	if (r->everything)
		strbuf_addstr(out, "\nThe site's configuration, theme or interface translations changed: every page may "
				   "look different.\n");
	if (r->unrelated)
		strbuf_addstr(out, "\nThe base shares no history with this change: each file was compared with the "
				   "base's file at the same path, and none counts as moved.\n");
	summary_outdated(out, r, s);
	summary_audience(out, r, s);
}
