/* Unit tests of YAML loading: core-schema typing, tags, positions, aliases, every bound, and the exact
 * diagnostics for broken input (syntax, encoding, duplicates), several of them in one run. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/strbuf.h"
#include "yamltree.h"

struct fixture {
	struct arena arena;
	struct diag_list diags;
	struct value *v;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	arena_init(&f->arena);
	diag_list_init(&f->diags);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	arena_release(&f->arena);
	diag_list_release(&f->diags);
	free(f);
	return 0;
}

static int load_with(struct fixture *f, const char *text, size_t len, unsigned line_offset,
		     const struct yamltree_limits *lim)
{
	return yamltree_load(&f->v, &f->arena, "t.yaml", text, len, line_offset, lim, &f->diags);
}

/* Loads text that must be valid. */
static struct value *load_ok(struct fixture *f, const char *text)
{
	int rc = load_with(f, text, strlen(text), 0, NULL);

	if (rc)
		diag_print(stderr, &f->diags);
	assert_int_equal(rc, 0);
	assert_int_equal(f->diags.len, 0);
	assert_non_null(f->v);
	return f->v;
}

/* Loads text that must fail, and checks *out is NULL. */
static void load_bad(struct fixture *f, const char *text, size_t len, unsigned line_offset,
		     const struct yamltree_limits *lim)
{
	f->v = (struct value *)1; /* must be overwritten */
	assert_int_equal(load_with(f, text, len, line_offset, lim), -1);
	assert_null(f->v);
	assert_true(diag_errors(&f->diags) >= 1);
}

/* Diagnostic i, formatted as it would be printed. */
static void assert_diag(const struct fixture *f, size_t i, const char *expected)
{
	char *got;

	assert_true(i < f->diags.len);
	got = diag_format(&f->diags.items[i]);
	assert_string_equal(got, expected);
	free(got);
}

static void assert_str(const struct value *v, const char *s)
{
	assert_non_null(v);
	assert_int_equal(v->kind, VALUE_STRING);
	assert_int_equal(v->u.str.len, strlen(s));
	assert_memory_equal(v->u.str.ptr, s, strlen(s));
	assert_int_equal(v->u.str.ptr[v->u.str.len], '\0');
}

static void assert_int(const struct value *v, int64_t i)
{
	assert_non_null(v);
	assert_int_equal(v->kind, VALUE_INT);
	assert_true(v->u.i == i);
}

static void assert_float(const struct value *v, double d)
{
	assert_non_null(v);
	assert_int_equal(v->kind, VALUE_FLOAT);
	assert_true(v->u.f == d);
}

static void assert_pos(const struct value *v, unsigned line, unsigned col)
{
	assert_non_null(v);
	assert_int_equal(v->line, line);
	assert_int_equal(v->col, col);
}

static const struct value *item(const struct value *list, size_t i)
{
	assert_non_null(list);
	assert_int_equal(list->kind, VALUE_LIST);
	assert_true(i < list->u.list.len);
	return list->u.list.items[i];
}

static void test_null_and_bool(void **state)
{
	struct fixture *f = *state;
	const struct value *v = load_ok(f, "- ~\n- null\n- Null\n- NULL\n-\n- true\n- True\n- TRUE\n"
					   "- false\n- False\n- FALSE\n- nULL\n- yes\n- on\n- tRUE\n");

	for (size_t i = 0; i < 5; i++)
		assert_int_equal(item(v, i)->kind, VALUE_NULL);
	for (size_t i = 5; i < 11; i++) {
		assert_int_equal(item(v, i)->kind, VALUE_BOOL);
		assert_int_equal(item(v, i)->u.b, i < 8);
	}
	/* YAML 1.1's yes/on and odd capitalisations are text under the 1.2 core schema. */
	assert_str(item(v, 11), "nULL");
	assert_str(item(v, 12), "yes");
	assert_str(item(v, 13), "on");
	assert_str(item(v, 14), "tRUE");
}

