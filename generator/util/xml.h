/* Escaping text for XML (feeds, the sitemap): what a parser reads back is exactly what was written. */
#ifndef JISITE_XML_H
#define JISITE_XML_H

#include <stddef.h>

#include "util/strbuf.h"

/*
 * Appends s[0..len) (UTF-8) as XML character data, fit for element content and attribute values alike:
 * & < > " ' become entities, and tab, newline and carriage return character references, so that neither
 * attribute nor line-end normalisation changes them. The other C0 controls are not allowed in XML 1.0
 * and are left out.
 */
void xml_escape(struct strbuf *out, const char *s, size_t len);
void xml_escape_str(struct strbuf *out, const char *s);

#endif
