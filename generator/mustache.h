/* Mustache templates: compile once, render many times against value trees.
 *
 * Follows the Mustache specification (interpolation, sections, inverted sections, comments, set
 * delimiters, partials, and the optional ~inheritance and ~dynamic-names modules; not lambdas), HTML-escaping
 * by default. Beyond the specification: a dotted name may index a list (`items.0.title`); a section is falsey for null, false, an empty list and an empty
 * string (numbers, including 0, and maps, including empty ones, are truthy); a blank line is never indented
 * when a partial is indented; and a line holding only tags other than interpolations (for example
 * `{{<layout}}{{$main}}`) is standalone as a whole, as the inheritance module requires.
 *
 * Errors in a template (unclosed or mismatched sections, bad delimiters, unterminated tags, bad names) are
 * reported with the template's path, line and column. Partials and parents are found through a callback,
 * so themes can load them from disk; includes nest at most MUSTACHE_MAX_DEPTH deep, so a template that
 * includes itself forever is an error, not a stack overflow. Sections, parents and blocks nest at most
 * MUSTACHE_MAX_NESTING deep in one template, for the same reason, and sections at most as deep when
 * rendered, counting those of the templates around them. A render enters at most MUSTACHE_MAX_SECTIONS
 * sections (each item of a list counts), so sections of lists nested in each other cannot multiply without
 * end.
 */
#ifndef JISITE_MUSTACHE_H
#define JISITE_MUSTACHE_H

#include <stddef.h>

#include "util/diag.h"
#include "util/strbuf.h"
#include "value.h"

#define MUSTACHE_MAX_DEPTH 100
#define MUSTACHE_MAX_NESTING 100
#define MUSTACHE_MAX_SECTIONS 100000

struct mustache_template;

/* How partials and parents are found. find returns the template named name[0..len) (not NUL-terminated),
 * borrowed for the duration of the render, or NULL when there is none. */
struct mustache_partials {
	const struct mustache_template *(*find)(void *ctx, const char *name, size_t len);
	void *ctx;
};

enum mustache_flags {
	/* An unknown partial or parent is an error. Without it, it renders as the empty string, as the
	 * specification asks; jisite's themes always set it. */
	MUSTACHE_STRICT_PARTIALS = 1 << 0
};

/*
 * Compiles src[0..len). path names the template in diagnostics (copied). Returns a template to free with
 * mustache_free(), or NULL after adding every error found to diags.
 */
struct mustache_template *mustache_compile(const char *path, const char *src, size_t len, struct diag_list *diags);
void mustache_free(struct mustache_template *t);

/* The path given at compile time. Borrowed. */
const char *mustache_path(const struct mustache_template *t);

/*
 * Renders t against a context stack (stack[0] outermost, stack[n - 1] looked up first) and appends the
 * result to out. partials may be NULL (then no partial is found). Returns 0, or -1 after adding an error
 * (unknown partial with MUSTACHE_STRICT_PARTIALS, includes nested too deep) to diags; out then holds
 * what was rendered before the error.
 */
int mustache_render_stack(struct strbuf *out, const struct mustache_template *t, const struct value *const *stack,
			  size_t n, const struct mustache_partials *partials, unsigned flags, struct diag_list *diags);

/* mustache_render_stack with the single context data. */
int mustache_render(struct strbuf *out, const struct mustache_template *t, const struct value *data,
		    const struct mustache_partials *partials, unsigned flags, struct diag_list *diags);

/*
 * Reports, with their positions, the partials and parents that t names literally (not through a dynamic
 * name) and that partials cannot find; a theme calls it once per template so a typo is found before any
 * page is rendered. Returns 0 when all were found, -1 otherwise.
 */
int mustache_check_partials(const struct mustache_template *t, const struct mustache_partials *partials,
			    struct diag_list *diags);

/* Appends s[0..len) with &, <, >, " and ' escaped for HTML text and attribute values. */
void mustache_escape_html(struct strbuf *out, const char *s, size_t len);

#endif
