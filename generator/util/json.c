/* The JSON writer (see json.h): the search index, the translations report and the downloads' manifest. */
#include "util/json.h"

#include <inttypes.h>
#include <string.h>

#include "util/utf8.h"
#include "util/xalloc.h"

void json_init(struct json *j, struct strbuf *out, enum json_style style)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->style = style;
}

static bool in_object(const struct json *j)
{
	return j->depth && (j->in_object >> (j->depth - 1) & 1);
}

/* What comes before a token: the comma, the pending line break, and for a member its key. */
static void before(struct json *j, const char *key, bool closing)
{
	if (!closing && (key != NULL) != in_object(j))
		BUG(key ? "a JSON key outside an object" : "a JSON member without a key");
	if (j->comma && !closing) {
		strbuf_addch(j->out, ',');
		if (!j->newline && j->style == JSON_SPACED)
			strbuf_addch(j->out, ' ');
	}
	if (j->newline) {
		strbuf_addch(j->out, '\n');
		for (unsigned i = 0; i < j->indent; i++)
			strbuf_addch(j->out, ' ');
		j->newline = false;
	}
	if (key) {
		json_escape(j->out, key, strlen(key));
		strbuf_addstr(j->out, j->style == JSON_SPACED ? ": " : ":");
	}
}

static void begin(struct json *j, const char *key, bool object)
{
	before(j, key, false);
	if (j->depth == JSON_MAX_DEPTH)
		BUG("JSON nested too deep");
	if (object)
		j->in_object |= (uint64_t)1 << j->depth;
	else
		j->in_object &= ~((uint64_t)1 << j->depth);
	j->depth++;
	j->comma = false;
	strbuf_addch(j->out, object ? '{' : '[');
}

static void end(struct json *j, bool object)
{
	if (!j->depth || in_object(j) != object)
		BUG(object ? "a JSON object ended where none began" : "a JSON array ended where none began");
	before(j, NULL, true);
	j->depth--;
	j->comma = true;
	strbuf_addch(j->out, object ? '}' : ']');
}

void json_object_begin(struct json *j, const char *key)
{
	begin(j, key, true);
}

void json_object_end(struct json *j)
{
	end(j, true);
}

void json_array_begin(struct json *j, const char *key)
{
	begin(j, key, false);
}

void json_array_end(struct json *j)
{
	end(j, false);
}

void json_string_len(struct json *j, const char *key, const char *s, size_t len)
{
	before(j, key, false);
	json_escape(j->out, s, len);
	j->comma = true;
}

void json_string(struct json *j, const char *key, const char *s)
{
	json_string_len(j, key, s, strlen(s));
}

void json_int(struct json *j, const char *key, int64_t v)
{
	before(j, key, false);
	strbuf_addf(j->out, "%" PRId64, v);
	j->comma = true;
}

void json_uint(struct json *j, const char *key, uint64_t v)
{
	before(j, key, false);
	strbuf_addf(j->out, "%" PRIu64, v);
	j->comma = true;
}

void json_bool(struct json *j, const char *key, bool v)
{
	before(j, key, false);
	strbuf_addstr(j->out, v ? "true" : "false");
	j->comma = true;
}

void json_null(struct json *j, const char *key)
{
	before(j, key, false);
	strbuf_addstr(j->out, "null");
	j->comma = true;
}

void json_newline(struct json *j, unsigned indent)
{
	j->newline = true;
	j->indent = indent;
}

/* The length of the UTF-8 sequence at s[0..len) when it is valid, otherwise 0. */
static size_t sequence(const char *s, size_t len)
{
	unsigned char c = (unsigned char)s[0];
	size_t n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
	size_t bad;

	return n && n <= len && utf8_valid(s, n, &bad) ? n : 0;
}

void json_escape(struct strbuf *out, const char *s, size_t len)
{
	size_t run = 0, i = 0; /* s[run..i) is still to copy as it is */

	strbuf_addch(out, '"');
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		size_t n = c < 0x80 ? 1 : sequence(s + i, len - i);
		if (n == 1 && c >= 0x20 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		if (n > 1 && !(n == 3 && c == 0xe2 && (unsigned char)s[i + 1] == 0x80 &&
			       ((unsigned char)s[i + 2] & 0xfe) == 0xa8)) {
			i += n;
			continue;
		}
		strbuf_add(out, s + run, i - run);
		if (c == '"' || c == '\\')
			strbuf_addf(out, "\\%c", c);
		else if (n == 1)
			strbuf_addf(out, "\\u%04x", c);
		else if (n == 3)
			strbuf_addf(out, "\\u%04x", 0x2000 + ((unsigned char)s[i + 2] - 0x80)); /* U+2028, U+2029 */
		else
			strbuf_addstr(out, "\\ufffd");
		i += n ? n : 1;
		run = i;
	}
	strbuf_add(out, s + run, i - run);
	strbuf_addch(out, '"');
}
