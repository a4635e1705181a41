/* Mustache compiler: template text → node tree (see mustache.h, mustache_tree.h).
 * Three passes: tokenise (following delimiter changes), apply the standalone-line rules, build the tree;
 * then blocks are re-indented as the inheritance module asks. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mustache.h"
#include "mustache_tree.h"
#include "util/bytes.h"
#include "util/utf8.h"
#include "util/xalloc.h"

struct token {
	char type; /* 0 for text, else the sigil: 'v' (plain variable) { & # ^ / ! > < $ = */
	bool bol;        /* first token of its line */
	bool removed;    /* whitespace of a standalone line */
	bool standalone; /* a tag on a standalone line */
	unsigned line, col;
	struct mslice text;   /* the text, or the tag's content without sigil and padding */
	struct mslice indent; /* for the first tag of a standalone line: the whitespace before it */
};

struct parser {
	struct mustache_template *t;
	const char *src;
	size_t len;
	struct diag_list *diags;
	int failed;
	/* where line and col were last computed, so positions cost O(n) over the whole template */
	size_t at;
	unsigned line, col;
	struct token *toks;
	size_t ntoks, alloc;
};

/* p[0..len) as messages quote it, malloc'd: at most 100 bytes, "..." marking a cut (a tag can be a megabyte
 * long). */
static char *cut_copy(const char *p, size_t len)
{
	size_t n = utf8_shown(p, len, 100);
	char *s = xmalloc(n + 4);

	memcpy(s, p, n);
	memcpy(s + n, n < len ? "..." : "", n < len ? 4 : 1);
	return s;
}

static void position_of(struct parser *ps, size_t pos, unsigned *line, unsigned *col)
{
	for (; ps->at < pos; ps->at++) {
		unsigned char c = (unsigned char)ps->src[ps->at];
		if (c == '\n') {
			ps->line++;
			ps->col = 1;
		} else if ((c & 0xC0) != 0x80) {
			ps->col++; /* columns count characters: UTF-8 continuation bytes add nothing */
		}
	}
	*line = ps->line;
	*col = ps->col;
}

__attribute__((format(printf, 4, 5)))
static void parse_error(struct parser *ps, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(ps->diags, DIAG_ERROR, ps->t->path, line, col, fmt, ap);
	va_end(ap);
	ps->failed = 1;
}

static struct token *push_token(struct parser *ps, char type, const char *p, size_t len)
{
	struct token *tok;

	XGROW(ps->toks, ps->alloc, ps->ntoks + 1);
	tok = &ps->toks[ps->ntoks++];
	memset(tok, 0, sizeof(*tok));
	tok->type = type;
	tok->text.p = p;
	tok->text.len = len;
	return tok;
}

