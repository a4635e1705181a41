/* Bytes: the compact binary files of the build's caches (cache.c, gitinfo_cache.c) — numbers as unsigned
 * LEB128 varints, strings NUL-terminated in place, and a reader that checks every read against the end, so
 * a file cut short or damaged is refused (r->bad) rather than trusted — and finding bytes in bytes. */
#ifndef JISITE_BYTES_H
#define JISITE_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

void bytes_put_varint(struct strbuf *sb, uint64_t v);

struct bytes_reader {
	const char *p, *end;
	bool bad; /* a read went past the end or found a malformed number */
};

/* A number; 0 and r->bad when there is none. */
uint64_t bytes_get_varint(struct bytes_reader *r);
/* len bytes in place, or NULL and r->bad. */
const char *bytes_get_raw(struct bytes_reader *r, size_t len);
/* A NUL-terminated string in place, or "" and r->bad. */
const char *bytes_get_str(struct bytes_reader *r);

/* The first place of needle (nlen bytes) in hay (haylen bytes), or NULL: glibc's memmem(), without the
 * feature macro it needs in every caller. An empty needle is found at hay. */
const char *bytes_find(const char *hay, size_t haylen, const char *needle, size_t nlen);

#endif
