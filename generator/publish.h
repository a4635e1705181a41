/* What is published: drafts and embargoes, decided once the front matter is loaded and before the model
 * (build.c runs it between the load and model stages), so that every later stage, and every output, sees
 * only what is published.
 *
 * `draft: true` leaves a text out unless the build takes drafts (build --drafts, serve); `publish_after`
 * (a moment, or a day for its midnight UTC) leaves an item out of every build before that moment, drafts
 * or not. An original decides for its item: its translations and its chapters go with it; a translation
 * that is a draft takes only its language out (which then shows the original, as for a missing
 * translation); a chapter decides for itself and its translations. The model skips what is left out
 * (doc->omitted), and the attachments in a left-out item's folder are neither copied nor bundled.
 *
 * `audience: members` (an original's, or its collection's in site.yaml) makes a text for members only
 * (doc->members, in every build): the public build leaves it out (DOC_MEMBERS), with its translations,
 * chapters and attachments; the members' build (opts->members) publishes it with the rest.
 */
#ifndef JISITE_PUBLISH_H
#define JISITE_PUBLISH_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "scan.h"
#include "site.h"
#include "util/diag.h"

struct publish_options {
	int64_t now; /* the build's moment, in seconds since 1970 (datetime_now) */
	bool drafts; /* drafts are published too */
	bool members; /* the members' build: the texts for members only are published too */
};

/* publish_decide's *next_release when no item waits for a later moment. */
#define PUBLISH_NONE INT64_MAX

/*
 * Checks every doc's `draft` and `publish_after` (schema_check_builtins) and sets doc->omitted for the
 * drafts (unless opts->drafts) and the texts held back; a doc already DOC_BROKEN stays so, and one whose
 * values are wrong, or whose original's are, becomes so. *next_release is the earliest publish_after still
 * after opts->now (PUBLISH_NONE when there is none): a build at that moment must not pass for one with
 * nothing changed. Returns 0, or -1 after reporting every bad value at its place.
 */
int publish_decide(struct scan *scan, const struct publish_options *opts, int64_t *next_release,
		   struct diag_list *diags);

/* A note for each doc publish_decide left out, saying why and until when ("held back until 2027-01-15
 * 09:00 UTC (publish_after)"), for `jisite check`. */
void publish_notes(const struct scan *scan, const struct publish_options *opts, struct diag_list *diags);

/*
 * A warning for each placeholder of `jisite new` (scaffold.h) still in a published doc: a text that is
 * "…" as a whole, the address https://example.org/, a file field that names itself. Other placeholders
 * (dates, numbers, the first allowed value, the first term) are values a finished item may hold, so they
 * are not told apart: the scaffold's `draft: true` keeps them out until the editor removes it.
 */
void publish_placeholders(const struct scan *scan, const struct config *cfg, struct diag_list *diags);

/* When d, left out as DOC_HELD, is published: its publish_after, or that of its item's original when
 * the whole item is held; INT64_MIN when neither says (a chapter's translation). */
int64_t publish_held_until(const struct site *s, const struct doc *d);

/* The doc left out (site_find_omitted) whose item folder holds attachment f, or NULL when f is
 * published. */
const struct doc *publish_file_omitted(const struct site *s, const struct attachment *f);

#endif
