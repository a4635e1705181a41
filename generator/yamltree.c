/* YAML text → value tree (see yamltree.h): walks libyaml's events with an explicit stack, so nesting costs heap,
 * not C stack, and every bound (bytes, depth, nodes counted through aliases) is checked as the tree grows.
 * Front matter, site.yaml and translations all come through here; nothing else includes <yaml.h>. */
#include "yamltree.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "util/str.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define YAML_TAG_PREFIX "tag:yaml.org,2002:"

const struct yamltree_limits yamltree_default_limits = {
	.max_bytes = 1024 * 1024,
	.max_depth = 64,
	.max_nodes = 100000,
};

/* Strings found by their bytes and an owner: a mapping's keys (owner: the map) and anchor names (owner: NULL).
 * Open addressing, so duplicate keys and aliases cost O(1) each however large a document gets. */
struct keyslot {
	const void *owner;
	const char *s; /* NULL: empty slot; borrowed from the arena or from an anchor */
	size_t len;
	size_t idx; /* the key's entry in its map, or the anchor's place in loader.anchors */
};

struct keyset {
	struct keyslot *slots;
	size_t cap, used; /* cap is 0 or a power of two */
};

struct anchor {
	char *name;
	struct value *node;
	size_t nodes; /* nodes in node's subtree, counting through aliases */
	bool complete; /* false while the collection is still being built: an alias to it would be a cycle */
	const char *text; /* a scalar's source text, so that an alias can serve as a map key; else NULL */
	size_t textlen;
};

/* A list or map being filled. */
struct frame {
	struct value *coll;
	size_t nodes; /* nodes so far in this subtree, the collection included */
	size_t anchor; /* index in loader.anchors, or SIZE_MAX */
	bool want_value; /* map: a key was read, its value comes next */
	bool drop; /* map: the key was unusable (already reported), so its value is read and left out */
	struct value *key;
};

struct loader {
	struct arena *a;
	const char *path;
	unsigned line_offset;
	const struct yamltree_limits *lim;
	struct diag_list *diags;

	struct frame *stack;
	size_t depth, stack_alloc;
	struct anchor *anchors;
	size_t nanchors, anchors_alloc;
	struct keyset keys;
	size_t nodes; /* running total, counting every node an alias stands for */
	bool have_doc;
	bool ended; /* the stream was read to its end: the tree is whole, errors or not */
	struct value *root;
	struct strbuf shown; /* see shown() */
};

static uint64_t keyset_hash(const void *owner, const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
	h ^= (uint64_t)(uintptr_t)owner * 0x9e3779b97f4a7c15u;
	return h ^ (h >> 29);
}

/* The slot holding (owner, s), or the empty slot where it would go; the table must have a free slot. */
static struct keyslot *keyset_slot(const struct keyset *ks, const void *owner, const char *s, size_t len)
{
	size_t mask = ks->cap - 1;
	size_t i = (size_t)keyset_hash(owner, s, len) & mask;

	for (;; i = (i + 1) & mask) {
		struct keyslot *k = &ks->slots[i];
		if (!k->s || (k->owner == owner && k->len == len && !memcmp(k->s, s, len)))
			return k;
	}
}

static struct keyslot *keyset_find(const struct keyset *ks, const void *owner, const char *s, size_t len)
{
	struct keyslot *k;

	if (!ks->cap)
		return NULL;
	k = keyset_slot(ks, owner, s, len);
	return k->s ? k : NULL;
}

static void keyset_grow(struct keyset *ks)
{
	struct keyset bigger = { NULL, ks->cap ? ks->cap * 2 : 64, ks->used };

	bigger.slots = xcalloc(bigger.cap, sizeof(*bigger.slots));
	for (size_t i = 0; i < ks->cap; i++) {
		const struct keyslot *k = &ks->slots[i];
		if (k->s)
			*keyset_slot(&bigger, k->owner, k->s, k->len) = *k;
	}
	free(ks->slots);
	*ks = bigger;
}

/* Maps (owner, s) to idx, replacing what it mapped to before. s must outlive the set. */
static void keyset_put(struct keyset *ks, const void *owner, const char *s, size_t len, size_t idx)
{
	struct keyslot *k;

	/* At most half full, so probe runs stay short. */
	if ((ks->used + 1) * 2 > ks->cap)
		keyset_grow(ks);
	k = keyset_slot(ks, owner, s, len);
	if (!k->s)
		ks->used++;
	k->owner = owner;
	k->s = s;
	k->len = len;
	k->idx = idx;
}

