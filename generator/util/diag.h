/* Diagnostics: every error, warning and note of a run, with its place, printed together and sorted.
 *
 * Stages keep going after an error so one run reports every broken file; the caller checks
 * diag_errors() between stages. Lines and columns are 1-based (0 means "the whole file");
 * columns count characters, as editors do.
 */
#ifndef JISITE_DIAG_H
#define JISITE_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "util/strbuf.h"

enum diag_severity {
	DIAG_ERROR,
	DIAG_WARNING,
	DIAG_NOTE /* what a reader should know, not a problem: counts as neither an error nor a warning */
};

struct diag {
	char *path;
	unsigned line, col;
	enum diag_severity severity;
	char *message;
	size_t seq; /* order of arrival: keeps sorting stable */
};

struct diag_list {
	struct diag *items;
	size_t len, alloc;
	size_t errors;
	size_t warnings; /* notes are neither */
};

#define DIAG_LIST_INIT { .items = NULL, .len = 0, .alloc = 0, .errors = 0, .warnings = 0 }

void diag_list_init(struct diag_list *dl);
void diag_list_release(struct diag_list *dl);
/* Moves every diagnostic of from to the end of dl, as if they had arrived there then; from is left empty. */
void diag_list_take(struct diag_list *dl, struct diag_list *from);

/* Records a diagnostic; path and the formatted message are copied. */
void diag_add(struct diag_list *dl, enum diag_severity severity, const char *path, unsigned line,
	      unsigned col, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void diag_vadd(struct diag_list *dl, enum diag_severity severity, const char *path, unsigned line,
	       unsigned col, const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));
#define diag_error(dl, path, line, col, ...) diag_add((dl), DIAG_ERROR, (path), (line), (col), __VA_ARGS__)
#define diag_warning(dl, path, line, col, ...) \
	diag_add((dl), DIAG_WARNING, (path), (line), (col), __VA_ARGS__)
#define diag_note(dl, path, line, col, ...) diag_add((dl), DIAG_NOTE, (path), (line), (col), __VA_ARGS__)

static inline size_t diag_errors(const struct diag_list *dl) { return dl->errors; }
static inline size_t diag_warnings(const struct diag_list *dl) { return dl->warnings; }

/* Sorts by path, line, column, then arrival. */
void diag_sort(struct diag_list *dl);
/* Sorts by severity (errors, then warnings, then notes), then as diag_sort: the order of the GitHub
 * annotations, which show only so many of each severity, and of the summary that lists them all. */
void diag_rank(struct diag_list *dl);
/* Prints "path:line:col: error: message" lines ("warning:", "note:"; omitting a zero line or column). A diagnostic about no
 * file (path "") or about the project folder as a whole (".") prints as "jisite: error: message".
 * Control characters in the path and the message are escaped ("\n", "\t", "\r", "\x01"), so each
 * diagnostic stays on its line. */
void diag_print(FILE *out, const struct diag_list *dl);
/* GitHub shows 10 error, 10 warning and 10 notice annotations of a step, and drops the others. */
#define DIAG_GITHUB_MAX 10

/* Prints GitHub Actions annotations ("::error file=…,line=…,col=…::message"; ::warning, and ::notice for a
 * note), one per diagnostic in the list's order (diag_rank's), so a pull request shows each at its line; one
 * about no file has no file=, line= or col=. At most max of each severity: when some are left out, the last
 * line is a ::notice:: that counts them and ends with more ("the job summary lists them all"), and counts
 * among the max notices. Returns how many were left out. */
size_t diag_print_github(FILE *out, const struct diag_list *dl, size_t max, const char *more);
/* Appends a Markdown section listing every diagnostic in the list's order, as a table of severity, file,
 * line and message, for a summary (GitHub's job summary): names and messages are escaped
 * (diag_markdown_text), so none can break the table or begin a line of its own. Past max_bytes of rows,
 * the rest is counted, not listed. */
void diag_markdown(struct strbuf *out, const struct diag_list *dl, size_t max_bytes);
/* Appends s as Markdown text that shows s and nothing else: control characters as diag_escape writes
 * them, and the characters Markdown would read as markup or as a table's column ("|") escaped with a
 * backslash. */
void diag_markdown_text(struct strbuf *sb, const char *s);
/* Appends s as a Markdown code span (`s`), its control characters as diag_escape writes them, fenced by
 * more backquotes than any run of them in s. */
void diag_markdown_code(struct strbuf *sb, const char *s);
/* Appends the diagnostics to out as NUL-separated fields (severity, path, line, column, message): how
 * worker processes send them, and how the build cache keeps a build's warnings. */
void diag_encode(struct strbuf *out, const struct diag_list *dl);
/* Adds the diagnostics encoded in data[0..len) to dl; a record cut short ends the list. */
void diag_decode(struct diag_list *dl, const char *data, size_t len);
/* Appends s to sb with its control characters as C escapes ("\n", "\t", "\x1b"): a newline in a file's
 * name would cut a diagnostic's line in two, and others drive the terminal that shows it (git quotes names
 * so too). */
void diag_escape(struct strbuf *sb, const char *s);
/* Formats one diagnostic as diag_print would, without the newline; the caller frees the result. */
char *diag_format(const struct diag *d);

#endif
