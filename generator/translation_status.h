/* The status of content translations, for `jisite translations` (cmd/translations.c): for each language,
 * which translations of content/ are missing, which are outdated (their original changed in git after the
 * translation's last commit, and by which commits) and which are up to date. It reads site.yaml and
 * content/ through the source, as a build does, and the history through gitinfo; it writes nothing but
 * gitinfo's cache. (The interface's own strings, translations/<lang>.yaml, are i18n.h's.) */
#ifndef JISITE_TRANSLATION_STATUS_H
#define JISITE_TRANSLATION_STATUS_H

#include <stdbool.h>
#include <stdio.h>

#include "util/diag.h"

struct translation_status_options {
	const char *lang; /* one language's code, or NULL: every language but the default one */
	bool json;        /* the JSON report (its format is in README.md) rather than text for translators */
};

/* translation_status_run's answer when opts->lang is not a language to translate into: a usage error */
#define TRANSLATION_STATUS_BAD_LANGUAGE (-2)

/*
 * Writes the report on the project in the current folder to out. Returns 0; -1 when errors were
 * reported to diags (the report is written all the same once site.yaml was read: a broken file does not
 * hide the state of the others); or TRANSLATION_STATUS_BAD_LANGUAGE, reported to diags too.
 */
int translation_status_run(const struct translation_status_options *opts, FILE *out, struct diag_list *diags);

#endif