static unsigned mark_line(const struct loader *l, yaml_mark_t m)
{
	return (unsigned)m.line + 1 + l->line_offset;
}

static unsigned mark_col(yaml_mark_t m)
{
	return (unsigned)m.column + 1;
}

static void loader_error(struct loader *l, yaml_mark_t m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void loader_error(struct loader *l, yaml_mark_t m, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	diag_error(l->diags, l->path, mark_line(l, m), mark_col(m), "%s", msg.buf);
	strbuf_release(&msg);
}

/* s[0..len) as messages quote it: at most 100 bytes, "..." marking a cut (a key, an alias or a number can be
 * a megabyte long). Lives in l->shown until the next call. */
static const char *shown(struct loader *l, const char *s, size_t len)
{
	size_t n = utf8_shown(s, len, 100);

	strbuf_reset(&l->shown);
	strbuf_add(&l->shown, s, n);
	if (n < len)
		strbuf_addstr(&l->shown, "...");
	return l->shown.buf;
}

static struct value *positioned(struct loader *l, struct value *v, yaml_mark_t m)
{
	v->line = mark_line(l, m);
	v->col = mark_col(m);
	return v;
}

/* A tag as the author wrote it: "tag:yaml.org,2002:int" was "!!int". */
static void append_tag(struct strbuf *sb, const char *tag)
{
	size_t plen = strlen(YAML_TAG_PREFIX);

	if (!strncmp(tag, YAML_TAG_PREFIX, plen)) {
		strbuf_addstr(sb, "!!");
		tag += plen;
	}
	strbuf_addstr(sb, tag);
}

static void unsupported_tag(struct loader *l, yaml_mark_t m, const char *tag, const char *where)
{
	struct strbuf full = STRBUF_INIT;

	append_tag(&full, tag);
	loader_error(l, m, "unsupported YAML tag '%s'%s", shown(l, full.buf, full.len), where);
	strbuf_release(&full);
}

/* Counts n more nodes against max_nodes; false (after reporting at m) when the document grows past it. */
static bool count_nodes(struct loader *l, size_t n, yaml_mark_t m)
{
	if (n > l->lim->max_nodes || l->nodes > l->lim->max_nodes - n) {
		loader_error(l, m, "document expands to more than %zu nodes (aliases?)", l->lim->max_nodes);
		return false;
	}
	l->nodes += n;
	return true;
}

static size_t anchor_define(struct loader *l, const char *name, struct value *node)
{
	struct anchor *an;

	XGROW(l->anchors, l->anchors_alloc, l->nanchors + 1);
	an = &l->anchors[l->nanchors];
	memset(an, 0, sizeof(*an));
	an->name = xstrdup(name);
	an->node = node;
	/* A later definition of the same name wins from here on, as YAML says. */
	keyset_put(&l->keys, NULL, an->name, strlen(an->name), l->nanchors);
	return l->nanchors++;
}

/* Scalars under the YAML 1.2 core schema. */

enum parse_result { PARSE_OK, PARSE_BAD, PARSE_RANGE };

static const char *const null_words[] = { "", "~", "null", "Null", "NULL", NULL };
static const char *const true_words[] = { "true", "True", "TRUE", NULL };
static const char *const false_words[] = { "false", "False", "FALSE", NULL };

static bool is_one_of(const char *s, size_t len, const char *const *words)
{
	for (; *words; words++)
		if (strlen(*words) == len && !memcmp(*words, s, len))
			return true;
	return false;
}

static unsigned digit_value(unsigned char c)
{
	int v = hex_digit_value(c);

	return v < 0 ? 99 : (unsigned)v; /* past every base */
}

static bool all_digits(const char *s, size_t len, unsigned base)
{
	if (!len)
		return false;
	for (size_t i = 0; i < len; i++)
		if (digit_value((unsigned char)s[i]) >= base)
			return false;
	return true;
}

/* [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+ */
static enum parse_result parse_int(const char *s, size_t len, int64_t *out)
{
	const char *digits = s;
	unsigned base = 10;
	long long v;
	char *end;

	if (len > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
		base = s[1] == 'o' ? 8 : 16;
		digits = s + 2;
		if (!all_digits(digits, len - 2, base))
			return PARSE_BAD;
	} else {
		size_t sign = len && (s[0] == '-' || s[0] == '+');
		if (!all_digits(s + sign, len - sign, 10))
			return PARSE_BAD;
	}
	/* Only validated digits reach strtoll, so neither its whitespace skipping nor its own "0x" applies. */
	errno = 0;
	v = strtoll(digits, &end, (int)base);
	if (errno == ERANGE)
		return PARSE_RANGE;
	if (end != s + len)
		return PARSE_BAD;
	*out = v;
	return PARSE_OK;
}

/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static bool is_float_text(const char *s, size_t len)
{
	size_t i = 0, start;

	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	start = i;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i < len && s[i] == '.') {
		size_t frac = ++i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (frac == start + 1 && i == frac) /* "." alone, or after a sign */
			return false;
	} else if (i == start) {
		return false;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t exp;
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		exp = i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == exp)
			return false;
	}
	return i == len;
}

