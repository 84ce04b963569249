/*
 * test_png.c — the PNG encoder (src/render/png.c): what cairo drew comes
 * back exactly when cairo decodes the file, whatever the stride, the size
 * or the number of threads; the bytes do not change from one run or one
 * thread count to another; the chunks are the expected ones (header,
 * resolution, data, end) with valid checksums; failures are errors, not
 * crashes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <cairo.h>
#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "jmap.h"
#include "render/backend.h"

/* ------------------------------------------------------------ helpers */

typedef struct reader {
    const unsigned char *p;
    size_t len, pos;
} reader;

static cairo_status_t read_mem(void *closure, unsigned char *data, unsigned int len)
{
    reader *r = closure;
    if (len > r->len - r->pos)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, r->p + r->pos, len);
    r->pos += len;
    return CAIRO_STATUS_SUCCESS;
}

/* cairo's (libpng's) decoding of a PNG in memory. */
static cairo_surface_t *decode(const GByteArray *png)
{
    reader r = {png->data, png->len, 0};
    cairo_surface_t *s = cairo_image_surface_create_from_png_stream(read_mem, &r);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    return s;
}

/* Every pixel of `a` (RGB24) equals that of `b`, padding byte aside. */
static void assert_same_pixels(cairo_surface_t *a, cairo_surface_t *b)
{
    cairo_surface_flush(a);
    cairo_surface_flush(b);
    int w = cairo_image_surface_get_width(a), h = cairo_image_surface_get_height(a);
    assert_int_equal(cairo_image_surface_get_width(b), w);
    assert_int_equal(cairo_image_surface_get_height(b), h);
    const unsigned char *da = cairo_image_surface_get_data(a), *db = cairo_image_surface_get_data(b);
    int sa = cairo_image_surface_get_stride(a), sb = cairo_image_surface_get_stride(b);
    long differ = 0;
    for (int y = 0; y < h; y++) {
        const uint32_t *ra = (const uint32_t *)(const void *)(da + (size_t)y * (size_t)sa);
        const uint32_t *rb = (const uint32_t *)(const void *)(db + (size_t)y * (size_t)sb);
        for (int x = 0; x < w; x++)
            differ += ((ra[x] ^ rb[x]) & 0xFFFFFFu) != 0;
    }
    assert_int_equal(differ, 0);
}

static const char *append(void *closure, const unsigned char *data, size_t len)
{
    g_byte_array_append(closure, data, (guint)len);
    return NULL;
}

static GByteArray *encode(cairo_surface_t *s, double ppi, int threads)
{
    GByteArray *out = g_byte_array_new();
    jmap_arena *a = jmap_arena_new();
    jmap_diags d;
    jmap_diags_init(&d, a);
    bool ok = jmap_png_encode(s, ppi, threads, append, out, &d);
    assert_true(ok);
    assert_int_equal(d.count, 0);
    jmap_diags_free(&d);
    jmap_arena_free(a);
    return out;
}

/* A map-like drawing: flat areas, antialiased shapes and text, a gradient,
 * and a band of noise (every byte value, in every channel). */
static void draw_something(cairo_surface_t *s, uint32_t seed)
{
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_pattern_t *g = cairo_pattern_create_linear(0, 0, w, h);
    cairo_pattern_add_color_stop_rgb(g, 0, 0.9, 0.2, 0.1);
    cairo_pattern_add_color_stop_rgb(g, 1, 0.1, 0.3, 0.95);
    cairo_set_source(cr, g);
    cairo_rectangle(cr, w * 0.1, h * 0.1, w * 0.5, h * 0.3);
    cairo_fill(cr);
    cairo_pattern_destroy(g);
    cairo_set_source_rgba(cr, 0.12, 0.16, 0.2, 0.7);
    cairo_arc(cr, w * 0.6, h * 0.6, fmin(w, h) * 0.3, 0, 2 * M_PI);
    cairo_set_line_width(cr, 3.3);
    cairo_stroke(cr);
    cairo_move_to(cr, 2, h * 0.9);
    cairo_set_font_size(cr, fmax(6, h * 0.1));
    cairo_show_text(cr, "Étape 1 — parcours");
    cairo_destroy(cr);
    cairo_surface_flush(s);
    unsigned char *d = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (int y = h / 2; y < h / 2 + 3 && y < h; y++) {
        uint32_t *row = (uint32_t *)(void *)(d + (size_t)y * (size_t)stride);
        for (int x = 0; x < w; x++) {
            seed = seed * 1664525u + 1013904223u;
            row[x] = seed >> 8; /* 0x00RRGGBB */
        }
    }
    cairo_surface_mark_dirty(s);
}

/* ------------------------------------------------------------ the chunks */

