/*
 * test_markdown.c — finding the journeys of a Markdown document: ```jmap
 * fences (any case, ~~~ too, indented up to three spaces, unclosed ones to
 * the end), image references to .yaml/.yml files, and everything that is
 * code left alone (other fences, code spans, indented code, escapes).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glib.h>
#include <string.h>

#include "markdown.h"

static GArray *scan(const char *s)
{
    return jmap_md_scan(s, strlen(s));
}

static const jmap_md_block *at(GArray *b, guint i)
{
    assert_true(i < b->len);
    return &g_array_index(b, jmap_md_block, i);
}

static void test_fences(void **state)
{
    (void)state;
    const char *doc = "# T\n\n```jmap\njmap: 1\ntitle: A\n```\n\ntext\n\n~~~ JMAP {.wide}\njmap: 1\n~~~\n";
    GArray *b = scan(doc);
    assert_int_equal(b->len, 2);
    const jmap_md_block *f = at(b, 0);
    assert_int_equal(f->kind, JMAP_MD_FENCE);
    assert_true(f->closed);
    assert_int_equal(f->body_line, 4);
    assert_int_equal(f->body_end - f->body, strlen("jmap: 1\ntitle: A\n"));
    assert_memory_equal(doc + f->body, "jmap: 1\ntitle: A\n", f->body_end - f->body);
    /* the block covers the fences and the closing line break */
    assert_memory_equal(doc + f->start, "```jmap\n", 8);
    assert_memory_equal(doc + f->end - 4, "```\n", 4);
    assert_int_equal(at(b, 1)->kind, JMAP_MD_FENCE);
    assert_int_equal(at(b, 1)->body_line, 11);
    jmap_md_blocks_free(b);
}

static void test_fence_text_keeps_lines(void **state)
{
    (void)state;
    const char *doc = "a\nb\n  ```jmap\n  jmap: 1\n    title: A\n  ```\n";
    GArray *b = scan(doc);
    assert_int_equal(b->len, 1);
    size_t len = 0;
    char *t = jmap_md_fence_text(doc, at(b, 0), &len);
    /* three empty lines, then the body with its two spaces of fence indentation removed */
    assert_string_equal(t, "\n\n\njmap: 1\n  title: A\n");
    assert_int_equal(len, strlen(t));
    g_free(t);
    jmap_md_blocks_free(b);
}

static void test_unclosed(void **state)
{
    (void)state;
    GArray *b = scan("```jmap\njmap: 1\n");
    assert_int_equal(b->len, 1);
    assert_false(at(b, 0)->closed);
    assert_int_equal(at(b, 0)->end, strlen("```jmap\njmap: 1\n"));
    jmap_md_blocks_free(b);
}

static void test_code_is_left_alone(void **state)
{
    (void)state;
    const char *doc = "````markdown\n```jmap\njmap: 1\n```\n![a](x.yaml)\n````\n"
                      "Code `![b](y.yaml)` and ``![c](z.yaml)``, \\![d](w.yaml)\n"
                      "\n    ![e](indented.yaml)\n"
                      "```python\n![f](in-code.yaml)\n```\n"
                      "    ```jmap\n"; /* four spaces: code, not a fence */
    GArray *b = scan(doc);
    assert_int_equal(b->len, 0);
    jmap_md_blocks_free(b);
}

static void test_images(void **state)
{
    (void)state;
    const char *doc = "See ![The map](maps/journey.yaml) and ![x](<with space.YML> \"title\").\n"
                      "Not these: ![p](photo.png) ![u](https://example.com/j.yaml) [link](j.yaml)\n"
                      "![nested [brackets]](n.yaml)\n";
    GArray *b = scan(doc);
    assert_int_equal(b->len, 3);
    assert_int_equal(at(b, 0)->kind, JMAP_MD_IMAGE);
    assert_string_equal(at(b, 0)->alt, "The map");
    assert_string_equal(at(b, 0)->path, "maps/journey.yaml");
    assert_int_equal(at(b, 0)->line, 1);
    assert_int_equal(at(b, 0)->col, 16);
    assert_memory_equal(doc + at(b, 0)->start, "![The map](maps/journey.yaml)",
                        at(b, 0)->end - at(b, 0)->start);
    assert_string_equal(at(b, 1)->path, "with space.YML");
    assert_string_equal(at(b, 2)->alt, "nested [brackets]");
    assert_int_equal(at(b, 2)->line, 3);
    jmap_md_blocks_free(b);
}

static void test_crlf_and_empty(void **state)
{
    (void)state;
    GArray *b = scan("```jmap\r\njmap: 1\r\n```\r\n");
    assert_int_equal(b->len, 1);
    assert_true(at(b, 0)->closed);
    jmap_md_blocks_free(b);
    b = scan("");
    assert_int_equal(b->len, 0);
    jmap_md_blocks_free(b);
    b = jmap_md_scan("```", 3);
    assert_int_equal(b->len, 0);
    jmap_md_blocks_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fences),         cmocka_unit_test(test_fence_text_keeps_lines),
        cmocka_unit_test(test_unclosed),       cmocka_unit_test(test_code_is_left_alone),
        cmocka_unit_test(test_images),         cmocka_unit_test(test_crlf_and_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
