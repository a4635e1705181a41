/* What git's history says about the content: when each file was first and last changed, by whom, and
 * which translations are older than their original (README.md, "Git: dates, builds of any commit, pull
 * requests"). The only module that walks the history; the loader and the model ask it, and it never
 * reaches into them. Four adapters include <git2.h>, each for one use, and no libgit2 object leaves
 * them: gitinfo.c (this walk), gitsource.c (a commit's tree for --rev), review.c (the diff for
 * check --base) and contrib.c (the commit of new --branch).
 *
 * All of it comes from ONE walk of the history from HEAD, newest first, each commit compared with its
 * first parent under a prefix ("content/"), renames followed: when a commit renames A to B, the older
 * changes of A count for B. A commit that only moves a file (its bytes unchanged) does not change it: it
 * is neither a date, an author nor a newer translation. The walk is cached (see gitinfo_open), so a
 * build without new commits does not walk again. Times are committer times, in seconds since the epoch
 * (UTC): when a change entered the history that builds the site.
 */
#ifndef JISITE_GITINFO_H
#define JISITE_GITINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

/* A commit that changed a file. */
struct gitinfo_change {
	const char *id;      /* full hexadecimal id */
	int64_t time;
	const char *summary; /* its subject: the first line of its message (the first paragraph, on one line,
			      * as git log --oneline shows it) */
};

struct gitinfo_file {
	const char *path; /* "content/about.md", relative to the project folder */
	/* the first and the last commit that changed it; a file changed in the working tree (modified,
	 * staged or untracked) has last = its modification time, and first too when it was never committed */
	int64_t first, last;
	const char *last_commit; /* hex id of the commit of last; NULL when the file has uncommitted changes */
	bool modified;           /* changed in the working tree */
	/* the authors' names (never their e-mail addresses: no contact details are published), in the order
	 * of their first commit to the file, each once; merges are not counted (their branch's commits are) */
	const char **authors;
	size_t nauthors;
	/* the commits that changed it, newest first (empty for a file never committed) */
	const struct gitinfo_change *changes;
	size_t nchanges;
};

struct gitinfo;

/* gitinfo_open's cache_dir for a cache in the user's cache folder ($XDG_CACHE_HOME, or ~/.cache), one per
 * repository: the walk names every file and commit of the history, the members' texts' too (publish.h), so
 * it is kept out of the project's .jisite-cache, which holds only what a build made of what it publishes;
 * and out of .git, which a build never writes. */
#define GITINFO_CACHE_USER ""

/*
 * Reads what git knows of the files under prefix ("content/", relative to dir) in the repository that
 * holds the folder dir, and of their state in the working tree. When dir is in no repository, *out is
 * NULL and it returns 0: callers fall back to modification times.
 *
 * The walk is cached in the file cache_dir/gitinfo (NULL: no cache; GITINFO_CACHE_USER: the user's cache
 * folder, $XDG_CACHE_HOME/jisite/history-<id of the repository>/), keyed by HEAD's id, the shallow file (where a shallow clone's
 * history stops), the prefix and the jisite binary: when they are the cached ones the history is not
 * walked again (the working tree is always looked at). A cache that cannot be read or is damaged is
 * ignored and written anew.
 *
 * A shallow clone (as CI checks out): the history stops at the shallow boundary, whose commits count as
 * adding every file they hold; so a file older than the boundary has the boundary commit's date as
 * `first` and `last`, and no author. gitinfo_shallow() says so, and callers say it once.
 *
 * Returns 0, or -1 after reporting to diags when the repository cannot be read. The caller frees *out
 * with gitinfo_free.
 */
int gitinfo_open(struct gitinfo **out, const char *dir, const char *prefix, const char *cache_dir,
		 struct diag_list *diags);

/* The file at path ("content/about.md"), or NULL when git knows nothing of it (outside the prefix, or
 * ignored). Borrowed from g. */
#define GITINFO_ID_LEN 40
/* The id of the commit rev (HEAD when NULL) of the repository that holds dir, into out: cheap, so the build
 * can tell a new commit (new dates) without walking. Returns 0, or -1 (out "") outside a repository. */
int gitinfo_current(const char *dir, const char *rev, char out[GITINFO_ID_LEN + 1]);

/* gitinfo_open as of the commit rev: its history alone, the working tree left out (a build of a commit
 * gives what a build of its checkout gives). */
int gitinfo_open_rev(struct gitinfo **out, const char *dir, const char *prefix, const char *rev, const char *cache_dir,
		     struct diag_list *diags);
const struct gitinfo_file *gitinfo_find(const struct gitinfo *g, const char *path);

/* True when the history is cut short (a shallow clone): dates before the boundary are not known. */
bool gitinfo_shallow(const struct gitinfo *g);

/* The hexadecimal id of HEAD, or NULL in a repository without commits. Borrowed from g. */
const char *gitinfo_head(const struct gitinfo *g);

/*
 * Whether translation is older than original: 1 when original was changed by commits that come after
 * translation's last commit in the history (newest first), which are then in *changes and *n (newest
 * first, borrowed from g); 0 when it is up to date; -1 when it is unknown, because either file was never
 * committed. Only commits count: uncommitted changes to either file do not.
 */
int gitinfo_outdated(const struct gitinfo *g, const char *original, const char *translation,
		     const struct gitinfo_change **changes, size_t *n);

void gitinfo_free(struct gitinfo *g);

#endif
