/* Runs the stages in order: config → scan → load → i18n → model → theme → render → write. Only this
 * module knows the order; each stage reports into the diagnostics list, and the build stops before the
 * next stage once any error was recorded. */
#ifndef JISITE_BUILD_H
#define JISITE_BUILD_H

#include <stdbool.h>

#include "util/diag.h"

struct build_options {
	const char *out; /* the output folder; default "public" */
	bool write;      /* false for `jisite check`: everything but writing */
	bool verbose;    /* stage timings on stderr */
	size_t jobs;     /* worker processes that render pages; 0: one per processor */
	bool precompress; /* .gz and .br beside every text file */
};

/*
 * The build's "today" as YYYY-MM-DD (UTC) into out: from $SOURCE_DATE_EPOCH when it is set, otherwise the
 * clock. Only the day counts, so two builds on the same day give the same output. Returns 0, or -1 when
 * SOURCE_DATE_EPOCH is not a number of seconds.
 */
int build_today(char out[11]);

/* Builds the site in the current directory. Returns 0, or -1 when errors were reported to diags. */
int build_run(const struct build_options *opts, struct diag_list *diags);

#endif
