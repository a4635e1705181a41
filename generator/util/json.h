/*
 * Writing JSON into a strbuf: the search index, `jisite translations --format json` and the downloads'
 * manifest.
 *
 * The writer puts in the commas and the colons; the caller says where lines break (json_newline), so a
 * report laid out for people and an index laid out one record a line keep the bytes they had. Strings are
 * escaped by json_escape, the one escaper. Members of an object are named by the key argument of the
 * function that writes them; elements of an array, and a value at the top, pass NULL:
 *
 *	json_init(&j, &sb, JSON_SPACED);
 *	json_object_begin(&j, NULL);
 *	json_string(&j, "file", name);
 *	json_array_begin(&j, "sizes");
 *	json_uint(&j, NULL, 1024);
 *	json_array_end(&j);
 *	json_object_end(&j);          {"file": "a.zip", "sizes": [1024]}
 *
 * A key where none belongs, a missing one, an end that does not match its begin, or nesting deeper than
 * JSON_MAX_DEPTH is a BUG(): the writer's callers are code, not input.
 */
#ifndef JISITE_JSON_H
#define JISITE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

#define JSON_MAX_DEPTH 64

enum json_style {
	JSON_COMPACT, /* {"a":1,"b":[1,2]} */
	JSON_SPACED   /* {"a": 1, "b": [1, 2]}: a space after each colon, and after each comma that ends no line */
};

struct json {
	struct strbuf *out;
	enum json_style style;
	unsigned depth;
	uint64_t in_object; /* bit d: the container at depth d + 1 is an object */
	bool comma;         /* a value came before at this depth: the next one needs a comma */
	bool newline;       /* json_newline's line break is still to write, */
	unsigned indent;    /* and its indentation */
};

/* Starts writing at the end of out, which the caller owns and releases. */
void json_init(struct json *j, struct strbuf *out, enum json_style style);

/* Open and close objects and arrays; an end that matches no begin is a BUG(). */
void json_object_begin(struct json *j, const char *key);
void json_object_end(struct json *j);
void json_array_begin(struct json *j, const char *key);
void json_array_end(struct json *j);

/* Values; s is UTF-8, and json_escape says what becomes of what is not. None fails. */
void json_string(struct json *j, const char *key, const char *s);
void json_string_len(struct json *j, const char *key, const char *s, size_t len);
void json_int(struct json *j, const char *key, int64_t v);
void json_uint(struct json *j, const char *key, uint64_t v);
void json_bool(struct json *j, const char *key, bool v);
void json_null(struct json *j, const char *key);

/* The next member, element or closing bracket starts a line of its own, after indent spaces (a comma
 * due before it ends the line before). */
void json_newline(struct json *j, unsigned indent);

/*
 * Appends s[0..len) as a JSON string, quotes included: '"' and '\' escaped with a backslash, the control
 * characters below U+0020 as \u00XX, U+2028 and U+2029 as \u2028 and \u2029 (JavaScript before ES2019
 * ends a line at them, and the search index is loaded as JavaScript), and each byte that is not part of
 * valid UTF-8 (a commit message in another encoding) as \ufffd, so that the output always parses.
 */
void json_escape(struct strbuf *out, const char *s, size_t len);

#endif
