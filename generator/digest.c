/* SHA-256 (see digest.h). */
#include "digest.h"

#include <string.h>

#include <nettle/sha2.h>

_Static_assert(sizeof(struct sha256_ctx) <= sizeof(((struct digest *)0)->state), "digest state too small");

void digest_init(struct digest *d)
{
	sha256_init((struct sha256_ctx *)d->state);
}

void digest_add(struct digest *d, const void *data, size_t len)
{
	sha256_update((struct sha256_ctx *)d->state, len, data);
}

void digest_add_str(struct digest *d, const char *s)
{
	digest_add(d, s, strlen(s) + 1);
}

void digest_add_u64(struct digest *d, uint64_t v)
{
	unsigned char b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	digest_add(d, b, sizeof(b));
}

void digest_final(struct digest *d, unsigned char out[DIGEST_LEN])
{
	sha256_digest((struct sha256_ctx *)d->state, DIGEST_LEN, out);
}

void digest_sha256_hex(struct strbuf *out, const void *data, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	struct digest d;
	unsigned char b[DIGEST_LEN];

	digest_init(&d);
	digest_add(&d, data, len);
	digest_final(&d, b);
	for (size_t i = 0; i < sizeof(b); i++) {
		strbuf_addch(out, hex[b[i] >> 4]);
		strbuf_addch(out, hex[b[i] & 15]);
	}
}
