/* Bounds on Markdown that cmark-gfm 0.29 (Debian's) would parse in more than linear time or memory: checked
 * on the text before markdown_render hands it to cmark, so that a hostile page is refused at once, with a
 * position, rather than rendered for minutes. Each bound is far above what a page written by hand reaches.
 */
#ifndef JISITE_MARKDOWN_LIMITS_H
#define JISITE_MARKDOWN_LIMITS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

#define MARKDOWN_MAX_OPEN_BRACKETS 100   /* '[' not closed yet in a paragraph */
#define MARKDOWN_MAX_LINE_ADDRESSES 50   /* '@' and "www." on one line */
#define MARKDOWN_MAX_TABLE_COLUMNS 100   /* so at most 101 '|' on a line, the outer ones included */
#define MARKDOWN_MAX_TABLE_CELLS 100000  /* rows × columns of the page's tables, in all */
#define MARKDOWN_MAX_HEADER_REREAD ((size_t)1 << 20)    /* see markdown_limits.c */
#define MARKDOWN_MAX_REFERENCE_COPIES ((size_t)16 << 20) /* see markdown_limits.c */

/*
 * Whether text[0..len) is within the bounds. If it is not, sets *at to the byte offset of the first place
 * that is not, and appends to message why, in the words of a diagnostic (lowercase, no full stop).
 * Lines end at "\n", "\r\n" or "\r", as for cmark. Code blocks count like any other text.
 */
bool markdown_within_limits(const char *text, size_t len, size_t *at, struct strbuf *message);

#endif