static void test_ints(void **state)
{
	struct fixture *f = *state;
	const struct value *v = load_ok(f, "[0, 42, -17, +8, 0123, 0o17, 0x1F, 0xff, 9223372036854775807, "
					   "-9223372036854775808, 0o, 0x, 0o8, 0xG, -0x1F, 1_000, 12a]");

	assert_int(item(v, 0), 0);
	assert_int(item(v, 1), 42);
	assert_int(item(v, 2), -17);
	assert_int(item(v, 3), 8);
	assert_int(item(v, 4), 123); /* the core schema has no leading-zero octal */
	assert_int(item(v, 5), 15);
	assert_int(item(v, 6), 31);
	assert_int(item(v, 7), 255);
	assert_int(item(v, 8), INT64_MAX);
	assert_int(item(v, 9), INT64_MIN);
	assert_str(item(v, 10), "0o");
	assert_str(item(v, 11), "0x");
	assert_str(item(v, 12), "0o8");
	assert_str(item(v, 13), "0xG");
	assert_str(item(v, 14), "-0x1F");
	assert_str(item(v, 15), "1_000");
	assert_str(item(v, 16), "12a");
}

static void test_floats(void **state)
{
	struct fixture *f = *state;
	const struct value *v = load_ok(f, "[1.210, .5, -.5, 1., 1e3, 2.5E-2, +1.5e+2, .inf, -.Inf, +.INF, .nan, "
					   ".NaN, 1e-400, ., 1e, e3, .e3, 1.2.3, -.nan, .infinity, 1,5]");

	assert_float(item(v, 0), 1.21);
	assert_float(item(v, 1), 0.5);
	assert_float(item(v, 2), -0.5);
	assert_float(item(v, 3), 1.0);
	assert_float(item(v, 4), 1000.0);
	assert_float(item(v, 5), 0.025);
	assert_float(item(v, 6), 150.0);
	assert_float(item(v, 7), INFINITY);
	assert_float(item(v, 8), -INFINITY);
	assert_float(item(v, 9), INFINITY);
	assert_int_equal(item(v, 10)->kind, VALUE_FLOAT);
	assert_true(isnan(item(v, 10)->u.f));
	assert_true(isnan(item(v, 11)->u.f));
	assert_float(item(v, 12), 0.0); /* underflow reads as zero, not an error */
	assert_str(item(v, 13), ".");
	assert_str(item(v, 14), "1e");
	assert_str(item(v, 15), "e3");
	assert_str(item(v, 16), ".e3");
	assert_str(item(v, 17), "1.2.3");
	assert_str(item(v, 18), "-.nan");
	assert_str(item(v, 19), ".infinity");
	assert_int(item(v, 20), 1); /* a flow list: "1,5" is two items */
	assert_int(item(v, 21), 5);
}

static void test_strings(void **state)
{
	struct fixture *f = *state;
	const struct value *v = load_ok(f, "- \"123\"\n- 'true'\n- ''\n- \"~\"\n- 2024-05-01\n- hello world\n"
					   "- |\n  null\n- >\n  1.5\n- \"a\\0b\"\n- caf\xc3\xa9\n");

	assert_str(item(v, 0), "123");
	assert_str(item(v, 1), "true");
	assert_str(item(v, 2), "");
	assert_str(item(v, 3), "~");
	assert_str(item(v, 4), "2024-05-01");
	assert_str(item(v, 5), "hello world");
	assert_str(item(v, 6), "null\n");
	assert_str(item(v, 7), "1.5\n");
	/* An escaped NUL stays inside the string: len counts it. */
	assert_int_equal(item(v, 8)->kind, VALUE_STRING);
	assert_int_equal(item(v, 8)->u.str.len, 3);
	assert_memory_equal(item(v, 8)->u.str.ptr, "a\0b", 4);
	assert_str(item(v, 9), "caf\xc3\xa9");
}

static void test_out_of_range_numbers(void **state)
{
	struct fixture *f = *state;
	const char *text = "a: 9223372036854775808\nb: -9223372036854775809\nc: 0x8000000000000000\nd: 1e999\n"
			   "e: !!int 99999999999999999999\n";

	load_bad(f, text, strlen(text), 0, NULL);
	assert_int_equal(f->diags.len, 5);
	assert_diag(f, 0, "t.yaml:1:4: error: integer '9223372036854775808' is out of range");
	assert_diag(f, 1, "t.yaml:2:4: error: integer '-9223372036854775809' is out of range");
	assert_diag(f, 2, "t.yaml:3:4: error: integer '0x8000000000000000' is out of range");
	assert_diag(f, 3, "t.yaml:4:4: error: float '1e999' is out of range");
	assert_diag(f, 4, "t.yaml:5:4: error: integer '99999999999999999999' is out of range");
}