/* Text becomes one token per line piece, each ending at a newline, so lines are runs of tokens. */
static void push_text(struct parser *ps, size_t from, size_t to)
{
	while (from < to) {
		const char *nl = memchr(ps->src + from, '\n', to - from);
		size_t end = nl ? (size_t)(nl - ps->src) + 1 : to;
		push_token(ps, 0, ps->src + from, end - from);
		from = end;
	}
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int is_space(char c)
{
	return is_blank(c) || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static struct mslice trim(const char *p, size_t len)
{
	struct mslice s = { p, len };

	while (s.len && is_space(s.p[0])) {
		s.p++;
		s.len--;
	}
	while (s.len && is_space(s.p[s.len - 1]))
		s.len--;
	return s;
}

/* {{=<% %>=}}: two delimiters, neither empty nor holding whitespace or '='. */
static int set_delimiters(struct parser *ps, struct mslice content, struct mslice *otag, struct mslice *ctag,
			  unsigned line, unsigned col)
{
	size_t i = 0;
	struct mslice d[2];

	for (int k = 0; k < 2; k++) {
		while (i < content.len && is_space(content.p[i]))
			i++;
		d[k].p = content.p + i;
		while (i < content.len && !is_space(content.p[i]) && content.p[i] != '=')
			i++;
		d[k].len = (size_t)(content.p + i - d[k].p);
	}
	while (i < content.len && is_space(content.p[i]))
		i++;
	if (!d[0].len || !d[1].len || i != content.len) {
		char *shown = cut_copy(content.p, content.len);
		parse_error(ps, line, col,
			    "invalid delimiter change '%s': give two delimiters separated by a space, "
			    "like {{=<%% %%>=}}", shown);
		free(shown);
		return -1;
	}
	*otag = d[0];
	*ctag = d[1];
	return 0;
}

static int is_sigil(char c)
{
	return c && strchr("{&#^/!><$=", c) != NULL;
}

static int tokenize(struct parser *ps)
{
	struct mslice otag = { "{{", 2 }, ctag = { "}}", 2 };
	size_t pos = 0;

	while (pos < ps->len) {
		const char *open = bytes_find(ps->src + pos, ps->len - pos, otag.p, otag.len);
		size_t start, p, close_at, close_len;
		const char *close;
		struct token *tok;
		unsigned line, col;
		char sigil, closer[2] = { 0, 0 };

		if (!open) {
			push_text(ps, pos, ps->len);
			break;
		}
		start = (size_t)(open - ps->src);
		push_text(ps, pos, start);
		position_of(ps, start, &line, &col);
		p = start + otag.len;
		while (p < ps->len && is_blank(ps->src[p]))
			p++;
		sigil = p < ps->len && is_sigil(ps->src[p]) ? ps->src[p++] : 'v';
		/* Triple mustaches and delimiter changes close with their own character before the delimiter. */
		closer[0] = sigil == '{' ? '}' : sigil == '=' ? '=' : 0;
		close = NULL;
		for (size_t from = p; from < ps->len;) {
			const char *c = bytes_find(ps->src + from, ps->len - from, ctag.p, ctag.len);
			if (!c)
				break;
			if (!closer[0] || (c > ps->src + p && c[-1] == closer[0])) {
				close = c;
				break;
			}
			from = (size_t)(c - ps->src) + 1;
		}
		if (!close) {
			char *o = cut_copy(otag.p, otag.len), *cl = cut_copy(ctag.p, ctag.len);
			parse_error(ps, line, col, "tag opened with '%s' here is never closed with '%s'", o, cl);
			free(o);
			free(cl);
			return -1;
		}
		close_at = (size_t)(close - ps->src) - (closer[0] ? 1 : 0);
		close_len = ctag.len + (closer[0] ? 1 : 0);
		tok = push_token(ps, sigil, NULL, 0);
		tok->line = line;
		tok->col = col;
		tok->text = trim(ps->src + p, close_at - p);
		pos = close_at + close_len;
		if (sigil == '=' && set_delimiters(ps, tok->text, &otag, &ctag, line, col))
			return -1;
	}
	return 0;
}

static int is_interpolation(char type)
{
	return type == 'v' || type == '{' || type == '&';
}

/* Whitespace, optionally ending in "\n" or "\r\n". */
static int is_blank_line_piece(struct mslice s)
{
	size_t n = s.len;

	if (n && s.p[n - 1] == '\n') {
		n--;
		if (n && s.p[n - 1] == '\r')
			n--;
	}
	for (size_t i = 0; i < n; i++)
		if (!is_blank(s.p[i]))
			return 0;
	return 1;
}

/* A line holding nothing but whitespace and tags that are not interpolations is standalone: its
 * whitespace and line ending go, and the whitespace before the first tag becomes that tag's indentation. */
static void mark_line(struct token *first, struct token *end)
{
	int tags = 0, standalone = 1;

	for (struct token *t = first; t < end && standalone; t++) {
		if (!t->type)
			standalone = is_blank_line_piece(t->text);
		else if (is_interpolation(t->type))
			standalone = 0;
		else
			tags++;
	}
	if (!standalone || !tags) {
		first->bol = true;
		return;
	}
	for (struct token *t = first; t < end; t++) {
		if (!t->type)
			t->removed = true;
		else
			t->standalone = true;
	}
	if (!first->type && first + 1 < end)
		first[1].indent = first->text;
}

static void mark_standalone_lines(struct parser *ps)
{
	size_t i = 0;

	while (i < ps->ntoks) {
		size_t j = i;
		while (j < ps->ntoks) {
			struct token *t = &ps->toks[j++];
			if (!t->type && t->text.p[t->text.len - 1] == '\n')
				break;
		}
		mark_line(&ps->toks[i], &ps->toks[j]);
		i = j;
	}
}

static struct mnode *add_child(struct mustache_template *t, struct mnode *parent, enum mnode_kind kind)
{
	struct mnode *n;

	ARENA_GROW(&t->arena, parent->children, parent->alloc, parent->nchildren + 1);
	n = &parent->children[parent->nchildren++];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	return n;
}

/* "a.b.c" → parts; "." → no parts (the implicit iterator). */
static int parse_name(struct parser *ps, const struct token *tok, struct mslice text, struct mname *name)
{
	size_t n = 1;
	const char *p, *end = text.p + text.len;
	char *shown;

	name->parts = NULL;
	name->nparts = 0;
	if (text.len == 1 && text.p[0] == '.')
		return 0;
	for (size_t i = 0; i < text.len; i++) {
		if (is_space(text.p[i]))
			goto bad;
		n += text.p[i] == '.';
	}
	name->parts = arena_alloc(&ps->t->arena, n * sizeof(*name->parts));
	for (p = text.p; p <= end; p++) {
		const char *dot = memchr(p, '.', (size_t)(end - p));
		const char *stop = dot ? dot : end;
		if (stop == p)
			goto bad;
		name->parts[name->nparts].p = p;
		name->parts[name->nparts++].len = (size_t)(stop - p);
		p = stop;
	}
	return 0;
bad:
	shown = cut_copy(text.p, text.len);
	parse_error(ps, tok->line, tok->col, "'%s' is not a valid name: names are words joined by dots, like page.title",
		    shown);
	free(shown);
	return -1;
}

/* Names a node by the tag's content; partials and parents may name themselves through the context. */
static int name_node(struct parser *ps, const struct token *tok, struct mnode *n)
{
	struct mslice text = tok->text;

	n->line = tok->line;
	n->col = tok->col;
	if (!text.len) {
		char sig[2] = { tok->type == 'v' ? 0 : tok->type, 0 };
		parse_error(ps, tok->line, tok->col, "empty tag '{{%s}}': a name is missing", sig);
		return -1;
	}
	if ((tok->type == '>' || tok->type == '<') && text.p[0] == '*') {
		n->dynamic = true;
		text = trim(text.p + 1, text.len - 1);
	}
	n->text = text;
	if (n->kind == MNODE_VAR || n->kind == MNODE_RAW || n->kind == MNODE_SECTION ||
	    n->kind == MNODE_INVERTED || n->dynamic)
		return parse_name(ps, tok, text, &n->name);
	for (size_t i = 0; i < text.len; i++) {
		if (is_space(text.p[i])) {
			char *shown = cut_copy(text.p, text.len);
			parse_error(ps, tok->line, tok->col, "'%s' is not a valid name: it contains a space", shown);
			free(shown);
			return -1;
		}
	}
	return 0;
}

static const char *kind_word(enum mnode_kind kind)
{
	switch (kind) {
	case MNODE_SECTION: return "section";
	case MNODE_INVERTED: return "inverted section";
	case MNODE_PARENT: return "parent";
	case MNODE_BLOCK: return "block";
	default: return "tag";
	}
}

struct open_stack {
	struct mnode **items;
	size_t len, alloc;
};

/* {{/name}}: closes the innermost open section, parent or block, which must have the same name. */
static int close_node(struct parser *ps, struct open_stack *st, const struct token *tok, const struct token *next)
{
	struct mnode *open = st->items[st->len - 1], probe = { .kind = MNODE_PARTIAL };
	struct token as_named = *tok;
	char *name, *shown;
	char where[48];

	as_named.type = open->kind == MNODE_PARENT ? '<' : '/';
	if (name_node(ps, &as_named, &probe))
		return -1;
	name = cut_copy(probe.text.p, probe.text.len);
	if (st->len == 1) {
		parse_error(ps, tok->line, tok->col, "closing tag '{{/%s}}' has no opening tag", name);
		free(name);
		return -1;
	}
	if (probe.dynamic != open->dynamic || probe.text.len != open->text.len ||
	    memcmp(probe.text.p, open->text.p, probe.text.len)) {
		shown = cut_copy(open->text.p, open->text.len);
		snprintf(where, sizeof(where), " opened at %u:%u", open->line, open->col);
		parse_error(ps, tok->line, tok->col, "closing tag '{{/%s}}' does not match %s '%s'%s", name,
			    kind_word(open->kind), shown, where);
		free(shown);
		free(name);
		return -1;
	}
	free(name);
	st->len--;
	/* A block passed to a parent whose content starts on a line of its own ends its last line with the
	 * newline after its closing tag, which would otherwise be dropped with everything else in the parent
	 * that is not a block (the specification's "Standalone block" case). */
	if (open->kind == MNODE_BLOCK && open->standalone && st->items[st->len - 1]->kind == MNODE_PARENT &&
	    !tok->standalone &&
	    next && !next->type && is_blank_line_piece(next->text) && next->text.p[next->text.len - 1] == '\n') {
		struct mnode *nl = add_child(ps->t, open, MNODE_TEXT);
		const char *p = next->text.p + next->text.len - 1;
		if (p > next->text.p && p[-1] == '\r')
			p--;
		nl->text.p = p;
		nl->text.len = (size_t)(next->text.p + next->text.len - p);
	}
	if (open->kind == MNODE_PARENT) {
		/* Only blocks matter inside a parent tag; the rest is dropped. */
		size_t keep = 0;
		for (size_t i = 0; i < open->nchildren; i++)
			if (open->children[i].kind == MNODE_BLOCK)
				open->children[keep++] = open->children[i];
		open->nchildren = keep;
	}
	return 0;
}

static enum mnode_kind node_kind(char type)
{
	switch (type) {
	case 0: return MNODE_TEXT;
	case '{': case '&': return MNODE_RAW;
	case '#': return MNODE_SECTION;
	case '^': return MNODE_INVERTED;
	case '>': return MNODE_PARTIAL;
	case '<': return MNODE_PARENT;
	case '$': return MNODE_BLOCK;
	default: return MNODE_VAR;
	}
}

static int build_tree(struct parser *ps)
{
	struct open_stack st = { NULL, 0, 0 };
	bool pending_bol = false;
	int ret = -1;

	XGROW(st.items, st.alloc, 1);
	st.items[st.len++] = &ps->t->root;
	for (size_t i = 0; i < ps->ntoks; i++) {
		struct token *tok = &ps->toks[i];
		struct mnode *n;

		if (tok->removed)
			continue;
		if (tok->type == '!' || tok->type == '=' || tok->type == '/') {
			/* Emits nothing: the next node on the line inherits its place at the start of the line. */
			pending_bol = pending_bol || tok->bol;
			if (tok->type == '/' &&
			    close_node(ps, &st, tok, i + 1 < ps->ntoks ? &ps->toks[i + 1] : NULL))
				goto cleanup;
			continue;
		}
		n = add_child(ps->t, st.items[st.len - 1], node_kind(tok->type));
		n->bol = tok->bol || pending_bol;
		pending_bol = false;
		n->indent = tok->indent;
		n->standalone = tok->standalone;
		if (!tok->type) {
			n->text = tok->text;
			continue;
		}
		if (name_node(ps, tok, n))
			goto cleanup;
		if (n->kind == MNODE_SECTION || n->kind == MNODE_INVERTED || n->kind == MNODE_PARENT ||
		    n->kind == MNODE_BLOCK) {
			/* rendering and re-indenting recurse once per level */
			if (st.len > MUSTACHE_MAX_NESTING) {
				char *name = cut_copy(n->text.p, n->text.len);
				parse_error(ps, n->line, n->col, "%s '%s' is nested more than %d levels deep",
					    kind_word(n->kind), name, MUSTACHE_MAX_NESTING);
				free(name);
				goto cleanup;
			}
			XGROW(st.items, st.alloc, st.len + 1);
			st.items[st.len++] = n;
		}
	}
	if (st.len > 1) {
		struct mnode *open = st.items[st.len - 1];
		char *name = cut_copy(open->text.p, open->text.len);
		parse_error(ps, open->line, open->col, "%s '%s' opened here is never closed", kind_word(open->kind),
			    name);
		free(name);
		goto cleanup;
	}
	ret = 0;
cleanup:
	free(st.items);
	return ret;
}

/* The first line of content a block starts with, skipping blank lines; NULL when there is none. */
static const struct mnode *first_line(const struct mnode *nodes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct mnode *c = &nodes[i], *found;
		/* a text left empty by outdenting is followed by a tag on its line: not a blank line */
		if (c->bol && !(c->kind == MNODE_TEXT && c->text.len && is_blank_line_piece(c->text) &&
				c->text.p[c->text.len - 1] == '\n'))
			return c;
		found = first_line(c->children, c->nchildren);
		if (found)
			return found;
	}
	return NULL;
}

static void strip_prefix(struct mslice *s, struct mslice prefix)
{
	size_t k = 0;

	while (k < prefix.len && k < s->len && s->p[k] == prefix.p[k])
		k++;
	if (k) {
		s->p += k;
		s->len -= k;
	}
}

/* Removes a block's own indentation from every line inside it. */
static void outdent(struct mnode *nodes, size_t n, struct mslice prefix)
{
	for (size_t i = 0; i < n; i++) {
		struct mnode *c = &nodes[i];
		if (c->bol && c->kind == MNODE_TEXT)
			strip_prefix(&c->text, prefix);
		strip_prefix(&c->indent, prefix);
		outdent(c->children, c->nchildren, prefix);
	}
}

/* The leading spaces and tabs of s. */
static struct mslice leading_blanks(struct mslice s)
{
	struct mslice r = { s.p, 0 };

	while (r.len < s.len && is_blank(s.p[r.len]))
		r.len++;
	return r;
}

/* A block whose opening tag stands alone takes the indentation of its first line of content as its own:
 * removed where the block is written and added where it is expanded, so a block moves between templates
 * of different indentation and keeps its shape. Top-down, so nested blocks see their content already
 * outdented by the blocks around them. */
static void reindent_blocks(struct mnode *nodes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct mnode *c = &nodes[i];

		if (c->kind == MNODE_BLOCK && c->standalone) {
			const struct mnode *first = first_line(c->children, c->nchildren);
			struct mslice own = first && first->kind == MNODE_TEXT ? leading_blanks(first->text)
									     : (struct mslice){ NULL, 0 };
			if (own.len) {
				outdent(c->children, c->nchildren, own);
				c->indent = own;
			}
		}
		reindent_blocks(c->children, c->nchildren);
	}
}

struct mustache_template *mustache_compile(const char *path, const char *src, size_t len, struct diag_list *diags)
{
	struct mustache_template *t = xcalloc(1, sizeof(*t));
	struct parser ps = { 0 };

	arena_init(&t->arena);
	t->path = arena_memdup0(&t->arena, path, strlen(path));
	t->root.kind = MNODE_SECTION;
	ps.t = t;
	ps.src = arena_memdup0(&t->arena, src, len);
	ps.len = len;
	ps.diags = diags;
	ps.line = ps.col = 1;
	if (!tokenize(&ps)) {
		mark_standalone_lines(&ps);
		build_tree(&ps);
	}
	free(ps.toks);
	if (ps.failed) {
		mustache_free(t);
		return NULL;
	}
	reindent_blocks(t->root.children, t->root.nchildren);
	return t;
}

void mustache_free(struct mustache_template *t)
{
	if (!t)
		return;
	arena_release(&t->arena);
	free(t);
}

const char *mustache_path(const struct mustache_template *t)
{
	return t->path;
}
