/* Schemas (see schema.h): parsed from site.yaml, checked against every file's front matter. */
#include "schema.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/datetime.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/suggest.h"

static const char *const type_names[] = {
	[FIELD_STRING] = "string", [FIELD_TEXT] = "text", [FIELD_DATE] = "date", [FIELD_DATETIME] = "datetime",
	[FIELD_INT] = "int", [FIELD_BOOL] = "bool", [FIELD_URL] = "url", [FIELD_ENUM] = "enum",
	[FIELD_LIST] = "list", [FIELD_OBJECT] = "object", [FIELD_FILE] = "file", [FIELD_EMAIL] = "email",
	[FIELD_PHONE] = "phone",
};

/* ---- parsing site.yaml ---- */

struct parser {
	struct arena *a;
	const char *path;
	struct diag_list *diags;
	int failed;
};

static void spec_error(struct parser *p, const struct value *at, const char *fmt, const char *arg)
{
	diag_error(p->diags, p->path, at->line ? at->line : 1, at->col ? at->col : 1, fmt, arg);
	p->failed = 1;
}

static bool flag(struct parser *p, const struct value *spec, const char *key)
{
	const struct value *v = value_map_get(spec, key);

	if (v && v->kind != VALUE_BOOL)
		spec_error(p, v, "'%s' must be true or false", key);
	return v && v->kind == VALUE_BOOL && v->u.b;
}

static struct schema *parse_schema(struct parser *p, const struct value *spec, bool in_private);

static bool parse_limit(struct parser *p, const struct value *spec, const char *key, int64_t *out)
{
	const struct value *v = value_map_get(spec, key);

	if (!v)
		return false;
	if (v->kind != VALUE_INT) {
		spec_error(p, v, "'%s' must be a whole number", key);
		return false;
	}
	*out = v->u.i;
	return true;
}

static void parse_field(struct parser *p, struct field *f, const char *name, const struct value *spec,
			bool in_private)
{
	static const char *const known[] = { "type", "required", "translatable", "values", "min", "max",
					     "items", "fields", "private", NULL };
	const struct value *type;
	size_t t;

	memset(f, 0, sizeof(*f));
	f->name = name;
	if (spec->kind != VALUE_MAP) {
		spec_error(p, spec, "field '%s' must be a map of settings, like { type: string }", name);
		return;
	}
	value_map_warn_unknown_keys(spec, known, p->path, "a field", p->diags);
	type = value_map_get(spec, "type");
	for (t = 0; type && type->kind == VALUE_STRING && t < sizeof(type_names) / sizeof(type_names[0]); t++)
		if (!strcmp(type_names[t], type->u.str.ptr))
			break;
	if (!type || type->kind != VALUE_STRING || t == sizeof(type_names) / sizeof(type_names[0])) {
		spec_error(p, type ? type : spec, "field '%s' needs a type: string, text, date, datetime, int, bool, "
						  "url, enum, list, object, file, email or phone", name);
		return;
	}
	f->type = (enum field_type)t;
	f->required = flag(p, spec, "required");
	f->translatable = flag(p, spec, "translatable");
	/* a field inside a private list or object is private with it */
	f->is_private = flag(p, spec, "private") || in_private;
	if ((f->type == FIELD_EMAIL || f->type == FIELD_PHONE) && !f->is_private)
		spec_error(p, type, "field '%s' holds personal contact details: it must be private: true, which keeps "
				    "its values out of the public site", name);
	f->has_min = parse_limit(p, spec, "min", &f->min);
	f->has_max = parse_limit(p, spec, "max", &f->max);
	if (f->type == FIELD_ENUM) {
		f->values = value_map_get(spec, "values");
		if (!f->values || f->values->kind != VALUE_LIST || !f->values->u.list.len) {
			spec_error(p, spec, "enum field '%s' needs 'values', a list of the texts it allows", name);
			return;
		}
		for (size_t i = 0; i < f->values->u.list.len; i++)
			if (f->values->u.list.items[i]->kind != VALUE_STRING)
				spec_error(p, f->values->u.list.items[i], "the values of '%s' must be texts", name);
	} else if (f->type == FIELD_LIST) {
		const struct value *items = value_map_get(spec, "items");
		if (!items) {
			spec_error(p, spec, "list field '%s' needs 'items', the settings of each element", name);
			return;
		}
		f->items = arena_alloc(p->a, sizeof(*f->items));
		parse_field(p, f->items, name, items, f->is_private);
	} else if (f->type == FIELD_OBJECT) {
		const struct value *fields = value_map_get(spec, "fields");
		if (!fields || fields->kind != VALUE_MAP) {
			spec_error(p, spec, "object field '%s' needs 'fields', a map of its fields", name);
			return;
		}
		f->fields = parse_schema(p, fields, f->is_private);
	}
}

