/* The search index: per language, what the search page finds (the items of site.yaml's `search:`
 * collections), written at build time so the browser only reads it. The theme's static/search.js loads it,
 * and must fold and cut the reader's query exactly as search_tokens does (tests/search/tokens.txt holds the
 * cases both are tested on).
 *
 * <lang>/search/search-index.js is a script, not JSON, so that it loads from file:// too:
 *
 *   jisiteSearch({"v":1, "lang":"fr", "langs":[[code,dir]...], "facets":[{name,label,values:[[term,label]]}],
 *                 "year":label, "docs":[[title, summary, url, year, lang, [values of facet 0], ...]],
 *                 "terms":"sorted tokens, space-separated", "post":"one posting list per term"});
 *
 * Docs are in the order ties are shown (newest first, then by title); a doc's url starts from the
 * language's folder and ends with '/'; its lang indexes "langs" (the text's own language when it is
 * not translated). Terms are sorted as JavaScript compares strings (UTF-16 code units). A posting
 * list gives, per doc holding the term, ((doc - previous doc - 1) << 1 | in its title), as base-64 VLQ
 * (5-bit groups, least significant first; A-Za-z0-9+/ where the first 32 end a number).
 */
#ifndef JISITE_SEARCH_H
#define JISITE_SEARCH_H

#include <stddef.h>

#include "digest.h"
#include "site.h"
#include "util/strbuf.h"

#define SEARCH_INDEX_FILE "search-index.js"

/* Folds text for matching: compatibility decomposition, marks dropped (accents, Arabic harakat) except
 * the kana voicing marks, Arabic letter forms unified (alef wasla, alef maksura, teh marbuta, Persian yeh
 * and keheh), tatweel dropped, dotless i as i, each character lowercased alone, final sigma as sigma,
 * then composed again (NFC). Appends to out. */
void search_fold(struct strbuf *out, const char *s, size_t len);

/* The tokens of text s, in order with repeats: runs of letters, digits and marks (cut to 32 characters),
 * and in Chinese, Japanese and Korean runs every two adjacent characters (a lone one alone). fn gets
 * each one, NUL-terminated. */
typedef void search_token_fn(void *ctx, const char *token, size_t len);
void search_tokens(const char *s, size_t len, search_token_fn *fn, void *ctx);

/* Where an Arabic token's stem starts: after the definite article and the particles joined to it (ال، وال،
 * بال، كال، فال، لل) when at least two letters are left; 0 otherwise. The index holds a token's stem as well
 * as the token, and search.js looks a query's tokens up by their stems, so "أحكام" finds "الأحكام" and
 * "النزاهة" finds "والنزاهة". */
size_t search_stem(const char *token, size_t len);

/* Where language lang's index goes: "fr/search/search-index.js". */
void search_index_path(struct strbuf *out, const struct site *s, size_t lang);

/* Adds to dg everything of the site's items that language lang's index is made of (their folders, texts,
 * years and terms; the labels come from the translations, which the caller covers): the index is the
 * same while this is. */
void search_digest(struct digest *dg, const struct site *s, size_t lang);

/* Appends language lang's index to out. */
void search_index(struct strbuf *out, const struct site *s, size_t lang);

#endif
