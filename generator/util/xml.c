/* XML escaping (see xml.h): shared by the feeds and the sitemap. */
#include "util/xml.h"

#include <string.h>

void xml_escape(struct strbuf *out, const char *s, size_t len)
{
	size_t start = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *rep;
		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&apos;"; break;
		case '\t': rep = "&#9;"; break;
		case '\n': rep = "&#10;"; break;
		case '\r': rep = "&#13;"; break;
		default:
			if (c >= 0x20 && c != 0x7f)
				continue;
			rep = ""; /* not a character of XML 1.0 */
		}
		strbuf_add(out, s + start, i - start);
		strbuf_addstr(out, rep);
		start = i + 1;
	}
	strbuf_add(out, s + start, len - start);
}

void xml_escape_str(struct strbuf *out, const char *s)
{
	xml_escape(out, s, strlen(s));
}
