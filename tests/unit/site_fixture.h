/* For the unit tests of the model (test_site.c) and of the page keys (test_pagekey.c): a site written into a
 * temporary folder and taken through the stages before rendering, chained as build.c's run_stages chains
 * them: config → scan → load → i18n → publish → model. The one place to adapt when the stages' interfaces change.
 * Also a site's files in memory, to load from a folder and edit before building (static inline: a test
 * may leave them unused). */
#ifndef TEST_SITE_FIXTURE_H
#define TEST_SITE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "frontmatter.h"
#include "i18n.h"
#include "publish.h"
#include "scan.h"
#include "site.h"
#include "source.h"
#include "util/fs.h"

/* The build's day in every fixture (build.c sets site.today after the model stage). */
#define FIXTURE_TODAY "2026-06-15"
/* ... and its moment, noon that day (publish.h): what is held back */
#define FIXTURE_NOW 1781524800

struct fixture_file {
	const char *path; /* in the project: "site.yaml", "content/about.md" */
	const char *text;
};

struct fixture {
	char root[4096]; /* the temporary project folder, in $TMPDIR */
	struct source *src;
	struct arena arena;
	struct diag_list diags;
	struct config cfg;
	struct scan scan;
	struct i18n i18n;
	struct site site;
	bool modelled; /* the model stage ran (site.yaml and the default language's translations loaded) */
	struct publish_options publish; /* set before fixture_model (0: FIXTURE_NOW, no drafts) */
	int64_t next_release; /* publish_decide's */
};

static inline int fixture_model(struct fixture *f);

/* Writes files into a new temporary folder and runs the stages up to the model (publish: what is
 * published, or NULL for FIXTURE_NOW without drafts), stopping where build.c stops: after site.yaml when
 * it fails, before the model when the default language's translations do.
 * Returns 0, or -1 when any stage reported an error (f->diags says which). Release with fixture_release. */
static inline int fixture_build_with(struct fixture *f, const struct fixture_file *files, size_t n,
				     const struct publish_options *publish)
{
	struct strbuf sb = STRBUF_INIT;

	memset(f, 0, sizeof(*f));
	if (publish)
		f->publish = *publish;
	snprintf(f->root, sizeof(f->root), "%s/jisite-unit-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(f->root))
		abort();
	for (size_t i = 0; i < n; i++) {
		char *slash;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/%s", f->root, files[i].path);
		slash = strrchr(sb.buf, '/');
		*slash = '\0';
		if (fs_mkdirs(sb.buf))
			abort();
		*slash = '/';
		if (fs_write_file(sb.buf, files[i].text, strlen(files[i].text)))
			abort();
	}
	strbuf_release(&sb);
	f->src = source_fs_new(f->root);
	if (!f->src)
		abort();
	return fixture_model(f);
}

/* fixture_build_with, at FIXTURE_NOW and without drafts. */
static inline int fixture_build(struct fixture *f, const struct fixture_file *files, size_t n)
{
	return fixture_build_with(f, files, n, NULL);
}

/* Runs the stages up to the model on the project f->src reads (f's other fields zero but src), as
 * fixture_build does. */
static inline int fixture_model(struct fixture *f)
{
	int failed;

	arena_init(&f->arena);
	diag_list_init(&f->diags);
	if (config_load(&f->cfg, &f->arena, f->src, &f->diags))
		return -1;
	config_set_audience(&f->cfg, f->publish.members);
	/* the scan and the load leave out what they report; the model goes on without it */
	scan_content(&f->scan, &f->arena, f->src, &f->cfg, &f->diags);
	frontmatter_load_all(&f->scan, &f->arena, f->src, FRONTMATTER_MAX_FILE, NULL, 2, &f->diags);
	if (i18n_load(&f->i18n, &f->arena, f->src, &f->cfg, &f->diags))
		return -1;
	if (!f->publish.now)
		f->publish.now = FIXTURE_NOW;
	/* a bad draft or publish_after leaves its doc out, reported */
	publish_decide(&f->scan, &f->publish, &f->next_release, &f->diags);
	publish_placeholders(&f->scan, &f->cfg, &f->diags);
	f->modelled = true;
	failed = site_build(&f->site, &f->arena, &f->scan, &f->cfg, &f->i18n, &f->diags);
	f->site.today = FIXTURE_TODAY;
	return failed || diag_errors(&f->diags) ? -1 : 0;
}

static inline void fixture_release(struct fixture *f)
{
	if (f->src)
		source_free(f->src);
	if (f->root[0])
		fs_remove_tree(f->root);
	arena_release(&f->arena);
	diag_list_release(&f->diags);
}

/* Every diagnostic, sorted and formatted as jisite prints them, one per line. The caller frees it. */
static inline char *fixture_diags(struct fixture *f)
{
	struct strbuf sb = STRBUF_INIT;

	diag_sort(&f->diags);
	for (size_t i = 0; i < f->diags.len; i++) {
		char *line = diag_format(&f->diags.items[i]);
		strbuf_addf(&sb, "%s\n", line);
		free(line);
	}
	return strbuf_detach(&sb, NULL);
}

/* ---- a site's files in memory: loaded from a folder, edited, then built ---- */

struct fixture_files {
	struct fixture_file *f; /* paths and texts owned (malloc) */
	size_t n, alloc;
};

static inline void fixture_files_add(struct fixture_files *fs, const char *path, const char *text, size_t len)
{
	if (fs->n == fs->alloc) {
		fs->alloc = fs->alloc ? 2 * fs->alloc : 64;
		fs->f = realloc(fs->f, fs->alloc * sizeof(*fs->f));
	}
	fs->f[fs->n++] = (struct fixture_file){ strdup(path), strndup(text, len) };
}

static inline void fixture_files_free(struct fixture_files *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		free((void *)fs->f[i].path);
		free((void *)fs->f[i].text);
	}
	free(fs->f);
	memset(fs, 0, sizeof(*fs));
}

