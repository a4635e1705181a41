/* SHA-256 through nettle: content-hashed asset names now, checksums of downloads later. The only module
 * that includes nettle's headers. */
#ifndef JISITE_DIGEST_H
#define JISITE_DIGEST_H

#include <stddef.h>

#include "util/strbuf.h"

#define DIGEST_HEX_LEN 64

/* Appends the lowercase hexadecimal SHA-256 of data[0..len) (64 characters). */
void digest_sha256_hex(struct strbuf *out, const void *data, size_t len);

#endif
