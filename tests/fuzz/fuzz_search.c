/* libFuzzer target: any text (content is untrusted) folds and cuts into tokens that are never empty, never
 * hold a separator, and fold to themselves; and the Arabic stem of each is inside it. */
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
	if (search_stem(tok, len) >= len)
		__builtin_trap();
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