static struct schema *parse_schema(struct parser *p, const struct value *spec, bool in_private)
{
	struct schema *s = arena_calloc(p->a, 1, sizeof(*s));

	if (spec->kind != VALUE_MAP) {
		spec_error(p, spec, "%s", "a schema is a map of field names to their settings");
		return s;
	}
	s->fields = arena_calloc(p->a, spec->u.map.len ? spec->u.map.len : 1, sizeof(*s->fields));
	for (size_t i = 0; i < spec->u.map.len; i++)
		parse_field(p, &s->fields[s->n++], spec->u.map.entries[i].key->u.str.ptr, spec->u.map.entries[i].val,
			    in_private);
	return s;
}

/* ---- built-in fields ---- */

static const struct field builtins[] = {
	{ .name = "draft", .type = FIELD_BOOL, .translatable = true },
	{ .name = "publish_after", .type = FIELD_DATETIME },
	/* a text written or changed without a translator, to be reviewed (jisite translations lists it) */
	{ .name = "needs_review", .type = FIELD_BOOL, .translatable = true },
	/* who may read the item: everyone (public, the default) or registered participants (members) */
	{ .name = "audience", .type = FIELD_STRING },
};

const struct field *schema_builtin(const char *name)
{
	for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (!strcmp(builtins[i].name, name))
			return &builtins[i];
	return NULL;
}

/* A schema's own `draft` would be checked twice, perhaps as another type: one meaning everywhere. */
static void refuse_builtins(struct parser *p, const struct value *spec)
{
	for (size_t i = 0; spec->kind == VALUE_MAP && i < spec->u.map.len; i++)
		if (schema_builtin(spec->u.map.entries[i].key->u.str.ptr))
			spec_error(p, spec->u.map.entries[i].key, "'%s' is a field of every item, built in: remove it "
				   "from the schema", spec->u.map.entries[i].key->u.str.ptr);
}

struct schema *schema_parse(struct arena *a, const struct value *spec, const char *path, struct diag_list *diags)
{
	struct parser p = { .a = a, .path = path, .diags = diags };
	struct schema *s = parse_schema(&p, spec, false);

	refuse_builtins(&p, spec);

	return p.failed ? NULL : s;
}

const struct field *schema_field(const struct schema *s, const char *name)
{
	for (size_t i = 0; s && i < s->n; i++)
		if (!strcmp(s->fields[i].name, name))
			return &s->fields[i];
	return NULL;
}

/* ---- dates ---- */

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* The shape of a date, whether or not the day exists: what a message says is wrong with it. */
static bool looks_like_date(const char *s, size_t len)
{
	return len == 10 && digits(s, 4) && s[4] == '-' && digits(s + 5, 2) && s[7] == '-' && digits(s + 8, 2);
}

/* A date alone (date_only) or a date and time, as datetime_parse reads them. */
static bool valid_date(const struct value *v, bool date_only)
{
	struct datetime dt;

	return !datetime_parse(&dt, v->u.str.ptr, v->u.str.len) && dt.date_only == date_only;
}

/* ---- checking front matter ---- */

struct checker {
	const struct schema_check *chk;
	int failed;
};

