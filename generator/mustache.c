/* Mustache renderer: walks a compiled template (mustache_parse.c) against a context stack of values.
 * Rendering reads the template and the values and writes only to the output buffer. */
#include "mustache.h"

#include <stdlib.h>
#include <string.h>

#include "mustache_tree.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* A parent tag being expanded, whose blocks override those of the templates it brings in. */
struct override {
	const struct mnode *parent;
	const char *path; /* the template the parent tag is written in */
};

struct render {
	struct strbuf *out;
	size_t out_start;
	const struct mustache_partials *partials;
	unsigned flags;
	struct diag_list *diags;
	const char *path; /* template of the nodes being rendered, for messages */
	const struct value **stack;
	size_t depth, stack_alloc;
	size_t base;     /* the depth of the stack given: what sections push comes above it */
	size_t sections; /* sections entered (each item of a list counts) */
	struct override *overrides; /* outermost first: the outermost override wins */
	size_t noverrides, overrides_alloc;
	struct strbuf indent;
	unsigned nesting; /* partials, parents and blocks expanded inside each other */
	struct strbuf scratch;
};

static int render_nodes(struct render *r, const struct mnode *nodes, size_t n);

void mustache_escape_html(struct strbuf *out, const char *s, size_t len)
{
	size_t start = 0;

	for (size_t i = 0; i < len; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		strbuf_add(out, s + start, i - start);
		strbuf_addstr(out, rep);
		start = i + 1;
	}
	strbuf_add(out, s + start, len - start);
}

static void push_context(struct render *r, const struct value *v)
{
	XGROW(r->stack, r->stack_alloc, r->depth + 1);
	r->stack[r->depth++] = v;
}

/*
 * Enters a section with v on top of the context stack. Sections open at once, counting those of the
 * templates around (partials, parents), stay within MUSTACHE_MAX_NESTING: each name is looked up through
 * all of them. And a render enters at most MUSTACHE_MAX_SECTIONS: sections of lists inside each other
 * multiply. Returns 0, or -1 after reporting at n.
 */
static int enter_section(struct render *r, const struct mnode *n, const struct value *v)
{
	size_t cut = utf8_shown(n->text.p, n->text.len, 100);

	if (r->depth - r->base >= MUSTACHE_MAX_NESTING) {
		diag_error(r->diags, r->path, n->line, n->col,
			   "section '%.*s%s' is nested more than %d levels deep, counting the templates around it",
			   (int)cut, n->text.p, cut < n->text.len ? "..." : "", MUSTACHE_MAX_NESTING);
		return -1;
	}
	if (++r->sections > MUSTACHE_MAX_SECTIONS) {
		diag_error(r->diags, r->path, n->line, n->col,
			   "section '%.*s%s' makes the page render more than %d sections: are lists' sections "
			   "nested in each other?", (int)cut, n->text.p, cut < n->text.len ? "..." : "",
			   MUSTACHE_MAX_SECTIONS);
		return -1;
	}
	push_context(r, v);
	return 0;
}

/* A map's key, or a list's element by its index: {{items.0.title}}, {{#items.0}} to test for a
 * non-empty list without iterating over it. */
static const struct value *child(const struct value *v, struct mslice part)
{
	size_t index = 0;

	if (v->kind != VALUE_LIST)
		return value_map_find(v, part.p, part.len);
	if (!part.len || part.len > 9)
		return NULL;
	for (size_t i = 0; i < part.len; i++) {
		if (part.p[i] < '0' || part.p[i] > '9')
			return NULL;
		index = index * 10 + (size_t)(part.p[i] - '0');
	}
	return index < v->u.list.len ? v->u.list.items[index] : NULL;
}

/* The first part of a dotted name is looked up through the whole stack, innermost first; the rest only
 * inside what the first part found. */
static const struct value *lookup(const struct render *r, const struct mname *name)
{
	const struct value *v = NULL;

	if (!name->nparts)
		return r->depth ? r->stack[r->depth - 1] : NULL;
	for (size_t i = r->depth; i-- > 0 && !v;)
		v = value_map_find(r->stack[i], name->parts[0].p, name->parts[0].len);
	for (size_t k = 1; k < name->nparts && v; k++)
		v = child(v, name->parts[k]);
	return v;
}

static bool truthy(const struct value *v)
{
	if (!v)
		return false;
	switch (v->kind) {
	case VALUE_NULL: return false;
	case VALUE_BOOL: return v->u.b;
	case VALUE_LIST: return v->u.list.len > 0;
	case VALUE_STRING: return v->u.str.len > 0;
	default: return true;
	}
}