static void test_key_order_and_key_text(void **state)
{
	struct fixture *f = *state;
	const struct value *v = load_ok(f, "zeta: 1\nalpha: 2\nmid: 3\n1: one\ntrue: yes\n~: tilde\n'q': quoted\n"
					   "<<: {merge: no}\n0x10: hex\n");
	static const char *const keys[] = { "zeta", "alpha", "mid", "1", "true", "~", "q", "<<", "0x10" };

	assert_int_equal(v->kind, VALUE_MAP);
	assert_int_equal(v->u.map.len, 9);
	for (size_t i = 0; i < 9; i++)
		assert_str(v->u.map.entries[i].key, keys[i]);
	assert_int(value_map_get(v, "alpha"), 2);
	assert_str(value_map_get(v, "1"), "one");
	assert_str(value_map_get(v, "true"), "yes");
	assert_str(value_map_get(v, "~"), "tilde");
	/* A merge key is an ordinary key: nothing is merged into the outer map. */
	assert_null(value_map_get(v, "merge"));
	assert_int_equal(value_map_get(v, "<<")->kind, VALUE_MAP);
	assert_str(value_map_get(v, "0x10"), "hex");
}

static void test_positions(void **state)
{
	struct fixture *f = *state;
	const char *text = "title: Hello\nlist:\n  - a\n  - {k: v, n: 12}\nnested:\n  deeper:\n    x: [1, \"two\"]\n"
			   "caf\xc3\xa9: \xc3\xa9t\xc3\xa9 x\n";
	const struct value *v, *list, *m, *x;

	/* Front matter: the YAML starts on line 2 of the file. */
	assert_int_equal(load_with(f, text, strlen(text), 1, NULL), 0);
	v = f->v;
	assert_pos(v, 2, 1);
	assert_pos(v->u.map.entries[0].key, 2, 1);
	assert_pos(v->u.map.entries[0].val, 2, 8);
	list = value_map_get(v, "list");
	assert_pos(v->u.map.entries[1].key, 3, 1);
	assert_pos(list, 4, 3);
	assert_pos(item(list, 0), 4, 5);
	m = item(list, 1);
	assert_pos(m, 5, 5);
	assert_pos(m->u.map.entries[0].key, 5, 6);
	assert_pos(m->u.map.entries[0].val, 5, 9);
	assert_pos(m->u.map.entries[1].key, 5, 12);
	assert_pos(m->u.map.entries[1].val, 5, 15);
	x = value_map_get(value_map_get(value_map_get(v, "nested"), "deeper"), "x");
	assert_pos(value_map_get(v, "nested"), 7, 3);
	assert_pos(x, 8, 8);
	assert_pos(item(x, 0), 8, 9);
	assert_pos(item(x, 1), 8, 12);
	/* Columns count characters, not bytes: "café: " is 6 characters and 7 bytes. */
	assert_pos(v->u.map.entries[3].val, 9, 7);
}

static void test_explicit_tags(void **state)
{
	struct fixture *f = *state;
	const struct value *v = load_ok(f, "a: !!str 123\nb: !!int \"42\"\nc: !!float 1\nd: !!bool 'true'\n"
					   "e: !!null ''\n"
					   "f: !!map {k: 1}\ng: !!seq [1]\nh: ! 12\ni: !!str\nj: !!float .inf\n"
					   "k: !!int 0x1F\nl: !<tag:yaml.org,2002:int> 7\nm: ! [x]\n");

	assert_str(value_map_get(v, "a"), "123");
	assert_int(value_map_get(v, "b"), 42);
	assert_float(value_map_get(v, "c"), 1.0);
	assert_int_equal(value_map_get(v, "d")->kind, VALUE_BOOL);
	assert_true(value_map_get(v, "d")->u.b);
	assert_int_equal(value_map_get(v, "e")->kind, VALUE_NULL);
	assert_int_equal(value_map_get(v, "f")->kind, VALUE_MAP);
	assert_int_equal(value_map_get(v, "g")->kind, VALUE_LIST);
	assert_str(value_map_get(v, "h"), "12");
	assert_str(value_map_get(v, "i"), "");
	assert_float(value_map_get(v, "j"), INFINITY);
	assert_int(value_map_get(v, "k"), 31);
	assert_int(value_map_get(v, "l"), 7);
	assert_int_equal(value_map_get(v, "m")->kind, VALUE_LIST);
}