static enum parse_result parse_float(const char *s, size_t len, double *out)
{
	static const char *const inf_words[] = { ".inf", ".Inf", ".INF", NULL };
	static const char *const nan_words[] = { ".nan", ".NaN", ".NAN", NULL };
	size_t sign = len && (s[0] == '-' || s[0] == '+');
	char *end;
	double d;

	if (is_one_of(s + sign, len - sign, inf_words)) {
		*out = sign && s[0] == '-' ? -INFINITY : INFINITY;
		return PARSE_OK;
	}
	if (is_one_of(s, len, nan_words)) {
		*out = NAN;
		return PARSE_OK;
	}
	if (!is_float_text(s, len))
		return PARSE_BAD;
	/* strtod reads the decimal point of the current locale; jisite never calls setlocale(), so that is the
	 * "C" locale's '.', as YAML wants. Underflow is not an error: the nearest double is the right answer. */
	errno = 0;
	d = strtod(s, &end);
	if (errno == ERANGE && isinf(d))
		return PARSE_RANGE;
	if (end != s + len)
		return PARSE_BAD;
	*out = d;
	return PARSE_OK;
}

/* Reads s as a value of kind; *out is set only on PARSE_OK. */
static enum parse_result parse_as(struct arena *a, enum value_kind kind, const char *s, size_t len,
				  struct value **out)
{
	enum parse_result r = PARSE_OK;
	int64_t i = 0;
	double f = 0;

	switch (kind) {
	case VALUE_NULL:
		if (!is_one_of(s, len, null_words))
			return PARSE_BAD;
		*out = value_new(a, VALUE_NULL);
		break;
	case VALUE_BOOL:
		if (!is_one_of(s, len, true_words) && !is_one_of(s, len, false_words))
			return PARSE_BAD;
		*out = value_new_bool(a, is_one_of(s, len, true_words));
		break;
	case VALUE_INT:
		r = parse_int(s, len, &i);
		if (r == PARSE_OK)
			*out = value_new_int(a, i);
		break;
	case VALUE_FLOAT:
		r = parse_float(s, len, &f);
		if (r == PARSE_OK)
			*out = value_new_float(a, f);
		break;
	case VALUE_STRING:
		*out = value_new_string(a, s, len);
		break;
	case VALUE_LIST:
	case VALUE_MAP:
		BUG("parse_as on a collection kind");
	}
	return r;
}

static const char *kind_word(enum value_kind kind)
{
	return kind == VALUE_FLOAT ? "float" : value_kind_name(kind);
}

/* A plain scalar: the first of null, boolean, integer and float that matches, else a string. */
static struct value *resolve_plain(struct loader *l, const char *s, size_t len, yaml_mark_t m)
{
	static const enum value_kind order[] = { VALUE_NULL, VALUE_BOOL, VALUE_INT, VALUE_FLOAT };
	struct value *v = NULL;

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		enum parse_result r = parse_as(l->a, order[i], s, len, &v);
		if (r == PARSE_OK)
			return v;
		if (r == PARSE_RANGE) {
			loader_error(l, m, "%s '%s' is out of range", kind_word(order[i]), shown(l, s, len));
			break;
		}
	}
	return value_new_string(l->a, s, len);
}

