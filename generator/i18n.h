/* Translations of the interface: translations/<lang>.yaml holds every UI string of a language, the titles
 * of collections and taxonomies, and the labels of taxonomy terms:
 *
 *   site_title: …
 *   ui: { skip_to_content: …, … }
 *   collections: { resources: … }
 *   taxonomies: { topics: { title: …, terms: { social-media: … } } }
 *
 * The default language's file is the reference. A string it lacks is an error where the generator needs it;
 * a string another language lacks is a warning, and a fallback's text is used instead. A language whose code
 * has subtags ("pt-BR", "zh-Hant-TW") falls back first to the codes it starts with, longest first ("zh-Hant",
 * then "zh"): to each that is a language of the site, or has a file translations/<code>.yaml of its own (a
 * file of texts shared by a family of languages, not a language of the site itself); then to the default
 * language. Subtags are separated by '-' as in BCP 47 (site.yaml accepts no '_' in a code). Each key a
 * language's file lacks is one warning, naming whose text is used. A file translations/<code>.yaml that is
 * neither a language of the site nor the fallback of one is a warning: it would be ignored.
 */
#ifndef JISITE_I18N_H
#define JISITE_I18N_H

#include "config.h"
#include "source.h"
#include "util/arena.h"
#include "util/diag.h"
#include "value.h"

struct i18n {
	const struct config *cfg;
	/* Per language (cfg->nlanguages entries, in the arena): its file merged over its fallbacks' and the
	 * default language's, so every key is there. */
	struct value **lang;
	const char **path; /* "translations/fr.yaml" */
	/* Per language: the files of its fallbacks before the default language's, in their order, ending with
	 * NULL ("translations/pt.yaml" for pt-BR): its pages depend on them too. */
	const char ***fallbacks;
};

/* Loads translations/<code>.yaml for every language of cfg through src, and its fallbacks' (see above), and
 * reports every problem, the files of translations/ that no language uses among them. A
 * language whose file cannot be loaded gets the default language's texts, so the build goes on to report
 * the problems of the content. Returns 0, or -1 when the default language's texts cannot be used. */
int i18n_load(struct i18n *t, struct arena *a, struct source *src, const struct config *cfg,
	      struct diag_list *diags);

/* The string at section.key (key may be NULL for a top-level string) in language lang, or NULL. */
const char *i18n_find(const struct i18n *t, size_t lang, const char *section, const char *key);
/* The label of a taxonomy's term in lang, or NULL. */
const char *i18n_term(const struct i18n *t, size_t lang, const char *taxonomy, const char *term);
/* The title of a taxonomy in lang, or NULL. */
const char *i18n_taxonomy_title(const struct i18n *t, size_t lang, const char *taxonomy);
/* The terms of the taxonomy whose front-matter field is field, as labels maps them (term names to their
 * labels): labels is a language's translations (translations/<lang>.yaml, or t->lang[lang]) and may be
 * NULL. NULL when field is no taxonomy's of cfg, or labels has no terms for it. Borrowed from labels. */
const struct value *i18n_field_terms(const struct value *labels, const struct config *cfg, const char *field);
/* The "ui" map of lang (every UI string, for templates as `t`); never NULL. Borrowed. */
const struct value *i18n_ui(const struct i18n *t, size_t lang);

#endif
