/* Precompressed copies for hosts that serve them: gzip through zlib, brotli through Debian's libbrotli.
 * The only module that includes their headers. Output depends only on the input (no time or name in the
 * gzip header), so builds stay byte-identical. */
#ifndef JISITE_COMPRESS_H
#define JISITE_COMPRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

/* True for names whose files are worth compressing: text (html, css, js, json, xml, svg, txt, ics). */
bool compress_worth_it(const char *name);

/* Appends the gzip (RFC 1952) form of data. Returns 0 or -1. */
int compress_gzip(struct strbuf *out, const void *data, size_t len);

/* Appends the brotli (RFC 7932) form of data. Returns 0 or -1. */
int compress_brotli(struct strbuf *out, const void *data, size_t len);

#endif
