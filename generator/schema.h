/* Schemas: what fields an item of a collection may have, and checking front matter against them.
 *
 * A schema comes from site.yaml (a collection's `schema:`, or `pages: schema:`): each field has a type
 * (string, text, date, datetime, int, bool, url, enum, list, object, file, email, phone), and may be
 * required, limited to values or a range, translatable, and private (`private: true`: the public build
 * drops its values, site.c; email and phone fields, personal contact details, must be private). Checking
 * reports every violation of a file with its position: wrong type, missing required field, value not
 * allowed, unknown field, impossible date, URL with a scheme other than http, https or mailto, e-mail
 * address or telephone number that is none, attachment that does not exist, and a translation setting a
 * field that is not translatable.
 */
#ifndef JISITE_SCHEMA_H
#define JISITE_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/diag.h"
#include "value.h"

enum field_type {
	FIELD_STRING, /* one line of text */
	FIELD_TEXT,   /* text, possibly several lines */
	FIELD_DATE,   /* 2018-04-09 */
	FIELD_DATETIME, /* 2018-04-09T09:00+02:00: with its time zone */
	FIELD_INT,
	FIELD_BOOL,
	FIELD_URL,    /* http, https or mailto */
	FIELD_ENUM,   /* one of values */
	FIELD_LIST,   /* of items */
	FIELD_OBJECT, /* with fields of its own */
	FIELD_FILE,   /* an attachment beside the item: a file name in its folder */
	FIELD_EMAIL,  /* an e-mail address: personal contact details, so always private */
	FIELD_PHONE   /* a telephone number: +43 1 26060-0; personal contact details, so always private */
};

struct schema;

struct field {
	const char *name;
	enum field_type type;
	bool required, translatable;
	bool is_private; /* `private: true`: only in the members' build; the public build drops its values */
	const struct value *values; /* enum: the allowed texts */
	bool has_min, has_max;
	int64_t min, max; /* int */
	struct field *items;    /* list: what each element is */
	struct schema *fields;  /* object */
};

struct schema {
	struct field *fields;
	size_t n;
};

/* Reads a schema (a map of field names to field settings) from site.yaml's tree. path names site.yaml.
 * Returns the schema (in arena a), or NULL after reporting errors. */
struct schema *schema_parse(struct arena *a, const struct value *spec, const char *path, struct diag_list *diags);

/* The field called name, or NULL. */
const struct field *schema_field(const struct schema *s, const char *name);

struct schema_check {
	const char *path;     /* the file, for diagnostics */
	bool translation;     /* only translatable fields may be set; required ones are the original's job */
	/* Whether an attachment called name (relative to the item's folder) exists. */
	bool (*file_exists)(void *ctx, const char *name);
	void *ctx;
	struct diag_list *diags;
};

/* Checks front matter meta (a map) against s. Returns 0, or -1 after reporting every violation. The
 * built-in fields (schema_builtin) are accepted at the top without a word: schema_check_builtins checks
 * them. */
int schema_check(const struct schema *s, const struct value *meta, const struct schema_check *chk);

/*
 * The fields every item, page and chapter may have, whatever its schema (and without one): `draft` (true
 * or false, translatable: a translation may be a draft of its own) and `publish_after` (a date and time
 * with its time zone, or a date alone for its midnight UTC; the item's, set in the original). A schema may
 * not declare them again. Returns the field called name, or NULL.
 */
const struct field *schema_builtin(const char *name);

/* Checks the built-in fields of front matter meta (a map), for a file with or without a schema (chk's
 * file_exists is not used). Returns 0, or -1 after reporting every violation at its value. */
int schema_check_builtins(const struct value *meta, const struct schema_check *chk);

#endif
