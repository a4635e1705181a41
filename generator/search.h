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
 * not translated). Terms are the docs' tokens and their stems in the index's language (search_stem),
 * sorted as JavaScript compares strings (UTF-16 code units). A posting
 * list gives, per doc holding the term, ((doc - previous doc - 1) << 1 | in its title), as base-64 VLQ
 * (5-bit groups, least significant first; A-Za-z0-9+/ where the first 32 end a number).
 */
#ifndef JISITE_SEARCH_H
#define JISITE_SEARCH_H

#include <stdbool.h>
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

#define SEARCH_STEM_STEPS_MAX 3
#define SEARCH_STEM_RULES_MAX 64

/* A language's stemming rules, read once for an index (search_stem.c holds them). */
struct search_stem_rule {
	const char *suffix, *repl; /* in the rules' text, not NUL-terminated */
	size_t suffix_len, repl_len, suffix_chars;
};
struct search_stem_step {
	size_t min; /* characters a stem keeps */
	size_t nrules;
	struct search_stem_rule rules[SEARCH_STEM_RULES_MAX];
};
struct search_stemmer {
	size_t nsteps;
	struct search_stem_step steps[SEARCH_STEM_STEPS_MAX];
};

/* The stemmer of language lang (a code of site.yaml, "pt" or "pt-BR"; NULL or one without rules: Arabic's
 * prefixes alone). Points into static rules: nothing to release. */
void search_stemmer_init(struct search_stemmer *st, const char *lang);

/* Appends the stem of a folded token to out: light stemming, plural and case endings of Russian, French,
 * Spanish, Portuguese, Italian, Romanian, Croatian, Turkish and Malay, and in every language Arabic's
 * definite article and attached particles (ال، وال، بال، لل… when two letters are left; و، ف، ب، ك، ل
 * when four are). Returns whether the stem differs from the token. The index holds a token's stem as well
 * as the token, and search.js looks a query's tokens up by their stems too: "судьи" finds "судей",
 * "أحكام" finds "الأحكام", "وسائل" finds "لوسائل". A stem that only lost a prefix is still the beginning
 * of a word being typed, so search.js matches it as a prefix; other stems must match whole. */
bool search_stem(struct strbuf *out, const struct search_stemmer *st, const char *token, size_t len);

/* Where language lang's index goes: "fr/search/search-index.js". */
void search_index_path(struct strbuf *out, const struct site *s, size_t lang);

/* Adds to dg everything of the site's items that language lang's index is made of (their folders, texts,
 * years and terms; the labels come from the translations, which the caller covers): the index is the
 * same while this is. */
void search_digest(struct digest *dg, const struct site *s, size_t lang);

/* Appends language lang's index to out. */
void search_index(struct strbuf *out, const struct site *s, size_t lang);

#endif
