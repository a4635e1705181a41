/* The value tree shared by YAML loading, the model and templates (see value.h). */
#include "value.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/suggest.h"
#include "util/xalloc.h"

struct value *value_new(struct arena *a, enum value_kind kind)
{
	struct value *v = arena_calloc(a, 1, sizeof(*v));

	v->kind = kind;
	return v;
}

struct value *value_new_bool(struct arena *a, bool b)
{
	struct value *v = value_new(a, VALUE_BOOL);

	v->u.b = b;
	return v;
}

struct value *value_new_int(struct arena *a, int64_t i)
{
	struct value *v = value_new(a, VALUE_INT);

	v->u.i = i;
	return v;
}

struct value *value_new_float(struct arena *a, double f)
{
	struct value *v = value_new(a, VALUE_FLOAT);

	v->u.f = f;
	return v;
}

struct value *value_new_string_borrowed(struct arena *a, const char *s, size_t len)
{
	struct value *v = value_new(a, VALUE_STRING);

	v->u.str.ptr = s;
	v->u.str.len = len;
	return v;
}

struct value *value_new_string(struct arena *a, const char *s, size_t len)
{
	return value_new_string_borrowed(a, arena_memdup0(a, s, len), len);
}

struct value *value_new_cstring(struct arena *a, const char *s)
{
	return value_new_string(a, s, strlen(s));
}

struct value *value_new_list(struct arena *a)
{
	return value_new(a, VALUE_LIST);
}

struct value *value_new_map(struct arena *a)
{
	return value_new(a, VALUE_MAP);
}

void value_list_push(struct arena *a, struct value *list, struct value *v)
{
	if (list->kind != VALUE_LIST)
		BUG("value_list_push on a value that is not a list");
	ARENA_GROW(a, list->u.list.items, list->u.list.alloc, list->u.list.len + 1);
	list->u.list.items[list->u.list.len++] = v;
}

/* Maps this long or longer are looked up through a hash table: templates look up every name of a page in
 * the translations' map (150 keys) and the page's, thousands of times a page. Shorter ones are scanned. */
#define MAP_INDEX_MIN 12

static uint32_t key_hash(const char *key, size_t len)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)key[i]) * 16777619u;
	return h;
}

static uint64_t key_bit(const char *key, size_t len)
{
	return (uint64_t)1 << ((len ? (unsigned char)key[0] + len : 0) & 63);
}

static size_t map_nslots(const struct value *map)
{
	size_t n = 16;

	while (n < 2 * map->u.map.alloc)
		n *= 2;
	return n;
}

/* Puts entry i in the table, after the entries of the same key before it (which a look-up finds first). */
static void map_index_entry(struct value *map, size_t i)
{
	const struct value *key = map->u.map.entries[i].key;
	size_t mask = map_nslots(map) - 1, at = key_hash(key->u.str.ptr, key->u.str.len) & mask;

	while (map->u.map.slots[at])
		at = (at + 1) & mask;
	map->u.map.slots[at] = (uint32_t)i + 1;
}

/* A new table for every entry, when there are enough of them (from the arena the entries are in). */
static void map_reindex(struct arena *a, struct value *map)
{
	if (map->u.map.len < MAP_INDEX_MIN || map->u.map.alloc > UINT32_MAX / 4) {
		map->u.map.slots = NULL;
		return;
	}
	map->u.map.slots = arena_calloc(a, map_nslots(map), sizeof(*map->u.map.slots));
	for (size_t i = 0; i < map->u.map.len; i++)
		map_index_entry(map, i);
}

void value_map_add(struct arena *a, struct value *map, struct value *key, struct value *v)
{
	struct value_entry *e;
	size_t alloc;

	if (map->kind != VALUE_MAP || key->kind != VALUE_STRING)
		BUG("value_map_add needs a map and a string key");
	alloc = map->u.map.alloc;
	ARENA_GROW(a, map->u.map.entries, map->u.map.alloc, map->u.map.len + 1);
	e = &map->u.map.entries[map->u.map.len++];
	e->key = key;
	e->val = v;
	map->u.map.keybits |= key_bit(key->u.str.ptr, key->u.str.len);
	if (map->u.map.slots && alloc == map->u.map.alloc)
		map_index_entry(map, map->u.map.len - 1);
	else if (map->u.map.len >= MAP_INDEX_MIN)
		map_reindex(a, map); /* the table is as large as what entries may hold */
}

void value_map_set(struct arena *a, struct value *map, const char *key, struct value *v)
{
	struct value_entry *e = value_map_find_entry(map, key, strlen(key));

	if (e)
		e->val = v;
	else
		value_map_add(a, map, value_new_cstring(a, key), v);
}

struct value_entry *value_map_find_entry(const struct value *map, const char *key, size_t keylen)
{
	if (!map || map->kind != VALUE_MAP || !(map->u.map.keybits & key_bit(key, keylen)))
		return NULL;
	if (map->u.map.slots) {
		size_t mask = map_nslots(map) - 1, at = key_hash(key, keylen) & mask;
		for (uint32_t i; (i = map->u.map.slots[at]); at = (at + 1) & mask) {
			struct value_entry *e = &map->u.map.entries[i - 1];
			if (e->key->u.str.len == keylen && !memcmp(e->key->u.str.ptr, key, keylen))
				return e;
		}
		return NULL;
	}
	for (size_t i = 0; i < map->u.map.len; i++) {
		struct value_entry *e = &map->u.map.entries[i];
		if (e->key->u.str.len == keylen && !memcmp(e->key->u.str.ptr, key, keylen))
			return e;
	}
	return NULL;
}