typedef struct chunk {
    char type[5];
    const unsigned char *data;
    uint32_t len;
} chunk;

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The chunks of a PNG, each checksum checked; returns how many. */
static size_t chunks(const GByteArray *png, chunk *out, size_t max)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    assert_true(png->len >= 8);
    assert_memory_equal(png->data, sig, 8);
    size_t pos = 8, n = 0;
    while (pos < png->len) {
        assert_true(png->len - pos >= 12);
        uint32_t len = be32(png->data + pos);
        assert_true(len <= png->len - pos - 12);
        assert_true(n < max);
        memcpy(out[n].type, png->data + pos + 4, 4);
        out[n].type[4] = 0;
        out[n].data = png->data + pos + 8;
        out[n].len = len;
        uLong crc = crc32(0, png->data + pos + 4, len + 4);
        assert_int_equal(crc, be32(png->data + pos + 8 + len));
        pos += 12 + (size_t)len;
        n++;
    }
    return n;
}

/* ------------------------------------------------------------ tests */

static void test_pixels_exact(void **state)
{
    (void)state;
    /* a stride wider than the row, and an odd width */
    int w = 37, h = 23, stride = 37 * 4 + 20;
    unsigned char *buf = calloc((size_t)stride * (size_t)h, 1);
    cairo_surface_t *s = cairo_image_surface_create_for_data(buf, CAIRO_FORMAT_RGB24, w, h, stride);
    draw_something(s, 7);
    GByteArray *png = encode(s, 144, 1);
    cairo_surface_t *back = decode(png);
    assert_int_equal(cairo_image_surface_get_format(back), CAIRO_FORMAT_RGB24);
    assert_same_pixels(s, back);
    cairo_surface_destroy(back);
    g_byte_array_free(png, TRUE);
    cairo_surface_destroy(s);
    free(buf);
}

static void test_one_pixel(void **state)
{
    (void)state;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
    cairo_surface_flush(s);
    *(uint32_t *)(void *)cairo_image_surface_get_data(s) = 0xFF123456u; /* padding byte set */
    cairo_surface_mark_dirty(s);
    GByteArray *png = encode(s, 0, 0);
    cairo_surface_t *back = decode(png);
    assert_same_pixels(s, back);
    cairo_surface_destroy(back);
    g_byte_array_free(png, TRUE);
    cairo_surface_destroy(s);
}

/* Several strips: the same pixels and the same bytes on 1 to 8 threads. */
static void test_threads_same_bytes(void **state)
{
    (void)state;
    /* rows of 2,401 bytes: 436 rows a 1 MiB strip, 4 strips */
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 800, 1500);
    draw_something(s, 99);
    GByteArray *ref = encode(s, 144, 1);
    cairo_surface_t *back = decode(ref);
    assert_same_pixels(s, back);
    cairo_surface_destroy(back);
    for (int t = 0; t <= 8; t++) {
        GByteArray *png = encode(s, 144, t);
        assert_int_equal(png->len, ref->len);
        assert_memory_equal(png->data, ref->data, ref->len);
        g_byte_array_free(png, TRUE);
    }
    /* one IDAT chunk a strip */
    chunk c[32];
    size_t n = chunks(ref, c, 32), idat = 0;
    for (size_t i = 0; i < n; i++)
        idat += strcmp(c[i].type, "IDAT") == 0;
    assert_int_equal(idat, 4);
    g_byte_array_free(ref, TRUE);
    cairo_surface_destroy(s);
}

/* The header, the resolution, the data, the end: nothing else (no time,
 * no text). */
