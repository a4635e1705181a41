/* The value tree: what YAML loads into and what templates render from.
 *
 * Front matter, site.yaml, translations and the page contexts the generator prepares for templates are
 * all trees of these values: null, booleans, integers, floats, strings, lists and maps. A map keeps its
 * keys in the order they were written (output never depends on hashing). Every value records the line
 * and column it came from (0 when made by the generator), so a later stage can point at it.
 *
 * Values live in an arena: whoever owns the arena owns the tree.
 */
#ifndef JISITE_VALUE_H
#define JISITE_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/diag.h"
#include "util/strbuf.h"

enum value_kind {
	VALUE_NULL,
	VALUE_BOOL,
	VALUE_INT,
	VALUE_FLOAT,
	VALUE_STRING,
	VALUE_LIST,
	VALUE_MAP
};

struct value;

struct value_entry {
	struct value *key; /* always a VALUE_STRING, with the key's own position */
	struct value *val;
};

struct value {
	enum value_kind kind;
	unsigned line, col; /* 1-based place in the source; 0 when generated */
	union {
		bool b;
		int64_t i;
		double f;
		struct {
			const char *ptr; /* NUL-terminated; may contain NULs before len */
			size_t len;
		} str;
		struct {
			struct value **items;
			size_t len, alloc;
		} list;
		struct {
			struct value_entry *entries;
			size_t len, alloc;
			/* a map of MAP_INDEX_MIN entries or more: an open-addressing table of entry numbers + 1
			 * (0: empty), 2 * alloc slots rounded up to a power of two; only value.c writes a map */
			uint32_t *slots;
			/* per key, bit (first byte + length) % 64: a name no key has is turned away at once, as
			 * most of a template's look-ups in the maps of its sections are */
			uint64_t keybits;
		} map;
	} u;
};

/* Constructors: each returns a value owned by the arena. */
struct value *value_new(struct arena *a, enum value_kind kind);
struct value *value_new_bool(struct arena *a, bool b);
struct value *value_new_int(struct arena *a, int64_t i);
struct value *value_new_float(struct arena *a, double f);
/* Copies len bytes of s into the arena. */
struct value *value_new_string(struct arena *a, const char *s, size_t len);
struct value *value_new_cstring(struct arena *a, const char *s);
/* Uses s as it is, without copying: s must outlive the tree (a literal, or memory in the same arena). */
struct value *value_new_string_borrowed(struct arena *a, const char *s, size_t len);
struct value *value_new_list(struct arena *a);
struct value *value_new_map(struct arena *a);

/* Appends v to a list. */
void value_list_push(struct arena *a, struct value *list, struct value *v);
/* Appends key: v to a map without looking for an existing key (callers that care use value_map_find first). */
void value_map_add(struct arena *a, struct value *map, struct value *key, struct value *v);
/* Sets key to v: replaces the value of an existing key, otherwise appends. The key is copied. */
void value_map_set(struct arena *a, struct value *map, const char *key, struct value *v);

/* Removes key (NUL-terminated) from map, keeping the order of the others. Returns whether it was there. */
bool value_map_remove(struct value *map, const char *key);

/* The value of key in map, or NULL when map is not a map or has no such key. Borrowed. */
struct value *value_map_find(const struct value *map, const char *key, size_t keylen);
struct value *value_map_get(const struct value *map, const char *key); /* NUL-terminated key */
/* The entry of key in map (to reach the key's position), or NULL. */
struct value_entry *value_map_find_entry(const struct value *map, const char *key, size_t keylen);

/* Warns, at each key's position in the file path, about the keys of map that are not in known
 * (NULL-terminated): "unknown key 'colour' in <where>". */
void value_map_warn_unknown_keys(const struct value *map, const char *const *known, const char *path,
				 const char *where, struct diag_list *diags);

/* Appends the text of a scalar: strings as they are, numbers in their shortest exact form, booleans as
 * "true"/"false"; null, lists and maps append nothing. */
void value_append_text(struct strbuf *sb, const struct value *v);

/* The kind's name for messages: "null", "boolean", "integer", "number", "string", "list", "map". */
const char *value_kind_name(enum value_kind kind);

/* Deep equality of two trees (positions are ignored; map order matters). */
bool value_equal(const struct value *a, const struct value *b);

#endif