static void test_bad_tags(void **state)
{
	struct fixture *f = *state;
	const char *text = "a: !!int abc\nb: !!float 1.2.3\nc: !!bool yes\nd: !!null 0\ne: !foo x\nf: !!binary aGk=\n"
			   "g: !!seq {k: 1}\nh: !!map x\ni: !!int 1.5\nj: !!str [x]\nk: !local {a: 1}\n";

	load_bad(f, text, strlen(text), 0, NULL);
	assert_int_equal(f->diags.len, 11);
	assert_diag(f, 0, "t.yaml:1:4: error: 'abc' is not a valid integer");
	assert_diag(f, 1, "t.yaml:2:4: error: '1.2.3' is not a valid float");
	assert_diag(f, 2, "t.yaml:3:4: error: 'yes' is not a valid boolean");
	assert_diag(f, 3, "t.yaml:4:4: error: '0' is not a valid null");
	assert_diag(f, 4, "t.yaml:5:4: error: unsupported YAML tag '!foo'");
	assert_diag(f, 5, "t.yaml:6:4: error: unsupported YAML tag '!!binary'");
	assert_diag(f, 6, "t.yaml:7:4: error: unsupported YAML tag '!!seq' on a mapping");
	assert_diag(f, 7, "t.yaml:8:4: error: unsupported YAML tag '!!map' on a scalar");
	assert_diag(f, 8, "t.yaml:9:4: error: '1.5' is not a valid integer");
	assert_diag(f, 9, "t.yaml:10:4: error: unsupported YAML tag '!!str' on a sequence");
	assert_diag(f, 10, "t.yaml:11:4: error: unsupported YAML tag '!local'");
}

static void test_alias_shares_node(void **state)
{
	struct fixture *f = *state;
	const struct value *v = load_ok(f, "base: &b {x: 1, y: [2, 3]}\nuse: *b\nagain: [*b, *b]\n"
					   "s: &s text\nt: *s\n&k name: 1\nk: *k\nm: {*k : 2}\n");
	const struct value *base = value_map_get(v, "base"), *m;

	assert_int_equal(base->kind, VALUE_MAP);
	assert_ptr_equal(value_map_get(v, "use"), base);
	assert_ptr_equal(item(value_map_get(v, "again"), 0), base);
	assert_ptr_equal(item(value_map_get(v, "again"), 1), base);
	assert_ptr_equal(value_map_get(v, "t"), value_map_get(v, "s"));
	/* An anchored key can be used as a value, and an alias of a scalar can be a key. */
	assert_str(value_map_get(v, "k"), "name");
	m = value_map_get(v, "m");
	assert_int_equal(m->u.map.len, 1);
	assert_str(m->u.map.entries[0].key, "name");
	assert_pos(m->u.map.entries[0].key, 8, 5);
	assert_int(m->u.map.entries[0].val, 2);
}

static void test_anchor_redefined(void **state)
{
	struct fixture *f = *state;
	const struct value *v = load_ok(f, "a: &x first\nb: *x\nc: &x second\nd: *x\ne: &x [1]\nf: *x\n"
					   "g: &y [&y inner, *y]\nh: *y\n");

	assert_str(value_map_get(v, "b"), "first");
	assert_str(value_map_get(v, "d"), "second");
	/* The newest definition wins, and a collection's anchor is defined where the collection starts. */
	assert_ptr_equal(value_map_get(v, "f"), value_map_get(v, "e"));
	/* A definition inside the list is newer than the list's own. */
	assert_str(item(value_map_get(v, "g"), 1), "inner");
	assert_str(value_map_get(v, "h"), "inner");
}

static void test_bad_aliases(void **state)
{
	struct fixture *f = *state;
	const char *text = "a: *nope\nb: &r [1, *r]\nc: &m {k: *m}\n? &l [x]\n: 1\nd: {*l : 2}\n";

	load_bad(f, text, strlen(text), 0, NULL);
	assert_int_equal(f->diags.len, 5);
	assert_diag(f, 0, "t.yaml:1:4: error: unknown alias '*nope'");
	assert_diag(f, 1, "t.yaml:2:11: error: alias '*r' refers to a node that contains it");
	assert_diag(f, 2, "t.yaml:3:11: error: alias '*m' refers to a node that contains it");
	assert_diag(f, 3, "t.yaml:4:3: error: map keys must be plain text");
	assert_diag(f, 4, "t.yaml:6:5: error: map keys must be plain text");
}

