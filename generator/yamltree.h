/* YAML → value tree, through libyaml, with a position on every node and bounds on what input may cost.
 *
 * The only module that includes <yaml.h>. Scalars resolve as in YAML 1.2's core schema: plain `null`, `~`
 * and empty are null; `true`/`false` (and their capitalised forms) booleans; decimal, 0o and 0x integers;
 * decimal floats, `.inf` and `.nan`; everything else, and every quoted scalar, a string. Explicit tags
 * `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map`, `!!seq` are honoured; other tags are errors.
 * Aliases share the anchored node (no copy), but the nodes they stand for are counted against
 * max_nodes, so a "billion laughs" document is an error, not an explosion later.
 */
#ifndef JISITE_YAMLTREE_H
#define JISITE_YAMLTREE_H

#include <stddef.h>

#include "util/arena.h"
#include "util/diag.h"
#include "value.h"

struct yamltree_limits {
	size_t max_bytes; /* input larger than this is an error before parsing */
	size_t max_depth; /* nesting of lists and maps */
	size_t max_nodes; /* nodes in the tree, counting every node an alias stands for */
};

/* Defaults for content files: 1 MiB, depth 64, 100,000 nodes. */
extern const struct yamltree_limits yamltree_default_limits;

/*
 * Loads the single YAML document in text[0..len) into *out (owned by arena a; a null value for an empty
 * document). path names the file in diagnostics; line_offset is added to libyaml's lines, so a document
 * that starts at line 2 of a file (front matter) reports file lines. A scalar key is its text as written
 * (`1:` is the key "1"); duplicate keys, list or map keys, more than one document, invalid UTF-8 and every
 * bound are errors with a position. limits may be NULL for the defaults.
 * Returns 0, or -1 after adding at least one error to diags (*out is then NULL).
 */
int yamltree_load(struct value **out, struct arena *a, const char *path, const char *text, size_t len,
		  unsigned line_offset, const struct yamltree_limits *limits, struct diag_list *diags);

/* As yamltree_load; when loading fails but the document was read to its end (a number out of range, a
 * duplicate key, an unsupported tag: each bad value is kept as its text), *salvaged is the tree, otherwise
 * NULL. Enough for the rest of a file to be checked against its schema in the same run. */
int yamltree_load_salvage(struct value **out, struct value **salvaged, struct arena *a, const char *path,
			  const char *text, size_t len, unsigned line_offset, const struct yamltree_limits *limits,
			  struct diag_list *diags);

/* Reads the file at path and loads it as yamltree_load does (line_offset 0). A file that cannot be read is
 * an error at line 0. Returns 0 or -1. */
int yamltree_load_file(struct value **out, struct arena *a, const char *path,
		       const struct yamltree_limits *limits, struct diag_list *diags);

#endif
