/* Unit tests of the Mustache engine beyond the specification: positioned errors for malformed templates,
 * strict partials, include depth, escaping, truthiness, context stacks and indentation. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "mustache.h"

/* A few named templates, found by name, as a theme would provide them. */
struct fixture {
	struct arena arena;
	struct diag_list diags;
	const char *names[8];
	struct mustache_template *partials[8];
	size_t npartials;
	struct strbuf out;
};

static const struct mustache_template *find(void *ctx, const char *name, size_t len)
{
	struct fixture *f = ctx;

	for (size_t i = 0; i < f->npartials; i++)
		if (strlen(f->names[i]) == len && !memcmp(f->names[i], name, len))
			return f->partials[i];
	return NULL;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	arena_init(&f->arena);
	diag_list_init(&f->diags);
	strbuf_init(&f->out, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	for (size_t i = 0; i < f->npartials; i++)
		mustache_free(f->partials[i]);
	arena_release(&f->arena);
	diag_list_release(&f->diags);
	strbuf_release(&f->out);
	free(f);
	return 0;
}

static void add_partial(struct fixture *f, const char *name, const char *src)
{
	struct mustache_template *t = mustache_compile(name, src, strlen(src), &f->diags);

	assert_non_null(t);
	f->names[f->npartials] = name;
	f->partials[f->npartials++] = t;
}

/* Compiles src as "t.mustache" and renders it; returns the render status (-2: did not compile). */
static int render(struct fixture *f, const char *src, const struct value *data, unsigned flags)
{
	struct mustache_partials partials = { find, f };
	struct mustache_template *t = mustache_compile("t.mustache", src, strlen(src), &f->diags);
	int ret;

	if (!t)
		return -2;
	strbuf_reset(&f->out);
	ret = mustache_render(&f->out, t, data, &partials, flags, &f->diags);
	mustache_free(t);
	return ret;
}

/* The only diagnostic, formatted. */
static void assert_one_error(struct fixture *f, const char *expected)
{
	char *got;

	assert_int_equal(f->diags.len, 1);
	got = diag_format(&f->diags.items[0]);
	assert_string_equal(got, expected);
	free(got);
}

static void assert_compile_error(void **state, const char *src, const char *expected)
{
	struct fixture *f = *state;

	assert_null(mustache_compile("t.mustache", src, strlen(src), &f->diags));
	assert_one_error(f, expected);
}

static void test_unclosed_section(void **state)
{
	assert_compile_error(state, "<ul>\n  {{#items}}\n  <li>{{name}}</li>\n</ul>\n",
			     "t.mustache:2:3: error: section 'items' opened here is never closed");
}

static void test_unclosed_inverted_and_block(void **state)
{
	struct fixture *f = *state;

	assert_null(mustache_compile("a", "{{^none}}x", 10, &f->diags));
	assert_null(mustache_compile("b", "{{<layout}}{{$main}}x{{/main}}", 30, &f->diags));
	assert_int_equal(f->diags.len, 2);
	assert_string_equal(f->diags.items[0].message, "inverted section 'none' opened here is never closed");
	assert_string_equal(f->diags.items[1].message, "parent 'layout' opened here is never closed");
}

static void test_mismatched_close(void **state)
{
	assert_compile_error(state, "{{#a}}\n{{#b}}x{{/a}}{{/b}}{{/a}}",
			     "t.mustache:2:8: error: closing tag '{{/a}}' does not match section 'b' opened at 2:1");
}

static void test_close_without_open(void **state)
{
	assert_compile_error(state, "x{{/a}}", "t.mustache:1:2: error: closing tag '{{/a}}' has no opening tag");
}

static void test_bad_delimiter_change(void **state)
{
	struct fixture *f = *state;

	assert_null(mustache_compile("t", "ok\n {{=<%>=}}", 13, &f->diags));
	assert_null(mustache_compile("t", "{{= a b c =}}", 13, &f->diags));
	assert_null(mustache_compile("t", "{{=|=}}", 7, &f->diags));
	assert_int_equal(f->diags.len, 3);
	assert_int_equal(f->diags.items[0].line, 2);
	assert_int_equal(f->diags.items[0].col, 2);
	assert_string_equal(f->diags.items[0].message, "invalid delimiter change '<%>': give two delimiters "
						       "separated by a space, like {{=<% %>=}}");
	assert_string_equal(f->diags.items[1].message, "invalid delimiter change 'a b c': give two delimiters "
						       "separated by a space, like {{=<% %>=}}");
}

static void test_unterminated_tag(void **state)
{
	assert_compile_error(state, "Hello {{name!\n", "t.mustache:1:7: error: tag opened with '{{' here is never "
						       "closed with '}}'");
}

static void test_unterminated_tag_after_delimiter_change(void **state)
{
	assert_compile_error(state, "{{=<% %>=}}\n<%#a%>x<%/a%> <% b }}",
			     "t.mustache:2:15: error: tag opened with '<%' here is never closed with '%>'");
}

static void test_unterminated_triple(void **state)
{
	assert_compile_error(state, "a {{{html}}", "t.mustache:1:3: error: tag opened with '{{' here is never "
						   "closed with '}}'");
}

static void test_bad_names(void **state)
{
	struct fixture *f = *state;

	assert_null(mustache_compile("t", "{{}}", 4, &f->diags));
	assert_null(mustache_compile("t", "{{a b}}", 7, &f->diags));
	assert_null(mustache_compile("t", "{{#a..b}}{{/a..b}}", 18, &f->diags));
	assert_null(mustache_compile("t", "{{>my partial}}", 15, &f->diags));
	assert_int_equal(f->diags.len, 4);
	assert_string_equal(f->diags.items[0].message, "empty tag '{{}}': a name is missing");
	assert_string_equal(f->diags.items[1].message,
			    "'a b' is not a valid name: names are words joined by dots, like page.title");
	assert_string_equal(f->diags.items[2].message,
			    "'a..b' is not a valid name: names are words joined by dots, like page.title");
	assert_string_equal(f->diags.items[3].message, "'my partial' is not a valid name: it contains a space");
}

static void test_columns_count_characters(void **state)
{
	/* "é" is two bytes but one column, as an editor shows it */
	assert_compile_error(state, "\xc3\xa9t\xc3\xa9 {{#x}}", "t.mustache:1:5: error: section 'x' opened here is "
								  "never closed");
}

static void test_unknown_partial(void **state)
{
	struct fixture *f = *state;
	struct mustache_partials partials = { find, f };
	struct mustache_template *t = mustache_compile("page.mustache", "<p>\n  {{> header}}\n", 19, &f->diags);

	assert_non_null(t);
	assert_int_equal(mustache_check_partials(t, &partials, &f->diags), -1);
	assert_int_equal(mustache_render(&f->out, t, NULL, &partials, MUSTACHE_STRICT_PARTIALS, &f->diags), -1);
	assert_int_equal(f->diags.len, 2);
	for (size_t i = 0; i < 2; i++) {
		char *s = diag_format(&f->diags.items[i]);
		assert_string_equal(s, "page.mustache:2:3: error: unknown partial 'header'");
		free(s);
	}
	/* The specification's lenient mode renders nothing in its place. */
	strbuf_reset(&f->out);
	assert_int_equal(mustache_render(&f->out, t, NULL, &partials, 0, &f->diags), 0);
	assert_string_equal(f->out.buf, "<p>\n");
	mustache_free(t);
}

static void test_unknown_parent_and_dynamic_partial(void **state)
{
	struct fixture *f = *state;
	struct value *data = value_new_map(&f->arena);

	value_map_set(&f->arena, data, "kind", value_new_cstring(&f->arena, "video"));
	assert_int_equal(render(f, "{{<base}}{{/base}}", data, MUSTACHE_STRICT_PARTIALS), -1);
	assert_int_equal(render(f, "x\n{{>*kind}}", data, MUSTACHE_STRICT_PARTIALS), -1);
	assert_int_equal(f->diags.len, 2);
	assert_string_equal(f->diags.items[0].message, "unknown parent 'base'");
	assert_string_equal(f->diags.items[1].message, "unknown partial 'video'");
	assert_int_equal(f->diags.items[1].line, 2);
}

static void test_known_partials_pass_the_check(void **state)
{
	struct fixture *f = *state;
	struct mustache_partials partials = { find, f };
	struct mustache_template *t;

	add_partial(f, "header", "<h1>{{title}}</h1>");
	t = mustache_compile("t", "{{>header}}{{>*dynamic}}", 24, &f->diags);
	assert_non_null(t);
	assert_int_equal(mustache_check_partials(t, &partials, &f->diags), 0);
	assert_int_equal(f->diags.len, 0);
	mustache_free(t);
}

static void test_recursive_partial(void **state)
{
	struct fixture *f = *state;
	char *s;

	add_partial(f, "loop.mustache", "<div>\n{{>loop.mustache}}</div>");
	assert_int_equal(render(f, "{{>loop.mustache}}", NULL, MUSTACHE_STRICT_PARTIALS), -1);
	assert_int_equal(f->diags.len, 1);
	s = diag_format(&f->diags.items[0]);
	assert_string_equal(s, "loop.mustache:2:1: error: 'loop.mustache' is expanded more than 100 levels deep: "
			       "does it include itself?");
	free(s);
}

static void test_recursive_parent_and_block(void **state)
{
	struct fixture *f = *state;

	add_partial(f, "base", "{{<base}}{{/base}}");
	add_partial(f, "frame", "[{{$x}}{{/x}}]");
	assert_int_equal(render(f, "{{<base}}{{/base}}", NULL, 0), -1);
	/* the overriding block brings in the same parent again, whose block is overridden by itself */
	assert_int_equal(render(f, "{{<frame}}{{$x}}{{<frame}}{{/frame}}{{/x}}{{/frame}}", NULL, 0), -1);
	/* an overriding block that holds a block of its own name expands into itself */
	assert_int_equal(render(f, "{{<frame}}{{$x}}<{{$x}}{{/x}}>{{/x}}{{/frame}}", NULL, 0), -1);
	assert_int_equal(f->diags.len, 3);
	assert_string_equal(f->diags.items[0].path, "base");
	assert_string_equal(f->diags.items[1].message, "'frame' is expanded more than 100 levels deep: does it "
						       "include itself?");
	assert_string_equal(f->diags.items[2].message, "'x' is expanded more than 100 levels deep: does it include "
						       "itself?");
	assert_int_equal(f->diags.items[2].col, 18);
}

static void test_nesting_bounded(void **state)
{
	struct fixture *f = *state;
	struct strbuf src = STRBUF_INIT;
	struct value *data = value_new_map(&f->arena);

	value_map_set(&f->arena, data, "t", value_new_bool(&f->arena, true));
	for (int i = 0; i < MUSTACHE_MAX_NESTING; i++)
		strbuf_addstr(&src, "{{#t}}");
	strbuf_addstr(&src, "x{{>deep}}");
	for (int i = 0; i < MUSTACHE_MAX_NESTING; i++)
		strbuf_addstr(&src, "{{/t}}");
	assert_int_equal(render(f, src.buf, data, 0), 0); /* with no partial "deep" yet: 100 deep is fine */
	assert_string_equal(f->out.buf, "x");
	/* 100 sections deep in a template that includes itself: each name would be looked up through 10,000
	 * sections, so the 101st, in the second copy, is refused */
	add_partial(f, "deep", src.buf);
	assert_int_equal(render(f, "{{>deep}}", data, 0), -1);
	assert_one_error(f, "deep:1:1: error: section 't' is nested more than 100 levels deep, counting the "
			    "templates around it");
	diag_list_release(&f->diags);
	diag_list_init(&f->diags);
	strbuf_reset(&src);
	for (int i = 0; i <= MUSTACHE_MAX_NESTING; i++)
		strbuf_addstr(&src, "{{^f}}");
	assert_compile_error(state, src.buf, "t.mustache:1:601: error: inverted section 'f' is nested more than 100 "
					     "levels deep");
	strbuf_release(&src);
}

static void test_sections_multiplying_bounded(void **state)
{
	struct fixture *f = *state;
	struct strbuf src = STRBUF_INIT;
	struct value *data = value_new_map(&f->arena), *list = value_new_list(&f->arena);

	/* each {{#list}} inside another goes through the list again: 15 deep enter 2^16 - 2 sections in all,
	 * 16 deep 2^17 - 2, over 100,000 */
	value_list_push(&f->arena, list, value_new_cstring(&f->arena, "a"));
	value_list_push(&f->arena, list, value_new_cstring(&f->arena, "b"));
	value_map_set(&f->arena, data, "list", list);
	for (int i = 0; i < 15; i++)
		strbuf_addstr(&src, "{{#list}}");
	for (int i = 0; i < 15; i++)
		strbuf_addstr(&src, "{{/list}}");
	assert_int_equal(render(f, src.buf, data, 0), 0);
	strbuf_reset(&src);
	for (int i = 0; i < 16; i++)
		strbuf_addstr(&src, "{{#list}}");
	for (int i = 0; i < 16; i++)
		strbuf_addstr(&src, "{{/list}}");
	assert_int_equal(render(f, src.buf, data, 0), -1);
	assert_int_equal(f->diags.len, 1);
	assert_string_equal(f->diags.items[0].message, "section 'list' makes the page render more than 100000 "
						       "sections: are lists' sections nested in each other?");
	strbuf_release(&src);
}

static void test_long_names_cut(void **state)
{
	struct fixture *f = *state;
	struct strbuf src = STRBUF_INIT, expected = STRBUF_INIT;

	/* a tag can fill a template: messages quote the first 100 bytes of its name */
	strbuf_addstr(&src, "{{#");
	for (int i = 0; i < 5000; i++)
		strbuf_addch(&src, 'n');
	strbuf_addstr(&src, "}}");
	strbuf_addstr(&expected, "t.mustache:1:1: error: section '");
	for (int i = 0; i < 100; i++)
		strbuf_addch(&expected, 'n');
	strbuf_addstr(&expected, "...' opened here is never closed");
	assert_compile_error(state, src.buf, expected.buf);
	diag_list_release(&f->diags);
	diag_list_init(&f->diags);
	strbuf_reset(&src);
	strbuf_addstr(&src, "{{>");
	for (int i = 0; i < 5000; i++)
		strbuf_addch(&src, 'p');
	strbuf_addstr(&src, "}}");
	assert_int_equal(render(f, src.buf, NULL, MUSTACHE_STRICT_PARTIALS), -1);
	assert_int_equal(f->diags.len, 1);
	assert_int_equal(strlen(f->diags.items[0].message), strlen("unknown partial ''") + 103);
	strbuf_release(&src);
	strbuf_release(&expected);
}

static void test_data_bounded_recursion_is_fine(void **state)
{
	struct fixture *f = *state;
	struct value *root = value_new_map(&f->arena), *cur = root;

	for (int i = 0; i < 20; i++) {
		struct value *child = value_new_map(&f->arena);
		value_map_set(&f->arena, cur, "n", value_new_int(&f->arena, i));
		/* a leaf must say it has no child: otherwise the lookup finds its parent's */
		value_map_set(&f->arena, cur, "child", i < 19 ? child : value_new(&f->arena, VALUE_NULL));
		cur = child;
	}
	add_partial(f, "node", "{{n}}{{#child}}-{{>node}}{{/child}}");
	assert_int_equal(render(f, "{{>node}}", root, MUSTACHE_STRICT_PARTIALS), 0);
	assert_string_equal(f->out.buf, "0-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16-17-18-19");
}

static void test_escaping(void **state)
{
	struct fixture *f = *state;
	struct value *data = value_new_map(&f->arena);

	value_map_set(&f->arena, data, "s", value_new_cstring(&f->arena, "<a href=\"x\" title='y'>&</a>"));
	assert_int_equal(render(f, "{{s}}|{{{s}}}|{{&s}}", data, 0), 0);
	assert_string_equal(f->out.buf, "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;|"
					"<a href=\"x\" title='y'>&</a>|<a href=\"x\" title='y'>&</a>");
}

static void test_truthiness(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->arena;
	struct value *data = value_new_map(a);

	value_map_set(a, data, "empty", value_new_cstring(a, ""));
	value_map_set(a, data, "zero", value_new_int(a, 0));
	value_map_set(a, data, "map", value_new_map(a));
	value_map_set(a, data, "list", value_new_list(a));
	value_map_set(a, data, "null", value_new(a, VALUE_NULL));
	assert_int_equal(render(f, "{{#empty}}E{{/empty}}{{#zero}}Z{{/zero}}{{#map}}M{{/map}}{{#list}}L{{/list}}"
				   "{{#null}}N{{/null}}{{^empty}}e{{/empty}}{{^list}}l{{/list}}{{^null}}n{{/null}}",
				data, 0), 0);
	assert_string_equal(f->out.buf, "ZMeln");
}

static void test_numbers_and_booleans(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->arena;
	struct value *data = value_new_map(a);

	value_map_set(a, data, "i", value_new_int(a, -42));
	value_map_set(a, data, "f", value_new_float(a, 0.1));
	value_map_set(a, data, "b", value_new_bool(a, false));
	assert_int_equal(render(f, "{{i}} {{f}} {{b}} {{missing}}.", data, 0), 0);
	assert_string_equal(f->out.buf, "-42 0.1 false .");
}

static void test_context_stack(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->arena;
	struct value *site = value_new_map(a), *page = value_new_map(a);
	const struct value *stack[] = { site, page };
	struct mustache_template *t = mustache_compile("t", "{{title}} - {{site_title}}", 26, &f->diags);

	value_map_set(a, site, "title", value_new_cstring(a, "Site"));
	value_map_set(a, site, "site_title", value_new_cstring(a, "Network"));
	value_map_set(a, page, "title", value_new_cstring(a, "Page"));
	assert_int_equal(mustache_render_stack(&f->out, t, stack, 2, NULL, 0, &f->diags), 0);
	assert_string_equal(f->out.buf, "Page - Network");
	mustache_free(t);
}

static void test_list_index(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->arena;
	struct value *data = value_new_map(a), *list = value_new_list(a), *empty = value_new_list(a);

	value_list_push(a, list, value_new_cstring(a, "first"));
	value_list_push(a, list, value_new_cstring(a, "second"));
	value_map_set(a, data, "list", list);
	value_map_set(a, data, "empty", empty);
	assert_int_equal(render(f, "{{list.1}}|{{list.2}}|{{list.x}}|{{#list.0}}<ul>{{/list.0}}{{#empty.0}}no{{/empty.0}}",
				data, 0), 0);
	assert_string_equal(f->out.buf, "second|||<ul>");
}

static void test_compile_once_render_many(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->arena;
	struct mustache_template *t = mustache_compile("t", "<li>{{.}}</li>", 14, &f->diags);
	struct strbuf all = STRBUF_INIT;

	for (int i = 0; i < 3; i++)
		assert_int_equal(mustache_render(&all, t, value_new_int(a, i), NULL, 0, &f->diags), 0);
	assert_string_equal(all.buf, "<li>0</li><li>1</li><li>2</li>");
	strbuf_release(&all);
	mustache_free(t);
}

static void test_indentation_skips_blank_lines(void **state)
{
	struct fixture *f = *state;

	add_partial(f, "list", "<ul>\n\n  <li>x</li>\n</ul>\n");
	assert_int_equal(render(f, "<nav>\n  {{>list}}\n</nav>\n", NULL, 0), 0);
	assert_string_equal(f->out.buf, "<nav>\n  <ul>\n\n    <li>x</li>\n  </ul>\n</nav>\n");
}

/* Found by fuzzing: outdenting a block can leave the indentation before a tag empty; the line is still
 * a line of content, indented where the block is expanded. */
static void test_block_line_emptied_by_outdent(void **state)
{
	struct fixture *f = *state;
	struct value *data = value_new_map(&f->arena);

	value_map_set(&f->arena, data, "y", value_new_cstring(&f->arena, "Y"));
	assert_int_equal(render(f, "{{$a}}\n  {{$b}}\n  {{y}}\n  {{/b}}\n{{/a}}\n", data, 0), 0);
	assert_string_equal(f->out.buf, "  Y\n");
}

static void test_layout_inheritance(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->arena;
	struct value *data = value_new_map(a);

	value_map_set(a, data, "title", value_new_cstring(a, "About"));
	add_partial(f, "base", "<html>\n<head><title>{{$title}}Network{{/title}}</title></head>\n<body>\n"
			       "  <main>\n  {{$main}}{{/main}}\n  </main>\n</body>\n</html>\n");
	assert_int_equal(render(f, "{{<base}}\n{{$title}}{{title}} | Network{{/title}}\n{{$main}}\n<h1>{{title}}</h1>\n"
				   "<p>Text</p>\n{{/main}}\n{{/base}}\n", data, MUSTACHE_STRICT_PARTIALS), 0);
	assert_string_equal(f->out.buf, "<html>\n<head><title>About | Network</title></head>\n<body>\n  <main>\n"
					"  <h1>About</h1>\n  <p>Text</p>\n  </main>\n</body>\n</html>\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_unclosed_section),
		T(test_unclosed_inverted_and_block),
		T(test_mismatched_close),
		T(test_close_without_open),
		T(test_bad_delimiter_change),
		T(test_unterminated_tag),
		T(test_unterminated_tag_after_delimiter_change),
		T(test_unterminated_triple),
		T(test_bad_names),
		T(test_columns_count_characters),
		T(test_unknown_partial),
		T(test_unknown_parent_and_dynamic_partial),
		T(test_known_partials_pass_the_check),
		T(test_recursive_partial),
		T(test_recursive_parent_and_block),
		T(test_nesting_bounded),
		T(test_long_names_cut),
		T(test_sections_multiplying_bounded),
		T(test_data_bounded_recursion_is_fine),
		T(test_escaping),
		T(test_truthiness),
		T(test_numbers_and_booleans),
		T(test_context_stack),
		T(test_list_index),
		T(test_compile_once_render_many),
		T(test_indentation_skips_blank_lines),
		T(test_block_line_emptied_by_outdent),
		T(test_layout_inheritance),
#undef T
	};

	return cmocka_run_group_tests_name("mustache", tests, NULL, NULL);
}
