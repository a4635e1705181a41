/* What a build tells the person who runs it: a progress line on a terminal while it runs (the stage, and
 * how many of a stage's things are done), and the summary line at its end. Diagnostics are not here: the
 * commands print them (util/diag.h). */
#ifndef JISITE_PROGRESS_H
#define JISITE_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "build.h"
#include "util/diag.h"
#include "util/strbuf.h"

/* The progress line's state, in memory shared by every process of the build: a worker process counts the
 * pages it rendered there, and whichever process is due draws the line. */
struct progress;

/* A progress line on stderr, rewritten in place; NULL (every function below then does nothing) unless on
 * is true. Call before forking the workers that report to it. Free with progress_free, which clears the
 * line. */
struct progress *progress_new(bool on);
void progress_free(struct progress *p);

/* Shows stage (a few words, copied) and, when total is not 0, "done of total", done starting at 0. */
void progress_stage(struct progress *p, const char *stage, size_t total);

/* Counts n more things done in the current stage, from any process; redraws the line at most ten times a
 * second, in whichever process is first to be due. */
void progress_add(struct progress *p, size_t n);

/* Clears the line, before something else is printed on stderr; the next progress_stage draws it again. */
void progress_clear(struct progress *p);

/* Appends n with a comma between thousands: 26,013. */
void progress_count(struct strbuf *sb, size_t n);

/* Appends the summary line of a build (write) or a check that returned ret (0 or -1), without a newline:
 *   jisite: built 26,013 pages (12 rendered, 26,001 kept), 26 downloads (1 made), 2 warnings in 0.42 s
 *   jisite: nothing changed since the last build (0.11 s)
 *   jisite: checked 26,013 pages: 3 errors, 2 warnings in 1.2 s
 * A failed build says that nothing was written instead; so does a failed check, when it stopped before
 * the pages: "jisite: 3 errors: see above". */
void progress_summary(struct strbuf *sb, const struct build_report *r, const struct diag_list *diags, bool write,
		      int ret);

#endif
