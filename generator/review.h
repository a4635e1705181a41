/* What a pull request changed: `jisite check --base REV` compares REV with the working tree (what is
 * committed, staged or not, and new files), so a reviewer sees the problems of the files that changed and of
 * the pages that link to them, and a summary to paste into the pull request. */
#ifndef JISITE_REVIEW_H
#define JISITE_REVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "render.h"
#include "site.h"
#include "util/diag.h"
#include "util/strbuf.h"

enum review_status {
	REVIEW_ADDED,
	REVIEW_MODIFIED,
	REVIEW_DELETED,
	REVIEW_RENAMED
};

struct review_change {
	enum review_status status;
	char *old_path, *new_path; /* from the repository's top; old_path NULL when added, new_path when deleted */
};

struct review {
	struct review_change *changes;
	size_t n, alloc;
	bool everything; /* site.yaml, a theme or the translations changed: every page may be affected */
	bool unrelated;  /* base shares no history with HEAD: compared with as it is, no file counts as renamed */
};

/* review_diff's status when there is nothing to compare with: dir is in no repository, or in one without a
 * working tree, or base is not a commit, branch or tag of it. A usage error (the command line or where it
 * runs is wrong, not the content), as build.h's BUILD_USAGE is for --rev; the reason is in diags. */
#define REVIEW_BAD_BASE (-2)

/* Finds what changed between base (a commit, branch or tag) and the working tree of the repository that
 * holds dir, renames included (none when base shares no history with HEAD: r->unrelated). Problems are
 * reported at "--base". Returns 0, REVIEW_BAD_BASE, or -1 when libgit2 cannot compare the two. */
int review_diff(struct review *r, const char *dir, const char *base, struct diag_list *diags);
void review_release(struct review *r);

/* Whether path is a file the change added, modified, renamed or deleted (old or new path). */
bool review_touches(const struct review *r, const char *path);

/* Keeps the diagnostics of the changed files and of the docs whose links (links, per doc of the scan, as
 * the render stage found them) lead to a changed file; every diagnostic when r->everything. s and links may
 * be NULL (the model was not built, or nothing was rendered). */
void review_filter(const struct review *r, const struct site *s, const struct render_links *links,
		   struct diag_list *diags);

/* Appends the summary for the pull request (Markdown): items added, changed and removed per collection and
 * language (cfg may be NULL when site.yaml could not be read), and the translations this change makes
 * outdated (an original changed, its translation not; s may be NULL when the model was not built). Items
 * are counted, not files: a chapter or an attachment is a change of its item (in every language the item
 * has a text in, for an attachment: the default one only when s is NULL), and part of it when the item is
 * new or removed. */
void review_summary(struct strbuf *out, const struct review *r, const struct config *cfg, const struct site *s);

#endif
