/*
 * test_icons.c — the vector icon set: every icon leaves ink, stays inside its
 * box with its padding, keeps cairo healthy, leaves the caller's state alone,
 * uses no font, and differs from every other icon.  Also writes an icon
 * sheet (every icon at 12, 24 and 48 pt, at 2x) to look at:
 * $JMAP_TEST_TMP/icon-sheet.png, or build/icon-sheet.png when run by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icons.h"
#include "jmap.h"

/* What one drawing call is: any icon of any family, at a box. */
typedef enum { KIND_ICON, KIND_LANE, KIND_FACE, KIND_STAR } kind;

typedef struct item {
    kind k;
    int v;
} item;

static void draw_item(cairo_t *cr, item it, double x, double y, double size, uint32_t rgb)
{
    switch (it.k) {
    case KIND_ICON: jmap_icon_draw(cr, (jmap_icon)it.v, x, y, size, rgb); break;
    case KIND_LANE: jmap_lane_icon_draw(cr, (jmap_lane)it.v, x, y, size, rgb); break;
    case KIND_FACE: jmap_face_draw(cr, it.v, x, y, size, rgb); break;
    case KIND_STAR: jmap_star_draw(cr, x + size / 2, y + size / 2, size / 2, rgb); break;
    }
}

static size_t all_items(item *out)
{
    size_t n = 0;
    for (int i = 0; i < JMAP_ICON_COUNT; i++)
        out[n++] = (item){KIND_ICON, i};
    for (int i = 0; i < JMAP_LANE_COUNT; i++)
        out[n++] = (item){KIND_LANE, i};
    for (int m = -1; m <= 1; m++)
        out[n++] = (item){KIND_FACE, m};
    out[n++] = (item){KIND_STAR, 0};
    return n;
}

#define MAX_ITEMS (JMAP_ICON_COUNT + JMAP_LANE_COUNT + 4)

typedef struct ink {
    double x, y, w, h;
    cairo_status_t status;
} ink;

/* Ink extents come back in whole device units: drawing magnified by Q makes
 * that rounding Q times finer. */
#define Q 16.0

static ink ink_of(item it, double x, double y, double size)
{
    cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *cr = cairo_create(rec);
    cairo_scale(cr, Q, Q);
    draw_item(cr, it, x, y, size, 0x1e3a5f);
    ink r;
    r.status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_recording_surface_ink_extents(rec, &r.x, &r.y, &r.w, &r.h);
    r.x /= Q, r.y /= Q, r.w /= Q, r.h /= Q;
    if (r.status == CAIRO_STATUS_SUCCESS)
        r.status = cairo_surface_status(rec);
    cairo_surface_destroy(rec);
    return r;
}

/* Every icon has ink, all of it inside its box less a padding of 1/12 of the
 * size on each side (the filled star has none: its box is its circle). */
static void test_inside_box(void **state)
{
    (void)state;
    item items[MAX_ITEMS];
    size_t n = all_items(items);
    const double sizes[] = {12, 24, 48, 240};
    for (size_t i = 0; i < n; i++) {
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            double size = sizes[s], x = 10.25, y = 30.5;
            ink r = ink_of(items[i], x, y, size);
            assert_int_equal(r.status, CAIRO_STATUS_SUCCESS);
            if (!(r.w > 0 && r.h > 0))
                fail_msg("item %zu at %g: no ink", i, size);
            double pad = items[i].k == KIND_STAR ? 0 : size / 12;
            double slack = 1 / Q + 1e-9;
            if (r.x < x + pad - slack || r.y < y + pad - slack ||
                r.x + r.w > x + size - pad + slack || r.y + r.h > y + size - pad + slack)
                fail_msg("item %zu at %g: ink %g,%g %gx%g outside box %g,%g (pad %g)", i, size, r.x,
                         r.y, r.w, r.h, x, y, pad);
        }
    }
}

/* Icons fill their box about equally, so they look the same size side by side. */
static void test_similar_size(void **state)
{
    (void)state;
    item items[MAX_ITEMS];
    size_t n = all_items(items);
    for (size_t i = 0; i < n; i++) {
        ink r = ink_of(items[i], 0, 0, 240);
        double big = r.w > r.h ? r.w : r.h;
        if (big < 240 * 0.70)
            fail_msg("item %zu is small: %gx%g of 240", i, r.w, r.h);
    }
}