__attribute__((format(printf, 3, 4)))
static void violation(struct checker *c, const struct value *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(c->chk->diags, DIAG_ERROR, c->chk->path, at && at->line ? at->line : 1, at && at->col ? at->col : 1,
		  fmt, ap);
	va_end(ap);
	c->failed = 1;
}

static bool has_scheme(const char *url, const char *scheme)
{
	size_t n = strlen(scheme);

	for (size_t i = 0; i < n; i++)
		if (!url[i] || (url[i] | 0x20) != scheme[i])
			return false;
	return true;
}

static void check_url(struct checker *c, const char *label, const struct value *v)
{
	const char *u = v->u.str.ptr;
	size_t scheme = strspn(u, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");

	if ((has_scheme(u, "https://") || has_scheme(u, "http://")) && u[strcspn(u, ":") + 3] &&
	    !strpbrk(u, " \t\r\n<>\"'`"))
		return;
	if (has_scheme(u, "mailto:") && strchr(u, '@') && !strpbrk(u, " \t\r\n<>\"'`"))
		return;
	if (scheme && u[scheme] == ':')
		violation(c, v, "'%s' must be an http, https or mailto address: '%.*s:' is not allowed", label,
			  (int)scheme, u);
	else
		violation(c, v, "'%s' must be a full address, like https://example.org/page", label);
}

static void check_file(struct checker *c, const char *label, const struct value *v)
{
	struct strbuf resolved = STRBUF_INIT;

	if (path_resolve(&resolved, "", v->u.str.ptr) || !resolved.len)
		violation(c, v, "'%s' must name a file in the item's folder, like report.pdf", label);
	else if (!c->chk->file_exists || !c->chk->file_exists(c->chk->ctx, resolved.buf))
		violation(c, v, "'%s' names '%s', which is not in the item's folder", label, v->u.str.ptr);
	strbuf_release(&resolved);
}

static void check_map(struct checker *c, const struct schema *s, const struct value *map, const char *prefix,
		      bool top);

static const char *kind_in_words(const struct value *v)
{
	switch (v->kind) {
	case VALUE_NULL: return "empty";
	case VALUE_BOOL: return "true or false";
	case VALUE_INT: return "a number";
	case VALUE_FLOAT: return "a number";
	case VALUE_STRING: return "text";
	case VALUE_LIST: return "a list";
	case VALUE_MAP: return "a map";
	}
	return "a value";
}

/* name@domain.tld: one '@', something before it, a dot in the domain, no space or control character. */
static bool valid_email(const char *s, size_t len)
{
	const char *at = memchr(s, '@', len), *dot;

	if (!at || at == s || memchr(at + 1, '@', len - (size_t)(at - s) - 1))
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f || s[i] == '<' || s[i] == '>' || s[i] == '"')
			return false;
	dot = memchr(at + 1, '.', len - (size_t)(at - s) - 1);
	return dot && dot > at + 1 && dot < s + len - 1;
}

/* Digits, spaces and + - ( ) . with at least 5 digits, a '+' only first. */
static bool valid_phone(const char *s, size_t len)
{
	size_t digits = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (!strchr(" -().", s[i]) && !(s[i] == '+' && i == 0))
			return false;
	}
	return digits >= 5 && digits <= 20;
}

