/* libFuzzer target: any bytes as a page's HTML (all of it the editor's) come out of html_sanitize as tags of
 * the allow-list only, with quoted attributes, none of them a handler, and no javascript: URL. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html_sanitize.h"

static const char *const tags[] = {
	"p", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "del", "code", "pre", "blockquote", "ul", "ol",
	"li", "hr", "br", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "section", "sup", "input",
	"aside", "details", "summary", "figure", "figcaption", "sub", "kbd", "abbr", "mark", "small", "dl", "dt",
	"dd", "q", "cite", "s", "ins", "u", "b", "i", "bdi", "bdo", "samp", "var", "wbr", "caption", "tfoot",
	"colgroup", "col", "span", "div",
};

static bool where(void *ctx, size_t off, unsigned *line, unsigned *col)
{
	(void)ctx;
	*line = 1;
	*col = (unsigned)off + 1;
	return true;
}

static int url(void *ctx, enum html_url_kind kind, const char *u, unsigned line, unsigned col,
	       struct strbuf *replacement)
{
	(void)kind;
	(void)replacement;
	if (!strchr(u, ':'))
		return 0;
	diag_error(ctx, "fuzz.md", line, col, "refused"); /* the fuzzer's policy: no scheme at all */
	return -1;
}

static bool claim(void *ctx, const char *id, size_t len)
{
	(void)ctx;
	return len && id[0] != 'x';
}

static void note(void *ctx, const char *id, size_t len)
{
	(void)ctx;
	(void)id;
	(void)len;
}

static bool allowed_tag(const char *p, size_t len)
{
	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (strlen(tags[i]) == len && !memcmp(tags[i], p, len))
			return true;
	return false;
}

/* Each '<' opens a tag the sanitizer wrote (text escapes its own): an allowed name, then attributes
 * name="value" with no '"' inside, none named on…. */
static void check(const char *s)
{
	const char *p = s;

	while ((p = strchr(p, '<'))) {
		size_t n;

		p++;
		if (*p == '/')
			p++;
		n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789");
		if (!allowed_tag(p, n))
			__builtin_trap();
		p += n;
		while (*p == ' ') {
			p++;
			if (p[0] == '/' && p[1] == '>')
				break;
			if (p[0] == 'o' && p[1] == 'n')
				__builtin_trap();
			n = strspn(p, "abcdefghijklmnopqrstuvwxyz-");
			if (!n)
				__builtin_trap();
			p += n;
			if (*p == '=') {
				const char *end;

				if (p[1] != '"' || !(end = strchr(p + 2, '"')))
					__builtin_trap();
				p = end + 1;
			}
		}
		if (*p != '>' && !(p[0] == '/' && p[1] == '>'))
			__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct strbuf out = STRBUF_INIT;
	struct html_sanitize_options opts = { "fuzz.md", &diags, &diags, where, url, claim, note };
	char *html = malloc(size + 1);

	memcpy(html, data, size);
	html[size] = 0;
	if (html_sanitize(&out, html, size, &opts) && !diag_errors(&diags))
		__builtin_trap();
	check(out.buf);
	free(html);
	strbuf_release(&out);
	diag_list_release(&diags);
	return 0;
}