/* Out-of-range values and degenerate boxes neither crash nor break cairo. */
static void test_degenerate(void **state)
{
    (void)state;
    ink r = ink_of((item){KIND_ICON, JMAP_ICON_COUNT + 3}, 0, 0, 24);
    assert_int_equal(r.status, CAIRO_STATUS_SUCCESS);
    assert_true(r.w > 0); /* falls back to the neutral icon */
    r = ink_of((item){KIND_ICON, -1}, 0, 0, 24);
    assert_int_equal(r.status, CAIRO_STATUS_SUCCESS);
    assert_true(r.w > 0);
    r = ink_of((item){KIND_LANE, JMAP_LANE_COUNT}, 0, 0, 24);
    assert_int_equal(r.status, CAIRO_STATUS_SUCCESS);
    assert_true(r.w == 0 || r.h == 0);
    r = ink_of((item){KIND_FACE, 7}, 0, 0, 24); /* any positive mood is happy */
    assert_int_equal(r.status, CAIRO_STATUS_SUCCESS);
    assert_true(r.w > 0);
    const double bad[] = {0, -5, NAN, INFINITY};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = ink_of((item){KIND_ICON, JMAP_ICON_WEB}, 0, 0, bad[i]);
        assert_int_equal(r.status, CAIRO_STATUS_SUCCESS);
        assert_true(r.w == 0 || r.h == 0);
        r = ink_of((item){KIND_STAR, 0}, 0, 0, bad[i]);
        assert_int_equal(r.status, CAIRO_STATUS_SUCCESS);
        assert_true(r.w == 0 || r.h == 0);
    }
    jmap_icon_draw(NULL, JMAP_ICON_WEB, 0, 0, 12, 0);
    jmap_lane_icon_draw(NULL, JMAP_LANE_KPIS, 0, 0, 12, 0);
    jmap_face_draw(NULL, 1, 0, 0, 12, 0);
    jmap_star_draw(NULL, 0, 0, 12, 0);
}

static bool same_path(const cairo_path_t *a, const cairo_path_t *b)
{
    if (a->status != b->status || a->num_data != b->num_data)
        return false;
    for (int i = 0; i < a->num_data; i += a->data[i].header.length) {
        if (a->data[i].header.type != b->data[i].header.type ||
            a->data[i].header.length != b->data[i].header.length)
            return false;
        for (int j = 1; j < a->data[i].header.length; j++)
            if (a->data[i + j].point.x != b->data[i + j].point.x ||
                a->data[i + j].point.y != b->data[i + j].point.y)
                return false;
    }
    return true;
}

/* A caller mid-drawing finds its source, line style, transform and path untouched. */
static void test_state_kept(void **state)
{
    (void)state;
    item items[MAX_ITEMS];
    size_t n = all_items(items);
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 64, 64);
    cairo_t *cr = cairo_create(surf);
    const double dash[] = {3, 1};
    cairo_translate(cr, 3, 4);
    cairo_scale(cr, 1.5, 0.75);
    cairo_set_source_rgba(cr, 0.1, 0.2, 0.3, 0.4);
    cairo_set_line_width(cr, 7);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_SQUARE);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
    cairo_set_dash(cr, dash, 2, 0.5);
    cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
    cairo_move_to(cr, 1, 2);
    cairo_line_to(cr, 5, 6);
    cairo_curve_to(cr, 7, 8, 9, 10, 11, 12);
    cairo_path_t *before = cairo_copy_path(cr);
    cairo_matrix_t m0;
    cairo_get_matrix(cr, &m0);

    for (size_t i = 0; i < n; i++) {
        draw_item(cr, items[i], 2, 2, 20, 0xff0000);
        assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
        double r, g, b, a;
        assert_int_equal(cairo_pattern_get_rgba(cairo_get_source(cr), &r, &g, &b, &a),
                         CAIRO_STATUS_SUCCESS);
        assert_true(fabs(r - 0.1) < 1e-9 && fabs(g - 0.2) < 1e-9 && fabs(b - 0.3) < 1e-9 &&
                    fabs(a - 0.4) < 1e-9);
        assert_true(cairo_get_line_width(cr) == 7);
        assert_int_equal(cairo_get_line_cap(cr), CAIRO_LINE_CAP_SQUARE);
        assert_int_equal(cairo_get_line_join(cr), CAIRO_LINE_JOIN_MITER);
        assert_int_equal(cairo_get_dash_count(cr), 2);
        assert_int_equal(cairo_get_operator(cr), CAIRO_OPERATOR_SOURCE);
        cairo_matrix_t m;
        cairo_get_matrix(cr, &m);
        assert_memory_equal(&m, &m0, sizeof m);
        cairo_path_t *after = cairo_copy_path(cr);
        assert_true(same_path(before, after));
        cairo_path_destroy(after);
    }
    cairo_path_destroy(before);
    cairo_destroy(cr);
    cairo_surface_destroy(surf);
}

/* Every icon is its own picture: no two render the same pixels. */
static void test_distinct(void **state)
{
    (void)state;
    item items[MAX_ITEMS];
    size_t n = all_items(items);
    const int px = 32;
    unsigned char *img[MAX_ITEMS];
    int stride = cairo_format_stride_for_width(CAIRO_FORMAT_A8, px);
    for (size_t i = 0; i < n; i++) {
        cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, px, px);
        cairo_t *cr = cairo_create(s);
        draw_item(cr, items[i], 0, 0, px, 0);
        cairo_destroy(cr);
        cairo_surface_flush(s);
        img[i] = g_memdup2(cairo_image_surface_get_data(s), (gsize)stride * px);
        cairo_surface_destroy(s);
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            long diff = 0;
            for (int k = 0; k < stride * px; k++)
                diff += abs((int)img[i][k] - (int)img[j][k]);
            if (diff < 255L * 20)
                fail_msg("items %zu and %zu look alike (diff %ld)", i, j, diff);
        }
    for (size_t i = 0; i < n; i++)
        g_free(img[i]);
}