static bool at_line_start(const struct render *r)
{
	return r->out->len == r->out_start || r->out->buf[r->out->len - 1] == '\n';
}

/* Indentation goes before a node that starts a template line, when the output is at the start of a line
 * too (a partial brought in mid-line does not indent its first line) and the line is not blank. */
static void emit_indent(struct render *r, const struct mnode *n)
{
	if (!n->bol || !r->indent.len || !at_line_start(r))
		return;
	if (n->kind == MNODE_TEXT && n->text.len &&
	    (n->text.p[0] == '\n' || (n->text.len > 1 && n->text.p[0] == '\r' && n->text.p[1] == '\n')))
		return;
	strbuf_addbuf(r->out, &r->indent);
}

static void render_value(struct render *r, const struct value *v, bool escape)
{
	if (!v)
		return;
	if (v->kind != VALUE_STRING) {
		strbuf_reset(&r->scratch);
		value_append_text(&r->scratch, v);
		v = NULL;
	}
	if (escape)
		mustache_escape_html(r->out, v ? v->u.str.ptr : r->scratch.buf, v ? v->u.str.len : r->scratch.len);
	else
		strbuf_add(r->out, v ? v->u.str.ptr : r->scratch.buf, v ? v->u.str.len : r->scratch.len);
}

static int render_section(struct render *r, const struct mnode *n)
{
	const struct value *v = lookup(r, &n->name);

	if (!truthy(v))
		return 0;
	if (v->kind == VALUE_LIST) {
		for (size_t i = 0; i < v->u.list.len; i++) {
			int ret;
			if (enter_section(r, n, v->u.list.items[i]))
				return -1;
			ret = render_nodes(r, n->children, n->nchildren);
			r->depth--;
			if (ret)
				return -1;
		}
		return 0;
	}
	if (enter_section(r, n, v))
		return -1;
	if (render_nodes(r, n->children, n->nchildren))
		return -1;
	r->depth--;
	return 0;
}

/* Renders nodes written in the template at path, with extra indentation, one include level deeper. */
static int render_included(struct render *r, const struct mnode *n, const char *path, const struct mnode *nodes,
			   size_t count)
{
	const char *saved_path = r->path;
	size_t saved_indent = r->indent.len;
	int ret;

	if (r->nesting >= MUSTACHE_MAX_DEPTH) {
		size_t cut = utf8_shown(n->text.p, n->text.len, 100);

		diag_error(r->diags, r->path, n->line, n->col,
			   "'%.*s%s' is expanded more than %d levels deep: does it include itself?", (int)cut, n->text.p,
			   cut < n->text.len ? "..." : "", MUSTACHE_MAX_DEPTH);
		return -1;
	}
	r->nesting++;
	strbuf_add(&r->indent, n->indent.p, n->indent.len);
	r->path = path;
	ret = render_nodes(r, nodes, count);
	r->path = saved_path;
	strbuf_setlen(&r->indent, saved_indent);
	r->nesting--;
	return ret;
}

/* The template a partial or parent tag names, directly or through the context ({{>*name}}).
 * Sets *t to NULL when nothing is to be rendered; returns -1 only for an error. */
static int find_template(struct render *r, const struct mnode *n, const struct mustache_template **t)
{
	const char *name = n->text.p;
	size_t len = n->text.len;

	*t = NULL;
	if (n->dynamic) {
		strbuf_reset(&r->scratch);
		value_append_text(&r->scratch, lookup(r, &n->name));
		if (!r->scratch.len)
			return 0; /* the specification: a name that resolves to nothing renders nothing */
		name = r->scratch.buf;
		len = r->scratch.len;
	}
	if (r->partials && r->partials->find)
		*t = r->partials->find(r->partials->ctx, name, len);
	if (!*t && (r->flags & MUSTACHE_STRICT_PARTIALS)) {
		size_t cut = utf8_shown(name, len, 100);

		diag_error(r->diags, r->path, n->line, n->col, "unknown %s '%.*s%s'",
			   n->kind == MNODE_PARENT ? "parent" : "partial", (int)cut, name, cut < len ? "..." : "");
		return -1;
	}
	return 0;
}

static int render_partial(struct render *r, const struct mnode *n)
{
	const struct mustache_template *t;

	if (find_template(r, n, &t))
		return -1;
	if (!t)
		return 0;
	return render_included(r, n, t->path, t->root.children, t->root.nchildren);
}