static void check_value(struct checker *c, const struct field *f, const struct value *v, const char *label)
{
	static const char *const wanted[] = {
		[FIELD_STRING] = "one line of text", [FIELD_TEXT] = "text", [FIELD_DATE] = "a date like 2018-04-09",
		[FIELD_DATETIME] = "a date and time with its time zone, like 2018-04-09T09:00+02:00",
		[FIELD_INT] = "a whole number", [FIELD_BOOL] = "true or false", [FIELD_URL] = "an address",
		[FIELD_ENUM] = "one of the allowed texts", [FIELD_LIST] = "a list", [FIELD_OBJECT] = "a map of fields",
		[FIELD_FILE] = "a file name", [FIELD_EMAIL] = "an e-mail address", [FIELD_PHONE] = "a telephone number",
	};
	static const enum value_kind kinds[] = {
		[FIELD_STRING] = VALUE_STRING, [FIELD_TEXT] = VALUE_STRING, [FIELD_DATE] = VALUE_STRING,
		[FIELD_DATETIME] = VALUE_STRING, [FIELD_INT] = VALUE_INT, [FIELD_BOOL] = VALUE_BOOL,
		[FIELD_URL] = VALUE_STRING, [FIELD_ENUM] = VALUE_STRING, [FIELD_LIST] = VALUE_LIST,
		[FIELD_OBJECT] = VALUE_MAP, [FIELD_FILE] = VALUE_STRING, [FIELD_EMAIL] = VALUE_STRING,
		[FIELD_PHONE] = VALUE_STRING,
	};

	if (v->kind != kinds[f->type]) {
		violation(c, v, "'%s' must be %s, not %s%s", label, wanted[f->type], kind_in_words(v),
			  kinds[f->type] == VALUE_STRING && v->kind != VALUE_NULL ? " (put it in quotes)" : "");
		return;
	}
	switch (f->type) {
	case FIELD_STRING:
		if (memchr(v->u.str.ptr, '\n', v->u.str.len))
			violation(c, v, "'%s' must be one line of text", label);
		/* fall through */
	case FIELD_TEXT:
		if (!v->u.str.len)
			violation(c, v, "'%s' is empty", label);
		break;
	case FIELD_DATE:
		if (valid_date(v, true))
			break;
		if (looks_like_date(v->u.str.ptr, v->u.str.len))
			violation(c, v, "'%s' is %s, a day that does not exist", label, v->u.str.ptr);
		else
			violation(c, v, "'%s' must be a date written YYYY-MM-DD, like 2018-04-09: '%s'", label, v->u.str.ptr);
		break;
	case FIELD_DATETIME:
		if (!valid_date(v, false))
			violation(c, v, "'%s' must be a real date and time with its time zone, like "
					"2018-04-09T09:00+02:00: '%s'", label, v->u.str.ptr);
		break;
	case FIELD_INT:
		if ((f->has_min && v->u.i < f->min) || (f->has_max && v->u.i > f->max))
			violation(c, v, "'%s' must be between %lld and %lld", label,
				  f->has_min ? (long long)f->min : (long long)INT64_MIN,
				  f->has_max ? (long long)f->max : (long long)INT64_MAX);
		break;
	case FIELD_URL:
		check_url(c, label, v);
		break;
	case FIELD_EMAIL:
		/* the value is not repeated: a private value stays out of the public build's words too */
		if (!valid_email(v->u.str.ptr, v->u.str.len))
			violation(c, v, "'%s' must be an e-mail address, like name@example.org", label);
		break;
	case FIELD_PHONE:
		if (!valid_phone(v->u.str.ptr, v->u.str.len))
			violation(c, v, "'%s' must be a telephone number of digits, spaces and + - ( ) ., like "
					"+43 1 26060-0", label);
		break;
	case FIELD_ENUM: {
		struct strbuf allowed = STRBUF_INIT;
		bool ok = false;
		for (size_t i = 0; i < f->values->u.list.len; i++) {
			const struct value *a = f->values->u.list.items[i];
			ok |= value_equal(a, v);
			strbuf_addf(&allowed, "%s%s", i ? ", " : "", a->u.str.ptr);
		}
		if (!ok)
			violation(c, v, "'%s' is '%s', which is not allowed: use one of %s", label, v->u.str.ptr,
				  allowed.buf);
		strbuf_release(&allowed);
		break;
	}
	case FIELD_LIST:
		for (size_t i = 0; i < v->u.list.len; i++) {
			char sub[256];
			snprintf(sub, sizeof(sub), "%s[%zu]", label, i + 1);
			check_value(c, f->items, v->u.list.items[i], sub);
		}
		break;
	case FIELD_OBJECT:
		check_map(c, f->fields, v, label, false);
		break;
	case FIELD_FILE:
		check_file(c, label, v);
		break;
	case FIELD_BOOL:
		break;
	}
}