/* The kind a core-schema tag ("tag:yaml.org,2002:int") asks for; false for any other tag. */
static bool tag_kind(const char *tag, enum value_kind *kind)
{
	static const struct {
		const char *name;
		enum value_kind kind;
	} tags[] = {
		{ "null", VALUE_NULL }, { "bool", VALUE_BOOL }, { "int", VALUE_INT }, { "float", VALUE_FLOAT },
		{ "str", VALUE_STRING }, { "seq", VALUE_LIST }, { "map", VALUE_MAP },
	};
	size_t plen = strlen(YAML_TAG_PREFIX);

	if (strncmp(tag, YAML_TAG_PREFIX, plen))
		return false;
	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		if (!strcmp(tag + plen, tags[i].name)) {
			*kind = tags[i].kind;
			return true;
		}
	}
	return false;
}

/* A scalar event's value. Errors are reported and leave a string, so that loading can go on. */
static struct value *resolve_scalar(struct loader *l, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	yaml_mark_t m = ev->start_mark;
	struct value *v = NULL;
	enum value_kind kind;

	if (!tag) {
		/* Only plain scalars are resolved: quoting, `|` and `>` say "this is text". */
		if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
			v = resolve_plain(l, s, len, m);
	} else if (!tag_kind(tag, &kind)) {
		if (strcmp(tag, "!"))
			unsupported_tag(l, m, tag, "");
	} else if (kind == VALUE_LIST || kind == VALUE_MAP) {
		unsupported_tag(l, m, tag, " on a scalar");
	} else {
		enum parse_result r = parse_as(l->a, kind, s, len, &v);
		if (r == PARSE_BAD)
			loader_error(l, m, "'%s' is not a valid %s", shown(l, s, len), kind_word(kind));
		else if (r == PARSE_RANGE)
			loader_error(l, m, "%s '%s' is out of range", kind_word(kind), shown(l, s, len));
	}
	if (!v)
		v = value_new_string(l->a, s, len);
	return positioned(l, v, m);
}

/* Building the tree from events. */

static struct frame *top(const struct loader *l)
{
	return l->depth ? &l->stack[l->depth - 1] : NULL;
}

static bool at_key(const struct loader *l)
{
	const struct frame *f = top(l);

	return f && f->coll->kind == VALUE_MAP && !f->want_value;
}

/* Attaches a finished node of the given subtree size to its parent (or makes it the document). A node where
 * a key belongs can only be a collection, already reported: it and the value after it are left out. */
static void add_node(struct loader *l, struct value *v, size_t nodes)
{
	struct frame *f = top(l);

	if (!f) {
		l->root = v;
		return;
	}
	f->nodes += nodes;
	if (f->coll->kind == VALUE_LIST) {
		value_list_push(l->a, f->coll, v);
	} else if (!f->want_value) {
		f->want_value = true;
		f->drop = true;
	} else {
		if (!f->drop)
			value_map_add(l->a, f->coll, f->key, v);
		f->want_value = false;
		f->drop = false;
		f->key = NULL;
	}
}

static void add_key(struct loader *l, struct value *key, size_t nodes, yaml_mark_t m)
{
	struct frame *f = top(l);
	struct keyslot *k = keyset_find(&l->keys, f->coll, key->u.str.ptr, key->u.str.len);

	f->nodes += nodes;
	f->want_value = true;
	f->key = key;
	f->drop = false;
	if (k) {
		const struct value *first = f->coll->u.map.entries[k->idx].key;
		loader_error(l, m, "duplicate key '%s' (first at %u:%u)", shown(l, key->u.str.ptr, key->u.str.len),
			     first->line, first->col);
		f->drop = true;
		return;
	}
	/* The entry index is known now: the value is always added before the map's next key. */
	keyset_put(&l->keys, f->coll, key->u.str.ptr, key->u.str.len, f->coll->u.map.len);
}