/* Adds every file below dir (of src; "" for its root) to fs. Returns 0 or -1. */
static inline int fixture_files_load(struct fixture_files *fs, struct source *src, const char *dir)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	struct source_entry *e;
	size_t n;
	int ret = src->list(src, dir, &e, &n);

	for (size_t i = 0; !ret && i < n; i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s%s%s", dir, *dir ? "/" : "", e[i].name);
		strbuf_reset(&text);
		if (e[i].kind == SOURCE_DIR)
			ret = fixture_files_load(fs, src, path.buf);
		else if (!(ret = src->read(src, path.buf, &text, 1 << 20)))
			fixture_files_add(fs, path.buf, text.buf, text.len);
	}
	if (!ret)
		source_entries_free(e, n);
	strbuf_release(&path);
	strbuf_release(&text);
	return ret;
}

/* The file at path, or NULL. */
static inline struct fixture_file *fixture_files_find(const struct fixture_files *fs, const char *path)
{
	for (size_t i = 0; i < fs->n; i++)
		if (!strcmp(fs->f[i].path, path))
			return &fs->f[i];
	return NULL;
}

/* REPLACE: every `from` in the file at path by `to`; CREATE: a file at path holding `to`; DELETE: the file
 * at path; RENAME: the file at path, to `to`. */
struct fixture_edit {
	enum { EDIT_NONE, EDIT_REPLACE, EDIT_CREATE, EDIT_DELETE, EDIT_RENAME } op;
	const char *path, *from, *to;
};

/* Applies e to fs; returns false when it does not apply (its text or file is not there, or is already). */
static inline bool fixture_files_apply(struct fixture_files *fs, const struct fixture_edit *e)
{
	struct fixture_file *f = e->op == EDIT_NONE ? NULL : fixture_files_find(fs, e->path);
	struct strbuf sb = STRBUF_INIT;
	const char *p, *hit;

	if (e->op == EDIT_NONE)
		return true;
	if (e->op == EDIT_CREATE) {
		if (!f)
			fixture_files_add(fs, e->path, e->to, strlen(e->to));
		return !f;
	}
	if (!f || (e->op == EDIT_REPLACE && !strstr(f->text, e->from)))
		return false;
	if (e->op == EDIT_DELETE) {
		free((void *)f->path);
		free((void *)f->text);
		*f = fs->f[--fs->n];
	} else if (e->op == EDIT_RENAME) {
		free((void *)f->path);
		f->path = strdup(e->to);
	} else {
		for (p = f->text; (hit = strstr(p, e->from)); p = hit + strlen(e->from)) {
			strbuf_add(&sb, p, (size_t)(hit - p));
			strbuf_addstr(&sb, e->to);
		}
		strbuf_addstr(&sb, p);
		free((void *)f->text);
		f->text = strbuf_detach(&sb, NULL);
	}
	return true;
}

#endif
