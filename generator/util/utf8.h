/* UTF-8 checks: content must be valid UTF-8, and errors must say where it is not. */
#ifndef JISITE_UTF8_H
#define JISITE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) is valid UTF-8 (no overlong forms, surrogates or values past U+10FFFF) without NUL
 * bytes. Otherwise false, with *bad set to the offset of the first offending byte. */
bool utf8_valid(const char *s, size_t len, size_t *bad);

/* How much of s[0..len) a message quotes: all of it when it is at most max bytes, otherwise the longest
 * prefix of at most max bytes that does not cut a character in two (the caller marks the cut: "..."). */
size_t utf8_shown(const char *s, size_t len, size_t max);

/* The 1-based line and column (in characters) of byte offset off in s. */
void utf8_position(const char *s, size_t off, unsigned *line, unsigned *col);

#endif
