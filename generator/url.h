/* The one place URLs are made. Every link in the output is relative to the page it is on, so the same
 * pages work under any base path and from file:// (offline bundles), and templates never build URLs. */
#ifndef JISITE_URL_H
#define JISITE_URL_H

#include <stdbool.h>

#include "util/strbuf.h"

/*
 * Appends the URL of target as seen from the page whose directory is from_dir. Both are paths from the
 * root of the output: a directory ends with '/' ("en/resources/x/", "" for the root), a file does not
 * ("assets/style.css"). A directory target becomes "../about/" online and "../about/index.html" when
 * offline (a folder opened from disk shows a listing, not its index). The page itself is "./" online.
 */
void url_relative(struct strbuf *out, const char *from_dir, const char *target, bool offline);

#endif
