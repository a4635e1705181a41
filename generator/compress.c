/* gzip and brotli (see compress.h). */
#include "compress.h"

#include <string.h>

#include <brotli/encode.h>
#include <zlib.h>

#include "util/fs.h"

bool compress_worth_it(const char *name)
{
	static const char *const text[] = { ".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".ics", ".atom" };

	for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++)
		if (path_has_suffix(name, text[i]))
			return true;
	return false;
}

int compress_gzip(struct strbuf *out, const void *data, size_t len)
{
	z_stream z;
	int ret;

	memset(&z, 0, sizeof(z));
	/* 15 + 16: a gzip wrapper, with a zero time and no name: the same bytes on every build */
	if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	strbuf_grow(out, deflateBound(&z, (uLong)len));
	z.next_in = (Bytef *)data;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out->buf + out->len;
	z.avail_out = (uInt)(out->alloc - out->len - 1);
	ret = deflate(&z, Z_FINISH);
	if (ret == Z_STREAM_END)
		strbuf_setlen(out, out->len + z.total_out);
	deflateEnd(&z);
	return ret == Z_STREAM_END ? 0 : -1;
}

int compress_brotli(struct strbuf *out, const void *data, size_t len)
{
	size_t size = BrotliEncoderMaxCompressedSize(len);
	int lgwin = 16;

	if (!size)
		return -1;
	/* A window just large enough for the file: with the default (4 MiB) window, quality 9 spends ~7 ms
	 * preparing it for an 8 KB page; sized to the page, 0.5 ms for the same bytes. Quality 11 is 20%
	 * smaller again but 40 times slower: hours for a 40,000-page site. */
	while (lgwin < BROTLI_MAX_WINDOW_BITS && ((size_t)1 << lgwin) < len)
		lgwin++;
	strbuf_grow(out, size);
	if (!BrotliEncoderCompress(9, lgwin, BROTLI_MODE_TEXT, len, data, &size, (uint8_t *)out->buf + out->len))
		return -1;
	strbuf_setlen(out, out->len + size);
	return 0;
}
