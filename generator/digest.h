/* SHA-256 through nettle: content-hashed asset names, the build cache's keys, and checksums of downloads.
 * The only module that includes nettle's headers. */
#ifndef JISITE_DIGEST_H
#define JISITE_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

#define DIGEST_LEN 32
#define DIGEST_HEX_LEN 64

/* A SHA-256 being computed (nettle's context, kept opaque here). */
struct digest {
	_Alignas(8) unsigned char state[128];
};

void digest_init(struct digest *d);
void digest_add(struct digest *d, const void *data, size_t len);
/* Adds s with its terminating NUL, so that ("ab", "c") and ("a", "bc") differ. */
void digest_add_str(struct digest *d, const char *s);
void digest_add_u64(struct digest *d, uint64_t v);
void digest_final(struct digest *d, unsigned char out[DIGEST_LEN]);

/* Appends the lowercase hexadecimal SHA-256 of data[0..len) (64 characters). */
void digest_sha256_hex(struct strbuf *out, const void *data, size_t len);

#endif