static void test_long_subjects_cut(void **state)
{
	struct fixture *f = *state;
	struct strbuf text = STRBUF_INIT;

	/* an alias, a key or a number can fill a file: messages quote its first 100 bytes, not cutting
	 * a character in two */
	strbuf_addstr(&text, "a: *");
	for (int i = 0; i < 5000; i++)
		strbuf_addstr(&text, "x");
	strbuf_addstr(&text, "\n? \"");
	for (int i = 0; i < 5000; i++)
		strbuf_addstr(&text, "é");
	strbuf_addstr(&text, "\"\n: 1\nb: !!int ");
	for (int i = 0; i < 5000; i++)
		strbuf_addstr(&text, "9");
	strbuf_addstr(&text, "\n? \"");
	for (int i = 0; i < 5000; i++)
		strbuf_addstr(&text, "é");
	strbuf_addstr(&text, "\"\n: 2\n");
	load_bad(f, text.buf, text.len, 0, NULL);
	assert_int_equal(f->diags.len, 3);
	assert_diag(f, 0, "t.yaml:1:4: error: unknown alias '*xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
			  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'");
	assert_diag(f, 1, "t.yaml:4:4: error: integer '99999999999999999999999999999999999999999999999999999999999999"
			  "99999999999999999999999999999999999999...' is out of range");
	assert_diag(f, 2, "t.yaml:5:3: error: duplicate key 'éééééééééééééééééééééééééééééééééééééééééééééééééé...' "
			  "(first at 2:3)");
	strbuf_release(&text);
}

static void test_billion_laughs(void **state)
{
	struct fixture *f = *state;
	struct strbuf sb = STRBUF_INIT;
	clock_t start = clock();

	strbuf_addstr(&sb, "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (char c = 'b'; c <= 'i'; c++) {
		strbuf_addf(&sb, "%c: &%c [", c, c);
		for (int i = 0; i < 10; i++)
			strbuf_addf(&sb, "%s*%c", i ? ", " : "", c - 1);
		strbuf_addstr(&sb, "]\n");
	}
	load_bad(f, sb.buf, sb.len, 0, NULL);
	assert_int_equal(f->diags.len, 1);
	/* a is 11 nodes, b 111, ... e 111,111: with the 12,349 before it, the total passes 100,000 at e's eighth
	 * alias, so loading stops long before anything like a billion. */
	assert_diag(f, 0, "t.yaml:5:36: error: document expands to more than 100000 nodes (aliases?)");
	assert_string_equal(f->diags.items[0].message, "document expands to more than 100000 nodes (aliases?)");
	assert_true(clock() - start < CLOCKS_PER_SEC);
	strbuf_release(&sb);
}

static void test_node_limit(void **state)
{
	struct fixture *f = *state;
	const struct yamltree_limits lim = { 1024, 8, 5 };
	const char *ok = "[1, 2, 3, 4]", *bad = "[1, 2, 3, 4, 5]", *keys = "{a: 1, b: 2, c: 3}";

	assert_int_equal(load_with(f, ok, strlen(ok), 0, &lim), 0);
	assert_int_equal(f->v->u.list.len, 4);
	load_bad(f, bad, strlen(bad), 0, &lim);
	assert_diag(f, 0, "t.yaml:1:14: error: document expands to more than 5 nodes (aliases?)");
	/* Keys are nodes too. */
	diag_list_release(&f->diags);
	load_bad(f, keys, strlen(keys), 0, &lim);
	assert_diag(f, 0, "t.yaml:1:14: error: document expands to more than 5 nodes (aliases?)");
}

static void test_depth(void **state)
{
	struct fixture *f = *state;
	struct strbuf sb = STRBUF_INIT;
	const struct value *v;
	size_t depth = 0;

	for (int i = 0; i < 64; i++)
		strbuf_addch(&sb, '[');
	for (int i = 0; i < 64; i++)
		strbuf_addch(&sb, ']');
	assert_int_equal(load_with(f, sb.buf, sb.len, 0, NULL), 0);
	for (v = f->v; v->u.list.len; v = v->u.list.items[0])
		depth++;
	assert_int_equal(depth, 63);

	strbuf_reset(&sb);
	for (int i = 0; i < 100; i++)
		strbuf_addch(&sb, '[');
	for (int i = 0; i < 100; i++)
		strbuf_addch(&sb, ']');
	load_bad(f, sb.buf, sb.len, 0, NULL);
	assert_int_equal(f->diags.len, 1);
	assert_diag(f, 0, "t.yaml:1:65: error: nesting deeper than 64 levels");
	strbuf_release(&sb);
}

static void test_depth_block(void **state)
{
	struct fixture *f = *state;
	const struct yamltree_limits lim = { 1024, 2, 100 };
	const char *text = "a:\n  b:\n    c: 1\n";

	load_bad(f, text, strlen(text), 1, &lim);
	assert_diag(f, 0, "t.yaml:4:5: error: nesting deeper than 2 levels");
}

static void test_size_limit(void **state)
{
	struct fixture *f = *state;
	const struct yamltree_limits lim = { 10, 64, 100 };

	assert_int_equal(load_with(f, "a: 1234567", 10, 0, &lim), 0);
	assert_int(value_map_get(f->v, "a"), 1234567);
	load_bad(f, "a: 12345678", 11, 0, &lim);
	assert_int_equal(f->diags.len, 1);
	assert_diag(f, 0, "t.yaml: error: file is larger than 10 bytes");
	assert_int_equal(f->diags.items[0].line, 0);
}

static void test_duplicate_keys(void **state)
{
	struct fixture *f = *state;
	const char *text = "a: 1\nb: 2\na: 3\nsub:\n  b: 1\n  'b': 2\nb: 4\n";

	/* line_offset 1: the message's "first at" is in file lines too. */
	load_bad(f, text, strlen(text), 1, NULL);
	assert_int_equal(f->diags.len, 3);
	assert_diag(f, 0, "t.yaml:4:1: error: duplicate key 'a' (first at 2:1)");
	assert_diag(f, 1, "t.yaml:7:3: error: duplicate key 'b' (first at 6:3)");
	assert_diag(f, 2, "t.yaml:8:1: error: duplicate key 'b' (first at 3:1)");
}

static void test_same_key_in_different_maps(void **state)
{
	struct fixture *f = *state;
	const struct value *v = load_ok(f, "- {a: 1, b: 2}\n- {a: 3, b: 4}\n- a: 5\n");

	assert_int(value_map_get(item(v, 1), "a"), 3);
	assert_int(value_map_get(item(v, 2), "a"), 5);
}

static void test_many_keys(void **state)
{
	struct fixture *f = *state;
	struct strbuf sb = STRBUF_INIT;
	clock_t start = clock();

	/* Duplicate detection is hashed: 40,000 keys take no time, and the duplicate is still found. */
	for (int i = 0; i < 40000; i++)
		strbuf_addf(&sb, "k%d: %d\n", i, i);
	assert_int_equal(load_with(f, sb.buf, sb.len, 0, NULL), 0);
	assert_int_equal(f->v->u.map.len, 40000);
	assert_int(value_map_get(f->v, "k39999"), 39999);
	strbuf_addstr(&sb, "k123: again\n");
	load_bad(f, sb.buf, sb.len, 0, NULL);
	assert_diag(f, 0, "t.yaml:40001:1: error: duplicate key 'k123' (first at 124:1)");
	assert_true(clock() - start < 2 * CLOCKS_PER_SEC);
	strbuf_release(&sb);
}

static void test_several_errors_in_one_run(void **state)
{
	struct fixture *f = *state;
	const char *text = "x: 1\nx: 2\ny: !!int no\ny: 3\nz: *missing\n";

	load_bad(f, text, strlen(text), 0, NULL);
	assert_int_equal(diag_errors(&f->diags), 4);
	assert_diag(f, 0, "t.yaml:2:1: error: duplicate key 'x' (first at 1:1)");
	assert_diag(f, 1, "t.yaml:3:4: error: 'no' is not a valid integer");
	assert_diag(f, 2, "t.yaml:4:1: error: duplicate key 'y' (first at 3:1)");
	assert_diag(f, 3, "t.yaml:5:4: error: unknown alias '*missing'");
}

static void test_invalid_utf8(void **state)
{
	struct fixture *f = *state;
	const char *line3 = "a: 1\nb: two\nc: \xc3\xa9\xff\n";

	load_bad(f, "a: \xff\n", 5, 0, NULL);
	assert_int_equal(f->diags.len, 1);
	assert_diag(f, 0, "t.yaml:1:4: error: invalid UTF-8: invalid leading octet 0xff");

	/* é is one column; the bad byte after it is column 5 of line 3 (line 4 of the file). */
	diag_list_release(&f->diags);
	load_bad(f, line3, strlen(line3), 1, NULL);
	assert_int_equal(f->diags.len, 1);
	assert_diag(f, 0, "t.yaml:4:5: error: invalid UTF-8: invalid leading octet 0xff");

	diag_list_release(&f->diags);
	load_bad(f, "x:\r\n  y: \xc3\x28\n", 12, 0, NULL);
	assert_diag(f, 0, "t.yaml:2:7: error: invalid UTF-8: invalid trailing octet 0x28");

	diag_list_release(&f->diags);
	load_bad(f, "a: \xe2\x82", 5, 0, NULL);
	assert_diag(f, 0, "t.yaml:1:4: error: invalid UTF-8: incomplete sequence at the end of the input");

	diag_list_release(&f->diags);
	load_bad(f, "\xef\xbb\xbf" "a: \xc0\x80", 8, 0, NULL);
	assert_diag(f, 0, "t.yaml:1:4: error: invalid UTF-8: overlong sequence");

	diag_list_release(&f->diags);
	load_bad(f, "a: \xed\xa0\x80", 6, 0, NULL);
	assert_diag(f, 0, "t.yaml:1:4: error: invalid UTF-8: U+D800 is not a Unicode character");
}

static void test_control_characters(void **state)
{
	struct fixture *f = *state;

	load_bad(f, "a: b\x01\n", 6, 0, NULL);
	assert_diag(f, 0, "t.yaml:1:5: error: control character U+0001 is not allowed");
	diag_list_release(&f->diags);
	load_bad(f, "a: 1\nb: \0\n", 10, 0, NULL);
	assert_diag(f, 0, "t.yaml:2:4: error: control character U+0000 is not allowed");
}

static void test_syntax_errors(void **state)
{
	struct fixture *f = *state;
	const char *mapping = "title: x\nlist:\n  a: 1\n b: 2\n";
	const char *flow = "a: [1, 2\nb: 3\n";
	const char *value = "a: b: c\n";

	load_bad(f, mapping, strlen(mapping), 2, NULL);
	assert_int_equal(f->diags.len, 1);
	assert_diag(f, 0, "t.yaml:6:2: error: YAML syntax error: did not find expected key while parsing a "
			  "block mapping (opened at 3:1)");
	diag_list_release(&f->diags);
	load_bad(f, flow, strlen(flow), 0, NULL);
	assert_diag(f, 0, "t.yaml:2:2: error: YAML syntax error: did not find expected ',' or ']' while parsing "
			  "a flow sequence (opened at 1:4)");
	diag_list_release(&f->diags);
	load_bad(f, value, strlen(value), 0, NULL);
	assert_diag(f, 0, "t.yaml:1:5: error: YAML syntax error: mapping values are not allowed in this context");
	diag_list_release(&f->diags);
	load_bad(f, "\t- a\n", 5, 0, NULL);
	assert_diag(f, 0, "t.yaml:1:1: error: YAML syntax error: found character that cannot start any token "
			  "while scanning for the next token");
}

static void test_errors_before_syntax_error(void **state)
{
	struct fixture *f = *state;
	const char *text = "a: 1\na: 2\nb: [\n";

	load_bad(f, text, strlen(text), 0, NULL);
	assert_int_equal(f->diags.len, 2);
	assert_diag(f, 0, "t.yaml:2:1: error: duplicate key 'a' (first at 1:1)");
	assert_diag(f, 1, "t.yaml:4:1: error: YAML syntax error: did not find expected node content while parsing "
			  "a flow node");
}

static void test_documents(void **state)
{
	struct fixture *f = *state;
	const char *two = "a: 1\n---\nb: 2\n";
	const char *ended = "--- x\n...\n--- y\n";

	load_bad(f, two, strlen(two), 0, NULL);
	assert_int_equal(f->diags.len, 1);
	assert_diag(f, 0, "t.yaml:2:1: error: more than one YAML document");
	diag_list_release(&f->diags);
	load_bad(f, ended, strlen(ended), 0, NULL);
	assert_diag(f, 0, "t.yaml:3:1: error: more than one YAML document");
	diag_list_release(&f->diags);
	/* One explicit document, with its end marker, is fine. */
	assert_str(load_ok(f, "--- hello\n...\n"), "hello");
}

static void test_empty_documents(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load_ok(f, "")->kind, VALUE_NULL);
	assert_int_equal(load_ok(f, "# only a comment\n\n")->kind, VALUE_NULL);
	assert_int_equal(load_ok(f, "---\n")->kind, VALUE_NULL);
	assert_int_equal(yamltree_load(&f->v, &f->arena, "t.yaml", NULL, 0, 0, NULL, &f->diags), 0);
	assert_int_equal(f->v->kind, VALUE_NULL);
}