struct value *value_map_find(const struct value *map, const char *key, size_t keylen)
{
	struct value_entry *e = value_map_find_entry(map, key, keylen);

	return e ? e->val : NULL;
}

struct value *value_map_get(const struct value *map, const char *key)
{
	return value_map_find(map, key, strlen(key));
}

bool value_map_remove(struct value *map, const char *key)
{
	struct value_entry *e = value_map_find_entry(map, key, strlen(key));
	size_t i;

	if (!e)
		return false;
	i = (size_t)(e - map->u.map.entries);
	memmove(e, e + 1, (map->u.map.len - i - 1) * sizeof(*e));
	map->u.map.len--;
	map->u.map.keybits = 0;
	for (size_t k = 0; k < map->u.map.len; k++)
		map->u.map.keybits |= key_bit(map->u.map.entries[k].key->u.str.ptr, map->u.map.entries[k].key->u.str.len);
	if (map->u.map.slots) {
		/* the same table, filled again: the entries after e moved */
		memset(map->u.map.slots, 0, map_nslots(map) * sizeof(*map->u.map.slots));
		for (i = 0; i < map->u.map.len; i++)
			map_index_entry(map, i);
	}
	return true;
}

void value_map_warn_unknown_keys(const struct value *map, const char *const *known, const char *path,
				 const char *where, struct diag_list *diags)
{
	struct suggest sg;

	for (size_t i = 0; i < map->u.map.len; i++) {
		const struct value *key = map->u.map.entries[i].key;
		size_t k = 0;
		while (known[k] && strcmp(known[k], key->u.str.ptr))
			k++;
		if (known[k])
			continue;
		suggest_init(&sg, key->u.str.ptr);
		for (k = 0; known[k]; k++)
			suggest_add(&sg, known[k]);
		diag_warning(diags, path, key->line, key->col, "unknown key '%s' in %s%s", key->u.str.ptr, where,
			     suggest_hint(&sg));
	}
}

/* The shortest decimal form that reads back as the same double: 1.210 is written "1.21". */
static void append_float(struct strbuf *sb, double f)
{
	char buf[40];

	if (isnan(f)) {
		strbuf_addstr(sb, "NaN");
		return;
	}
	if (isinf(f)) {
		strbuf_addstr(sb, f < 0 ? "-Infinity" : "Infinity");
		return;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, f);
		if (strtod(buf, NULL) == f)
			break;
	}
	strbuf_addstr(sb, buf);
}

void value_append_text(struct strbuf *sb, const struct value *v)
{
	if (!v)
		return;
	switch (v->kind) {
	case VALUE_STRING:
		strbuf_add(sb, v->u.str.ptr, v->u.str.len);
		break;
	case VALUE_INT:
		strbuf_addf(sb, "%" PRId64, v->u.i);
		break;
	case VALUE_FLOAT:
		append_float(sb, v->u.f);
		break;
	case VALUE_BOOL:
		strbuf_addstr(sb, v->u.b ? "true" : "false");
		break;
	case VALUE_NULL:
	case VALUE_LIST:
	case VALUE_MAP:
		break;
	}
}

const char *value_kind_name(enum value_kind kind)
{
	switch (kind) {
	case VALUE_NULL: return "null";
	case VALUE_BOOL: return "boolean";
	case VALUE_INT: return "integer";
	case VALUE_FLOAT: return "number";
	case VALUE_STRING: return "string";
	case VALUE_LIST: return "list";
	case VALUE_MAP: return "map";
	}
	return "value";
}

bool value_equal(const struct value *a, const struct value *b)
{
	if (a == b)
		return true;
	if (!a || !b || a->kind != b->kind)
		return false;
	switch (a->kind) {
	case VALUE_NULL:
		return true;
	case VALUE_BOOL:
		return a->u.b == b->u.b;
	case VALUE_INT:
		return a->u.i == b->u.i;
	case VALUE_FLOAT:
		return a->u.f == b->u.f;
	case VALUE_STRING:
		return a->u.str.len == b->u.str.len && !memcmp(a->u.str.ptr, b->u.str.ptr, a->u.str.len);
	case VALUE_LIST:
		if (a->u.list.len != b->u.list.len)
			return false;
		for (size_t i = 0; i < a->u.list.len; i++)
			if (!value_equal(a->u.list.items[i], b->u.list.items[i]))
				return false;
		return true;
	case VALUE_MAP:
		if (a->u.map.len != b->u.map.len)
			return false;
		for (size_t i = 0; i < a->u.map.len; i++)
			if (!value_equal(a->u.map.entries[i].key, b->u.map.entries[i].key) ||
			    !value_equal(a->u.map.entries[i].val, b->u.map.entries[i].val))
				return false;
		return true;
	}
	return false;
}
