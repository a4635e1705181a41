/* libFuzzer target: any bytes as Markdown render to HTML, or fail with a positioned diagnostic, without
 * raw HTML reaching the output. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "markdown.h"

static int keep_link(void *ctx, const struct markdown_link *link, struct strbuf *replacement)
{
	(void)ctx;
	if (link->line == 0)
		__builtin_trap(); /* every link has a position */
	strbuf_addstr(replacement, "x/");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct strbuf html = STRBUF_INIT, plain = STRBUF_INIT;
	struct markdown_options opts = { "fuzz.md", 3, keep_link, NULL, &diags, NULL, 0 };

	markdown_init();
	if (markdown_render(&html, &plain, (const char *)data, size, &opts) && !diag_errors(&diags))
		__builtin_trap();
	for (size_t i = 0; i < html.len; i++)
		if (html.buf[i] >= 'A' && html.buf[i] <= 'Z')
			html.buf[i] = (char)(html.buf[i] - 'A' + 'a');
	/* raw HTML and dangerous links never pass (the words may, as text) */
	if (strstr(html.buf, "<script") || strstr(html.buf, "=\"javascript:") || strstr(html.buf, "=\"vbscript:") ||
	    strstr(html.buf, "=\"data:"))
		__builtin_trap();
	strbuf_release(&html);
	strbuf_release(&plain);
	diag_list_release(&diags);
	return 0;
}
