/* The write stage: the build goes into a temporary folder beside the output folder, which replaces the
 * output only when everything was written. A failed build leaves the previous output untouched. */
#ifndef JISITE_OUTPUT_H
#define JISITE_OUTPUT_H

#include <stddef.h>

#include "source.h"
#include "util/diag.h"
#include "util/strbuf.h"

struct output {
	char *dir;  /* the output folder, e.g. "public" */
	char *tmp;  /* the folder being written: ".public.tmp-PID" beside it */
	struct strbuf path; /* scratch */
	int failed;
	int precompress; /* write NAME.gz and NAME.br beside every text file */
	int incremental; /* the temporary folder holds only what changed (output_begin_incremental) */
	char **removed;  /* incremental: outputs of the previous build that this one no longer has */
	size_t nremoved, removed_alloc;
};

/* Starts writing a new tree for dir (o->precompress may be set afterwards). Returns 0 or -1. */
int output_begin(struct output *o, const char *dir, struct diag_list *diags);
/* Starts an incremental update of dir: the temporary folder receives only the files whose bytes differ
 * from dir's, and commit moves them into dir and removes what output_remove named. Until the commit, dir is
 * untouched; an update cut short by a crash leaves some files new and some old, which is why the build
 * cache is removed before a commit and written again after it. Returns 0 or -1. */
int output_begin_incremental(struct output *o, const char *dir, struct diag_list *diags);
/* Incremental: rel (and its compressed copies) is to be removed from dir at the commit. */
void output_remove(struct output *o, const char *rel);
/* Writes rel (a path inside the output, e.g. "en/about/index.html"), making its folders; when the previous
 * output has the same bytes there, links that file instead (its modification time stays). Returns 0 or -1. */
int output_write(struct output *o, const char *rel, const void *data, size_t len, struct diag_list *diags);
/* Reads rel as this build leaves it: written by it, or kept from the previous output. Returns 0 or -1. */
int output_read(struct output *o, const char *rel, struct strbuf *out);
/* Copies src_path from src to rel. Returns 0 or -1. */
int output_copy(struct output *o, const char *rel, struct source *src, const char *src_path,
		struct diag_list *diags);
/* Puts the new tree in place of dir (the old one is removed); incremental: moves the changed files into
 * dir and removes the removed ones. Returns 0 or -1. */
int output_commit(struct output *o, struct diag_list *diags);
/* Removes the new tree: dir stays as it was. Safe after commit, or twice. */
void output_abort(struct output *o);

#endif