static int on_scalar(struct loader *l, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	struct value *v;

	if (!count_nodes(l, 1, ev->start_mark))
		return -1;
	v = resolve_scalar(l, ev);
	if (ev->data.scalar.anchor) {
		size_t idx = anchor_define(l, (const char *)ev->data.scalar.anchor, v);
		struct anchor *an = &l->anchors[idx];

		an->nodes = 1;
		an->complete = true;
		an->text = v->kind == VALUE_STRING ? v->u.str.ptr : arena_memdup0(l->a, s, len);
		an->textlen = len;
	}
	if (!at_key(l)) {
		add_node(l, v, 1);
		return 0;
	}
	/* A key is the text as written: `1:` and `true:` are the keys "1" and "true". */
	if (v->kind != VALUE_STRING)
		v = positioned(l, value_new_string(l->a, s, len), ev->start_mark);
	add_key(l, v, 1, ev->start_mark);
	return 0;
}

static int on_alias(struct loader *l, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	yaml_mark_t m = ev->start_mark;
	struct keyslot *k = keyset_find(&l->keys, NULL, name, strlen(name));
	const struct anchor *an = k ? &l->anchors[k->idx] : NULL;

	if (!an || !an->complete) {
		if (!an)
			loader_error(l, m, "unknown alias '*%s'", shown(l, name, strlen(name)));
		else
			loader_error(l, m, "alias '*%s' refers to a node that contains it", shown(l, name, strlen(name)));
		if (!count_nodes(l, 1, m))
			return -1;
		add_node(l, positioned(l, value_new(l->a, VALUE_NULL), m), 1);
		return 0;
	}
	if (!count_nodes(l, an->nodes, m))
		return -1;
	if (!at_key(l)) {
		add_node(l, an->node, an->nodes);
	} else if (an->text) {
		add_key(l, positioned(l, value_new_string_borrowed(l->a, an->text, an->textlen), m), an->nodes, m);
	} else {
		loader_error(l, m, "map keys must be plain text");
		add_node(l, an->node, an->nodes);
	}
	return 0;
}

static int on_collection_start(struct loader *l, const yaml_event_t *ev, enum value_kind kind)
{
	bool is_map = kind == VALUE_MAP;
	const char *tag = (const char *)(is_map ? ev->data.mapping_start.tag : ev->data.sequence_start.tag);
	const char *anchor = (const char *)(is_map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor);
	yaml_mark_t m = ev->start_mark;
	enum value_kind tagged;
	struct frame *f;

	if (!count_nodes(l, 1, m))
		return -1;
	if (l->depth >= l->lim->max_depth) {
		loader_error(l, m, "nesting deeper than %zu levels", l->lim->max_depth);
		return -1;
	}
	if (tag && strcmp(tag, "!")) {
		if (!tag_kind(tag, &tagged))
			unsupported_tag(l, m, tag, "");
		else if (tagged != kind)
			unsupported_tag(l, m, tag, is_map ? " on a mapping" : " on a sequence");
	}
	if (at_key(l))
		loader_error(l, m, "map keys must be plain text");

	XGROW(l->stack, l->stack_alloc, l->depth + 1);
	f = &l->stack[l->depth++];
	memset(f, 0, sizeof(*f));
	f->coll = positioned(l, is_map ? value_new_map(l->a) : value_new_list(l->a), m);
	f->nodes = 1;
	f->anchor = anchor ? anchor_define(l, anchor, f->coll) : SIZE_MAX;
	return 0;
}

static void on_collection_end(struct loader *l)
{
	struct frame f = l->stack[--l->depth];

	if (f.anchor != SIZE_MAX) {
		l->anchors[f.anchor].nodes = f.nodes;
		l->anchors[f.anchor].complete = true;
	}
	add_node(l, f.coll, f.nodes);
}

/* Returns -1 to stop loading (the reason is reported). */
static int on_event(struct loader *l, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (l->have_doc) {
			loader_error(l, ev->start_mark, "more than one YAML document");
			return -1;
		}
		l->have_doc = true;
		return 0;
	case YAML_SCALAR_EVENT:
		return on_scalar(l, ev);
	case YAML_ALIAS_EVENT:
		return on_alias(l, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_collection_start(l, ev, VALUE_LIST);
	case YAML_MAPPING_START_EVENT:
		return on_collection_start(l, ev, VALUE_MAP);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (!l->depth)
			BUG("libyaml ended a collection that was not open");
		on_collection_end(l);
		return 0;
	default:
		return 0;
	}
}