static void test_scalar_document(void **state)
{
	struct fixture *f = *state;

	assert_int(load_ok(f, "42\n"), 42);
	assert_str(load_ok(f, "'quoted'"), "quoted");
}

static void test_default_limits(void **state)
{
	(void)state;
	assert_int_equal(yamltree_default_limits.max_bytes, 1024 * 1024);
	assert_int_equal(yamltree_default_limits.max_depth, 64);
	assert_int_equal(yamltree_default_limits.max_nodes, 100000);
}

/* Writes len bytes to a new temporary file; the caller unlinks and frees the returned path. */
static char *temp_file(const char *data, size_t len)
{
	char *path = strdup("/tmp/test_yamltree_XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

static void test_load_file(void **state)
{
	struct fixture *f = *state;
	const struct yamltree_limits lim = { 16, 64, 100 };
	char *path = temp_file("title: From a file\nn: 3\n", 24);
	char *expected;
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(yamltree_load_file(&f->v, &f->arena, path, NULL, &f->diags), 0);
	assert_str(value_map_get(f->v, "title"), "From a file");
	assert_pos(value_map_get(f->v, "n"), 2, 4);

	/* Too large: refused before parsing, at line 0. */
	assert_int_equal(yamltree_load_file(&f->v, &f->arena, path, &lim, &f->diags), -1);
	assert_null(f->v);
	strbuf_addf(&sb, "%s: error: file is larger than 16 bytes", path);
	expected = strbuf_detach(&sb, NULL);
	assert_diag(f, 0, expected);
	free(expected);
	unlink(path);
	free(path);
}

static void test_load_file_errors(void **state)
{
	struct fixture *f = *state;
	char *path = temp_file("a: 1\na: 2\n", 10);

	f->v = (struct value *)1;
	assert_int_equal(yamltree_load_file(&f->v, &f->arena, "/nonexistent/x.yaml", NULL, &f->diags), -1);
	assert_null(f->v);
	assert_diag(f, 0, "/nonexistent/x.yaml: error: cannot read file: No such file or directory");
	assert_int_equal(yamltree_load_file(&f->v, &f->arena, "/tmp", NULL, &f->diags), -1);
	assert_diag(f, 1, "/tmp: error: cannot read file: Is a directory");
	/* Errors in a file's content carry the file's path. */
	assert_int_equal(yamltree_load_file(&f->v, &f->arena, path, NULL, &f->diags), -1);
	assert_int_equal(f->diags.items[2].line, 2);
	assert_string_equal(f->diags.items[2].path, path);
	unlink(path);
	free(path);
}

/* A document read to its end despite a bad value is salvaged, each bad value kept as its text; one that
 * libyaml could not read to its end is not. */
static void test_salvage(void **state)
{
	struct fixture *f = *state;
	static const char bad_value[] = "a: 1\nb: 99999999999999999999999\nc: !!int x\nd: text\n";
	static const char bad_syntax[] = "a: 1\nb: [unclosed\n";
	struct value *salvaged = (struct value *)1;

	assert_int_equal(yamltree_load_salvage(&f->v, &salvaged, &f->arena, "t.yaml", bad_value, strlen(bad_value), 0,
					       NULL, &f->diags), -1);
	assert_null(f->v);
	assert_int_equal(diag_errors(&f->diags), 2);
	assert_non_null(salvaged);
	assert_int_equal(salvaged->kind, VALUE_MAP);
	assert_int_equal(salvaged->u.map.len, 4);
	assert_int_equal(value_map_get(salvaged, "a")->u.i, 1);
	assert_string_equal(value_map_get(salvaged, "b")->u.str.ptr, "99999999999999999999999");
	assert_string_equal(value_map_get(salvaged, "d")->u.str.ptr, "text");
	assert_int_equal(yamltree_load_salvage(&f->v, &salvaged, &f->arena, "t.yaml", bad_syntax, strlen(bad_syntax), 0,
					       NULL, &f->diags), -1);
	assert_null(salvaged);
	assert_null(f->v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_null_and_bool, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ints, setup, teardown),
		cmocka_unit_test_setup_teardown(test_floats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_strings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_range_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_order_and_key_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_positions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_explicit_tags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_tags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alias_shares_node, setup, teardown),
		cmocka_unit_test_setup_teardown(test_anchor_redefined, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_aliases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_subjects_cut, setup, teardown),
		cmocka_unit_test_setup_teardown(test_billion_laughs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_node_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_depth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_depth_block, setup, teardown),
		cmocka_unit_test_setup_teardown(test_size_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_key_in_different_maps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_several_errors_in_one_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_control_characters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_syntax_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors_before_syntax_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_documents, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_documents, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scalar_document, setup, teardown),
		cmocka_unit_test(test_default_limits),
		cmocka_unit_test_setup_teardown(test_load_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_file_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_salvage, setup, teardown),
	};

	return cmocka_run_group_tests_name("yamltree", tests, NULL, NULL);
}
