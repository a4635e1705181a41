/* A growable byte buffer in the manner of git's strbuf.
 *
 * `buf` is never NULL and always NUL-terminated, so it can be handed to any function that takes a C string;
 * `len` counts the bytes before that NUL (the contents may hold NULs of their own). A buffer starts as
 * STRBUF_INIT or strbuf_init(), and strbuf_release() frees it; after release it is empty and usable again.
 */
#ifndef JISITE_STRBUF_H
#define JISITE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT { 0, 0, strbuf_slopbuf }

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
/* Hands the bytes to the caller, who frees them; the buffer is left empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
/* Makes room for extra more bytes (plus the NUL) without changing len. */
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_setlen(struct strbuf *sb, size_t len);
#define strbuf_reset(sb) strbuf_setlen((sb), 0)

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addbuf(struct strbuf *sb, const struct strbuf *other);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

#endif