static cairo_status_t to_string(void *closure, const unsigned char *data, unsigned int len)
{
    g_string_append_len(closure, (const char *)data, len);
    return CAIRO_STATUS_SUCCESS;
}

static void draw_all(cairo_t *cr)
{
    item items[MAX_ITEMS];
    size_t n = all_items(items);
    for (size_t i = 0; i < n; i++)
        draw_item(cr, items[i], 4 + 16 * (double)(i % 8), 4 + 16 * (double)(i / 8), 12, 0x334155);
}

/* The icons stay vectors in PDF and SVG, and no font is involved. */
static void test_vector_output(void **state)
{
    (void)state;
    GString *pdf = g_string_new(NULL);
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_string, pdf, 140, 80);
    cairo_t *cr = cairo_create(s);
    draw_all(cr);
    assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    assert_true(pdf->len > 0);
    assert_null(g_strstr_len(pdf->str, (gssize)pdf->len, "/Font"));
    assert_null(g_strstr_len(pdf->str, (gssize)pdf->len, "/Image"));
    g_string_free(pdf, TRUE);

    GString *svg = g_string_new(NULL);
    s = cairo_svg_surface_create_for_stream(to_string, svg, 140, 80);
    cr = cairo_create(s);
    draw_all(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    assert_non_null(strstr(svg->str, "<path"));
    assert_null(strstr(svg->str, "glyph"));
    assert_null(strstr(svg->str, "<image"));
    g_string_free(svg, TRUE);
}

/* The sheet: one cell per item, the item at 12, 24 and 48 pt with its box in
 * light grey; rows of 8, in the order icons, lanes, faces, star. */
static void test_sheet(void **state)
{
    (void)state;
    item items[MAX_ITEMS];
    size_t n = all_items(items);
    const double scale = 2, cell_w = 120, cell_h = 64, margin = 12;
    const int cols = 8;
    int rows = (int)((n + cols - 1) / cols);
    double w = margin * 2 + cols * cell_w, h = margin * 2 + rows * cell_h + cell_h;
    cairo_surface_t *s =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(w * scale), (int)(h * scale));
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, scale, scale);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    const double sizes[] = {12, 24, 48};
    for (size_t i = 0; i < n; i++) {
        double cx = margin + cell_w * (double)(i % cols), cy = margin + cell_h * (double)(i / cols);
        /* a tick per row start and a heavier one per family start, for counting */
        cairo_set_source_rgb(cr, 0.85, 0.87, 0.9);
        cairo_set_line_width(cr, 0.5);
        cairo_rectangle(cr, cx + 0.25, cy + 0.25, cell_w - 0.5, cell_h - 0.5);
        cairo_stroke(cr);
        if (i == 0 || items[i].k != items[i - 1].k) {
            cairo_set_source_rgb(cr, 0.85, 0.2, 0.2);
            cairo_rectangle(cr, cx, cy, 3, cell_h);
            cairo_fill(cr);
        }
        double x = cx + 8;
        for (int k = 0; k < 3; k++) {
            double sz = sizes[k], y = cy + (cell_h - sz) / 2;
            cairo_set_source_rgb(cr, 0.93, 0.94, 0.96);
            cairo_rectangle(cr, x, y, sz, sz);
            cairo_fill(cr);
            draw_item(cr, items[i], x, y, sz, 0x1e3a5f);
            x += sz + 10;
        }
    }
    /* last row: the icons as they sit in cards and on a dark band */
    double y = margin + rows * cell_h + 8;
    cairo_set_source_rgb(cr, 0.118, 0.227, 0.373);
    cairo_rectangle(cr, margin, y + 24, cols * cell_w, 24);
    cairo_fill(cr);
    for (size_t i = 0; i < n; i++) {
        double x = margin + 4 + (double)i * 18;
        draw_item(cr, items[i], x, y + 4, 14, 0x374151);
        draw_item(cr, items[i], x, y + 29, 14, 0xffffff);
    }
    assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
    cairo_destroy(cr);

    const char *tmp = getenv("JMAP_TEST_TMP");
    char *path = g_build_filename(tmp && *tmp ? tmp : "build", "icon-sheet.png", NULL);
    cairo_status_t st = cairo_surface_write_to_png(s, path);
    if (st != CAIRO_STATUS_SUCCESS)
        fail_msg("cannot write %s: %s", path, cairo_status_to_string(st));
    g_free(path);
    cairo_surface_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inside_box),   cmocka_unit_test(test_similar_size),
        cmocka_unit_test(test_degenerate),   cmocka_unit_test(test_state_kept),
        cmocka_unit_test(test_distinct),     cmocka_unit_test(test_vector_output),
        cmocka_unit_test(test_sheet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
