/*
 * test_scene.c — the scene container and its text dump: items keep their
 * data, the dump is sorted and rounded (so equal scenes give equal bytes),
 * Bézier evaluation hits the end points, and the fake measurer wraps like
 * Pango's WORD_CHAR mode.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "measure.h"
#include "scene.h"

static void test_free_null(void **state)
{
    (void)state;
    jmap_scene_free(NULL);
}

static jmap_scene *sample(bool reversed)
{
    jmap_scene *s = jmap_scene_new();
    s->width = 100;
    s->height = 50;
    for (int k = 0; k < 2; k++) {
        int which = reversed ? 1 - k : k;
        if (which == 0) {
            jmap_scene_item *t = jmap_scene_add(s, JMAP_SI_TEXT, JMAP_LAYER_TEXT, JMAP_LANE_DOING,
                                                "doing");
            t->x = 10.04;
            t->y = -0.01;
            t->w = 20;
            t->h = 10;
            t->text = jmap_scene_strdup(s, "say \"hi\"\nthere");
            t->font.size = 8.5;
            t->fill = 0x1F2933;
        } else {
            jmap_scene_item *r = jmap_scene_add(s, JMAP_SI_RECT, JMAP_LAYER_CARD, -1, "card");
            r->x = 1;
            r->y = 2;
            r->w = 3;
            r->h = 4;
            r->fill = 0xFFFFFF;
        }
    }
    return s;
}

static void test_dump_sorted_rounded(void **state)
{
    (void)state;
    jmap_scene *a = sample(false), *b = sample(true);
    size_t la = 0, lb = 0;
    char *da = jmap_scene_dump(a, &la), *db = jmap_scene_dump(b, &lb);
    assert_int_equal(la, lb);
    assert_string_equal(da, db);
    assert_non_null(strstr(da, "scene 100.0 x 50.0"));
    assert_non_null(strstr(da, "text doing 10.0 0.0 20.0 10.0 lane=doing fill=#1F2933"));
    assert_non_null(strstr(da, "\"say \\\"hi\\\"\\nthere\""));
    /* rect sorts before text */
    assert_true(strstr(da, "rect card") < strstr(da, "text doing"));
    /* one item per line */
    int lines = 0;
    for (const char *p = da; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 3);
    free(da);
    free(db);
    jmap_scene_free(a);
    jmap_scene_free(b);
}

/* A dash pattern or a hatching is in the dump only when there is one: maps
 * without them dump as before. */
static void test_dump_dash(void **state)
{
    (void)state;
    jmap_scene *s = jmap_scene_new();
    jmap_scene_item *a = jmap_scene_add(s, JMAP_SI_LINE, JMAP_LAYER_NONE, -1, "solid");
    a->x2 = 10;
    jmap_scene_item *b = jmap_scene_add(s, JMAP_SI_LINE, JMAP_LAYER_NONE, -1, "patterned");
    b->x2 = 10;
    b->dash = 3;
    jmap_scene_item *c = jmap_scene_add(s, JMAP_SI_RECT, JMAP_LAYER_NONE, -1, "gap");
    c->hatched = true;
    char *d = jmap_scene_dump(s, NULL);
    assert_non_null(strstr(d, "rect gap 0.0 0.0 0.0 0.0 hatched\n"));
    assert_non_null(strstr(d, "line patterned 0.0 0.0 0.0 0.0 dash=3 to 10.0 0.0\n"));
    assert_non_null(strstr(d, "line solid 0.0 0.0 0.0 0.0 to 10.0 0.0\n"));
    free(d);
    jmap_scene_free(s);
}

static void test_path_point(void **state)
{
    (void)state;
    jmap_scene *s = jmap_scene_new();
    jmap_scene_item *p = jmap_scene_add(s, JMAP_SI_PATH, JMAP_LAYER_NONE, -1, "curve");
    static double pts[] = {0, 0, 1, 0, 2, 0, 3, 3, 4, 3, 5, 3, 6, 6};
    p->pts = pts;
    p->n_pts = 7;
    double x, y;
    jmap_scene_path_point(p, 0, &x, &y);
    assert_true(x == 0 && y == 0);
    jmap_scene_path_point(p, 1, &x, &y);
    assert_true(x == 3 && y == 3);
    jmap_scene_path_point(p, 2, &x, &y);
    assert_true(x == 6 && y == 6);
    char *d = jmap_scene_dump(s, NULL);
    assert_non_null(strstr(d, "pts 0.0,0.0 1.0,0.0"));
    free(d);
    jmap_scene_free(s);
}

static void test_fake_measurer(void **state)
{
    (void)state;
    jmap_measurer m;
    jmap_measure_fake_init(&m);
    jmap_font f = {10, false, false};
    jmap_text_size ts;
    m.text(m.ctx, "abc def", &f, 0, &ts);
    assert_int_equal(ts.lines, 1);
    assert_true(ts.w > 38.4 && ts.w < 38.6); /* 7 chars x 5.5 */
    /* wraps between words: "abc" / "def" at 4 characters */
    m.text(m.ctx, "abc def", &f, 22, &ts);
    assert_int_equal(ts.lines, 2);
    assert_int_equal(ts.last_line_chars, 3);
    /* an over-long word breaks inside, never gets cut */
    m.text(m.ctx, "abcdefghij", &f, 22, &ts);
    assert_int_equal(ts.lines, 3);
    /* a narrow no-break space binds */
    m.text(m.ctx, "ab\u202F?", &f, 16.5, &ts);
    assert_int_equal(ts.lines, 2);
    m.text(m.ctx, "a\nb", &f, 0, &ts);
    assert_int_equal(ts.lines, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_free_null),
        cmocka_unit_test(test_dump_sorted_rounded),
        cmocka_unit_test(test_dump_dash),
        cmocka_unit_test(test_path_point),
        cmocka_unit_test(test_fake_measurer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
