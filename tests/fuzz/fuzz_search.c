/* libFuzzer target: any text (content is untrusted) folds and cuts into tokens that are never empty, never
 * hold a separator, and fold to themselves; and the stem of each, in every language with rules, is never
 * empty nor longer than it, and valid UTF-8. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "search.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_token(void *ctx, const char *tok, size_t len)
{
	struct strbuf folded = STRBUF_INIT;

	(void)ctx;
	if (!len || strlen(tok) != len || memchr(tok, ' ', len) || !utf8_valid(tok, len, &(size_t){ 0 }))
		__builtin_trap();
	static const char *const langs[] = { "ar", "ru", "fr", "es", "pt", "it", "ro", "hr", "tr", "ms" };
	for (size_t i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
		struct search_stemmer st;
		search_stemmer_init(&st, langs[i]);
		strbuf_reset(&folded);
		search_stem(&folded, &st, tok, len);
		if (!folded.len || folded.len > len || !utf8_valid(folded.buf, folded.len, &(size_t){ 0 }))
			__builtin_trap();
	}
	strbuf_reset(&folded);
	search_fold(&folded, tok, len);
	if (folded.len != len || memcmp(folded.buf, tok, len))
		__builtin_trap(); /* a token is already folded: a query made of it finds it */
	strbuf_release(&folded);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t bad;

	if (!utf8_valid((const char *)data, size, &bad))
		return 0; /* the loader rejects invalid UTF-8 with its position before anything is indexed */
	search_tokens((const char *)data, size, check_token, NULL);
	return 0;
}
