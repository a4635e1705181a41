/* Cache files' numbers and strings (see bytes.h). */
#define _GNU_SOURCE /* memmem */
#include "util/bytes.h"

#include <string.h>

void bytes_put_varint(struct strbuf *sb, uint64_t v)
{
	do {
		unsigned char b = v & 0x7f;
		v >>= 7;
		strbuf_addch(sb, (char)(b | (v ? 0x80 : 0)));
	} while (v);
}

uint64_t bytes_get_varint(struct bytes_reader *r)
{
	uint64_t v = 0;

	for (unsigned shift = 0; shift < 64 && !r->bad && r->p < r->end; shift += 7) {
		unsigned char b = (unsigned char)*r->p++;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
	}
	r->bad = true;
	return 0;
}

const char *bytes_get_raw(struct bytes_reader *r, size_t len)
{
	const char *p = r->p;

	if (r->bad || (size_t)(r->end - r->p) < len) {
		r->bad = true;
		return NULL;
	}
	r->p += len;
	return p;
}

const char *bytes_get_str(struct bytes_reader *r)
{
	const char *p = r->p, *nul = r->bad ? NULL : memchr(p, '\0', (size_t)(r->end - p));

	if (!nul) {
		r->bad = true;
		return "";
	}
	r->p = nul + 1;
	return p;
}

const char *bytes_find(const char *hay, size_t haylen, const char *needle, size_t nlen)
{
	/* glibc's memmem skips by the needle's bytes: looking for each place of its first byte, as this did,
	 * stopped at every 'a' of a copy's 40 MB of pages for "assets/" (5 % of making the copy) */
	return nlen ? memmem(hay, haylen, needle, nlen) : hay;
}
