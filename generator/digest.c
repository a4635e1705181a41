/* SHA-256 (see digest.h). */
#include "digest.h"

#include <nettle/sha2.h>

void digest_sha256_hex(struct strbuf *out, const void *data, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	struct sha256_ctx ctx;
	unsigned char d[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof(d), d);
	for (size_t i = 0; i < sizeof(d); i++) {
		strbuf_addch(out, hex[d[i] >> 4]);
		strbuf_addch(out, hex[d[i] & 15]);
	}
}
