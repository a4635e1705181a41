/* The compiled form of a Mustache template, shared by the compiler (mustache_parse.c) and the renderer
 * (mustache.c). Not for use outside those two files. */
#ifndef JISITE_MUSTACHE_TREE_H
#define JISITE_MUSTACHE_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

enum mnode_kind {
	MNODE_TEXT,
	MNODE_VAR,      /* {{name}}: escaped */
	MNODE_RAW,      /* {{{name}}}, {{&name}} */
	MNODE_SECTION,  /* {{#name}} */
	MNODE_INVERTED, /* {{^name}} */
	MNODE_PARTIAL,  /* {{>name}} */
	MNODE_PARENT,   /* {{<name}}: children are the overriding blocks */
	MNODE_BLOCK     /* {{$name}}: children are the default (or overriding) content */
};

struct mslice {
	const char *p;
	size_t len;
};

/* A tag's name: "." (implicit iterator, nparts == 0) or dotted parts looked up one after another. */
struct mname {
	struct mslice *parts;
	size_t nparts;
};

struct mnode {
	enum mnode_kind kind;
	bool bol;     /* first thing on a line of the template: indentation is emitted before it */
	bool dynamic; /* partial or parent named through the context: {{>*name}} */
	bool standalone; /* the tag stood on a line of its own (with other non-interpolation tags at most) */
	unsigned line, col;
	struct mslice text;   /* MNODE_TEXT: the text; tags: the name as written, for messages */
	struct mname name;    /* lookups; for partials and parents, the dynamic name's parts */
	struct mslice indent; /* added to every line the tag expands to (partials, parents, blocks) */
	struct mnode *children;
	size_t nchildren, alloc;
};

struct mustache_template {
	struct arena arena; /* every node, name and the copy of the source */
	const char *path;
	struct mnode root; /* a MNODE_SECTION that is always rendered */
};

#endif