/* A field s does not have, with the one meant when the name is a typo of it. */
static void unknown_field(struct checker *c, const struct schema *s, const struct value *key, const char *label)
{
	struct suggest sg;

	suggest_init(&sg, key->u.str.ptr);
	for (size_t i = 0; i < s->n; i++)
		suggest_add(&sg, s->fields[i].name);
	violation(c, key, "unknown field '%s'%s", label, suggest_hint(&sg));
}

/* Every field of map against s; top is the front matter itself (where translations are limited). */
static void check_map(struct checker *c, const struct schema *s, const struct value *map, const char *prefix,
		      bool top)
{
	char label[256];

	for (size_t i = 0; i < map->u.map.len; i++) {
		const struct value *key = map->u.map.entries[i].key, *val = map->u.map.entries[i].val;
		const struct field *f = schema_field(s, key->u.str.ptr);

		if (top && !f && schema_builtin(key->u.str.ptr))
			continue; /* checked for every file, with a schema or not (schema_check_builtins) */
		snprintf(label, sizeof(label), "%s%s%s", prefix, *prefix ? "." : "", key->u.str.ptr);
		if (!f)
			unknown_field(c, s, key, label);
		else if (top && c->chk->translation && !f->translatable)
			violation(c, key, "'%s' is the same in every language: set it in the original only", label);
		else if (val->kind != VALUE_NULL || f->required)
			check_value(c, f, val, label);
	}
	if (top && c->chk->translation)
		return; /* the original carries what is required */
	for (size_t i = 0; i < s->n; i++) {
		const struct value *v = value_map_get(map, s->fields[i].name);
		if (s->fields[i].required && !v) {
			snprintf(label, sizeof(label), "%s%s%s", prefix, *prefix ? "." : "", s->fields[i].name);
			violation(c, top ? NULL : map, "missing required field '%s'", label);
		}
	}
}

int schema_check(const struct schema *s, const struct value *meta, const struct schema_check *chk)
{
	struct checker c = { chk, 0 };

	check_map(&c, s, meta, "", true);
	return c.failed ? -1 : 0;
}

/* publish_after: a moment, or a day for its midnight UTC (datetime_parse reads both). */
static void check_publish_after(struct checker *c, const struct value *v)
{
	struct datetime dt;

	if (v->kind == VALUE_STRING && !datetime_parse(&dt, v->u.str.ptr, v->u.str.len))
		return;
	violation(c, v, "'publish_after' must be a date and time with its time zone, like 2027-01-15T09:00:00Z "
		  "or 2027-01-15T10:00+01:00, or a date (its midnight UTC)%s%s%s", v->kind == VALUE_STRING ? ": '" : "",
		  v->kind == VALUE_STRING ? v->u.str.ptr : "", v->kind == VALUE_STRING ? "'" : "");
}

/* audience: public or members. */
static void check_audience(struct checker *c, const struct value *v)
{
	if (v->kind == VALUE_STRING && (!strcmp(v->u.str.ptr, "public") || !strcmp(v->u.str.ptr, "members")))
		return;
	violation(c, v, "%s", "'audience' must be public (everyone, the default) or members (registered "
		  "participants only)");
}

int schema_check_builtins(const struct value *meta, const struct schema_check *chk)
{
	struct checker c = { chk, 0 };

	for (size_t i = 0; meta && meta->kind == VALUE_MAP && i < meta->u.map.len; i++) {
		const struct value *key = meta->u.map.entries[i].key, *val = meta->u.map.entries[i].val;
		const struct field *f = schema_builtin(key->u.str.ptr);

		if (!f)
			continue;
		if (chk->translation && !f->translatable)
			violation(&c, key, "'%s' is the same in every language: set it in the original only", f->name);
		else if (f->type == FIELD_DATETIME)
			check_publish_after(&c, val);
		else if (!strcmp(f->name, "audience"))
			check_audience(&c, val);
		else
			check_value(&c, f, val, f->name);
	}
	return c.failed ? -1 : 0;
}
