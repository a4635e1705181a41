/* The write stage: every build assembles the whole new output in a spare folder beside the output folder
 * (".public.spare" beside "public"), then exchanges the two in one step. Readers of the output folder see
 * the old tree or the new one, never a mix, whatever fails or is killed and wherever.
 *
 * The two trees share every file that did not change (hard links), so the spare costs the disk only what
 * changed. After the exchange the spare holds the previous output; an incremental build does not remove
 * it but brings it up to date with the files the last build changed (struct output_spare, kept in the
 * build cache), writes what changed into it and exchanges again: its cost follows the change, not the size
 * of the site. A full build fills a new spare; after the exchange the old tree is made the new output's
 * twin (it loses what differs and takes what was written anew: a walk that costs what removing it would),
 * so the next incremental build finds its spare ready.
 *
 * The exchange is renameat2(RENAME_EXCHANGE). Where the file system does not have it, the fallback is
 * three renames (output → ".NAME.old", spare → output, ".NAME.old" → spare): a reader may then find no
 * output folder for an instant, and a build killed between them leaves ".NAME.old", which the next build
 * puts back. Every build removes what a killed build left beside the output, under a lock (flock on the
 * output's parent folder) that keeps two builds from writing the same output at once. */
#ifndef JISITE_OUTPUT_H
#define JISITE_OUTPUT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "source.h"
#include "util/diag.h"
#include "util/strbuf.h"

/* The file every output folder of jisite holds, so a build never replaces a folder it did not write. */
#define OUTPUT_MARKER ".jisite-output"

/* What the build cache keeps of the spare folder between two builds. */
struct output_spare {
	/* the spare's identity after the last exchange; all zero when there is no spare to trust */
	uint64_t dev, ino, ctime_sec, ctime_nsec;
	/* the paths (relative to the output) where the spare differs from the output: what the last build
	 * wrote or removed; a path stands for its .gz and .br copies too */
	char **changed;
	size_t nchanged;
};

struct changed_log;

struct output {
	char *dir;   /* the output folder, e.g. "public" */
	char *tmp;   /* the spare folder: ".public.spare" beside it */
	int lock_fd; /* the output's lock file, ".NAME.lock" beside it, locked */
	atomic_int failed; /* set by whichever thread fails a step */
	int committed;
	int precompress; /* write NAME.gz and NAME.br beside every text file */
	int incremental; /* the spare was the output but for what changed: only changes are written */
	int ready_spare; /* a first output (none to replace) gets its spare at the commit, not at the next build */
	char **removed;  /* incremental: outputs of the previous build that this one no longer has */
	size_t nremoved, removed_alloc;
	struct output_spare after; /* the spare after the commit (output_commit) */
	/* incremental: the paths written or removed, by this process and the workers forked from it */
	struct changed_log *log;
};

/*
 * Checks, before anything is touched, that dir may receive the output of the project in the current
 * folder: it must not be, contain or lie inside the project's inputs (content/, themes/, translations/,
 * site.yaml, .git, .jisite-cache), the project folder or one of its ancestors, symbolic links resolved;
 * and an existing dir must be an empty folder or one written by jisite (OUTPUT_MARKER, or ours: the build
 * cache says jisite wrote it), unless force. Returns 0, or -1 with the reason in why ("cannot build into
 * 'content': it is the project's content/, which a build reads").
 */
int output_check_path(const char *dir, bool ours, bool force, struct strbuf *why);

/* The preview folder of `jisite serve`, inside the build cache's folder so that it is never mistaken for
 * the site to publish, and stable so that its build cache makes restarts and rebuilds incremental. */
#define OUTPUT_PREVIEW ".jisite-cache/serve"

/* Lets output_check_path accept OUTPUT_PREVIEW, spelled exactly so, in this process: only `jisite serve`
 * calls it, so `build --out` cannot reach into .jisite-cache/. The folder must then be a real folder in a
 * real .jisite-cache/ (no symbolic link on the way), which holds no cache file of that name: the cache
 * files are named by digests (build_cache_path), the spare folder beside it starts with a dot. Every other
 * check of output_check_path still applies. */
void output_allow_preview(void);

/* Starts writing a whole new tree for dir (o->precompress may be set afterwards). Returns 0 or -1. */
int output_begin(struct output *o, const char *dir, struct diag_list *diags);
/* Starts an incremental update of dir: spare describes the spare as the last build left it (when it is
 * not that folder any more, the spare is made again from dir). Only the files whose bytes differ from
 * dir's are written into it; commit removes what output_remove named and exchanges the trees. Until the
 * commit, dir is untouched. Returns 0 or -1. */
int output_begin_incremental(struct output *o, const char *dir, const struct output_spare *spare,
			     struct diag_list *diags);
/* Incremental: rel (and its compressed copies) is to be removed at the commit. */
void output_remove(struct output *o, const char *rel);
/* Writes rel (a path inside the output, e.g. "en/about/index.html"), making its folders; when the previous
 * output has the same bytes there, keeps (or links) that file instead, so its modification time stays.
 * Returns 0 or -1. */
int output_write(struct output *o, const char *rel, const void *data, size_t len, struct diag_list *diags);
/* Reads rel as this build leaves it. Returns 0 or -1. */
int output_read(struct output *o, const char *rel, struct strbuf *out);
/* Copies src_path from src to rel. Returns 0 or -1. */
int output_copy(struct output *o, const char *rel, struct source *src, const char *src_path,
		struct diag_list *diags);
/* Puts the new tree in place of dir in one step; o->after then describes the spare for the next build.
 * The lock is held until output_abort, so the build cache can be saved under it. Returns 0, or -1 with
 * dir as it was. */
int output_commit(struct output *o, struct diag_list *diags);
/* Releases o and its lock; before the commit, dir stays as it was (the spare is removed). Safe after
 * commit, or twice. */
void output_abort(struct output *o);

/* Frees what an output_spare read back from the cache owns (its changed paths). */
void output_spare_release(struct output_spare *s);

#endif
