/* Runs the stages in order: config → scan → load → i18n → model → theme → render → write. Only this
 * module knows the order; each stage reports into the diagnostics list and goes on without what it found
 * broken (left out of the model: scan.h's doc->omitted), so one run reports the problems of every stage;
 * a build that reported an error writes nothing. Only a broken site.yaml, theme or default language's
 * translations stop it early.
 *
 * Builds are incremental (cache.h): when the inputs' fingerprint is the cached one, the build repeats the
 * last build's warnings and stops; otherwise unchanged files are not read again, a page whose key did
 * not change is neither rendered nor written, and only the files that changed are moved into the output
 * folder. Without a usable cache, or when the output folder is not the one the cache describes, the
 * whole output is written into a new folder that replaces the old one. */
#ifndef JISITE_BUILD_H
#define JISITE_BUILD_H

#include <stdbool.h>

#include "util/diag.h"
#include "util/strbuf.h"

struct build_options {
	const char *out; /* the output folder; default "public" */
	bool write;      /* false for `jisite check`: everything but writing */
	bool verbose;    /* stage timings on stderr */
	size_t jobs;     /* worker processes that render pages; 0: one per processor */
	bool precompress; /* .gz and .br beside every text file */
	bool no_cache;    /* ignore the build cache: render and compare every page (a new cache is written) */
	bool no_bundles;  /* no offline copies or e-books (a quicker preview) */
	const char *base; /* check: report only what changed since this commit, and sum it up (report->summary) */
	/* NULL, or the site's address for this build instead of site.yaml's base_url: absolute (http or https)
	 * and ending with '/', as config.h's base_url (a preview's, served elsewhere than the site) */
	const char *base_url;
	const char *rev;  /* NULL, or build this commit, branch or tag from the repository (gitsource.h) */
	bool force;       /* replace an output folder that jisite did not write (never the project's inputs) */
	bool drafts;      /* build the items marked `draft: true` too (serve, build --drafts) */
	const char *const *langs; /* build only the pages, feeds and indexes of these languages (codes) */
	size_t nlangs;            /* 0: every language */
	bool progress;    /* a progress line on stderr while the build runs (a terminal) */
	bool ready_spare; /* a first build also makes the spare folder the next one needs (output.h): serve */
	bool members;     /* --audience members: the members' site, texts for members only included (publish.h) */
	/* --previous: the downloads/manifest.json of earlier releases, whose offline copies get updates
	 * (update.h) */
	const char *const *previous;
	size_t nprevious;
};

/* What a build did: for the summary line of the commands, and for serve, which reloads what changed. */
struct build_report {
	bool unchanged; /* nothing changed since the last build: nothing was read again or written */
	bool full;      /* every file of the output was written anew (changed lists nothing) */
	size_t pages;          /* the pages of the site (of the languages built) */
	size_t pages_rendered; /* ... rendered by this build; the others were kept from the last one */
	size_t downloads, downloads_made;
	double seconds;
	/* incremental: the output paths (relative to the output folder) this build wrote anew or removed */
	char **changed;
	size_t nchanged;
	/* check --base: the Markdown summary of what the change does to the site (review_summary), or NULL */
	char *summary;
};

void build_report_release(struct build_report *r);

/* Where the build cache of the output folder out (of the members' build or not) lives, inside the project
 * (appended to path). */
void build_cache_path(struct strbuf *path, const char *out, bool members);

/* build_run's status for a usage error, found before anything is read or written: opts->rev cannot be
 * built (the current directory is in no repository, or rev is not a commit of it), neither can opts->base,
 * the output folder may
 * not be written (output_check_path), or SOURCE_DATE_EPOCH is not a time; or, found once site.yaml is
 * read and before anything is written, a code of opts->langs that it does not list. Like a -C folder
 * that is not there; the reason is in diags. */
#define BUILD_USAGE (-2)

/* Builds the site in the current directory (as of opts->rev when it is set). Returns 0, -1 when errors
 * were reported to diags, or BUILD_USAGE. report (may be NULL) is filled in any case; release it. */
int build_run(const struct build_options *opts, struct diag_list *diags, struct build_report *report);

#endif