/* libyaml's errors, in plain words and at the place they name. */

/* The length of the line break at s[i], or 0: libyaml counts CR, LF, CRLF, NEL, LS and PS as breaks. */
static size_t break_len(const unsigned char *s, size_t len, size_t i)
{
	if (s[i] == '\n')
		return 1;
	if (s[i] == '\r')
		return i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
	if (s[i] == 0xc2 && i + 1 < len && s[i + 1] == 0x85)
		return 2;
	if (s[i] == 0xe2 && i + 2 < len && s[i + 1] == 0x80 && (s[i + 2] == 0xa8 || s[i + 2] == 0xa9))
		return 3;
	return 0;
}

/* The 1-based line and column (in characters) of byte off. A UTF-8 byte order mark takes no column, as in
 * libyaml's marks. */
static void offset_position(const char *text, size_t len, size_t off, unsigned *line, unsigned *col)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = len >= 3 && !memcmp(s, "\xef\xbb\xbf", 3) ? 3 : 0;

	*line = 1;
	*col = 1;
	while (i < off && i < len) {
		size_t brk = break_len(s, len, i);

		if (brk) {
			++*line;
			*col = 1;
			i += brk;
			continue;
		}
		if ((s[i] & 0xc0) != 0x80) /* a character's first byte */
			++*col;
		i++;
	}
}

static void report_reader_error(struct loader *l, const yaml_parser_t *p, const char *text, size_t len)
{
	const char *problem = p->problem ? p->problem : "unknown problem";
	unsigned value = (unsigned)p->problem_value;
	unsigned line = 0, col = 0;
	struct strbuf msg = STRBUF_INIT;

	/* Reader errors carry a byte offset, not a mark; it only maps to a place in UTF-8 text. */
	if (p->encoding == YAML_UTF8_ENCODING || p->encoding == YAML_ANY_ENCODING) {
		offset_position(text, len, p->problem_offset, &line, &col);
		line += l->line_offset;
	}
	if (!strcmp(problem, "invalid leading UTF-8 octet"))
		strbuf_addf(&msg, "invalid UTF-8: invalid leading octet 0x%02x", value & 0xff);
	else if (!strcmp(problem, "invalid trailing UTF-8 octet"))
		strbuf_addf(&msg, "invalid UTF-8: invalid trailing octet 0x%02x", value & 0xff);
	else if (!strcmp(problem, "incomplete UTF-8 octet sequence"))
		strbuf_addstr(&msg, "invalid UTF-8: incomplete sequence at the end of the input");
	else if (!strcmp(problem, "invalid length of a UTF-8 sequence"))
		strbuf_addstr(&msg, "invalid UTF-8: overlong sequence");
	else if (!strcmp(problem, "invalid Unicode character"))
		strbuf_addf(&msg, "invalid UTF-8: U+%04X is not a Unicode character", value);
	else if (!strcmp(problem, "control characters are not allowed"))
		strbuf_addf(&msg, "control character U+%04X is not allowed", value);
	else
		strbuf_addf(&msg, "cannot read YAML input: %s", problem);
	diag_error(l->diags, l->path, line, col, "%s", msg.buf);
	strbuf_release(&msg);
}

static void report_parser_error(struct loader *l, const yaml_parser_t *p, const char *text, size_t len)
{
	struct strbuf msg = STRBUF_INIT;

	switch (p->error) {
	case YAML_READER_ERROR:
		report_reader_error(l, p, text, len);
		break;
	case YAML_SCANNER_ERROR:
	case YAML_PARSER_ERROR:
		strbuf_addf(&msg, "YAML syntax error: %s", p->problem ? p->problem : "unknown problem");
		if (p->context)
			strbuf_addf(&msg, " %s", p->context);
		/* "while parsing a block mapping" is only useful with where that mapping began. */
		if (p->context && p->context_mark.index != p->problem_mark.index)
			strbuf_addf(&msg, " (opened at %u:%u)", mark_line(l, p->context_mark),
				    mark_col(p->context_mark));
		loader_error(l, p->problem_mark, "%s", msg.buf);
		break;
	case YAML_MEMORY_ERROR:
		diag_error(l->diags, l->path, 0, 0, "out of memory while parsing YAML");
		break;
	default:
		diag_error(l->diags, l->path, 0, 0, "YAML error: %s", p->problem ? p->problem : "unknown problem");
		break;
	}
	strbuf_release(&msg);
}

