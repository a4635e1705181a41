/* The progress line a build draws on a terminal while it runs: the stage, and how many of a stage's
 * things are done. The summary line at the end, and the diagnostics, are the commands' (cmd/build.c). */
#ifndef JISITE_PROGRESS_H
#define JISITE_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

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

#endif
