/* Feeds, an output stage after the pages: per language, an Atom 1.0 feed of the collections site.yaml's
 * `feeds: atom:` names (<lang>/feed.atom), and an RSS 2.0 podcast feed with the iTunes and Podcast Index
 * tags of `feeds: podcast:` (<lang>/<collection>/feed.xml). Feeds read the model only; every URL in them
 * is absolute (cfg->base_url), and the same model gives the same bytes. */
#ifndef JISITE_FEED_H
#define JISITE_FEED_H

#include <stddef.h>

#include "site.h"
#include "util/strbuf.h"

/* The output path of language lang's Atom feed ("fr/feed.atom"), appended. */
void feed_atom_path(struct strbuf *out, const struct config *cfg, size_t lang);
/* The output path of language lang's podcast feed ("fr/podcasts/feed.xml"), appended. */
void feed_podcast_path(struct strbuf *out, const struct config *cfg, size_t lang);

/* Appends the Atom feed of language lang: every item of the collections of cfg->feed_atom, newest first
 * (by their `date`). */
void feed_atom(struct strbuf *out, const struct site *s, size_t lang);

/* Appends the podcast feed of language lang: every episode of cfg->feed_podcast, newest first. Episodes
 * take `audio`, `length` and `mime` for their enclosure, `duration`, `number`, `date` and `transcript` (a
 * file beside the episode). image is the absolute URL of the show's artwork, or NULL. */
void feed_podcast(struct strbuf *out, const struct site *s, size_t lang, const char *image);

/* The day a page in language lang last changed, from its texts (the original and lang's translation):
 * "YYYY-MM-DD", or "" when unknown. Borrowed from the model. */
const char *feed_item_updated(const struct item *it, size_t lang);

/* Appends the absolute URL of path, an output path ("fr/about/"). */
void feed_absolute(struct strbuf *out, const struct config *cfg, const char *path);

#endif