static void load_events(struct loader *l, yaml_parser_t *parser, const char *text, size_t len)
{
	yaml_event_t ev;

	for (;;) {
		bool end;
		int rc;

		if (!yaml_parser_parse(parser, &ev)) {
			report_parser_error(l, parser, text, len);
			return;
		}
		rc = on_event(l, &ev);
		end = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		l->ended = end && rc >= 0;
		if (rc < 0 || end)
			return;
	}
}

static void loader_release(struct loader *l)
{
	for (size_t i = 0; i < l->nanchors; i++)
		free(l->anchors[i].name);
	free(l->anchors);
	free(l->stack);
	free(l->keys.slots);
	strbuf_release(&l->shown);
}

int yamltree_load(struct value **out, struct arena *a, const char *path, const char *text, size_t len,
		  unsigned line_offset, const struct yamltree_limits *limits, struct diag_list *diags)
{
	return yamltree_load_salvage(out, NULL, a, path, text, len, line_offset, limits, diags);
}

int yamltree_load_salvage(struct value **out, struct value **salvaged, struct arena *a, const char *path,
			  const char *text, size_t len, unsigned line_offset, const struct yamltree_limits *limits,
			  struct diag_list *diags)
{
	struct loader l = { 0 };
	yaml_parser_t parser;
	size_t errors = diag_errors(diags);

	*out = NULL;
	if (salvaged)
		*salvaged = NULL;
	l.a = a;
	l.path = path;
	l.line_offset = line_offset;
	l.lim = limits ? limits : &yamltree_default_limits;
	l.diags = diags;
	strbuf_init(&l.shown, 0);
	if (len > l.lim->max_bytes) {
		diag_error(diags, path, 0, 0, "file is larger than %zu bytes", l.lim->max_bytes);
		return -1;
	}
	if (!yaml_parser_initialize(&parser)) {
		diag_error(diags, path, 0, 0, "out of memory while parsing YAML");
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)(text ? text : ""), len);
	load_events(&l, &parser, text, len);
	yaml_parser_delete(&parser);
	loader_release(&l);
	if (diag_errors(diags) > errors) {
		if (salvaged && l.ended && l.root)
			*salvaged = l.root;
		return -1;
	}
	*out = l.root ? l.root : value_new(a, VALUE_NULL);
	return 0;
}

/* Reads f into sb, but no more than max + 1 bytes: enough to tell that a file is too large without holding
 * all of it. Returns 0, or -1 on a read error with errno set. */
static int read_at_most(struct strbuf *sb, FILE *f, size_t max)
{
	while (sb->len <= max) {
		size_t room = max - sb->len;
		size_t want = room < 65536 ? room + 1 : 65536;
		size_t n;

		strbuf_grow(sb, want);
		n = fread(sb->buf + sb->len, 1, want, f);
		strbuf_setlen(sb, sb->len + n);
		if (n < want) {
			if (!ferror(f))
				return 0;
			if (!errno)
				errno = EIO;
			return -1;
		}
	}
	return 0;
}

int yamltree_load_file(struct value **out, struct arena *a, const char *path,
		       const struct yamltree_limits *limits, struct diag_list *diags)
{
	struct strbuf sb = STRBUF_INIT;
	FILE *f;
	int ret = -1;

	*out = NULL;
	if (!limits)
		limits = &yamltree_default_limits;
	errno = 0;
	f = fopen(path, "rb");
	if (!f) {
		diag_error(diags, path, 0, 0, "cannot read file: %s", strerror(errno));
		return -1;
	}
	errno = 0;
	if (read_at_most(&sb, f, limits->max_bytes) < 0) {
		diag_error(diags, path, 0, 0, "cannot read file: %s", strerror(errno));
		goto cleanup;
	}
	if (sb.len > limits->max_bytes) {
		diag_error(diags, path, 0, 0, "file is larger than %zu bytes", limits->max_bytes);
		goto cleanup;
	}
	ret = yamltree_load(out, a, path, sb.buf, sb.len, 0, limits, diags);
cleanup:
	fclose(f);
	strbuf_release(&sb);
	return ret;
}