static int render_parent(struct render *r, const struct mnode *n)
{
	const struct mustache_template *t;
	int ret;

	if (find_template(r, n, &t))
		return -1;
	if (!t)
		return 0;
	XGROW(r->overrides, r->overrides_alloc, r->noverrides + 1);
	r->overrides[r->noverrides].parent = n;
	r->overrides[r->noverrides++].path = r->path;
	ret = render_included(r, n, t->path, t->root.children, t->root.nchildren);
	r->noverrides--;
	return ret;
}

static int render_block(struct render *r, const struct mnode *n)
{
	for (size_t i = 0; i < r->noverrides; i++) {
		const struct mnode *p = r->overrides[i].parent;
		for (size_t k = 0; k < p->nchildren; k++) {
			const struct mnode *b = &p->children[k];
			if (b->text.len == n->text.len && !memcmp(b->text.p, n->text.p, n->text.len))
				return render_included(r, n, r->overrides[i].path, b->children, b->nchildren);
		}
	}
	return render_included(r, n, r->path, n->children, n->nchildren);
}

static int render_nodes(struct render *r, const struct mnode *nodes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct mnode *node = &nodes[i];
		int ret = 0;

		emit_indent(r, node);
		switch (node->kind) {
		case MNODE_TEXT:
			strbuf_add(r->out, node->text.p, node->text.len);
			break;
		case MNODE_VAR:
		case MNODE_RAW:
			render_value(r, lookup(r, &node->name), node->kind == MNODE_VAR);
			break;
		case MNODE_SECTION:
			ret = render_section(r, node);
			break;
		case MNODE_INVERTED:
			if (!truthy(lookup(r, &node->name)))
				ret = render_nodes(r, node->children, node->nchildren);
			break;
		case MNODE_PARTIAL:
			ret = render_partial(r, node);
			break;
		case MNODE_PARENT:
			ret = render_parent(r, node);
			break;
		case MNODE_BLOCK:
			ret = render_block(r, node);
			break;
		}
		if (ret)
			return -1;
	}
	return 0;
}

int mustache_render_stack(struct strbuf *out, const struct mustache_template *t, const struct value *const *stack,
			  size_t n, const struct mustache_partials *partials, unsigned flags, struct diag_list *diags)
{
	struct render r = { 0 };
	int ret;

	r.out = out;
	r.out_start = out->len;
	r.partials = partials;
	r.flags = flags;
	r.diags = diags;
	r.path = t->path;
	strbuf_init(&r.indent, 0);
	strbuf_init(&r.scratch, 0);
	for (size_t i = 0; i < n; i++)
		push_context(&r, stack[i]);
	r.base = r.depth;
	ret = render_nodes(&r, t->root.children, t->root.nchildren);
	free(r.stack);
	free(r.overrides);
	strbuf_release(&r.indent);
	strbuf_release(&r.scratch);
	return ret;
}

int mustache_render(struct strbuf *out, const struct mustache_template *t, const struct value *data,
		    const struct mustache_partials *partials, unsigned flags, struct diag_list *diags)
{
	return mustache_render_stack(out, t, &data, data ? 1 : 0, partials, flags, diags);
}

static int check_nodes(const struct mustache_template *t, const struct mnode *nodes, size_t n,
		       const struct mustache_partials *partials, struct diag_list *diags)
{
	int ret = 0;

	for (size_t i = 0; i < n; i++) {
		const struct mnode *c = &nodes[i];
		if ((c->kind == MNODE_PARTIAL || c->kind == MNODE_PARENT) && !c->dynamic &&
		    !(partials && partials->find && partials->find(partials->ctx, c->text.p, c->text.len))) {
			size_t cut = utf8_shown(c->text.p, c->text.len, 100);

			diag_error(diags, t->path, c->line, c->col, "unknown %s '%.*s%s'",
				   c->kind == MNODE_PARENT ? "parent" : "partial", (int)cut, c->text.p,
				   cut < c->text.len ? "..." : "");
			ret = -1;
		}
		if (check_nodes(t, c->children, c->nchildren, partials, diags))
			ret = -1;
	}
	return ret;
}

int mustache_check_partials(const struct mustache_template *t, const struct mustache_partials *partials,
			    struct diag_list *diags)
{
	return check_nodes(t, t->root.children, t->root.nchildren, partials, diags);
}