static void test_chunks(void **state)
{
    (void)state;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 300, 200);
    draw_something(s, 3);
    GByteArray *png = encode(s, 144, 0);
    chunk c[16];
    size_t n = chunks(png, c, 16);
    assert_true(n >= 4);
    assert_string_equal(c[0].type, "IHDR");
    assert_int_equal(c[0].len, 13);
    assert_int_equal(be32(c[0].data), 300);
    assert_int_equal(be32(c[0].data + 4), 200);
    assert_int_equal(c[0].data[8], 8);  /* bits a channel */
    assert_int_equal(c[0].data[9], 2);  /* truecolour, no alpha */
    assert_int_equal(c[0].data[12], 0); /* not interlaced */
    assert_string_equal(c[1].type, "pHYs");
    assert_int_equal(c[1].len, 9);
    assert_int_equal(be32(c[1].data), 5669); /* 144 ppi in pixels per metre */
    assert_int_equal(be32(c[1].data + 4), 5669);
    assert_int_equal(c[1].data[8], 1); /* metre */
    for (size_t i = 2; i + 1 < n; i++)
        assert_string_equal(c[i].type, "IDAT");
    assert_string_equal(c[n - 1].type, "IEND");
    assert_int_equal(c[n - 1].len, 0);

    /* the zlib stream of the IDAT chunks inflates to one filter byte (none)
     * and 900 RGB bytes a row, Adler-32 checked */
    GByteArray *z = g_byte_array_new();
    for (size_t i = 2; i + 1 < n; i++)
        g_byte_array_append(z, c[i].data, c[i].len);
    uLongf raw_len = 200 * 901 + 1;
    unsigned char *raw = malloc(raw_len);
    assert_int_equal(uncompress(raw, &raw_len, z->data, z->len), Z_OK);
    assert_int_equal(raw_len, 200 * 901);
    for (int y = 0; y < 200; y++)
        assert_int_equal(raw[(size_t)y * 901], 0);
    free(raw);
    g_byte_array_free(z, TRUE);

    /* the same pixels again: the same bytes */
    GByteArray *again = encode(s, 144, 0);
    assert_int_equal(again->len, png->len);
    assert_memory_equal(again->data, png->data, png->len);
    g_byte_array_free(again, TRUE);
    g_byte_array_free(png, TRUE);

    /* no resolution asked for: no pHYs chunk */
    png = encode(s, 0, 0);
    n = chunks(png, c, 16);
    for (size_t i = 0; i < n; i++)
        assert_string_not_equal(c[i].type, "pHYs");
    g_byte_array_free(png, TRUE);
    cairo_surface_destroy(s);
}

/* jmap_png_write appends, and leaves what was there. */
static void test_write_appends(void **state)
{
    (void)state;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 20, 10);
    draw_something(s, 5);
    GByteArray *out = g_byte_array_new();
    g_byte_array_append(out, (const guint8 *)"abc", 3);
    jmap_arena *a = jmap_arena_new();
    jmap_diags d;
    jmap_diags_init(&d, a);
    assert_true(jmap_png_write(s, 72, out, &d));
    assert_int_equal(d.count, 0);
    assert_memory_equal(out->data, "abc\x89PNG", 7);
    GByteArray *alone = encode(s, 72, 0);
    assert_int_equal(out->len, 3 + alone->len);
    assert_memory_equal(out->data + 3, alone->data, alone->len);
    g_byte_array_free(alone, TRUE);
    g_byte_array_free(out, TRUE);
    jmap_diags_free(&d);
    jmap_arena_free(a);
    cairo_surface_destroy(s);
}

/* A writer that refuses after `left` bytes. */
typedef struct limited {
    size_t left;
} limited;

static const char *write_limited(void *closure, const unsigned char *data, size_t len)
{
    (void)data;
    limited *l = closure;
    if (len > l->left)
        return "disk full";
    l->left -= len;
    return NULL;
}

static void test_failures_are_errors(void **state)
{
    (void)state;
    jmap_arena *a = jmap_arena_new();
    jmap_diags d;
    jmap_diags_init(&d, a);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 64, 64);
    draw_something(s, 11);
    /* the writer fails in the signature, in the header, in the data */
    size_t limits[] = {0, 20, 60, 200};
    for (size_t i = 0; i < sizeof limits / sizeof *limits; i++) {
        limited l = {limits[i]};
        size_t before = d.errors;
        assert_false(jmap_png_encode(s, 144, 2, write_limited, &l, &d));
        assert_int_equal(d.errors, before + 1);
        assert_non_null(strstr(d.items[d.count - 1].message, "cannot encode the PNG: disk full"));
    }
    cairo_surface_destroy(s);

    /* not an RGB24 image: refused, `out` untouched */
    cairo_surface_t *argb = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 8, 8);
    GByteArray *out = g_byte_array_new();
    assert_false(jmap_png_write(argb, 144, out, &d));
    assert_int_equal(out->len, 0);
    assert_non_null(strstr(d.items[d.count - 1].message, "not an RGB image"));
    cairo_surface_destroy(argb);
    /* a surface in error */
    cairo_surface_t *bad = cairo_image_surface_create(CAIRO_FORMAT_RGB24, -1, 5);
    assert_false(jmap_png_write(bad, 144, out, &d));
    assert_int_equal(out->len, 0);
    cairo_surface_destroy(bad);
    /* an empty image */
    cairo_surface_t *empty = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 0, 0);
    assert_false(jmap_png_write(empty, 144, out, &d));
    assert_int_equal(out->len, 0);
    cairo_surface_destroy(empty);
    g_byte_array_free(out, TRUE);
    jmap_diags_free(&d);
    jmap_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pixels_exact),
        cmocka_unit_test(test_one_pixel),
        cmocka_unit_test(test_threads_same_bytes),
        cmocka_unit_test(test_chunks),
        cmocka_unit_test(test_write_appends),
        cmocka_unit_test(test_failures_are_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
