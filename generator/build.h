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
};

/* Builds the site in the current directory. Returns 0, or -1 when errors were reported to diags. */
int build_run(const struct build_options *opts, struct diag_list *diags);

#endif
