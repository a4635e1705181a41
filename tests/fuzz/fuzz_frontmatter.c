/* libFuzzer target: any bytes as a content file, split into front matter and body as the load stage splits
 * it, fail with a diagnostic inside the file or give a map of fields and a body that ends the file; the body
 * then renders as the render stage renders it, its positions counted from the top of the file. */
#include <stddef.h>
#include <stdint.h>

#include "frontmatter.h"
#include "markdown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Lines in text, counting every line break libyaml or cmark knows (LF, CR, CRLF, NEL, LS, PS) as one. */
static unsigned lines_in(const uint8_t *text, size_t len)
{
	unsigned n = 1;

	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n' || text[i] == '\r' || text[i] == 0x85 || (text[i] == 0xe2 && i + 2 < len &&
										   text[i + 1] == 0x80 && (text[i + 2] & 0xfe) == 0xa8))
			n++;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct arena a = ARENA_INIT;
	struct strbuf html = STRBUF_INIT;
	struct doc d = { .path = "content/fuzz.md" };
	const char *text = (const char *)data;
	unsigned lines = lines_in(data, size);

	markdown_init();
	if (frontmatter_parse(&d, &a, text, size, &diags)) {
		if (!diag_errors(&diags))
			__builtin_trap(); /* a file refused must say why */
	} else {
		struct markdown_options opts = { d.path, d.body_line, NULL, NULL, &diags, NULL, 0 };

		/* body_line counts the lines above the body, which starts on the next one, if it has one */
		if (!d.meta || d.meta->kind != VALUE_MAP || d.body < text || d.body + d.body_len != text + size ||
		    d.body_line > lines || (d.body_len && d.body_line >= lines))
			__builtin_trap();
		if (markdown_render(&html, NULL, d.body, d.body_len, &opts) && !diag_errors(&diags))
			__builtin_trap();
	}
	for (size_t i = 0; i < diags.len; i++)
		if (diags.items[i].line < 1 || diags.items[i].line > lines || diags.items[i].col < 1)
			__builtin_trap(); /* every diagnostic points into the file */
	strbuf_release(&html);
	arena_release(&a);
	diag_list_release(&diags);
	return 0;
}
